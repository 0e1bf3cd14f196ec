// StageRunner against real PostgreSQL with a scripted stage: claims with leases and no transaction open
// while the stage works, the move to the next state with its NOTIFY, retries with backoff (and
// Retry-After) until `failed` with the reason and an audit row, expired leases taken over (and the late
// runner writing nothing), leases given back on stop, two runners sharing 5,000 alerts with each alert
// done exactly once, the backlog figure; a side stage (claims by its own condition and lease table, never
// changes the state, no retries of its own) beside a pipeline stage holding the same alerts.
#include "core/metrics.h"
#include "core/worker_thread.h"
#include "stages/stage.h"
#include "stages/stage_runner.h"
#include "test_connection.h"
#include "test_database.h"

#include <QMutex>
#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <memory>

using eos::ClaimedAlert;
using eos::DbConnectionInfo;
using eos::Stage;
using eos::StageOutcome;
using eos::StageRunner;
using eos::test::TestDatabase;
using Conn = eos::test::TestConnection;

namespace {

// What a scripted stage saw, shared with the test (runners may live on other threads).
struct Journal {
    QMutex mutex;
    QList<qint64> processed;        // every alert id handed to process(), in order
    std::atomic<int> batches{0};
    std::atomic<int> openTransactionsSeen{0};  // runner connections 'idle in transaction' while working
};

class ScriptedStage : public Stage {
public:
    enum class Mode { Done, Retry, RetryAfter, Hang, Fail };
    ScriptedStage(std::shared_ptr<Journal> j, Mode mode, QString name = QStringLiteral("scripted"))
        : m_journal(std::move(j)), m_mode(mode), m_name(std::move(name)) {}
    QString name() const override { return m_name; }
    QString inputState() const override { return QStringLiteral("new"); }
    QString outputState() const override { return QStringLiteral("agent_enriched"); }
    QString wakeChannel() const override { return QStringLiteral("new_alert"); }
    QString doneChannel() const override { return QStringLiteral("agent_enriched"); }
    QString doneSql() const override { return QStringLiteral("enriched_at = now()"); }
    void start(StageRunner *runner) override { m_runner = runner; }
    void process(const std::vector<ClaimedAlert> &batch, Done done) override
    {
        {
            QMutexLocker lock(&m_journal->mutex);
            for (const auto &a : batch) m_journal->processed << a.id;
        }
        ++m_journal->batches;
        // while the stage works, no transaction of this runner may be open
        QSqlQuery q(m_runner->database());
        if (q.exec(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                  "AND state LIKE 'idle in transaction%'")) && q.next())
            m_journal->openTransactionsSeen += q.value(0).toInt();
        switch (m_mode) {
        case Mode::Done: done(std::vector<StageOutcome>(batch.size(), StageOutcome::done())); break;
        case Mode::Retry: done(std::vector<StageOutcome>(batch.size(), StageOutcome::retry(QStringLiteral("remote said 503")))); break;
        case Mode::RetryAfter:
            done(std::vector<StageOutcome>(batch.size(), StageOutcome::retry(QStringLiteral("429"), 3000)));
            break;
        case Mode::Fail: done(std::vector<StageOutcome>(batch.size(), StageOutcome::fail(QStringLiteral("bad input")))); break;
        case Mode::Hang: m_hung.push_back(std::move(done)); m_hungSizes.push_back(batch.size()); break;
        }
    }
    // completes the hung batches now (as a slow remote finally answering)
    void finishHung()
    {
        for (size_t i = 0; i < m_hung.size(); ++i) m_hung[i](std::vector<StageOutcome>(m_hungSizes[i], StageOutcome::done()));
        m_hung.clear();
        m_hungSizes.clear();
    }

private:
    std::shared_ptr<Journal> m_journal;
    Mode m_mode;
    QString m_name;
    StageRunner *m_runner = nullptr;
    std::vector<Done> m_hung;
    std::vector<size_t> m_hungSizes;
};


// A stage with results of its own (as the LLM stage's): each alert gets values of every kind the stages
// store — text with quotes, backslashes, commas, braces and non-ASCII, numbers, times, booleans, JSON and
// NULLs. typed: doneTypes() given (one statement per batch) or not (one UPDATE per alert); both must store
// the same.
class ValuedStage : public Stage {
public:
    explicit ValuedStage(bool typed) : m_typed(typed) {}
    QString name() const override { return QStringLiteral("valued"); }
    QString inputState() const override { return QStringLiteral("new"); }
    QString outputState() const override { return QStringLiteral("agent_enriched"); }
    QString wakeChannel() const override { return QStringLiteral("new_alert"); }
    QString doneChannel() const override { return QStringLiteral("agent_enriched"); }
    QString doneSql() const override
    {
        return QStringLiteral("llm_summary = ?, llm_latency_ms = ?, prompt_sent_at = ?, llm_valid = ?, llm_answer = ?::jsonb, "
                              "llm_model = ?, response_text = ?");
    }
    QStringList doneTypes() const override
    {
        if (!m_typed) return {};
        return {QStringLiteral("text"), QStringLiteral("int"), QStringLiteral("timestamptz"), QStringLiteral("boolean"),
                QStringLiteral("jsonb"), QStringLiteral("text"), QStringLiteral("text")};
    }
    static QString summaryOf(qint64 id) { return QStringLiteral("a \"quoted\", {braced} \\ back\\slash, é – %1").arg(id); }
    static QDateTime sentAt(qint64 id) { return QDateTime(QDate(2026, 11, 30), QTime(10, 0, 0, 123), Qt::UTC).addSecs(id); }
    void process(const std::vector<ClaimedAlert> &batch, Done done) override
    {
        std::vector<StageOutcome> out;
        for (const auto &a : batch) {
            // every third alert: NULLs (a null variant, a null string); one alert in five: a failure
            const bool nulls = a.id % 3 == 0;
            if (a.id % 5 == 0) {
                out.push_back(StageOutcome::fail(QStringLiteral("no answer")));
                continue;
            }
            out.push_back(StageOutcome::done({summaryOf(a.id), int(a.id * 7), sentAt(a.id), a.id % 2 == 0,
                                              QStringLiteral("{\"risk\":\"high\",\"n\":%1,\"s\":\"x\\\"y\"}").arg(a.id),
                                              nulls ? QVariant(QMetaType::fromType<QString>()) : QVariant(QStringLiteral("model-1")),
                                              nulls ? QVariant(QString()) : QVariant(QStringLiteral("NULL"))}));
        }
        done(std::move(out));
    }

private:
    bool m_typed;
};

// A side stage as the auto-response policies are: claims enriched alerts not yet checked, whatever their
// state, marks them checked, never moves them on.
class SideStage : public Stage {
public:
    enum class Mode { Done, Fail, Hang };
    SideStage(std::shared_ptr<Journal> j, Mode mode) : m_journal(std::move(j)), m_mode(mode) {}
    QString name() const override { return QStringLiteral("side"); }
    QString inputState() const override { return QStringLiteral("agent_enriched"); }
    QString outputState() const override { return {}; }
    QString wakeChannel() const override { return QStringLiteral("agent_enriched"); }
    QString doneChannel() const override { return QStringLiteral("side_done"); }
    QString claimCondition() const override
    {
        return QStringLiteral("a.enriched_at IS NOT NULL AND a.policy_checked_at IS NULL");
    }
    QString leaseTable() const override { return QStringLiteral("policy_leases"); }
    QString doneSql() const override { return QStringLiteral("policy_checked_at = now()"); }
    void process(const std::vector<ClaimedAlert> &batch, Done done) override
    {
        {
            QMutexLocker lock(&m_journal->mutex);
            for (const auto &a : batch) m_journal->processed << a.id;
        }
        ++m_journal->batches;
        if (m_mode == Mode::Done) done(std::vector<StageOutcome>(batch.size(), StageOutcome::done()));
        else if (m_mode == Mode::Fail) done(std::vector<StageOutcome>(batch.size(), StageOutcome::retry(QStringLiteral("side broke"))));
        else m_hung.push_back(std::move(done));
    }

private:
    std::shared_ptr<Journal> m_journal;
    Mode m_mode;
    std::vector<Done> m_hung;
};

DbConnectionInfo freshDb(const QString &hint, int alerts)
{
    const auto info = TestDatabase::create(hint);
    QString err;
    if (!TestDatabase::migrate(info, &err)) qFatal("migrate: %s", qPrintable(err));
    if (!TestDatabase::exec(info, QStringLiteral("INSERT INTO agents(id) VALUES ('001');"
                                                 "INSERT INTO alerts(alert_hash, agent_id, rule_level, raw) "
                                                 "SELECT 'h' || g, '001', 5, '{}' FROM generate_series(1, %1) g")
                                      .arg(alerts)))
        qFatal("insert failed");
    return info;
}

int count(const DbConnectionInfo &db, const QString &where)
{
    return TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE ") + where).toInt();
}

int leases(const DbConnectionInfo &db)
{
    return TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM stage_leases")).toInt();
}

StageRunner::Options fastOptions()
{
    StageRunner::Options o;
    o.batchSize = 50;
    o.concurrency = 2;
    o.leaseSeconds = 30;
    o.maxAttempts = 3;
    o.baseBackoffMs = 20;
    o.maxBackoffMs = 100;
    o.pollMs = 100;
    o.backlogMs = 100;
    return o;
}

}  // namespace

class TestStageRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void movesAlertsOnWithNotifyAndNoOpenTransaction()
    {
        const auto db = freshDb(QStringLiteral("runner_done"), 500);
        Conn listen(db);
        QSignalSpy notes(listen.db().driver(), &QSqlDriver::notification);
        QVERIFY(listen.db().driver()->subscribeToNotification(QStringLiteral("agent_enriched")));
        auto j = std::make_shared<Journal>();
        StageRunner runner(db, std::make_unique<ScriptedStage>(j, ScriptedStage::Mode::Done), fastOptions());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("state = 'agent_enriched'")), 500, 30000);
        QCOMPARE(count(db, QStringLiteral("enriched_at IS NOT NULL")), 500);
        QCOMPARE(leases(db), 0);
        QCOMPARE(j->processed.size(), 500);
        QCOMPARE(j->openTransactionsSeen.load(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!notes.isEmpty(), 10000);
        QCOMPARE(notes.first().at(0).toString(), QStringLiteral("agent_enriched"));
        // batches came oldest first
        QCOMPARE(j->processed.first(), TestDatabase::scalar(db, QStringLiteral("SELECT min(id) FROM alerts")).toLongLong());
        runner.stop();
    }

    // Results of a stage's own: with doneTypes() the batch is stored in one statement; the values stored
    // are exactly those one UPDATE per alert stores (checked against the same stage without types).
    void storesTypedResultsOfABatchAtOnce_data()
    {
        QTest::addColumn<bool>("typed");
        QTest::newRow("one statement per batch") << true;
        QTest::newRow("one UPDATE per alert") << false;
    }

    void storesTypedResultsOfABatchAtOnce()
    {
        QFETCH(bool, typed);
        const auto db = freshDb(QStringLiteral("runner_valued"), 120);
        StageRunner::Options o = fastOptions();
        o.maxAttempts = 1;
        StageRunner runner(db, std::make_unique<ValuedStage>(typed), o);
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("state = 'new'")), 0, 30000);
        QCOMPARE(leases(db), 0);
        const qint64 first = TestDatabase::scalar(db, QStringLiteral("SELECT min(id) FROM alerts")).toLongLong();
        int checked = 0;
        for (qint64 id = first; id < first + 120; ++id) {
            const QString row = TestDatabase::scalar(
                db, QStringLiteral("SELECT concat_ws('|', state, llm_summary, llm_latency_ms, "
                                   "to_char(prompt_sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS'), llm_valid, "
                                   "llm_answer->>'risk', llm_answer->>'n', llm_answer->>'s', coalesce(llm_model, '<null>'), "
                                   "coalesce(response_text, '<null>')) FROM alerts WHERE id = %1").arg(id));
            if (id % 5 == 0) {
                QVERIFY2(row.startsWith(QStringLiteral("failed|")), qPrintable(row));
                continue;
            }
            const bool nulls = id % 3 == 0;
            const QString expected = QStringList{QStringLiteral("agent_enriched"), ValuedStage::summaryOf(id), QString::number(id * 7),
                                                 ValuedStage::sentAt(id).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                                                 id % 2 == 0 ? QStringLiteral("t") : QStringLiteral("f"), QStringLiteral("high"),
                                                 QString::number(id), QStringLiteral("x\"y"),
                                                 nulls ? QStringLiteral("<null>") : QStringLiteral("model-1"),
                                                 nulls ? QStringLiteral("<null>") : QStringLiteral("NULL")}
                                         .join(u'|');
            QCOMPARE(row, expected);
            ++checked;
        }
        QCOMPARE(checked, 96);
        runner.stop();
        TestDatabase::drop(db);
    }

    void wakesOnNewAlertNotification()
    {
        const auto db = freshDb(QStringLiteral("runner_wake"), 0);
        auto j = std::make_shared<Journal>();
        auto o = fastOptions();
        o.pollMs = 600000;  // only the notification can wake it
        StageRunner runner(db, std::make_unique<ScriptedStage>(j, ScriptedStage::Mode::Done), o);
        runner.start();
        // once it LISTENs (its first, empty claim is done by then)
        QTRY_COMPARE_WITH_TIMEOUT(TestDatabase::scalar(db, QStringLiteral(
                                      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                      "AND query ILIKE 'LISTEN%new_alert%'")),
                                  QStringLiteral("1"), 10000);
        QVERIFY(TestDatabase::exec(db, QStringLiteral("INSERT INTO alerts(alert_hash, agent_id, rule_level, raw) "
                                                      "VALUES ('late', '001', 3, '{}'); NOTIFY new_alert, '1'")));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("state = 'agent_enriched'")), 1, 10000);
        runner.stop();
    }

    void retriesWithBackoffThenFailsWithReasonAndAudit()
    {
        const auto db = freshDb(QStringLiteral("runner_retry"), 10);
        auto j = std::make_shared<Journal>();
        StageRunner runner(db, std::make_unique<ScriptedStage>(j, ScriptedStage::Mode::Retry), fastOptions());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("state = 'failed'")), 10, 30000);
        QCOMPARE(count(db, QStringLiteral("failed_stage = 'scripted' AND failed_from = 'new' AND stage_attempts = 3 "
                                          "AND stage_error = 'remote said 503'")), 10);
        QCOMPARE(leases(db), 0);
        // each alert was tried exactly maxAttempts times
        QCOMPARE(j->processed.size(), 30);
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'stage_failed' "
                                                         "AND actor = 'eos:scripted' AND reason = 'remote said 503'")),
                 QStringLiteral("10"));
        QTRY_VERIFY_WITH_TIMEOUT(eos::Metrics::instance().stage(QStringLiteral("scripted")).failed.load() >= 10, 5000);
        runner.stop();
    }

    void failGivesUpAtOnce()
    {
        const auto db = freshDb(QStringLiteral("runner_fail"), 5);
        auto j = std::make_shared<Journal>();
        StageRunner runner(db, std::make_unique<ScriptedStage>(j, ScriptedStage::Mode::Fail, QStringLiteral("failer")),
                           fastOptions());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("state = 'failed' AND stage_error = 'bad input'")), 5, 20000);
        QCOMPARE(j->processed.size(), 5);
        runner.stop();
    }

    void honoursRetryAfter()
    {
        const auto db = freshDb(QStringLiteral("runner_retry_after"), 3);
        auto j = std::make_shared<Journal>();
        StageRunner runner(db, std::make_unique<ScriptedStage>(j, ScriptedStage::Mode::RetryAfter), fastOptions());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("stage_attempts = 1")), 3, 20000);
        // the remote asked for 3 s: not tried again before that (backoff alone would be ≤ 100 ms)
        QCOMPARE(count(db, QStringLiteral("next_attempt_at >= now() + interval '2 seconds'")), 3);
        QCOMPARE(j->processed.size(), 3);
        runner.stop();
    }

    void expiredLeaseIsTakenOverAndTheLateRunnerWritesNothing()
    {
        const auto db = freshDb(QStringLiteral("runner_lease"), 40);
        auto j1 = std::make_shared<Journal>();
        auto o1 = fastOptions();
        o1.leaseSeconds = 2;
        auto *stage1 = new ScriptedStage(j1, ScriptedStage::Mode::Hang);
        StageRunner first(db, std::unique_ptr<Stage>(stage1), o1);
        first.start();
        QTRY_COMPARE_WITH_TIMEOUT(leases(db), 40, 10000);
        // the first runner is "killed": it stops renewing its leases but never gives them back
        for (auto *t : first.findChildren<QTimer *>()) t->stop();

        auto j2 = std::make_shared<Journal>();
        StageRunner second(db, std::make_unique<ScriptedStage>(j2, ScriptedStage::Mode::Done), fastOptions());
        second.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("state = 'agent_enriched'")), 40, 30000);
        QCOMPARE(j2->processed.size(), 40);
        const QString doneBy = TestDatabase::scalar(db, QStringLiteral("SELECT max(enriched_at)::text FROM alerts"));
        // the first runner's remote answers late: its outcome must not be written (the lease is gone)
        QSignalSpy firstDone(&first, &StageRunner::batchCompleted);
        stage1->finishHung();
        QTRY_VERIFY_WITH_TIMEOUT(!firstDone.isEmpty(), 10000);
        int moved = 0;
        for (const auto &args : firstDone) moved += args.at(0).toInt();
        QCOMPARE(moved, 0);
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT max(enriched_at)::text FROM alerts")), doneBy);
        second.stop();
        first.stop();
    }

    void stopGivesTheLeasesBack()
    {
        const auto db = freshDb(QStringLiteral("runner_stop"), 20);
        auto j = std::make_shared<Journal>();
        auto o = fastOptions();
        o.leaseSeconds = 600;
        StageRunner hung(db, std::make_unique<ScriptedStage>(j, ScriptedStage::Mode::Hang), o);
        hung.start();
        QTRY_COMPARE_WITH_TIMEOUT(leases(db), 20, 10000);
        hung.stop();
        QCOMPARE(leases(db), 0);
        QCOMPARE(count(db, QStringLiteral("state = 'new'")), 20);
        // and another runner takes them at once, not after the 10-minute lease
        auto j2 = std::make_shared<Journal>();
        StageRunner next(db, std::make_unique<ScriptedStage>(j2, ScriptedStage::Mode::Done), fastOptions());
        next.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("state = 'agent_enriched'")), 20, 10000);
        next.stop();
    }

    void twoRunnersShareTheWorkExactlyOnce()
    {
        const int n = 5000;
        const auto db = freshDb(QStringLiteral("runner_two"), n);
        // every state change new -> agent_enriched is counted by the database itself
        QVERIFY(TestDatabase::exec(db, QStringLiteral(
            "CREATE TABLE transitions(id bigint); "
            "CREATE FUNCTION log_transition() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF OLD.state = 'new' AND NEW.state = 'agent_enriched' THEN INSERT INTO transitions VALUES (NEW.id); END IF; "
            "RETURN NEW; END $$; "
            "CREATE TRIGGER alerts_transition AFTER UPDATE ON alerts FOR EACH ROW EXECUTE FUNCTION log_transition();")));
        auto j = std::make_shared<Journal>();
        auto *r1 = new StageRunner(db, std::make_unique<ScriptedStage>(j, ScriptedStage::Mode::Done), fastOptions());
        auto *r2 = new StageRunner(db, std::make_unique<ScriptedStage>(j, ScriptedStage::Mode::Done), fastOptions());
        eos::WorkerThread t1(QStringLiteral("runner-1"), r1), t2(QStringLiteral("runner-2"), r2);
        QSignalSpy b1(r1, &StageRunner::batchCompleted), b2(r2, &StageRunner::batchCompleted);
        t1.start();
        t2.start();
        QMetaObject::invokeMethod(r1, &StageRunner::start, Qt::QueuedConnection);
        QMetaObject::invokeMethod(r2, &StageRunner::start, Qt::QueuedConnection);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("state = 'agent_enriched'")), n, 120000);
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM transitions")).toInt(), n);
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT count(DISTINCT id) FROM transitions")).toInt(), n);
        {
            QMutexLocker lock(&j->mutex);
            QCOMPARE(int(j->processed.size()), n);  // nothing handed out twice
            QCOMPARE(int(QSet<qint64>(j->processed.begin(), j->processed.end()).size()), n);
        }
        // both took part
        QTRY_VERIFY_WITH_TIMEOUT(!b1.isEmpty() && !b2.isEmpty(), 5000);
        QMetaObject::invokeMethod(r1, &StageRunner::stop, Qt::BlockingQueuedConnection);
        QMetaObject::invokeMethod(r2, &StageRunner::stop, Qt::BlockingQueuedConnection);
    }

    void backlogCountsTheInputState()
    {
        const auto db = freshDb(QStringLiteral("runner_backlog"), 123);
        auto j = std::make_shared<Journal>();
        auto o = fastOptions();
        o.leaseSeconds = 600;
        StageRunner hung(db, std::make_unique<ScriptedStage>(j, ScriptedStage::Mode::Hang, QStringLiteral("backlogged")), o);
        hung.start();
        QTRY_COMPARE_WITH_TIMEOUT(eos::Metrics::instance().stage(QStringLiteral("backlogged")).backlog.load(), qint64(123), 10000);
        QVERIFY(eos::Metrics::instance().prometheusText().contains("eos_stage_backlog{stage=\"backlogged\"} 123"));
        hung.stop();
    }

    void sideStageLeavesTheStateAlone()
    {
        // 300 alerts: 100 still new (not enriched), 100 enriched, 100 summarized (enriched earlier)
        const auto db = freshDb(QStringLiteral("runner_side"), 300);
        QVERIFY(TestDatabase::exec(db, QStringLiteral(
            "UPDATE alerts SET state = 'agent_enriched', enriched_at = now() WHERE id BETWEEN 101 AND 200;"
            "UPDATE alerts SET state = 'summarized', enriched_at = now() WHERE id > 200;")));
        Conn listen(db);
        QSignalSpy notes(listen.db().driver(), &QSqlDriver::notification);
        QVERIFY(listen.db().driver()->subscribeToNotification(QStringLiteral("side_done")));
        auto j = std::make_shared<Journal>();
        StageRunner runner(db, std::make_unique<SideStage>(j, SideStage::Mode::Done), fastOptions());
        QSignalSpy batches(&runner, &StageRunner::batchCompleted);
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("policy_checked_at IS NOT NULL")), 200, 20000);
        // only the enriched ones, each once; the states are exactly as they were
        QCOMPARE(j->processed.size(), 200);
        QCOMPARE(*std::min_element(j->processed.begin(), j->processed.end()), qint64(101));
        QCOMPARE(count(db, QStringLiteral("state = 'new'")), 100);
        QCOMPARE(count(db, QStringLiteral("state = 'agent_enriched'")), 100);
        QCOMPARE(count(db, QStringLiteral("state = 'summarized'")), 100);
        QCOMPARE(count(db, QStringLiteral("stage_attempts <> 0 OR next_attempt_at IS NOT NULL OR stage_error IS NOT NULL")), 0);
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM policy_leases")).toInt(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(!notes.isEmpty(), 10000);
        // an alert that becomes enriched later is picked up; checked ones never again
        QVERIFY(TestDatabase::exec(db, QStringLiteral("UPDATE alerts SET state = 'agent_enriched', enriched_at = now() "
                                                      "WHERE id = 1; NOTIFY agent_enriched, '1'")));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("policy_checked_at IS NOT NULL")), 201, 20000);
        QCOMPARE(j->processed.size(), 201);
        runner.stop();
    }

    void sideStageAndPipelineStageHoldTheSameAlertAtOnce()
    {
        // the pipeline stage holds every enriched alert (hung); the side stage still checks them all
        const auto db = freshDb(QStringLiteral("runner_side_both"), 100);
        QVERIFY(TestDatabase::exec(db, QStringLiteral("UPDATE alerts SET enriched_at = now()")));
        auto jp = std::make_shared<Journal>(), js = std::make_shared<Journal>();
        auto o = fastOptions();
        o.leaseSeconds = 600;
        auto *pipelineStage = new ScriptedStage(jp, ScriptedStage::Mode::Hang, QStringLiteral("holder"));
        StageRunner holder(db, std::unique_ptr<Stage>(pipelineStage), o);
        holder.start();
        QTRY_COMPARE_WITH_TIMEOUT(leases(db), 100, 20000);
        StageRunner side(db, std::make_unique<SideStage>(js, SideStage::Mode::Done), fastOptions());
        side.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("policy_checked_at IS NOT NULL")), 100, 20000);
        QCOMPARE(leases(db), 100);                        // the pipeline's leases untouched
        QCOMPARE(count(db, QStringLiteral("state = 'new'")), 100);
        pipelineStage->finishHung();                      // and the pipeline stage completes as usual
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("state = 'agent_enriched'")), 100, 20000);
        side.stop();
        holder.stop();
    }

    void sideStageFailureEndsItsWorkWithAnAuditRow()
    {
        const auto db = freshDb(QStringLiteral("runner_side_fail"), 20);
        QVERIFY(TestDatabase::exec(db, QStringLiteral("UPDATE alerts SET state = 'summarized', enriched_at = now()")));
        auto j = std::make_shared<Journal>();
        StageRunner runner(db, std::make_unique<SideStage>(j, SideStage::Mode::Fail), fastOptions());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("policy_checked_at IS NOT NULL")), 20, 20000);
        QCOMPARE(j->processed.size(), 20);  // no retries of its own
        QCOMPARE(count(db, QStringLiteral("state = 'summarized'")), 20);  // never 'failed'
        QCOMPARE(count(db, QStringLiteral("stage_error IS NOT NULL OR failed_stage IS NOT NULL")), 0);
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'stage_failed' "
                                                         "AND actor = 'eos:side' AND reason = 'side broke' "
                                                         "AND details->>'side' = 'true'")).toInt(), 20);
        runner.stop();
    }

    void sideStageGivesItsLeasesBackOnStop()
    {
        const auto db = freshDb(QStringLiteral("runner_side_stop"), 30);
        QVERIFY(TestDatabase::exec(db, QStringLiteral("UPDATE alerts SET enriched_at = now()")));
        auto j = std::make_shared<Journal>();
        StageRunner runner(db, std::make_unique<SideStage>(j, SideStage::Mode::Hang), fastOptions());
        runner.start();
        QTRY_COMPARE_WITH_TIMEOUT(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM policy_leases")).toInt(), 30, 20000);
        QCOMPARE(leases(db), 0);
        QTRY_COMPARE_WITH_TIMEOUT(eos::Metrics::instance().stage(QStringLiteral("side")).backlog.load(), qint64(30), 10000);
        runner.stop();
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM policy_leases")).toInt(), 0);
        QCOMPARE(count(db, QStringLiteral("policy_checked_at IS NULL")), 30);
    }
};

QTEST_GUILESS_MAIN(TestStageRunner)
#include "test_stage_runner.moc"
