#include "test_database.h"

#include "store/embedded_cluster.h"
#include "store/migrator.h"

#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUuid>
#include <QVariant>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include <sys/stat.h>
#include <unistd.h>

namespace eos::test {
namespace {

struct Private {
    std::unique_ptr<QTemporaryDir> tmp;
    std::unique_ptr<EmbeddedCluster> cluster;
    QString dir;
    int tcpPort = 0;
};

Private &priv()
{
    static Private p;
    if (!p.dir.isEmpty()) return p;
    p.dir = qEnvironmentVariable("EOS_TEST_CLUSTER_DIR");
    if (!p.dir.isEmpty() && QFile::exists(p.dir + QStringLiteral("/pgdata/PG_VERSION"))) {
        QFile f(p.dir + QStringLiteral("/port"));
        if (f.open(QIODevice::ReadOnly)) p.tcpPort = f.readAll().toInt();
        return p;
    }
    // running alone: a private cluster for this process (short path: unix socket length limit)
    p.tmp = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/eos-t-XXXXXX"));
    ::chmod(QFile::encodeName(p.tmp->path()).constData(), 0755);
    p.dir = p.tmp->path();
    EmbeddedCluster::Options o;
    o.dataDir = p.dir;
    o.throwaway = true;
    o.databaseName = QStringLiteral("postgres");
    p.cluster = std::make_unique<EmbeddedCluster>(o);
    QString err;
    if (!p.cluster->start(&err)) {
        std::fprintf(stderr, "TestDatabase: cannot start a throwaway cluster: %s\n", qPrintable(err));
        std::abort();
    }
    std::atexit([] { priv().cluster.reset(); });
    return p;
}

}  // namespace

DbConnectionInfo TestDatabase::server()
{
    auto &p = priv();
    DbConnectionInfo info;
    info.host = p.dir + QStringLiteral("/pgdata");
    info.port = p.tcpPort ? p.tcpPort : 5432;
    info.user = QStringLiteral("eos");
    info.database = QStringLiteral("postgres");
    return info;
}

DbConnectionInfo TestDatabase::serverTcp()
{
    DbConnectionInfo info = server();
    if (priv().tcpPort == 0) {
        info.port = 0;
        return info;
    }
    info.host = QStringLiteral("127.0.0.1");
    return info;
}

bool TestDatabase::exec(const DbConnectionInfo &db, const QString &sql, QString *error)
{
    const QString conn = QStringLiteral("test-exec-") + QUuid::createUuid().toString(QUuid::Id128);
    bool ok = false;
    {
        QString err;
        QSqlDatabase d = db.open(conn, &err);
        if (d.isOpen()) {
            QSqlQuery q(d);
            // QPSQL reports only the first statement's outcome: walk every result to see later errors
            ok = q.exec(sql);
            while (ok && q.nextResult()) {}
            ok = ok && !q.lastError().isValid();
            if (!ok) err = q.lastError().text();
        }
        if (!ok) {
            if (error) *error = err;
            else std::fprintf(stderr, "TestDatabase::exec failed: %s\nSQL: %s\n", qPrintable(err), qPrintable(sql.left(500)));
        }
    }
    QSqlDatabase::removeDatabase(conn);
    return ok;
}

QString TestDatabase::scalar(const DbConnectionInfo &db, const QString &sql)
{
    const QString conn = QStringLiteral("test-scalar-") + QUuid::createUuid().toString(QUuid::Id128);
    QString out;
    {
        QString err;
        QSqlDatabase d = db.open(conn, &err);
        QSqlQuery q(d);
        if (d.isOpen() && q.exec(sql) && q.next()) out = q.value(0).toString();
        else std::fprintf(stderr, "TestDatabase::scalar failed: %s %s\n", qPrintable(err), qPrintable(q.lastError().text()));
    }
    QSqlDatabase::removeDatabase(conn);
    return out;
}

DbConnectionInfo TestDatabase::create(const QString &hint)
{
    QString name = hint.toLower();
    for (auto &c : name)
        if (!c.isLetterOrNumber()) c = u'_';
    name = QStringLiteral("t_%1_%2").arg(name.left(30), QUuid::createUuid().toString(QUuid::Id128).left(8));
    if (!exec(server(), QStringLiteral("CREATE DATABASE \"%1\"").arg(name))) std::abort();
    return server().withDatabase(name);
}

bool TestDatabase::migrate(const DbConnectionInfo &db, QString *error)
{
    const QString conn = QStringLiteral("test-migrate-") + QUuid::createUuid().toString(QUuid::Id128);
    bool ok = false;
    {
        QString err;
        QSqlDatabase d = db.open(conn, &err);
        if (d.isOpen()) {
            const auto r = Migrator().migrate(d);
            ok = r.ok;
            err = r.error;
        }
        if (!ok) {
            if (error) *error = err;
            std::fprintf(stderr, "TestDatabase::migrate failed: %s\n", qPrintable(err));
        }
    }
    QSqlDatabase::removeDatabase(conn);
    return ok;
}

void TestDatabase::drop(const DbConnectionInfo &db)
{
    exec(server(), QStringLiteral("DROP DATABASE IF EXISTS \"%1\" WITH (FORCE)").arg(db.database));
}

}  // namespace eos::test
