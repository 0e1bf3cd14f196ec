// OverviewModel against real PostgreSQL: known alerts in and every aggregate checked exactly (severity
// bands, top rules / agents / source IPs, MITRE tactics, triage states, pipeline stages), each item's
// click-through filter lists exactly the alerts it counts, a range change, an empty range, and live
// refreshes from NOTIFY new_alert (throttled, held while inactive).
#include "overview_model.h"
#include "test_database.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace eos;
using eos::test::TestDatabase;

namespace {
// n alerts of one kind, `hoursAgo` before now (a second apart), with triage and pipeline state
QString alertsSql(int firstSeq, int n, int rule, int level, const QString &desc, const QString &agent, const QString &srcIp,
                  const QStringList &mitre, const QStringList &tactics, double hoursAgo, const QString &state,
                  const QString &triage = {})
{
    const QString ids = mitre.isEmpty() ? QStringLiteral("'{}'::text[]")
                                        : QStringLiteral("ARRAY['%1']").arg(mitre.join(QStringLiteral("','")));
    const QString tac = tactics.isEmpty() ? QStringLiteral("'[]'::jsonb")
                                          : QStringLiteral("'[\"%1\"]'::jsonb").arg(tactics.join(QStringLiteral("\",\"")));
    return QStringLiteral(
               "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, alert_ts, agent_name, groups, src_ip, "
               "mitre_ids, state, triage_status) "
               "SELECT 'ov-' || g, '%3', %1, %2, '%4', jsonb_build_object('rule', jsonb_build_object('id', '%1', 'level', %2, "
               "  'description', '%4', 'mitre', jsonb_build_object('id', to_jsonb(%6), 'tactic', %7)), "
               "  'agent', jsonb_build_object('id', '%3'), 'data', %5), "
               "now() - interval '%8 hours' - g * interval '1 second', 'host-%3', '{}', %9, %6, '%10', %11 "
               "FROM generate_series(%12, %13) g;")
        .arg(rule).arg(level).arg(agent, desc,
             srcIp.isEmpty() ? QStringLiteral("'{}'::jsonb") : QStringLiteral("jsonb_build_object('srcip', '%1')").arg(srcIp),
             ids, tac)
        .arg(hoursAgo)
        .arg(srcIp.isEmpty() ? QStringLiteral("NULL") : QStringLiteral("'%1'").arg(srcIp), state,
             triage.isEmpty() ? QStringLiteral("NULL") : QStringLiteral("'%1'").arg(triage))
        .arg(firstSeq)
        .arg(firstSeq + n - 1);
}

QList<QPair<QString, qint64>> pairs(const QList<OverviewModel::Item> &items)
{
    QList<QPair<QString, qint64>> out;
    for (const auto &i : items) out << qMakePair(i.key, i.count);
    return out;
}
}  // namespace

class TestOverviewModel : public QObject {
    Q_OBJECT
    DbConnectionInfo m_info;
    QSqlDatabase m_db;

    // the alerts a Live Alerts filter lists (the same SQL the table's pages use)
    qint64 countFor(const QString &filterText)
    {
        QString err;
        const auto f = AlertFilter::parse(filterText, &err);
        if (!f) {
            qWarning("%s: %s", qPrintable(filterText), qPrintable(err));
            return -1;
        }
        QString where;
        QVariantList binds;
        f->toSql(&where, &binds);
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT count(*) FROM alerts") + (where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where));
        for (const auto &b : binds) q.addBindValue(b);
        if (!q.exec() || !q.next()) {
            qWarning("%s", qPrintable(q.lastError().text()));
            return -1;
        }
        return q.value(0).toLongLong();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_info = TestDatabase::create(QStringLiteral("overview"));
        QString err;
        m_db = m_info.open(QStringLiteral("t"), &err);
        QVERIFY2(m_db.isOpen(), qPrintable(err));
        QVERIFY2(TestDatabase::migrate(m_info, &err), qPrintable(err));
        QString sql = QStringLiteral("INSERT INTO agents (id, name) VALUES ('001', 'web-01'), ('002', 'db-01'), ('003', 'mail-01');");
        const QStringList cred{QStringLiteral("Credential Access")};
        // within the last 24 hours: 12 alerts
        sql += alertsSql(1, 3, 5710, 5, QStringLiteral("sshd: Attempt to login using a non-existent user"), QStringLiteral("001"),
                         QStringLiteral("10.0.0.5"), {QStringLiteral("T1110.001")}, cred, 1, QStringLiteral("new"));
        sql += alertsSql(4, 1, 5710, 5, QStringLiteral("sshd: Attempt to login using a non-existent user"), QStringLiteral("001"),
                         QStringLiteral("10.0.0.5"), {QStringLiteral("T1110.001")}, cred, 1, QStringLiteral("sent"));
        sql += alertsSql(5, 2, 5710, 5, QStringLiteral("sshd: Attempt to login using a non-existent user"), QStringLiteral("001"),
                         QStringLiteral("10.0.0.5"), {QStringLiteral("T1110.001")}, cred, 1, QStringLiteral("sent"), QStringLiteral("acknowledged"));
        sql += alertsSql(7, 2, 5712, 10, QStringLiteral("sshd: brute force"), QStringLiteral("002"), QStringLiteral("10.0.0.6"),
                         {QStringLiteral("T1110"), QStringLiteral("T1021")}, {QStringLiteral("Credential Access"), QStringLiteral("Lateral Movement")},
                         2, QStringLiteral("summarized"));
        sql += alertsSql(9, 1, 5712, 10, QStringLiteral("sshd: brute force"), QStringLiteral("002"), QStringLiteral("10.0.0.6"),
                         {QStringLiteral("T1110"), QStringLiteral("T1021")}, {QStringLiteral("Credential Access"), QStringLiteral("Lateral Movement")},
                         2, QStringLiteral("summarized"), QStringLiteral("escalated"));
        sql += alertsSql(10, 1, 86601, 12, QStringLiteral("Suricata: log4j RCE attempt"), QStringLiteral("002"), {},
                         {QStringLiteral("T1190")}, {QStringLiteral("Initial Access")}, 3, QStringLiteral("failed"));
        sql += alertsSql(11, 1, 86601, 12, QStringLiteral("Suricata: log4j RCE attempt"), QStringLiteral("002"), {},
                         {QStringLiteral("T1190")}, {QStringLiteral("Initial Access")}, 3, QStringLiteral("new"), QStringLiteral("false_positive"));
        sql += alertsSql(12, 1, 504, 3, QStringLiteral("Wazuh agent disconnected."), QStringLiteral("003"), {}, {}, {}, 4,
                         QStringLiteral("agent_enriched"));
        // three days ago: 4 more
        sql += alertsSql(13, 4, 550, 7, QStringLiteral("Integrity checksum changed."), QStringLiteral("003"), QStringLiteral("10.0.0.9"),
                         {}, {}, 72, QStringLiteral("sent"));
        QVERIFY2(TestDatabase::exec(m_info, sql, &err), qPrintable(err));
        QCOMPARE(TestDatabase::scalar(m_info, QStringLiteral("SELECT count(*) FROM alerts")), QStringLiteral("16"));
    }

    void aggregatesOfTheLastDay()
    {
        // no daemon folds the hourly counts here: the Overview folds them itself, and counts right either way
        QVERIFY(TestDatabase::scalar(m_info, QStringLiteral("SELECT count(*) FROM alert_rollup_delta")).toInt() > 0);
        OverviewModel m(m_info);
        QCOMPARE(m.rangeTerms(), QStringLiteral("last:1d"));  // the default range: the last 24 hours
        QSignalSpy updated(&m, &OverviewModel::updated);
        m.refresh();
        QVERIFY(updated.wait(10000));
        const auto r = m.result();
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.total, qint64(12));
        QVERIFY(!r.isEmpty());
        // severity bands: ≤4, 5–7, 8–11, ≥12
        QCOMPARE(r.histogram.totals[0], qint64(1));
        QCOMPARE(r.histogram.totals[1], qint64(6));
        QCOMPARE(r.histogram.totals[2], qint64(3));
        QCOMPARE(r.histogram.totals[3], qint64(2));
        QCOMPARE(r.histogram.bucketSeconds, qint64(3600));  // per hour over a day
        qint64 inBuckets = 0;
        for (const auto &b : r.histogram.buckets) inBuckets += b.total();
        QCOMPARE(inBuckets, qint64(12));
        QCOMPARE(TestDatabase::scalar(m_info, QStringLiteral("SELECT count(*) FROM alert_rollup_delta")), QStringLiteral("0"));

        using P = QList<QPair<QString, qint64>>;
        QCOMPARE(pairs(r.topRules), (P{{"5710", 6}, {"5712", 3}, {"86601", 2}, {"504", 1}}));
        QCOMPARE(r.topRules.first().label, QStringLiteral("sshd: Attempt to login using a non-existent user"));
        QCOMPARE(r.topRules.first().term, QStringLiteral("rule:5710"));
        QCOMPARE(pairs(r.topAgents), (P{{"001", 6}, {"002", 5}, {"003", 1}}));
        QCOMPARE(r.topAgents.first().label, QStringLiteral("web-01"));
        QCOMPARE(r.topAgents.first().term, QStringLiteral("agent:001"));
        QCOMPARE(pairs(r.topSourceIps), (P{{"10.0.0.5", 6}, {"10.0.0.6", 3}}));
        QCOMPARE(r.topSourceIps.first().term, QStringLiteral("data.srcip:10.0.0.5"));
        QCOMPARE(pairs(r.tactics), (P{{"Credential Access", 9}, {"Lateral Movement", 3}, {"Initial Access", 2}}));
        QCOMPARE(r.tactics.first().term, QStringLiteral("rule.mitre.tactic[0]:\"Credential Access\""));
        QCOMPARE(pairs(r.triageStates), (P{{"none", 8}, {"acknowledged", 2}, {"false_positive", 1}, {"escalated", 1}}));
        QCOMPARE(pairs(r.pipelineStages),
                 (P{{"new", 4}, {"agent_enriched", 1}, {"summarized", 3}, {"sent", 3}, {"failed", 1}, {"archived", 0}}));

        // every item's click-through lists exactly the alerts it counts
        QCOMPARE(m.clickThroughFilter(QStringLiteral("agent:001")), QStringLiteral("agent:001 last:1d"));
        for (const auto *list : {&r.topRules, &r.topAgents, &r.topSourceIps, &r.tactics, &r.triageStates, &r.pipelineStages})
            for (const auto &item : *list)
                QVERIFY2(countFor(m.clickThroughFilter(item.term)) == item.count,
                         qPrintable(QStringLiteral("%1: %2 listed, %3 counted").arg(m.clickThroughFilter(item.term))
                                        .arg(countFor(m.clickThroughFilter(item.term))).arg(item.count)));
        QCOMPARE(countFor(m.clickThroughFilter(QStringLiteral("level:12..16"))), r.histogram.totals[3]);
        QCOMPARE(countFor(m.clickThroughFilter(QStringLiteral("level:5..7"))), r.histogram.totals[1]);
    }

    void rangeChanges()
    {
        OverviewModel m(m_info);
        QSignalSpy updated(&m, &OverviewModel::updated);
        // all time: the three-day-old alerts count too
        QVERIFY(m.setRangeTerms(QString()));
        QCOMPARE(m.rangeTerms(), QString());
        QCOMPARE(m.clickThroughFilter(QStringLiteral("rule:550")), QStringLiteral("rule:550"));
        m.refresh();
        QVERIFY(updated.wait(10000));
        auto r = m.result();
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.total, qint64(16));
        using P = QList<QPair<QString, qint64>>;
        QCOMPARE(pairs(r.topRules), (P{{"5710", 6}, {"550", 4}, {"5712", 3}, {"86601", 2}, {"504", 1}}));
        QCOMPARE(pairs(r.topAgents), (P{{"001", 6}, {"002", 5}, {"003", 5}}));
        QCOMPARE(pairs(r.topSourceIps), (P{{"10.0.0.5", 6}, {"10.0.0.9", 4}, {"10.0.0.6", 3}}));
        QCOMPARE(r.pipelineStages.at(3).count, qint64(7));  // sent
        QCOMPARE(r.histogram.totals[1], qint64(10));

        // a custom range around the old alerts only
        const QDateTime old = QDateTime::currentDateTimeUtc().addSecs(-72 * 3600);
        const QString terms = QStringLiteral("after:%1 before:%2")
                                  .arg(old.addSecs(-3600).toString(Qt::ISODate), old.addSecs(3600).toString(Qt::ISODate));
        QVERIFY(m.setRangeTerms(terms));
        m.refresh();
        QVERIFY(updated.wait(10000));
        r = m.result();
        QCOMPARE(r.total, qint64(4));
        QCOMPARE(pairs(r.topRules), (P{{"550", 4}}));
        QVERIFY(r.tactics.isEmpty());
        QCOMPARE(countFor(m.clickThroughFilter(QStringLiteral("rule:550"))), qint64(4));

        // the top N
        m.setTopN(2);
        QVERIFY(m.setRangeTerms(QStringLiteral("last:7d")));
        m.refresh();
        QVERIFY(updated.wait(10000));
        QCOMPARE(pairs(m.result().topRules), (P{{"5710", 6}, {"550", 4}}));

        // nothing in range: empty, no error
        QVERIFY(m.setRangeTerms(QStringLiteral("last:15m")));
        m.refresh();
        QVERIFY(updated.wait(10000));
        r = m.result();
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(r.isEmpty());
        QVERIFY(r.topRules.isEmpty() && r.topAgents.isEmpty() && r.topSourceIps.isEmpty() && r.tactics.isEmpty());
        QCOMPARE(r.triageStates.size(), 4);
        QCOMPARE(r.triageStates.first().count, qint64(0));

        // only time terms set the range
        QString err;
        QVERIFY(!m.setRangeTerms(QStringLiteral("agent:001 last:1h"), &err));
        QVERIFY(!err.isEmpty());
        QVERIFY(!m.setRangeTerms(QStringLiteral("last:5y"), &err));
        QCOMPARE(m.rangeTerms(), QStringLiteral("last:15m"));
    }

    void liveRefreshes()
    {
        OverviewModel m(m_info);
        m.setMinIntervalMs(400);
        QSignalSpy updated(&m, &OverviewModel::updated);
        QSignalSpy listening(&m, &OverviewModel::listeningChanged);
        m.startLive();
        QTRY_VERIFY_WITH_TIMEOUT(m.isListening(), 10000);
        m.refresh();
        QVERIFY(updated.wait(10000));
        QCOMPARE(m.result().total, qint64(12));

        // a new alert and its NOTIFY: refreshed without being asked
        QString err;
        QVERIFY2(TestDatabase::exec(m_info, alertsSql(100, 1, 5710, 5, QStringLiteral("sshd: Attempt to login using a non-existent user"),
                                                      QStringLiteral("001"), QStringLiteral("10.0.0.5"), {QStringLiteral("T1110.001")},
                                                      {QStringLiteral("Credential Access")}, 0, QStringLiteral("new"))
                                                + QStringLiteral("NOTIFY new_alert, '100';"), &err), qPrintable(err));
        QTRY_COMPARE_WITH_TIMEOUT(m.result().total, qint64(13), 10000);
        QCOMPARE(m.result().topAgents.first().count, qint64(7));

        // inactive (page hidden): notifications are remembered, not run; activation catches up
        m.setActive(false);
        QTest::qWait(500);  // (lets the throttle of the last refresh run out)
        const int before = m.refreshes();
        QVERIFY2(TestDatabase::exec(m_info, alertsSql(101, 2, 504, 3, QStringLiteral("Wazuh agent disconnected."), QStringLiteral("003"),
                                                      {}, {}, {}, 0, QStringLiteral("new"))
                                                + QStringLiteral("NOTIFY new_alert, '102';"), &err), qPrintable(err));
        QTest::qWait(1500);
        QCOMPARE(m.refreshes(), before);
        QCOMPARE(m.result().total, qint64(13));
        m.setActive(true);
        QTRY_COMPARE_WITH_TIMEOUT(m.result().total, qint64(15), 10000);
        QCOMPARE(m.result().triageStates.first().count, qint64(11));

        // a burst of notifications: at most one refresh per interval
        const int burstStart = m.refreshes();
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 10; ++i) QVERIFY(TestDatabase::exec(m_info, QStringLiteral("NOTIFY new_alert"), &err));
        QTest::qWait(1000);
        const int ran = m.refreshes() - burstStart;
        QVERIFY2(ran <= int(t.elapsed() / 400) + 1, qPrintable(QString::number(ran)));
        QVERIFY(ran >= 1);
    }

    void databaseDown()
    {
        DbConnectionInfo bad = m_info;
        bad.database = QStringLiteral("no_such_db_anywhere");
        OverviewModel m(bad);
        QSignalSpy updated(&m, &OverviewModel::updated);
        m.refresh();
        QVERIFY(updated.wait(15000));
        QVERIFY(!m.result().error.isEmpty());
        QCOMPARE(m.result().total, qint64(0));
    }

    void cleanupTestCase()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("t"));
    }
};

QTEST_MAIN(TestOverviewModel)
#include "test_overview_model.moc"
