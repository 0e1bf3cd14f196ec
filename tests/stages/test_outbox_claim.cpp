// OutboxClaim against a real database: due rows oldest first, leased to the claimer with their alerts read
// in the same transaction; rows not yet due and rows under another's lease left alone, a lapsed lease taken
// over as outcome unknown; Jira one row per agent:rule key and none while one is sending; the rate slot
// pausing the route; a window digest coalescing the waiting rows; a failure rolling everything back.
#include "stages/outbox_claim.h"
#include "test_database.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QTest>

#include <map>
#include <memory>

using namespace eos;
using eos::test::TestDatabase;

class TestOutboxClaim : public QObject {
    Q_OBJECT

    DbConnectionInfo m_db;
    QSqlDatabase m_conn;
    std::map<QString, std::unique_ptr<QSqlQuery>> m_prepared;
    QList<qint64> m_alerts;
    QString m_breakWhen;  // a statement containing this is replaced by one that fails

    OutboxClaim claimer(const QString &owner = QStringLiteral("daemon-a"))
    {
        return OutboxClaim(m_conn, {owner, 60, 500}, [this](const QString &sql) -> QSqlQuery & {
            const bool broken = !m_breakWhen.isEmpty() && sql.contains(m_breakWhen);
            auto &q = m_prepared[broken ? QStringLiteral("broken:") + sql : sql];
            if (!q) {
                q = std::make_unique<QSqlQuery>(m_conn);
                q->prepare(broken ? QStringLiteral("SELECT 1 / 0 WHERE ?::text IS NOT NULL AND ?::text IS NOT NULL") : sql);
            }
            return *q;
        });
    }

    static DispatchRoute route(const QString &id, const QString &kind = QStringLiteral("slack"))
    {
        DispatchRoute r;
        r.id = id;
        r.kind = kind;
        return r;
    }

    // an outbox row of the route for the i-th alert; returns its id
    qint64 row(const QString &route, int i, const QString &extra = {}, const QString &values = {})
    {
        // (a failed insert gives 0, which no claim returns: the comparisons fail)
        return TestDatabase::scalar(m_db, QStringLiteral("INSERT INTO dispatch_outbox (alert_id, route, kind, dedup_key%1) "
                                                         "VALUES (%2, '%3', 'slack', '001:%4'%5) RETURNING id")
                                              .arg(extra).arg(m_alerts.at(i)).arg(route).arg(5710 + i).arg(values))
            .toLongLong();
    }

    QString field(qint64 id, const QString &expr) const
    {
        return TestDatabase::scalar(m_db, QStringLiteral("SELECT %1 FROM dispatch_outbox WHERE id = %2").arg(expr).arg(id));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_db = TestDatabase::create(QStringLiteral("outbox_claim"));
        QString err;
        QVERIFY2(TestDatabase::migrate(m_db, &err), qPrintable(err));
        QVERIFY2(TestDatabase::exec(m_db, QStringLiteral("INSERT INTO agents(id, os) VALUES ('001', 'Ubuntu 22.04'); "
                                                         "INSERT INTO alerts(alert_hash, agent_id, rule_level, raw, response_text, state) "
                                                         "SELECT 'c' || g, '001', 10, jsonb_build_object('id', g::text), 'summary ' || g, 'summarized' "
                                                         "FROM generate_series(1, 40) g"),
                                    &err),
                 qPrintable(err));
        const QStringList ids = TestDatabase::scalar(m_db, QStringLiteral("SELECT string_agg(id::text, ',' ORDER BY id) FROM alerts")).split(u',');
        for (const QString &id : ids) m_alerts << id.toLongLong();
        m_conn = m_db.open(QStringLiteral("outbox-claim"), &err);
        QVERIFY2(m_conn.isOpen(), qPrintable(err));
    }

    void cleanupTestCase()
    {
        m_prepared.clear();
        m_conn = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("outbox-claim"));
        TestDatabase::drop(m_db);
    }

    void dueRowsOldestFirstLeasedWithTheirAlerts()
    {
        const qint64 a = row(QStringLiteral("due"), 0), b = row(QStringLiteral("due"), 1), c = row(QStringLiteral("due"), 2);
        const qint64 later = row(QStringLiteral("due"), 3, QStringLiteral(", next_attempt_at"), QStringLiteral(", now() + interval '1 hour'"));
        const qint64 others = row(QStringLiteral("due"), 4, QStringLiteral(", state, claimed_by, claimed_until"),
                                  QStringLiteral(", 'sending', 'daemon-b', now() + interval '1 minute'"));
        OutboxClaim::Result r = claimer().claim(route(QStringLiteral("due")), 2);
        QVERIFY2(r.failedWhat.isEmpty(), qPrintable(r.failedWhat + u' ' + r.error));
        QCOMPARE(r.rows.size(), size_t(2));
        QCOMPARE(r.rows[0].id, a);
        QCOMPARE(r.rows[1].id, b);
        QCOMPARE(r.pausedUntilMs, 0);
        const OutboxClaim::Row &first = r.rows[0];
        QVERIFY(first.prefetched);
        QCOMPARE(first.alertId, m_alerts[0]);
        QCOMPARE(QJsonDocument::fromJson(first.raw).object().value("id").toString(), QString::number(1));
        QCOMPARE(first.summary, QStringLiteral("summary 1"));
        QCOMPARE(first.hash, QStringLiteral("c1"));
        QCOMPARE(first.agentOs, QStringLiteral("Ubuntu 22.04"));
        QVERIFY(!first.unknown);
        QCOMPARE(field(a, QStringLiteral("state || ' ' || claimed_by || ' ' || (first_send_at IS NOT NULL) || ' ' || "
                                         "(claimed_until > now() + interval '50 seconds')")),
                 QStringLiteral("sending daemon-a true true"));
        // the rest: c only (not the one due later, nor the one under daemon-b's lease)
        r = claimer().claim(route(QStringLiteral("due")), 10);
        QCOMPARE(r.rows.size(), size_t(1));
        QCOMPARE(r.rows[0].id, c);
        QCOMPARE(field(later, QStringLiteral("state")), QStringLiteral("pending"));
        QCOMPARE(field(others, QStringLiteral("claimed_by")), QStringLiteral("daemon-b"));
        QVERIFY(claimer().claim(route(QStringLiteral("due")), 10).rows.empty());
    }

    void aLapsedLeaseIsTakenOverAsOutcomeUnknown()
    {
        const qint64 id = row(QStringLiteral("lapsed"), 5, QStringLiteral(", state, claimed_by, claimed_until, attempts"),
                              QStringLiteral(", 'sending', 'daemon-b', now() - interval '1 second', 2"));
        const OutboxClaim::Result r = claimer().claim(route(QStringLiteral("lapsed")), 5);
        QCOMPARE(r.rows.size(), size_t(1));
        QVERIFY(r.rows[0].unknown);
        QCOMPARE(r.rows[0].attempts, 2);
        QCOMPARE(field(id, QStringLiteral("claimed_by || ' ' || outcome_unknown")), QStringLiteral("daemon-a true"));
    }

    void jiraOneRowPerKeyAndNoneWhileOneIsSending()
    {
        const qint64 k1 = row(QStringLiteral("jira"), 6), k1b = row(QStringLiteral("jira"), 7), k2 = row(QStringLiteral("jira"), 8);
        QVERIFY(TestDatabase::exec(m_db, QStringLiteral("UPDATE dispatch_outbox SET dedup_key = CASE WHEN id = %1 THEN '001:2' ELSE '001:1' END "
                                                        "WHERE id IN (%1, %2, %3)").arg(k2).arg(k1).arg(k1b)));
        OutboxClaim::Result r = claimer().claim(route(QStringLiteral("jira"), QStringLiteral("jira")), 10);
        QCOMPARE(r.rows.size(), size_t(2));
        QCOMPARE(r.rows[0].id, k1);
        QCOMPARE(r.rows[1].id, k2);
        // k1's issue is being created: k1b waits (it will comment on that issue), also for another daemon
        QVERIFY(claimer(QStringLiteral("daemon-b")).claim(route(QStringLiteral("jira"), QStringLiteral("jira")), 10).rows.empty());
        QVERIFY(TestDatabase::exec(m_db, QStringLiteral("UPDATE dispatch_outbox SET state = 'sent' WHERE id = %1").arg(k1)));
        r = claimer().claim(route(QStringLiteral("jira"), QStringLiteral("jira")), 10);
        QCOMPARE(r.rows.size(), size_t(1));
        QCOMPARE(r.rows[0].id, k1b);
    }

    void theRateSlotPausesTheRoute()
    {
        for (int i = 9; i < 13; ++i) row(QStringLiteral("slow"), i);
        DispatchRoute r = route(QStringLiteral("slow"));
        r.ratePerSecond = 1;
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        OutboxClaim::Result got = claimer().claim(r, 4);
        QCOMPARE(got.rows.size(), size_t(1));
        QVERIFY2(got.pausedUntilMs >= before + 900, qPrintable(QString::number(got.pausedUntilMs - before)));
        // shared through dispatch_routes: another daemon at once gets nothing and the same pause
        got = claimer(QStringLiteral("daemon-b")).claim(r, 4);
        QVERIFY(got.rows.empty());
        QVERIFY(got.pausedUntilMs > QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(TestDatabase::scalar(m_db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'slow' AND state = 'pending'")),
                 QStringLiteral("3"));
    }

    void aWindowDigestCoalescesTheWaitingRows()
    {
        const QString old = QStringLiteral(", created_at");
        const QString twoMinutes = QStringLiteral(", now() - interval '2 minutes'");
        const QList<qint64> members{row(QStringLiteral("window"), 13, old, twoMinutes), row(QStringLiteral("window"), 14, old, twoMinutes),
                                    row(QStringLiteral("window"), 15)};
        DispatchRoute r = route(QStringLiteral("window"));
        r.digestWindow = true;
        r.digestMinutes = 1;
        const OutboxClaim::Result got = claimer().claim(r, 10);
        QCOMPARE(got.rows.size(), size_t(1));
        QVERIFY(got.rows[0].digest);
        QVERIFY(!got.rows[0].prefetched);  // a digest's alerts are read when it is sent
        for (qint64 m : members)
            QCOMPARE(field(m, QStringLiteral("state || ' ' || digest_id")), QStringLiteral("digested %1").arg(got.rows[0].id));
        // a window not yet over holds its rows
        const qint64 young = row(QStringLiteral("window2"), 16);
        row(QStringLiteral("window2"), 17);
        DispatchRoute r2 = r;
        r2.id = QStringLiteral("window2");
        QVERIFY(claimer().claim(r2, 10).rows.empty());
        QCOMPARE(field(young, QStringLiteral("state")), QStringLiteral("pending"));
    }

    void aFailureRollsEverythingBack()
    {
        const qint64 id = row(QStringLiteral("broken"), 18);
        m_breakWhen = QStringLiteral("SET state = 'sending'");
        const OutboxClaim::Result r = claimer().claim(route(QStringLiteral("broken")), 5);
        m_breakWhen.clear();
        QVERIFY(r.rows.empty());
        QCOMPARE(r.failedWhat, QStringLiteral("claim"));
        QVERIFY2(r.error.contains(QStringLiteral("division by zero")), qPrintable(r.error));
        QCOMPARE(field(id, QStringLiteral("state || ' ' || (claimed_by IS NULL)")), QStringLiteral("pending true"));
        // the connection is usable and the route's lock released: the next claim takes the row
        const OutboxClaim::Result again = claimer(QStringLiteral("daemon-b")).claim(route(QStringLiteral("broken")), 5);
        QVERIFY2(again.failedWhat.isEmpty(), qPrintable(again.error));
        QCOMPARE(again.rows.size(), size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestOutboxClaim)
#include "test_outbox_claim.moc"
