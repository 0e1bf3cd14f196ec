// `eos-console status`: what it reads from the database (backlog per stage from alert states, the
// outbox's waiting rows, every instance's row, the latest failed alerts), the stale rule, the text it
// prints, and the command as an operator runs it against a database a running daemon reports into.
#include "status_command.h"
#include "test_database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QUuid>
#include <QtTest>

using eos::StatusCommand;
using eos::test::TestDatabase;

class TestStatusCommand : public QObject {
    Q_OBJECT
    eos::DbConnectionInfo m_db;
    QString m_dsn;
    QTemporaryDir m_tmp;

    QJsonObject collect()
    {
        const QString conn = QUuid::createUuid().toString();
        QJsonObject st;
        {
            QString error;
            QSqlDatabase db = m_db.open(conn, &error);
            st = StatusCommand::collect(db, &error);
            if (st.isEmpty()) qWarning("%s", qPrintable(error));
        }
        QSqlDatabase::removeDatabase(conn);
        return st;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto tcp = TestDatabase::serverTcp();
        if (tcp.port == 0) QSKIP("the test cluster has no TCP port (run through ctest)");
        m_db = TestDatabase::create("status_command");
        QVERIFY(TestDatabase::migrate(m_db));
        m_dsn = QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(tcp.user).arg(tcp.port).arg(m_db.database);
        QVERIFY(TestDatabase::exec(m_db,
            "INSERT INTO alerts(alert_hash, rule_level, raw, state) SELECT 'h' || g, 5, '{}', 'new' FROM generate_series(1, 7) g;"
            "INSERT INTO alerts(alert_hash, rule_level, raw, state) SELECT 'e' || g, 5, '{}', 'agent_enriched' FROM generate_series(1, 3) g;"
            "INSERT INTO alerts(alert_hash, rule_level, raw, state, failed_stage, stage_error) "
            "  VALUES ('f1', 5, '{}', 'failed', 'llm', 'LLM 401 Unauthorized');"
            "INSERT INTO daemon_status(instance, host, pid, version, mode, started_at, updated_at, interval_s, stages, listener, "
            "  spool_depth, figures, last_errors) VALUES "
            "  ('a:1:1', 'ingest-01', 1, '0.1.0', 'daemon', now() - interval '2 hours', now(), 10, '{ingest,enrich}', '0.0.0.0:9000', 12, "
            "   '{\"ingest\":{\"rate\":250.4,\"ingested\":1000},\"stages\":{\"enrich\":{\"rate\":240,\"processed\":900,\"failed\":0,\"retried\":1}}}',"
            "   '[{\"at\":\"2026-12-01T05:00:00Z\",\"text\":\"store: connection lost\"}]'),"
            "  ('b:2:2', 'worker-02', 2, '0.1.0', 'daemon', now() - interval '1 day', now() - interval '5 minutes', 10, '{llm}', "
            "   'not run here (EOS_PIPELINE_STAGES)', 0, '{}', '[]')"));
    }

    void collectsEverything()
    {
        const QJsonObject st = collect();
        QVERIFY(!st.isEmpty());
        QCOMPARE(st.value("backlog").toObject().value("enrich").toInteger(), 7);
        QCOMPARE(st.value("backlog").toObject().value("llm").toInteger(), 3);
        QCOMPARE(st.value("alerts_by_state").toObject().value("failed").toInteger(), 1);
        QCOMPARE(st.value("latest_failed").toArray().at(0).toObject().value("error").toString(), QStringLiteral("LLM 401 Unauthorized"));
        const QJsonArray instances = st.value("instances").toArray();
        QCOMPARE(instances.size(), 2);
        QCOMPARE(instances.at(0).toObject().value("host").toString(), QStringLiteral("ingest-01"));
        QVERIFY(!instances.at(0).toObject().value("stale").toBool());
        QVERIFY(instances.at(1).toObject().value("stale").toBool());  // 5 min without a report at a 10 s interval

        const QString text = StatusCommand::format(st);
        QVERIFY2(text.contains(QStringLiteral("enrich 7")) && text.contains(QStringLiteral("llm 3")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("250/s")) && text.contains(QStringLiteral("store: connection lost")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("STALE")) && text.contains(QStringLiteral("#")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("spool     12 alert(s)")), qPrintable(text));
    }

    // a daemon reports into the database; status run elsewhere sees it; a clean stop removes it
    void commandLineSeesARunningDaemon()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        const int port = probe.serverPort();
        probe.close();
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        env.insert(QStringLiteral("HOME"), m_tmp.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_tmp.filePath(QStringLiteral("cfg")));
        env.insert(QStringLiteral("EOS_DATA_DIR"), m_tmp.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("PG_DSN"), m_dsn);
        env.insert(QStringLiteral("WEBHOOK_AUTH_TOKEN"), QStringLiteral("tok-123456"));
        env.insert(QStringLiteral("LISTEN_PORT"), QString::number(port));
        env.insert(QStringLiteral("EOS_STATUS_INTERVAL_S"), QStringLiteral("1"));
        QProcess daemon;
        daemon.setProcessEnvironment(env);
        daemon.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        daemon.start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("--daemon")});
        QVERIFY(daemon.waitForStarted(10000));
        const QString pid = QString::number(daemon.processId());
        QTRY_VERIFY_WITH_TIMEOUT(TestDatabase::scalar(m_db, QStringLiteral("SELECT count(*) FROM daemon_status WHERE pid = %1").arg(pid)) == u"1", 30000);

        QProcess status;
        status.setProcessEnvironment(env);
        status.start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("status"), QStringLiteral("--json")});
        QVERIFY(status.waitForFinished(30000));
        const QJsonObject st = QJsonDocument::fromJson(status.readAllStandardOutput()).object();
        QCOMPARE(status.exitCode(), 1);  // the stale instance and the failed alert want attention
        bool found = false;
        for (const QJsonValue &v : st.value("instances").toArray()) {
            const QJsonObject i = v.toObject();
            if (i.value("pid").toInteger() != daemon.processId()) continue;
            found = true;
            QCOMPARE(i.value("listener").toString(), QStringLiteral("127.0.0.1:%1").arg(port));
            QVERIFY(i.value("stages").toArray().contains(QStringLiteral("ingest")));
            QVERIFY(!i.value("stale").toBool());
        }
        QVERIFY2(found, qPrintable(QJsonDocument(st).toJson()));

        daemon.terminate();
        QVERIFY(daemon.waitForFinished(30000));
        QCOMPARE(TestDatabase::scalar(m_db, QStringLiteral("SELECT count(*) FROM daemon_status WHERE pid = %1").arg(pid)), QStringLiteral("0"));
    }

    void noDatabase()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        env.insert(QStringLiteral("HOME"), m_tmp.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_tmp.filePath(QStringLiteral("cfg")));
        env.insert(QStringLiteral("EOS_DATA_DIR"), m_tmp.filePath(QStringLiteral("nodata")));
        QProcess status;
        status.setProcessEnvironment(env);
        status.start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("status")});
        QVERIFY(status.waitForFinished(30000));
        QCOMPARE(status.exitCode(), 3);
        QVERIFY2(status.readAllStandardError().contains("not running"), "says the embedded cluster is not running");
        QVERIFY(!QFileInfo::exists(m_tmp.filePath(QStringLiteral("nodata/pgdata"))));
    }
};

QTEST_GUILESS_MAIN(TestStatusCommand)
#include "test_status_command.moc"
