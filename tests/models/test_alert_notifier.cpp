// AlertNotifier: alerts at or above EOS_NOTIFY_LEVEL raise a notification, rate-limited (the first at
// once, then at most one per interval with the ones in between counted into it), and count as unseen
// until the analyst looks; fed by the live feed (LISTEN new_alert) with its own level filter.
#include "alert_fixture.h"
#include "alert_notifier.h"
#include "test_database.h"

#include <QSignalSpy>
#include <QTest>

using namespace eos;
using eos::test::AlertFixture;
using eos::test::TestDatabase;

namespace {
AlertRow row(qint64 id, int level, const QString &desc = QStringLiteral("sshd: brute force"), const QString &agent = QStringLiteral("web-01"))
{
    AlertRow r;
    r.id = id;
    r.level = level;
    r.ruleDesc = desc;
    r.agentName = agent;
    return r;
}
}  // namespace

class TestAlertNotifier : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rateLimitedAndCoalesced()
    {
        AlertNotifier n(DbConnectionInfo{}, 12);
        QCOMPARE(n.level(), 12);
        QCOMPARE(n.minInterval(), 10000);
        QSignalSpy notified(&n, &AlertNotifier::notify);
        QSignalSpy unseen(&n, &AlertNotifier::unseenChanged);
        const qint64 t0 = 1'700'000'000'000;

        // below the level: nothing
        n.addAlerts({row(1, 11), row(2, 3)}, t0);
        QCOMPARE(notified.count(), 0);
        QCOMPARE(n.unseen(), 0);

        // the first one at once, about that alert
        n.addAlerts({row(3, 12)}, t0);
        QCOMPARE(notified.count(), 1);
        auto first = notified.at(0).at(0).value<AlertNotifier::Notification>();
        QCOMPARE(first.count, 1);
        QCOMPARE(first.alertId, qint64(3));
        QCOMPARE(first.title, QStringLiteral("Level 12 alert"));
        QCOMPARE(first.text, QStringLiteral("sshd: brute force (agent web-01)"));
        QCOMPARE(first.filter(), QStringLiteral("id:3"));
        QCOMPARE(n.unseen(), 1);
        QCOMPARE(unseen.last().at(0).toInt(), 1);

        // within the interval: counted, not shown
        n.addAlerts({row(4, 13), row(5, 11), row(6, 12)}, t0 + 1000);
        n.addAlerts({row(7, 15, QStringLiteral("Rootkit detected"), QStringLiteral("db-02"))}, t0 + 5000);
        QCOMPARE(notified.count(), 1);
        QCOMPARE(n.pending(), 3);
        QCOMPARE(n.unseen(), 4);
        n.flush(t0 + 9999);
        QCOMPARE(notified.count(), 1);

        // the interval is over: one notification for the three, naming the most severe
        n.flush(t0 + 10000);
        QCOMPARE(notified.count(), 2);
        auto coalesced = notified.at(1).at(0).value<AlertNotifier::Notification>();
        QCOMPARE(coalesced.count, 3);
        QCOMPARE(coalesced.alertId, qint64(0));
        QCOMPARE(coalesced.title, QStringLiteral("3 alerts at level 12 or above"));
        QCOMPARE(coalesced.text, QStringLiteral("Highest: level 15, Rootkit detected (agent db-02)"));
        QCOMPARE(coalesced.filter(), QStringLiteral("level>=12"));
        QCOMPARE(n.pending(), 0);
        n.flush(t0 + 30000);  // nothing pending: nothing shown
        QCOMPARE(notified.count(), 2);

        // long after: the next one is shown at once again
        n.addAlerts({row(8, 14)}, t0 + 60000);
        QCOMPARE(notified.count(), 3);

        // the analyst looked: the count clears
        QCOMPARE(n.unseen(), 5);
        n.markSeen();
        QCOMPARE(n.unseen(), 0);
        QCOMPARE(unseen.last().at(0).toInt(), 0);
    }

    void pendingShownByTheTimer()
    {
        AlertNotifier n(DbConnectionInfo{}, 10);
        n.setMinInterval(300);
        QSignalSpy notified(&n, &AlertNotifier::notify);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        n.addAlerts({row(1, 10)}, now);
        n.addAlerts({row(2, 10), row(3, 12)}, now);
        QCOMPARE(notified.count(), 1);
        // nobody calls flush: the notifier's own timer shows the pending two when the interval is over
        QTRY_COMPARE_WITH_TIMEOUT(notified.count(), 2, 5000);
        QCOMPARE(notified.at(1).at(0).value<AlertNotifier::Notification>().count, 2);
    }

    void followsTheLiveFeed()
    {
        const DbConnectionInfo info = TestDatabase::create(QStringLiteral("notifier"));
        QString err;
        QSqlDatabase db = info.open(QStringLiteral("t"), &err);
        QVERIFY2(db.isOpen(), qPrintable(err));
        QVERIFY2(AlertFixture::migrate(db, &err), qPrintable(err));
        QVERIFY(AlertFixture::exec(db, AlertFixture::insertAgentsSql(3), &err));
        const auto insert = [&](int first, const QList<int> &levels) {
            QStringList values;
            for (int i = 0; i < levels.size(); ++i)
                values << QStringLiteral("('n%1', '001', 5712, %2, 'alert %1', jsonb_build_object('rule', jsonb_build_object('level', %2)), "
                                         "now(), 'host-1', 'new')").arg(first + i).arg(levels[i]);
            return AlertFixture::exec(db, QStringLiteral("INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, "
                                                         "alert_ts, agent_name, state) VALUES %1; "
                                                         "SELECT pg_notify('new_alert', (SELECT max(id) FROM alerts)::text)")
                                          .arg(values.join(u',')), &err);
        };
        // alerts from before the start never notify
        QVERIFY2(insert(1, {14, 15, 3}), qPrintable(err));

        AlertNotifier n(info, 12);
        QSignalSpy following(&n, &AlertNotifier::following);
        QSignalSpy notified(&n, &AlertNotifier::notify);
        n.start();
        QVERIFY(following.wait(10000));
        QCOMPARE(following.at(0).at(0).toLongLong(), TestDatabase::scalar(info, QStringLiteral("SELECT max(id) FROM alerts")).toLongLong());

        QVERIFY2(insert(10, {5, 12, 7, 13}), qPrintable(err));
        QTRY_COMPARE_WITH_TIMEOUT(n.unseen(), 2, 10000);
        QVERIFY(notified.count() >= 1);
        const auto firstShown = notified.at(0).at(0).value<AlertNotifier::Notification>();
        QVERIFY(firstShown.count >= 1);
        QVERIFY(firstShown.title.contains(QStringLiteral("level")) || firstShown.title.startsWith(QStringLiteral("Level")));
        n.stop();
    }
};

QTEST_GUILESS_MAIN(TestAlertNotifier)
#include "test_alert_notifier.moc"
