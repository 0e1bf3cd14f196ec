// StatusReporter: an instance's row in daemon_status (identity, stages, listener, spool, figures with
// rates since the last report, its last errors, redacted), refreshed in place, and removed on a clean
// stop; rates computed from counter deltas.
#include "core/logging.h"
#include "core/metrics.h"
#include "core/rejection_log.h"
#include "stages/status_reporter.h"
#include "test_database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using eos::Metrics;
using eos::StatusReporter;
using eos::test::TestDatabase;

class TestStatusReporter : public QObject {
    Q_OBJECT
    eos::DbConnectionInfo m_db;

private Q_SLOTS:
    void initTestCase()
    {
        m_db = TestDatabase::create("status_reporter");
        QVERIFY(TestDatabase::migrate(m_db));
    }

    void figuresAndRates()
    {
        StatusReporter::Sample before, after;
        before.atMs = 1000;
        before.counters = {{"ingest.ingested", 100}, {"stage.enrich.processed", 10}, {"stage.enrich.backlog", 7}};
        after.atMs = 3000;
        after.counters = {{"ingest.ingested", 300}, {"stage.enrich.processed", 50}, {"stage.enrich.backlog", 2}};
        const QJsonObject f = StatusReporter::figures(after, before, {"enrich", "llm"});
        QCOMPARE(f.value("ingest").toObject().value("rate").toDouble(), 100.0);
        QCOMPARE(f.value("ingest").toObject().value("ingested").toInteger(), 300);
        const QJsonObject enrich = f.value("stages").toObject().value("enrich").toObject();
        QCOMPARE(enrich.value("rate").toDouble(), 20.0);
        QCOMPARE(enrich.value("backlog").toInteger(), 2);
        QVERIFY(!f.value("stages").toObject().contains("llm"));  // no figures yet: not shown as zero
        // a counter reset (restart between samples) never gives a negative rate
        QCOMPARE(StatusReporter::figures(before, after, {"enrich"}).value("ingest").toObject().value("rate").toDouble(), 0.0);
    }

    void reportsAndRemovesItself()
    {
        eos::Logging::addSecrets({QStringLiteral("hunter2-secret")});
        eos::Logging::get("test")->error("could not reach https://user:hunter2-secret@example.com");
        Metrics::instance().stage(QStringLiteral("enrich")).processed += 5;
        Metrics::instance().spoolDepth = 42;
        auto id = StatusReporter::thisProcess({"ingest", "enrich"}, QStringLiteral("127.0.0.1:9000"));
        QVERIFY(id.instance.contains(QString::number(QCoreApplication::applicationPid())));
        QCOMPARE(id.mode, QStringLiteral("daemon"));  // a QCoreApplication
        StatusReporter reporter(m_db, id, 60);
        QVERIFY(reporter.reportNow());
        QCOMPARE(TestDatabase::scalar(m_db, "SELECT count(*) FROM daemon_status"), QStringLiteral("1"));
        QCOMPARE(TestDatabase::scalar(m_db, "SELECT array_to_string(stages, ',') || ' ' || listener || ' ' || spool_depth FROM daemon_status"),
                 QStringLiteral("ingest,enrich 127.0.0.1:9000 42"));
        const QJsonArray errors = QJsonDocument::fromJson(TestDatabase::scalar(m_db, "SELECT last_errors::text FROM daemon_status").toUtf8()).array();
        QVERIFY(!errors.isEmpty());
        const QString last = errors.last().toObject().value("text").toString();
        QVERIFY2(last.startsWith(QStringLiteral("test: could not reach")), qPrintable(last));
        QVERIFY2(!last.contains(QStringLiteral("hunter2-secret")), qPrintable(last));
        const QString first = TestDatabase::scalar(m_db, "SELECT updated_at::text FROM daemon_status");

        // the listener's refused requests ride along (this instance runs ingest), for the console's status bar
        eos::RejectionLog::instance().record(QStringLiteral("auth"), 401, QStringLiteral("198.51.100.23"));
        Metrics::instance().stage(QStringLiteral("enrich")).processed += 5;
        QTRY_VERIFY_WITH_TIMEOUT(TestDatabase::scalar(m_db, "SELECT now()::text") > first, 5000);
        QVERIFY(reporter.reportNow());
        QCOMPARE(TestDatabase::scalar(m_db, "SELECT figures->'listener'->'last_minute'->>'auth' FROM daemon_status"), QStringLiteral("1"));
        QCOMPARE(TestDatabase::scalar(m_db, "SELECT figures->'listener'->'recent'->0->>'peer' FROM daemon_status"), QStringLiteral("198.51.100.23"));
        QCOMPARE(TestDatabase::scalar(m_db, "SELECT figures->'listener'->>'tls' FROM daemon_status"), QStringLiteral("false"));
        QCOMPARE(TestDatabase::scalar(m_db, "SELECT count(*) FROM daemon_status"), QStringLiteral("1"));  // in place
        QVERIFY(TestDatabase::scalar(m_db, "SELECT updated_at::text FROM daemon_status") > first);
        QVERIFY2(TestDatabase::scalar(m_db, "SELECT (figures->'stages'->'enrich'->>'rate')::float8 > 0 FROM daemon_status").startsWith(u't'),
                 qPrintable(TestDatabase::scalar(m_db, "SELECT figures::text FROM daemon_status")));

        reporter.removeSelf();
        QCOMPARE(TestDatabase::scalar(m_db, "SELECT count(*) FROM daemon_status"), QStringLiteral("0"));
    }

    void failingDatabaseIsReportedNotFatal()
    {
        eos::DbConnectionInfo nowhere = m_db;
        nowhere.host = QStringLiteral("127.0.0.1");
        nowhere.port = 1;  // nothing listens there
        StatusReporter reporter(nowhere, StatusReporter::thisProcess({}, {}), 60);
        QVERIFY(!reporter.reportNow());
        QVERIFY(!reporter.reportNow());
    }
};

QTEST_GUILESS_MAIN(TestStatusReporter)
#include "test_status_reporter.moc"
