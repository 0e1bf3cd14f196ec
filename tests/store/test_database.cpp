// Database: PG_DSN or the embedded cluster, migrated on open; errors say what to do and hide passwords.
#include "store/database.h"
#include "store/migrator.h"
#include "test_database.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <sys/stat.h>
#include <unistd.h>

using eos::Config;
using eos::Database;
using eos::test::TestDatabase;

namespace {

Config config(QHash<QString, QString> env)
{
    Config::LoadOptions o;
    o.mode = Config::Mode::Daemon;
    o.useProcessEnvironment = false;
    env.insert(QStringLiteral("HOME"), QStringLiteral("/nonexistent"));
    o.environment = env;
    QString err;
    auto c = Config::load(o, &err);
    if (!c) qFatal("config: %s", qPrintable(err));
    return *c;
}

qint64 postmasterPid(const QString &dataDir)
{
    QFile f(dataDir + QStringLiteral("/pgdata/postmaster.pid"));
    if (!f.open(QIODevice::ReadOnly)) return 0;
    return f.readLine().trimmed().toLongLong();
}

}  // namespace

class TestDatabaseClass : public QObject {
    Q_OBJECT

    // one embedded data directory for both embedded tests (initdb once)
    QTemporaryDir m_tmp{QStringLiteral("/tmp/eos-XXXXXX")};

private Q_SLOTS:
    void dataDirDefaults()
    {
        QCOMPARE(Database::dataDir(config({{QStringLiteral("EOS_DATA_DIR"), QStringLiteral("/srv/eos/")}})), QStringLiteral("/srv/eos"));
        const QString rel = Database::dataDir(config({{QStringLiteral("EOS_DATA_DIR"), QStringLiteral("rel/dir")}}));
        QCOMPARE(rel, QDir::current().absoluteFilePath(QStringLiteral("rel/dir")));
        const QString def = Database::dataDir(config({}));
        if (::geteuid() == 0) QCOMPARE(def, QStringLiteral("/var/lib/eos"));
        else QVERIFY2(def.endsWith(QStringLiteral("/eos")), qPrintable(def));
    }

    void externalDsnIsMigrated()
    {
        const auto tcp = TestDatabase::serverTcp();
        if (tcp.port == 0) QSKIP("the test cluster has no TCP port (run through ctest)");
        const auto db = TestDatabase::create(QStringLiteral("dbclass_ext"));
        Database d;
        QString err;
        QVERIFY2(d.open(config({{QStringLiteral("PG_DSN"),
                                 QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(tcp.user).arg(tcp.port).arg(db.database)}}),
                        &err),
                 qPrintable(err));
        QVERIFY(!d.isEmbedded());
        QVERIFY(d.cluster() == nullptr);
        QCOMPARE(d.schemaVersion(), eos::Migrator().latestVersion());
        QCOMPARE(d.connectionInfo().database, db.database);
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT max(version) FROM schema_migrations")),
                 QString::number(eos::Migrator().latestVersion()));
        d.close();
        TestDatabase::drop(db);
    }

    void badDsnIsExplained()
    {
        Database d;
        QString err;
        QVERIFY(!d.open(config({{QStringLiteral("PG_DSN"), QStringLiteral("not a dsn")}}), &err));
        QVERIFY2(err.contains(QStringLiteral("PG_DSN")), qPrintable(err));
    }

    void unreachableDsnHidesThePassword()
    {
        QTcpServer s;
        s.listen(QHostAddress::LocalHost, 0);
        const int port = s.serverPort();
        s.close();
        Database d;
        QString err;
        QVERIFY(!d.open(config({{QStringLiteral("PG_DSN"), QStringLiteral("postgresql://eos:Db-Pw-77x1@127.0.0.1:%1/wazuh").arg(port)}}), &err));
        QVERIFY2(err.contains(QString::number(port)), qPrintable(err));
        QVERIFY2(!err.contains(QStringLiteral("Db-Pw-77x1")), qPrintable(err));
    }

    void embeddedDefault()
    {
        QTemporaryDir &tmp = m_tmp;
        ::chmod(QFile::encodeName(tmp.path()).constData(), 0755);
        Database d;
        QString err;
        QVERIFY2(d.open(config({{QStringLiteral("EOS_DATA_DIR"), tmp.path()}}), &err), qPrintable(err));
        QVERIFY(d.isEmbedded());
        QVERIFY(d.cluster() && d.cluster()->ownsServer());
        QVERIFY(d.connectionInfo().embedded);
        QCOMPARE(d.connectionInfo().database, QStringLiteral("eos"));
        QCOMPARE(TestDatabase::scalar(d.connectionInfo(), QStringLiteral("SELECT count(*) > 0 FROM schema_migrations")), QStringLiteral("true"));
        QVERIFY(postmasterPid(tmp.path()) > 0);
        d.close();
        QVERIFY(!d.isEmbedded());
        QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("pgdata/postmaster.pid"))));
    }

    void embeddedWithANewerSchemaIsRefusedAndStopped()
    {
        QTemporaryDir &tmp = m_tmp;
        ::chmod(QFile::encodeName(tmp.path()).constData(), 0755);
        const auto cfg = config({{QStringLiteral("EOS_DATA_DIR"), tmp.path()}});
        eos::DbConnectionInfo info;
        {
            Database d;
            QString err;
            QVERIFY2(d.open(cfg, &err), qPrintable(err));
            info = d.connectionInfo();
            QVERIFY(TestDatabase::exec(info, QStringLiteral("INSERT INTO schema_migrations(version, name) VALUES (9999, 'future')")));
        }
        QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("pgdata/postmaster.pid"))));  // the destructor stopped it
        Database d;
        QString err;
        QVERIFY(!d.open(cfg, &err));
        QVERIFY2(err.contains(QStringLiteral("9999")), qPrintable(err));
        QVERIFY(!d.isEmbedded());
        QVERIFY2(!QFileInfo::exists(tmp.filePath(QStringLiteral("pgdata/postmaster.pid"))), "a failed open must not leave the cluster running");
    }
};

QTEST_GUILESS_MAIN(TestDatabaseClass)
#include "test_database.moc"
