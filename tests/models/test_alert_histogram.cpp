// AlertHistogram against real PostgreSQL: for many filters (each term family, included and excluded,
// level ranges, time terms) every bucket and band equals a count straight from the alerts; filters the
// hourly counts can answer (time, level and one dimension's terms) are answered from them when the
// buckets are whole hours, the others from the alerts; minute buckets never use the counts. The bucket
// width follows the range; a live refresh is throttled to once per interval.
#include "alert_histogram.h"
#include "test_database.h"

#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace eos;
using eos::test::TestDatabase;

namespace {

// 2,000 alerts over the last ~10 days (one every 7 min 13 s back from now), keys repeating at different
// periods; some without agent, rule or source IP
QString alertsSql()
{
    return QStringLiteral(
        "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, alert_ts, groups, src_ip, state, "
        "triage_status, mitre_ids) "
        "SELECT 'hi-' || g, CASE WHEN g % 11 = 0 THEN NULL ELSE lpad((g % 4)::text, 3, '0') END, "
        "       CASE WHEN g % 13 = 0 THEN NULL ELSE 5700 + g % 5 END, g % 16, 'd', '{}', "
        "       now() - interval '1 minute' - (g - 1) * interval '433 seconds', "
        "       CASE g % 4 WHEN 0 THEN '{}'::text[] WHEN 1 THEN '{sshd,authentication_failed}' WHEN 2 THEN '{sshd}' ELSE '{web}' END, "
        "       CASE WHEN g % 5 = 0 THEN NULL ELSE '10.0.0.' || (g % 7) END, "
        "       (ARRAY['new','agent_enriched','summarized','sent']::alert_state[])[1 + g % 4], "
        "       CASE WHEN g % 6 = 0 THEN 'acknowledged' END, CASE WHEN g % 3 = 0 THEN '{T1110}'::text[] ELSE '{}'::text[] END "
        "FROM generate_series(1, 2000) g");
}

}  // namespace

class TestAlertHistogram : public QObject {
    Q_OBJECT
    DbConnectionInfo m_info;
    QSqlDatabase m_db;

    // the bands per bucket straight from the alerts the filter lists, over the result's own buckets
    QString compare(const AlertFilter &f, const AlertHistogram::Result &r)
    {
        QString where;
        QVariantList binds;
        f.toSql(&where, &binds);
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("SELECT floor((extract(epoch FROM alert_ts) * 1000 - ?) / ?)::bigint, "
                                 "CASE WHEN rule_level <= 4 THEN 0 WHEN rule_level <= 7 THEN 1 WHEN rule_level <= 11 THEN 2 ELSE 3 END, "
                                 "count(*) FROM alerts WHERE alert_ts >= ?::timestamptz AND alert_ts < ?::timestamptz "
                                 "AND rule_level IS NOT NULL%1 GROUP BY 1, 2")
                      .arg(where.isEmpty() ? QString() : QStringLiteral(" AND (%1)").arg(where)));
        const qint64 start = r.buckets.isEmpty() ? 0 : r.buckets.first().startMs;
        q.addBindValue(start);
        q.addBindValue(r.bucketSeconds * 1000);
        q.addBindValue(r.from.toString(Qt::ISODateWithMs));
        q.addBindValue(r.to.toString(Qt::ISODateWithMs));
        for (const auto &b : binds) q.addBindValue(b);
        if (!q.exec()) return q.lastError().text();
        QList<std::array<qint64, 4>> want(r.buckets.size());
        qint64 total = 0;
        while (q.next()) {
            const qint64 b = q.value(0).toLongLong();
            if (b < 0 || b >= want.size()) return QStringLiteral("an alert outside the buckets: %1").arg(b);
            want[b][size_t(q.value(1).toInt())] += q.value(2).toLongLong();
            total += q.value(2).toLongLong();
        }
        if (total != r.total()) return QStringLiteral("total: want %1 got %2").arg(total).arg(r.total());
        for (qsizetype i = 0; i < want.size(); ++i)
            if (want[i] != r.buckets[i].counts)
                return QStringLiteral("bucket %1 (%2): want %3/%4/%5/%6 got %7/%8/%9/%10")
                    .arg(i)
                    .arg(QDateTime::fromMSecsSinceEpoch(r.buckets[i].startMs, Qt::UTC).toString(Qt::ISODate))
                    .arg(want[i][0]).arg(want[i][1]).arg(want[i][2]).arg(want[i][3])
                    .arg(r.buckets[i].counts[0]).arg(r.buckets[i].counts[1]).arg(r.buckets[i].counts[2]).arg(r.buckets[i].counts[3]);
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_info = TestDatabase::create(QStringLiteral("histogram"));
        QString err;
        m_db = m_info.open(QStringLiteral("t"), &err);
        QVERIFY2(m_db.isOpen(), qPrintable(err));
        QVERIFY2(TestDatabase::migrate(m_info, &err), qPrintable(err));
        QVERIFY2(TestDatabase::exec(m_info, QStringLiteral("INSERT INTO agents (id) VALUES ('000'), ('001'), ('002'), ('003');") +
                                                alertsSql() + QStringLiteral("; SELECT eos_rollup_fold();") +
                                                // and some not folded yet, some moved on by the pipeline
                                                QStringLiteral("UPDATE alerts SET state = 'sent' WHERE id % 3 = 0;"
                                                               "UPDATE alerts SET triage_status = 'false_positive' WHERE id % 10 = 1"),
                                    &err),
                 qPrintable(err));
    }
    void cleanupTestCase()
    {
        m_db.close();
        TestDatabase::drop(m_info);
    }

    void bandsPerBucketEqualTheAlerts_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<bool>("counts");  // answered from the hourly counts
        const QStringList fromCounts{
            "last:7d", "", "level>=7 last:30d", "level<=4 last:7d", "level:5..8,12 last:7d", "agent:001 last:7d", "agent:001,002 last:7d",
            "-agent:001 last:7d", "-agent:001 -agent:003 level>=3 last:3d", "agent:001 -agent:002 last:7d", "rule:5702 last:7d",
            "-rule:5702 last:7d", "group:sshd last:7d", "srcip:10.0.0.3 last:7d", "state:new last:7d", "-state:sent last:7d",
            "triage:none last:7d", "triage:acknowledged state:new,sent last:7d", "-triage:acknowledged last:7d"};
        for (const QString &f : fromCounts) QTest::newRow(qPrintable(f.isEmpty() ? QStringLiteral("(all)") : f)) << f << true;
        const QStringList fromAlerts{
            "group:sshd,web last:7d", "-group:sshd last:7d", "-srcip:10.0.0.3 last:7d", "agent:001 rule:5702 last:7d",
            "agent:001 -rule:5702 last:7d", "-level:3 last:7d", "\"d\" last:7d", "mitre:T1110 last:7d", "last:6h", "last:1h level>=7"};
        for (const QString &f : fromAlerts) QTest::newRow(qPrintable(f)) << f << false;
        // a fixed range with partial hours at both ends
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString fixed = QStringLiteral("after:%1 before:%2")
                                  .arg(now.addSecs(-5 * 86400 - 1234).toString(Qt::ISODate), now.addSecs(-86400 - 77).toString(Qt::ISODate));
        QTest::newRow("after before") << fixed << true;
        QTest::newRow("after before -agent:002") << (fixed + QStringLiteral(" -agent:002")) << true;
    }
    void bandsPerBucketEqualTheAlerts()
    {
        QFETCH(QString, filter);
        QFETCH(bool, counts);
        QString err;
        const auto f = AlertFilter::parse(filter, &err);
        QVERIFY2(f, qPrintable(err));
        const auto r = AlertHistogram::query(m_db, *f, 120);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.fromCounts, counts);
        QVERIFY(r.total() > 0);
        const QString diff = compare(*f, r);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("%1 buckets of %2 s: %3").arg(r.buckets.size()).arg(r.bucketSeconds).arg(diff)));
    }

    void widthFollowsTheRange()
    {
        QCOMPARE(AlertHistogram::bucketSecondsFor(3600, 60), qint64(60));
        QCOMPARE(AlertHistogram::bucketSecondsFor(24 * 3600, 120), qint64(900));
        QCOMPARE(AlertHistogram::bucketSecondsFor(30 * 86400, 120), qint64(6 * 3600));
        QCOMPARE(AlertHistogram::bucketSecondsFor(3650LL * 86400, 120), qint64(30 * 86400));
    }

    void liveRefreshIsThrottled()
    {
        AlertHistogram h(m_info);
        h.setMinIntervalMs(60000);
        QSignalSpy updated(&h, &AlertHistogram::updated);
        h.setFilter(*AlertFilter::parse(QStringLiteral("last:7d"), nullptr));
        QTRY_COMPARE_WITH_TIMEOUT(updated.size(), 1, 10000);
        QVERIFY(h.result().fromCounts);
        h.scheduleRefresh();
        h.scheduleRefresh();
        QCOMPARE(h.refreshes(), 1);  // held until the interval ends
    }
};

QTEST_GUILESS_MAIN(TestAlertHistogram)
#include "test_alert_histogram.moc"
