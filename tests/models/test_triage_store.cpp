// TriageStore: actions on one and many alerts in one transaction, one audit row per alert, reasons
// required where they must be, the history query, the actor from configuration, and the retry of failed
// alerts (back to the state they failed from, audited, their stage's channel notified) off the caller's thread,
// and Escalate's Jira dispatch (an outbox row per published escalation route, in the same transaction).
#include "alert_fixture.h"
#include "core/config.h"
#include "stages/dispatch_escalation.h"
#include "stages/dispatch_routes.h"
#include "test_database.h"
#include "triage_store.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonObject>

#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>
#include <optional>

using namespace eos;
using eos::test::AlertFixture;
using eos::test::TestDatabase;

class TestTriageStore : public QObject {
    Q_OBJECT
private:
    DbConnectionInfo m_info;
    QSqlDatabase m_db;

    qint64 scalar(const QString &sql)
    {
        QSqlQuery q(m_db);
        if (!q.exec(sql) || !q.next()) qFatal("query failed: %s", qPrintable(sql));
        return q.value(0).toLongLong();
    }
    QString text(const QString &sql)
    {
        QSqlQuery q(m_db);
        if (!q.exec(sql) || !q.next()) qFatal("query failed: %s", qPrintable(sql));
        return q.value(0).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_info = TestDatabase::create(QStringLiteral("triage"));
        QString err;
        m_db = m_info.open(QStringLiteral("t"), &err);
        QVERIFY2(m_db.isOpen(), qPrintable(err));
        QVERIFY2(AlertFixture::migrate(m_db, &err), qPrintable(err));
        QVERIFY(AlertFixture::exec(m_db, AlertFixture::insertAgentsSql(5), &err));
        QVERIFY2(AlertFixture::exec(m_db, AlertFixture::insertAlertsSql(1, 500, 5), &err), qPrintable(err));
    }

    void migrationIsRerunnable()
    {
        QString err;
        // the migrator records 0002; running the SQL of 0002 again by hand must not fail either
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM schema_migrations WHERE version = 2")), qint64(1));
        for (const auto &m : Migrator::builtin())
            if (m.version == 2) QVERIFY2(AlertFixture::exec(m_db, m.sql, &err), qPrintable(err));
        QVERIFY2(AlertFixture::exec(m_db, QStringLiteral("UPDATE alerts SET triage_status = 'bogus' WHERE id = 1"), &err) == false,
                 "the triage_status check constraint is missing");
    }

    void acknowledgeOne()
    {
        TriageStore store(m_info, QStringLiteral("alice"));
        QSignalSpy changed(&store, &TriageStore::alertsChanged);
        const auto r = store.acknowledge({7});
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.changed, QList<qint64>{7});
        QVERIFY(r.missing.isEmpty());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(text(QStringLiteral("SELECT triage_status FROM alerts WHERE id = 7")), QStringLiteral("acknowledged"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id = 7 AND actor = 'alice' AND action = 'acknowledge'")), qint64(1));
        QVERIFY(r.summary().contains(QStringLiteral("Acknowledged 1")));
    }

    void reasonRequired()
    {
        TriageStore store(m_info, QStringLiteral("alice"));
        const qint64 audits = scalar(QStringLiteral("SELECT count(*) FROM audit_log"));
        auto r = store.markFalsePositive({8}, QStringLiteral("   "));
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QStringLiteral("reason")));
        r = store.escalate({8}, QString());
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QStringLiteral("reason")));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log")), audits);
        QVERIFY(text(QStringLiteral("SELECT COALESCE(triage_status, '') FROM alerts WHERE id = 8")).isEmpty());
        QVERIFY(TriageStore::reasonRequired(TriageStore::Action::FalsePositive));
        QVERIFY(!TriageStore::reasonRequired(TriageStore::Action::Acknowledge));
    }

    void manyInOneTransactionWithAuditRows()
    {
        TriageStore store(m_info, QStringLiteral("bob"));
        QList<qint64> ids;
        for (qint64 i = 100; i < 150; ++i) ids << i;
        ids << 999999;  // does not exist
        const auto r = store.markFalsePositive(ids, QStringLiteral("scanner of the red team"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.changed.size(), 50);
        QCOMPARE(r.missing, QList<qint64>{999999});
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE id BETWEEN 100 AND 149 AND triage_status = 'false_positive' "
                                       "AND triage_reason = 'scanner of the red team' AND triaged_at IS NOT NULL")), qint64(50));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id BETWEEN 100 AND 149 AND actor = 'bob' "
                                       "AND action = 'false_positive' AND reason = 'scanner of the red team'")), qint64(50));
        // all audit rows of one action share one transaction timestamp
        QCOMPARE(scalar(QStringLiteral("SELECT count(DISTINCT at) FROM audit_log WHERE alert_id BETWEEN 100 AND 149")), qint64(1));
        QVERIFY(r.summary().contains(QStringLiteral("1 not found")));
    }

    void escalateAssignAndHistory()
    {
        TriageStore store(m_info, QStringLiteral("carol"));
        QVERIFY(store.acknowledge({20}).ok);
        QVERIFY(store.escalate({20}, QStringLiteral("lateral movement")).ok);
        QVERIFY(store.assignToMe({20}).ok);
        QCOMPARE(text(QStringLiteral("SELECT assigned_to FROM alerts WHERE id = 20")), QStringLiteral("carol"));
        QString err;
        const auto h = store.history(20, &err);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(h.size(), 3);
        QCOMPARE(h[0].action, QStringLiteral("acknowledge"));
        QCOMPARE(h[1].action, QStringLiteral("escalate"));
        QCOMPARE(h[1].reason, QStringLiteral("lateral movement"));
        QCOMPARE(h[1].details.value(QStringLiteral("from")).toString(), QStringLiteral("acknowledged"));
        QCOMPARE(h[1].details.value(QStringLiteral("to")).toString(), QStringLiteral("escalated"));
        QCOMPARE(h[2].action, QStringLiteral("assign"));
        QCOMPARE(h[2].details.value(QStringLiteral("assigned_to")).toString(), QStringLiteral("carol"));
        QVERIFY(h[0].at.isValid() && h[0].at <= h[2].at);
        QCOMPARE(h[0].actor, QStringLiteral("carol"));
        QVERIFY(store.history(21, &err).isEmpty());
    }

    // Escalate creates a Jira dispatch (0011_escalation.sql): one outbox row per escalation route the
    // daemons published, in the escalation's own transaction, audited, waking the outbox sender.
    void escalationCreatesJiraDispatches()
    {
        QString err;
        auto routes = DispatchRoutes::parse(QByteArrayLiteral(R"([
            {"name": "jira", "hook_url": "https:\/\/acme.atlassian.net", "level": 15, "mode": "review"},
            {"name": "jira", "id": "jira-ops", "hook_url": "https:\/\/ops.atlassian.net", "escalate": false},
            {"name": "webhook", "hook_url": "https:\/\/soar.example.com\/hook"}])"),
                                            QDir::tempPath(), &err);
        QVERIFY2(routes, qPrintable(err));
        QVERIFY2(DispatchEscalation::publish(m_db, *routes, QStringLiteral("test-daemon"), &err), qPrintable(err));
        QCOMPARE(DispatchEscalation::escalationRoutes(m_db), QStringList{QStringLiteral("jira")});

        // the outbox sender's wake-up channel and the Dispatch Queue's
        QSqlDatabase listen = m_info.open(QStringLiteral("listen-outbox"), &err);
        QVERIFY2(listen.isOpen(), qPrintable(err));
        QStringList heard;
        QObject scope;  // the connection ends with this test (heard is a local)
        connect(listen.driver(), &QSqlDriver::notification, &scope,
                [&heard](const QString &name, QSqlDriver::NotificationSource, const QVariant &) { heard << name; });
        QVERIFY(listen.driver()->subscribeToNotification(QStringLiteral("dispatch_outbox")));
        QVERIFY(listen.driver()->subscribeToNotification(QStringLiteral("dispatch_changed")));

        TriageStore store(m_info, QStringLiteral("dave"));
        const auto r = store.escalate({30, 31}, QStringLiteral("ransomware note on the file server"));
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.changed, (QList<qint64>{30, 31}));
        // only the Jira route that escalates, pending although the route reviews (the analyst decided),
        // whatever its filters say (level 15), with who and why
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE escalation_id IS NOT NULL")), qint64(2));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE alert_id IN (30, 31) AND route = 'jira' AND kind = 'jira' "
                                       "AND state = 'pending' AND escalated_by = 'dave' "
                                       "AND escalation_reason = 'ransomware note on the file server'")), qint64(2));
        // each row names its escalation (the audit row written in the same transaction) and has the routing
        // stage's dedup key (agent:rule), so Jira comments on an open issue of the same agent and rule
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM dispatch_outbox o JOIN audit_log l ON l.id = o.escalation_id "
                                       "AND l.alert_id = o.alert_id AND l.action = 'escalate' AND l.actor = 'dave' "
                                       "JOIN alerts a ON a.id = o.alert_id AND o.dedup_key = a.agent_id || ':' || (a.raw->'rule'->>'id')")),
                 qint64(2));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM dispatch_outbox o JOIN audit_log l ON l.id = o.escalation_id "
                                       "AND l.at = o.created_at")), qint64(2));  // one transaction: one now()
        // the alert's history says where the escalation went
        const auto h = store.history(30, &err);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QVERIFY(h.size() >= 2);
        QCOMPARE(h.last().action, QStringLiteral("escalation_dispatch"));
        QCOMPARE(h.last().actor, QStringLiteral("dave"));
        const QJsonArray made = h.last().details.value(QStringLiteral("dispatches")).toArray();
        QCOMPARE(made.size(), 1);
        QCOMPARE(made.at(0).toObject().value(QStringLiteral("route")).toString(), QStringLiteral("jira"));
        QCOMPARE(made.at(0).toObject().value(QStringLiteral("outbox_id")).toInteger(),
                 scalar(QStringLiteral("SELECT id FROM dispatch_outbox WHERE alert_id = 30 AND escalation_id IS NOT NULL")));
        QTRY_VERIFY(heard.contains(QStringLiteral("dispatch_outbox")) && heard.contains(QStringLiteral("dispatch_changed")));

        // escalated again after a reopen: a dispatch per escalation
        QVERIFY(store.apply(TriageStore::Action::Reopen, {30}).ok);
        QVERIFY(store.escalate({30}, QStringLiteral("it spread")).ok);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE alert_id = 30 AND escalation_id IS NOT NULL")), qint64(2));

        // one transaction: when the dispatch cannot be written, the escalation is not made either
        QVERIFY2(AlertFixture::exec(m_db, QStringLiteral(
            "CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox full'; END $$; "
            "CREATE TRIGGER test_refuse BEFORE INSERT ON dispatch_outbox FOR EACH ROW EXECUTE FUNCTION test_refuse()"), &err), qPrintable(err));
        const qint64 audits = scalar(QStringLiteral("SELECT count(*) FROM audit_log"));
        const auto refused = store.escalate({32}, QStringLiteral("never recorded"));
        QVERIFY(!refused.ok);
        QVERIFY(refused.error.contains(QStringLiteral("outbox full")));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log")), audits);
        QVERIFY(text(QStringLiteral("SELECT COALESCE(triage_status, '') FROM alerts WHERE id = 32")).isEmpty());
        QVERIFY2(AlertFixture::exec(m_db, QStringLiteral("DROP TRIGGER test_refuse ON dispatch_outbox; DROP FUNCTION test_refuse()"), &err),
                 qPrintable(err));

        // a routes file without Jira (published by the next daemon to start): escalations are only triage
        auto noJira = DispatchRoutes::parse(QByteArrayLiteral(R"([{"name": "webhook", "hook_url": "https:\/\/soar.example.com\/hook"}])"),
                                            QDir::tempPath(), &err);
        QVERIFY2(noJira && DispatchEscalation::publish(m_db, *noJira, QStringLiteral("test-daemon-2"), &err), qPrintable(err));
        QVERIFY(DispatchEscalation::escalationRoutes(m_db).isEmpty());
        QVERIFY(store.escalate({33}, QStringLiteral("no Jira here")).ok);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE alert_id = 33")), qint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id = 33")), qint64(1));
    }

    // The audit trail outlives the alert (0008_reliability.sql): its row keeps the alert's id and hash.
    void auditRowsOutliveTheAlert()
    {
        TriageStore store(m_info, QStringLiteral("dave"));
        QVERIFY(store.acknowledge({300}).ok);
        QString err;
        const qint64 withHash = scalar(QStringLiteral("SELECT count(*) FROM audit_log l JOIN alerts a ON a.id = l.alert_id "
                                                      "AND a.alert_hash = l.alert_hash WHERE l.alert_id = 300"));
        QVERIFY(withHash >= 1);
        QVERIFY(AlertFixture::exec(m_db, QStringLiteral("DELETE FROM alerts WHERE id = 300"), &err));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id = 300 AND alert_hash IS NOT NULL")), withHash);
        const auto r = store.acknowledge({300});
        QVERIFY(r.ok);
        QVERIFY(r.changed.isEmpty());
        QCOMPARE(r.missing, QList<qint64>{300});
    }

    void retryFailedAlerts()
    {
        QString err;
        // 400, 401: enrichment gave up; 402: the summarizer gave up; 403: failed with nothing to return to
        // (the older pipeline's 'failed'); 404: not failed, its stage still retrying — must stay as it is
        QVERIFY2(AlertFixture::exec(m_db, QStringLiteral(
            "UPDATE alerts SET state = 'failed', failed_stage = 'enrich', failed_from = 'new', stage_error = 'Wazuh API: HTTP 503', "
            "  stage_attempts = 5, next_attempt_at = now() WHERE id IN (400, 401); "
            "INSERT INTO stage_leases (alert_id, stage, claimed_by, claimed_until) VALUES (400, 'enrich', 'daemon-1', now() + interval '1 hour'), "
            "  (404, 'enrich', 'daemon-2', now() + interval '1 hour'); "
            "UPDATE alerts SET state = 'failed', failed_stage = 'summarize', failed_from = 'agent_enriched', "
            "  stage_error = 'Azure OpenAI: 429', stage_attempts = 5 WHERE id = 402; "
            "UPDATE alerts SET state = 'failed' WHERE id = 403; "
            "UPDATE alerts SET stage_attempts = 2, stage_error = 'timeout', next_attempt_at = now() WHERE id = 404"), &err), qPrintable(err));

        // a consumer LISTENing as the stages do
        QSqlDatabase listen = m_info.open(QStringLiteral("listen"), &err);
        QVERIFY2(listen.isOpen(), qPrintable(err));
        QStringList heard;
        connect(listen.driver(), &QSqlDriver::notification, this,
                [&heard](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                    heard << name + u'=' + payload.toString();
                });
        for (const char *ch : {"new_alert", "agent_enriched", "new_response"})
            QVERIFY(listen.driver()->subscribeToNotification(QString::fromLatin1(ch)));

        TriageStore store(m_info, QStringLiteral("frank"));
        QSignalSpy changed(&store, &TriageStore::alertsChanged);
        std::optional<TriageStore::RetryResult> result;
        connect(&store, &TriageStore::retryFinished, this, [&result](const TriageStore::RetryResult &r) { result = r; });
        store.retryAsync({400, 401, 402, 403, 404, 999999});
        QVERIFY(!result);  // not done on the caller's thread
        QTRY_VERIFY(result.has_value());
        QVERIFY2(result->ok, qPrintable(result->error));
        QCOMPARE(result->retried, (QList<qint64>{400, 401, 402}));
        QCOMPARE(result->skipped, (QList<qint64>{403, 404, 999999}));
        QCOMPARE(result->notified.value(QStringLiteral("new_alert")), qint64(401));
        QCOMPARE(result->notified.value(QStringLiteral("agent_enriched")), qint64(402));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).value<QList<qint64>>(), (QList<qint64>{400, 401, 402}));
        QVERIFY(TriageStore::describe(*result).contains(QStringLiteral("3 alert")));

        // back where they failed from, with a clean slate for the stage
        QCOMPARE(text(QStringLiteral("SELECT string_agg(id || ':' || state, ',' ORDER BY id) FROM alerts WHERE id BETWEEN 400 AND 404")),
                 QStringLiteral("400:new,401:new,402:agent_enriched,403:failed,404:new"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE id IN (400, 401, 402) AND failed_stage IS NULL AND failed_from IS NULL "
                                       "AND stage_error IS NULL AND stage_attempts = 0 AND next_attempt_at IS NULL")), qint64(3));
        // no lease left behind on a retried alert (it would hold the alert back until it expired); others keep theirs
        QCOMPARE(scalar(QStringLiteral("SELECT string_agg(alert_id::text, ',') FROM stage_leases WHERE alert_id BETWEEN 400 AND 404")), qint64(404));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE id = 404 AND stage_attempts = 2 AND stage_error = 'timeout' "
                                       "AND next_attempt_at IS NOT NULL")), qint64(1));
        // one audit row each, naming the stage that had given up and its error
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'stage_retry' AND actor = 'frank'")), qint64(3));
        QCOMPARE(text(QStringLiteral("SELECT details->>'stage' || '|' || (details->>'to') || '|' || (details->>'error') FROM audit_log "
                                     "WHERE alert_id = 402 AND action = 'stage_retry'")),
                 QStringLiteral("summarize|agent_enriched|Azure OpenAI: 429"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE alert_id IN (403, 404) AND action = 'stage_retry'")), qint64(0));
        // each state's consumer was woken on its own channel, with the highest id
        QTRY_VERIFY2(heard.contains(QStringLiteral("new_alert=401")) && heard.contains(QStringLiteral("agent_enriched=402")),
                     qPrintable(heard.join(u' ')));
        QVERIFY(std::none_of(heard.begin(), heard.end(), [](const QString &x) { return x.startsWith(QStringLiteral("new_response")); }));
        const auto h = store.history(402, &err);
        QVERIFY(!h.isEmpty());
        QCOMPARE(h.last().action, QStringLiteral("stage_retry"));

        // retrying again changes nothing and notifies nobody
        heard.clear();
        result.reset();
        store.retryAsync({400, 401});
        QTRY_VERIFY(result.has_value());
        QVERIFY(result->ok);
        QVERIFY(result->retried.isEmpty());
        QVERIFY(result->notified.isEmpty());
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'stage_retry'")), qint64(3));
        QCOMPARE(changed.count(), 1);

        // the detail pane's question: which stage gave up on this alert, and why
        std::optional<TriageStore::StageStatus> st;
        connect(&store, &TriageStore::stageStatusReady, this, [&st](const TriageStore::StageStatus &x) { st = x; });
        QVERIFY2(AlertFixture::exec(m_db, QStringLiteral(
            "UPDATE alerts SET state = 'failed', failed_stage = 'enrich', failed_from = 'new', stage_error = 'Wazuh API: HTTP 503', "
            "stage_attempts = 5 WHERE id = 405"), &err), qPrintable(err));
        store.requestStageStatus(405);
        QTRY_VERIFY(st.has_value());
        QCOMPARE(st->id, qint64(405));
        QVERIFY(st->found && st->isFailed() && st->canRetry());
        QCOMPARE(st->failedStage, QStringLiteral("enrich"));
        QCOMPARE(st->stageError, QStringLiteral("Wazuh API: HTTP 503"));
        QCOMPARE(st->attempts, 5);
        st.reset();
        store.requestStageStatus(403);
        QTRY_VERIFY(st.has_value());
        QVERIFY(st->isFailed() && !st->canRetry());
        st.reset();
        store.requestStageStatus(999999);
        QTRY_VERIFY(st.has_value());
        QVERIFY(!st->found);

        listen.close();
        listen = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("listen"));
    }

    void nothingSelected()
    {
        TriageStore store(m_info, QStringLiteral("erin"));
        QVERIFY(!store.acknowledge({}).ok);
    }

    void actorFromConfig()
    {
        Config c;
        c.set(QStringLiteral("EOS_ANALYST"), QStringLiteral("Jane Analyst"));
        QCOMPARE(TriageStore::actorFromConfig(c), QStringLiteral("Jane Analyst"));
        c.set(QStringLiteral("EOS_ANALYST"), QString());
        const QString os = TriageStore::actorFromConfig(c);
        QVERIFY(!os.isEmpty());
        QVERIFY(os != QStringLiteral("Jane Analyst"));
    }

    void databaseDownIsAnError()
    {
        DbConnectionInfo bad = m_info;
        bad.database = QStringLiteral("no_such_database_here");
        TriageStore store(bad, QStringLiteral("x"));
        const auto r = store.acknowledge({1});
        QVERIFY(!r.ok);
        QVERIFY(r.error.contains(QStringLiteral("database")));
        std::optional<TriageStore::RetryResult> retry;
        connect(&store, &TriageStore::retryFinished, this, [&retry](const TriageStore::RetryResult &x) { retry = x; });
        store.retryAsync({1});
        QTRY_VERIFY(retry.has_value());
        QVERIFY(!retry->ok);
        QVERIFY(retry->error.contains(QStringLiteral("database")));
    }
};

QTEST_GUILESS_MAIN(TestTriageStore)
#include "test_triage_store.moc"
