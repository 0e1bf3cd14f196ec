// AlertRollup and the hourly counts of 0013_alert_rollup.sql against real PostgreSQL: for every dimension
// and many time windows (open, whole hours, partial hours at either end, less than an hour) the counts
// equal a GROUP BY over the alerts themselves, before and after folding, after the pipeline's state and
// triage updates, after retention deletes, with a transaction still open while another folds, and for
// alerts that were stored before the migration (its back-fill). One session folds at a time.
#include "store/alert_rollup.h"
#include "store/migrator.h"
#include "test_connection.h"
#include "test_database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

using namespace eos;
using eos::test::TestDatabase;
using Conn = eos::test::TestConnection;
using Dim = AlertRollup::Dim;

namespace {

const QDateTime kBase = QDateTime(QDate(2026, 11, 20), QTime(0, 0), Qt::UTC);

// n alerts from kBase on, every 7 minutes 13 seconds (so ~50 hours, hours cut anywhere), with keys that
// repeat at different periods; some without agent, rule, source IP, groups or level
QString alertsSql(int first, int n)
{
    return QStringLiteral(
               "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, alert_ts, groups, src_ip, "
               "mitre_ids, state, triage_status) "
               "SELECT 'ru-' || g, CASE WHEN g %% 11 = 0 THEN NULL ELSE lpad((g %% 4)::text, 3, '0') END, "
               "       CASE WHEN g %% 13 = 0 THEN NULL ELSE 5700 + g %% 5 END, CASE WHEN g %% 17 = 0 THEN NULL ELSE g %% 16 END, 'd', "
               "       jsonb_build_object('rule', jsonb_build_object('mitre', CASE WHEN g %% 3 = 0 THEN "
               "           jsonb_build_object('id', jsonb_build_array('T1110'), 'tactic', "
               "               CASE WHEN g %% 2 = 0 THEN '[\"Credential Access\", \"Lateral Movement\"]'::jsonb "
               "                    ELSE '[\" Credential Access \", \"Credential Access\"]'::jsonb END) END)), "
               "       timestamptz '%1' + (g - 1) * interval '433 seconds', "
               "       CASE g %% 4 WHEN 0 THEN '{}'::text[] WHEN 1 THEN '{sshd,authentication_failed}' "
               "                   WHEN 2 THEN '{sshd,sshd}' ELSE '{web}' END, "
               "       CASE WHEN g %% 5 = 0 THEN NULL WHEN g %% 5 = 1 THEN '' ELSE '10.0.0.' || (g %% 7) END, "
               "       CASE WHEN g %% 3 = 0 THEN '{T1110}'::text[] ELSE '{}'::text[] END, "
               "       (ARRAY['new','agent_enriched','summarized','sent']::alert_state[])[1 + g %% 4], "
               "       CASE WHEN g %% 6 = 0 THEN 'acknowledged' END "
               "FROM generate_series(%2, %3) g")
        .arg(kBase.toString(Qt::ISODate))
        .arg(first)
        .arg(first + n - 1)
        .replace(QStringLiteral("%%"), QStringLiteral("%"));
}

// key|level -> count for one dimension, straight from the alerts (written independently of the rollup)
QMap<QString, qint64> expected(QSqlDatabase &db, Dim dim, const QDateTime &from, const QDateTime &to)
{
    QString keys;
    switch (dim) {
    case Dim::Agent: keys = QStringLiteral("SELECT COALESCE(a.agent_id, '')"); break;
    case Dim::Rule: keys = QStringLiteral("SELECT COALESCE(a.rule_id::text, '')"); break;
    case Dim::State: keys = QStringLiteral("SELECT COALESCE(a.triage_status, 'none') || '/' || a.state"); break;
    case Dim::SourceIp: keys = QStringLiteral("SELECT a.src_ip WHERE COALESCE(a.src_ip, '') <> ''"); break;
    case Dim::Group: keys = QStringLiteral("SELECT DISTINCT x FROM unnest(a.groups) x"); break;
    case Dim::Tactic:
        keys = QStringLiteral("SELECT DISTINCT btrim(x) FROM jsonb_array_elements_text(COALESCE(a.raw #> '{rule,mitre,tactic}', '[]')) x");
        break;
    }
    QStringList cond{QStringLiteral("TRUE")};
    QVariantList binds;
    if (from.isValid()) {
        cond << QStringLiteral("a.alert_ts >= ?::timestamptz");
        binds << from.toString(Qt::ISODateWithMs);
    }
    if (to.isValid()) {
        cond << QStringLiteral("a.alert_ts < ?::timestamptz");
        binds << to.toString(Qt::ISODateWithMs);
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT k.key || '|' || COALESCE(a.rule_level, -1), count(*) FROM alerts a "
                             "CROSS JOIN LATERAL (%1) k(key) WHERE %2 GROUP BY 1")
                  .arg(keys, cond.join(QStringLiteral(" AND "))));
    for (const auto &b : binds) q.addBindValue(b);
    QMap<QString, qint64> out;
    if (!q.exec()) qWarning("expected: %s", qPrintable(q.lastError().text()));
    while (q.next()) out.insert(q.value(0).toString(), q.value(1).toLongLong());
    return out;
}

QMap<QString, qint64> fromCounts(QSqlDatabase &db, Dim dim, const QDateTime &from, const QDateTime &to)
{
    QVariantList binds;
    const QString rel = AlertRollup::countsSql(dim, AlertRollup::split(from, to), &binds);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT key || '|' || level, sum(n) FROM %1 c GROUP BY 1 HAVING sum(n) <> 0").arg(rel));
    for (const auto &b : binds) q.addBindValue(b);
    QMap<QString, qint64> out;
    if (!q.exec()) qWarning("counts: %s", qPrintable(q.lastError().text()));
    while (q.next()) out.insert(q.value(0).toString(), q.value(1).toLongLong());
    return out;
}

const QList<Dim> kDims{Dim::Agent, Dim::Rule, Dim::SourceIp, Dim::Group, Dim::Tactic, Dim::State};

QList<QPair<QDateTime, QDateTime>> windows()
{
    const QDateTime none;
    return {{none, none},
            {kBase.addSecs(3600 * 5), kBase.addSecs(3600 * 9)},                 // whole hours
            {kBase.addSecs(3600 * 5 + 1234), kBase.addSecs(3600 * 30 + 59)},    // partial hours at both ends
            {kBase.addSecs(3600 * 7 + 600), none},                              // from a partial hour, open end
            {none, kBase.addSecs(3600 * 20 + 1)},                               // open start
            {kBase.addSecs(3600 * 3 + 100), kBase.addSecs(3600 * 3 + 3000)},    // inside one hour
            {kBase.addSecs(3600 * 3 + 100), kBase.addSecs(3600 * 4 + 3000)},    // across one boundary only
            {kBase.addMSecs(3600 * 1000 * 2 + 1), kBase.addMSecs(3600 * 1000 * 40 - 1)},  // ms from the hours
            {kBase.addSecs(3600 * 5 + 3000), kBase.addSecs(3600 * 9 + 3500)},  // start added, end subtracted
            {kBase.addSecs(3600 * 2 + 1000), kBase.addSecs(3600 * 2 + 2000)},  // short: its own alerts
            {kBase.addSecs(3600 * 10 + 300), QDateTime::currentDateTimeUtc()}};  // up to now
}

// every dimension over every window; returns a description of the first difference
QString compareAll(QSqlDatabase &db, bool requireData = true)
{
    for (Dim d : kDims) {
        for (const auto &[from, to] : windows()) {
            const auto want = expected(db, d, from, to);
            const auto got = fromCounts(db, d, from, to);
            if (requireData && want.isEmpty() && d != Dim::SourceIp) return QStringLiteral("no alerts expected in a window: the test data is wrong");
            if (want != got) {
                QString diff;
                for (auto it = want.cbegin(); it != want.cend(); ++it)
                    if (got.value(it.key()) != it.value()) diff += QStringLiteral(" %1: want %2 got %3;").arg(it.key()).arg(it.value()).arg(got.value(it.key()));
                for (auto it = got.cbegin(); it != got.cend(); ++it)
                    if (!want.contains(it.key())) diff += QStringLiteral(" %1: want none got %2;").arg(it.key()).arg(it.value());
                return QStringLiteral("dim %1, window %2 .. %3:%4")
                    .arg(AlertRollup::dimCode(d), from.toString(Qt::ISODate), to.toString(Qt::ISODate), diff);
            }
        }
    }
    return {};
}

qint64 count(const DbConnectionInfo &info, const QString &sql) { return TestDatabase::scalar(info, sql).toLongLong(); }

const QString kAgentsSql = QStringLiteral("INSERT INTO agents (id) VALUES ('000'), ('001'), ('002'), ('003')");

// a migrated database with the four agents and alerts 1..n
DbConnectionInfo migratedWith(const QString &hint, int n)
{
    const auto info = TestDatabase::create(hint);
    QString err;
    if (!TestDatabase::migrate(info, &err) || !TestDatabase::exec(info, kAgentsSql, &err) || !TestDatabase::exec(info, alertsSql(1, n), &err))
        qFatal("setting up %s: %s", qPrintable(hint), qPrintable(err));
    return info;
}

}  // namespace

class TestAlertRollup : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void splitsARangeIntoWholeHours()
    {
        const QDateTime later = kBase.addDays(30);  // "now": every part of these ranges is in the past
        // each end: the part of its hour inside the range added, or the whole hour counted and the part
        // outside subtracted, whichever covers less time
        const auto w = AlertRollup::split(kBase.addSecs(90), kBase.addSecs(3 * 3600 + 5), later);
        QCOMPARE(w.h0, kBase);  // [kBase, +90 s) subtracted rather than [+90 s, +1 h) added
        QVERIFY(w.subtractFrom);
        QCOMPARE(w.h1, kBase.addSecs(3 * 3600));  // [+3 h, +3 h 5 s) added
        QVERIFY(!w.subtractTo);
        QVERIFY(w.useCounts);
        const auto late = AlertRollup::split(kBase.addSecs(3000), kBase.addSecs(3 * 3600 + 3500), later);
        QCOMPARE(late.h0, kBase.addSecs(3600));
        QVERIFY(!late.subtractFrom);
        QCOMPARE(late.h1, kBase.addSecs(4 * 3600));
        QVERIFY(late.subtractTo);
        const auto exact = AlertRollup::split(kBase, kBase.addSecs(3600), later);
        QCOMPARE(exact.h0, kBase);
        QCOMPARE(exact.h1, kBase.addSecs(3600));
        QVERIFY(exact.useCounts && !exact.subtractFrom && !exact.subtractTo);
        // inside one hour: the hour minus 60 s and 100 s beats reading 3,440 s
        const auto most = AlertRollup::split(kBase.addSecs(60), kBase.addSecs(3500), later);
        QVERIFY(most.useCounts && most.subtractFrom && most.subtractTo);
        QCOMPARE(most.h0, kBase);
        QCOMPARE(most.h1, kBase.addSecs(3600));
        // a short range reads its own alerts (1,000 s) rather than ends of 2,600 s
        const auto shortRange = AlertRollup::split(kBase.addSecs(1000), kBase.addSecs(2000), later);
        QVERIFY(!shortRange.useCounts);
        QVERIFY(!shortRange.subtractFrom && !shortRange.subtractTo);
        QVERIFY(!AlertRollup::split(kBase.addSecs(1800), kBase.addSecs(3700), later).useCounts);  // 1,900 s vs 1,900 s
        // a range ending now: the rest of the current hour is in the future, so nothing is read for it
        const QDateTime now = kBase.addSecs(2 * 3600 + 600);
        const auto live = AlertRollup::split(kBase.addSecs(600), now, now);
        QCOMPARE(live.h1, kBase.addSecs(3 * 3600));
        QVERIFY(live.subtractTo);
        QVERIFY(live.useCounts);
        // the same range seen a day later: its last 10 minutes are added instead of 50 subtracted
        QVERIFY(!AlertRollup::split(kBase.addSecs(600), now, now.addDays(1)).subtractTo);
        const auto open = AlertRollup::split(QDateTime(), QDateTime());
        QVERIFY(open.useCounts);
        QVERIFY(!open.h0.isValid() && !open.h1.isValid());
        // another zone is the same instant
        const QDateTime berlin = kBase.addSecs(2000).toTimeZone(QTimeZone("Europe/Berlin"));
        QCOMPARE(AlertRollup::split(berlin, QDateTime(), later).h0, kBase.addSecs(3600));
    }

    void countsEqualTheAlertsThroughInsertsUpdatesDeletesAndFolds()
    {
        // two inserts, the second overlapping the first's hours
        const auto info = migratedWith(QStringLiteral("rollup"), 300);
        QString err;
        QVERIFY2(TestDatabase::exec(info, alertsSql(301, 120) + QStringLiteral(";") +
                                              QStringLiteral("UPDATE alerts SET alert_ts = alert_ts - interval '30 hours' WHERE alert_hash LIKE 'ru-3__' AND id > 300"),
                                    &err),
                 qPrintable(err));
        Conn c(info);
        QSqlDatabase &db = c.db();
        QVERIFY(count(info, QStringLiteral("SELECT count(*) FROM alert_rollup_delta")) > 0);  // not folded yet
        QCOMPARE(count(info, QStringLiteral("SELECT count(*) FROM alert_rollup")), 0);
        QString diff = compareAll(db);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("before the fold: ") + diff));

        QVERIFY(AlertRollup::fold(db, &err) > 0);
        QCOMPARE(count(info, QStringLiteral("SELECT count(*) FROM alert_rollup_delta")), 0);
        diff = compareAll(db);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("after the fold: ") + diff));

        // the pipeline moves alerts on and analysts triage them; an update that changes nothing counted
        // adds no delta
        QVERIFY2(TestDatabase::exec(info, QStringLiteral("UPDATE alerts SET rule_desc = 'changed' WHERE id % 2 = 0"), &err), qPrintable(err));
        QCOMPARE(count(info, QStringLiteral("SELECT count(*) FROM alert_rollup_delta")), 0);
        QVERIFY2(TestDatabase::exec(info, QStringLiteral(
                                              "UPDATE alerts SET state = 'sent' WHERE state = 'summarized';"
                                              "UPDATE alerts SET triage_status = 'false_positive' WHERE id % 5 = 0;"
                                              "UPDATE alerts SET rule_level = 15, mitre_ids = '{}', raw = raw #- '{rule,mitre}' WHERE id % 9 = 0;"),
                                    &err),
                 qPrintable(err));
        diff = compareAll(db);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("after updates: ") + diff));
        QVERIFY(AlertRollup::fold(db, &err) > 0);
        diff = compareAll(db);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("after updates, folded: ") + diff));

        // retention deletes; keys whose alerts are all gone leave no zero rows behind after the fold
        QVERIFY2(TestDatabase::exec(info, QStringLiteral("DELETE FROM alerts WHERE alert_ts < timestamptz '%1' OR id % 7 = 0")
                                              .arg(kBase.addSecs(10 * 3600).toString(Qt::ISODate)),
                                    &err),
                 qPrintable(err));
        diff = compareAll(db, false);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("after deletes: ") + diff));
        QVERIFY(AlertRollup::fold(db, &err) > 0);
        diff = compareAll(db, false);
        QVERIFY2(diff.isEmpty(), qPrintable(QStringLiteral("after deletes, folded: ") + diff));
        QCOMPARE(count(info, QStringLiteral("SELECT count(*) FROM alert_rollup WHERE n <= 0")), 0);
        QCOMPARE(count(info, QStringLiteral("SELECT count(*) FROM alert_rollup WHERE hour < timestamptz '%1'")
                                 .arg(kBase.addSecs(10 * 3600).toString(Qt::ISODate))),
                 0);
        // every alert once in the state dimension
        QCOMPARE(count(info, QStringLiteral("SELECT sum(n) FROM alert_rollup WHERE dim = 'x'")),
                 count(info, QStringLiteral("SELECT count(*) FROM alerts")));
        TestDatabase::drop(info);
    }

    // A transaction still open while another session folds: its deltas stay for the next fold, and a
    // second folder at the same moment skips its turn.
    void foldsOnlyWhatIsCommittedOneSessionAtATime()
    {
        const auto info = migratedWith(QStringLiteral("rollup-conc"), 100);
        QString err;
        Conn writer(info);
        Conn folder(info);
        Conn other(info);
        QVERIFY(writer.db().transaction());
        QSqlQuery w(writer.db());
        QVERIFY2(w.exec(alertsSql(101, 50)), qPrintable(w.lastError().text()));
        QVERIFY(AlertRollup::fold(folder.db(), &err) > 0);  // the first 100 only
        QVERIFY(writer.db().commit());
        QString diff = compareAll(other.db());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        QVERIFY(count(info, QStringLiteral("SELECT count(*) FROM alert_rollup_delta")) > 0);  // the 50 wait

        QVERIFY(folder.db().transaction());
        QVERIFY(AlertRollup::fold(folder.db(), &err) > 0);  // holds the fold lock until commit
        QCOMPARE(AlertRollup::fold(other.db(), &err), qint64(-1));
        QVERIFY(folder.db().commit());
        QCOMPARE(AlertRollup::fold(other.db(), &err), qint64(0));  // nothing left
        diff = compareAll(other.db());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        TestDatabase::drop(info);
    }

    // Alerts stored before the migration are counted by its back-fill, and the triggers take over.
    void migrationCountsTheAlertsAlreadyThere()
    {
        const auto info = TestDatabase::create(QStringLiteral("rollup-backfill"));
        QString err;
        auto all = Migrator::builtin();
        int before = 0;
        while (before < all.size() && all[before].version < 13) ++before;
        {
            Conn c(info);
            const auto r = Migrator(all.mid(0, before)).migrate(c.db());
            QVERIFY2(r.ok, qPrintable(r.error));
        }
        QVERIFY(TestDatabase::scalar(info, QStringLiteral("SELECT to_regclass('alert_rollup') IS NULL")) == QLatin1String("true"));
        QVERIFY2(TestDatabase::exec(info, kAgentsSql, &err), qPrintable(err));
        QVERIFY2(TestDatabase::exec(info, alertsSql(1, 200), &err), qPrintable(err));
        QVERIFY2(TestDatabase::migrate(info, &err), qPrintable(err));
        QCOMPARE(count(info, QStringLiteral("SELECT count(*) FROM alert_rollup_delta")), 0);
        QCOMPARE(count(info, QStringLiteral("SELECT sum(n) FROM alert_rollup WHERE dim = 'x'")), 200);
        QVERIFY2(TestDatabase::exec(info, alertsSql(201, 30), &err), qPrintable(err));
        Conn c(info);
        const QString diff = compareAll(c.db());
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        TestDatabase::drop(info);
    }
};

QTEST_GUILESS_MAIN(TestAlertRollup)
#include "test_alert_rollup.moc"
