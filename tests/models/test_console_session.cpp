// ConsoleSession: the facade the UI uses. The console opens with its embedded pipeline, without it
// (EOS_PIPELINE=off), and also when the pipeline cannot start (the listener port is taken).
#include "console_session.h"
#include "test_database.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using eos::Config;
using eos::ConsoleSession;
using eos::test::TestDatabase;

class TestConsoleSession : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    Config config(const eos::DbConnectionInfo &db, int listenPort, const QString &pipeline = QStringLiteral("on"))
    {
        Config::LoadOptions o;
        o.mode = Config::Mode::Gui;
        o.useProcessEnvironment = false;
        o.environment = {{"HOME", "/nonexistent"}};
        QString err;
        Config c = *Config::load(o, &err);
        c.set(QStringLiteral("PG_DSN"), db.toUri());
        c.set(QStringLiteral("WEBHOOK_AUTH_TOKEN"), QStringLiteral("console-session-token"));
        c.set(QStringLiteral("LISTEN_PORT"), QString::number(listenPort));
        c.set(QStringLiteral("EOS_DATA_DIR"), m_dir.path());
        c.set(QStringLiteral("EOS_PIPELINE"), pipeline);
        return c;
    }

private Q_SLOTS:
    void opensWithItsPipeline()
    {
        const auto db = TestDatabase::create(QStringLiteral("session_pipeline"));
        ConsoleSession s(config(db, 0));
        QString err;
        QVERIFY2(s.open(&err), qPrintable(err));
        QVERIFY(s.pipelineEnabled());
        QVERIFY(s.pipelineRunning());
        QVERIFY(s.pipelineError().isEmpty());
        QVERIFY(!s.isEmbeddedDatabase());
        QVERIFY(s.databaseDescription().contains(db.database));
        QVERIFY(s.schemaVersion() >= 2);
        s.close();
        TestDatabase::drop(db);
    }

    void pureConsoleWithoutPipeline()
    {
        const auto db = TestDatabase::create(QStringLiteral("session_off"));
        ConsoleSession s(config(db, 0, QStringLiteral("off")));
        QString err;
        QVERIFY2(s.open(&err), qPrintable(err));
        QVERIFY(!s.pipelineEnabled());
        QVERIFY(!s.pipelineRunning());
        s.close();
        TestDatabase::drop(db);
    }

    void opensEvenWhenTheListenerPortIsTaken()
    {
        QTcpServer holder;  // e.g. a daemon on this host already listens there
        QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
        const auto db = TestDatabase::create(QStringLiteral("session_busy"));
        ConsoleSession s(config(db, holder.serverPort()));
        QString err;
        QVERIFY2(s.open(&err), qPrintable(err));  // the console still opens
        QVERIFY(s.pipelineEnabled());
        QVERIFY(!s.pipelineRunning());
        QVERIFY2(s.pipelineError().contains(QStringLiteral("listener")), qPrintable(s.pipelineError()));
        s.close();
        TestDatabase::drop(db);
    }

    void refusesAnUnreachableDatabase()
    {
        eos::DbConnectionInfo nowhere;
        nowhere.host = QStringLiteral("127.0.0.1");
        nowhere.port = 1;
        nowhere.user = QStringLiteral("eos");
        ConsoleSession s(config(nowhere, 0));
        QString err;
        QVERIFY(!s.open(&err));
        QVERIFY2(err.contains(QStringLiteral("cannot connect")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestConsoleSession)
#include "test_console_session.moc"
