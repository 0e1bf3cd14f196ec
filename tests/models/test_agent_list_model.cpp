// AgentListModel: agents with their alert count of the last 24 h, filtering, roles, status labels and
// counts, and live updates from NOTIFY agent_status that change rows in place (persistent indexes survive).
#include "agent_list_model.h"
#include "alert_fixture.h"
#include "test_database.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace eos;
using eos::test::AlertFixture;
using eos::test::TestDatabase;

class TestAgentListModel : public QObject {
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

private Q_SLOTS:
    void initTestCase()
    {
        m_info = TestDatabase::create(QStringLiteral("agents"));
        QString err;
        m_db = m_info.open(QStringLiteral("t"), &err);
        QVERIFY2(m_db.isOpen(), qPrintable(err));
        QVERIFY2(AlertFixture::migrate(m_db, &err), qPrintable(err));
        QVERIFY(AlertFixture::exec(m_db, AlertFixture::insertAgentsSql(12), &err));
        // 3,000 alerts over the last ~8 h (counted) and 1,000 two days ago (not counted)
        QVERIFY2(AlertFixture::exec(m_db, AlertFixture::insertAlertsSql(1, 1000, 10, QStringLiteral("now() - interval '50 hours'"), 1.0), &err), qPrintable(err));
        QVERIFY2(AlertFixture::exec(m_db, AlertFixture::insertAlertsSql(1001, 3000, 10, QStringLiteral("now() - interval '8 hours'"), 1.0), &err), qPrintable(err));
    }

    void countsAndColumns()
    {
        AgentListModel m(m_info);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&m, &AgentListModel::loaded);
        m.refresh();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(m.rowCount(), 12);
        QCOMPARE(m.totalCount(), 12);
        qint64 total = 0;
        for (int r = 0; r < m.rowCount(); ++r) {
            const QString id = m.data(m.index(r, AgentListModel::IdColumn)).toString();
            const qint64 n = m.data(m.index(r, 0), AgentListModel::AlertCountRole).toLongLong();
            QCOMPARE(n, scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE agent_id = '%1' AND alert_ts >= now() - interval '24 hours'").arg(id)));
            total += n;
        }
        QCOMPARE(total, qint64(3000));
        // agents 011 and 012 have no alerts
        const int row12 = m.rowCount() - 1;
        QCOMPARE(m.data(m.index(row12, AgentListModel::IdColumn)).toString(), QStringLiteral("012"));
        QCOMPARE(m.data(m.index(row12, 0), AgentListModel::AlertCountRole).toLongLong(), qint64(0));
        QCOMPARE(m.data(m.index(0, AgentListModel::NameColumn)).toString(), QStringLiteral("host-001"));
        QCOMPARE(m.data(m.index(0, AgentListModel::OsColumn)).toString(), QStringLiteral("Ubuntu 22.04.4 LTS"));
        QCOMPARE(m.data(m.index(0, AgentListModel::VersionColumn)).toString(), QStringLiteral("Wazuh v4.14.0"));
        QCOMPARE(m.data(m.index(1, AgentListModel::GroupsColumn)).toString(), QStringLiteral("default, linux"));
        QVERIFY(!m.data(m.index(0, AgentListModel::LastKeepAliveColumn)).toString().isEmpty());
        QCOMPARE(m.data(m.index(0, 0), AgentListModel::FilterTextRole).toString(), QStringLiteral("agent:001"));
        QCOMPARE(m.data(m.index(4, AgentListModel::StatusColumn)).toString(), QStringLiteral("Disconnected"));
        QCOMPARE(m.data(m.index(4, 0), AgentListModel::StatusRole).toString(), QStringLiteral("disconnected"));
        QCOMPARE(m.data(m.index(0, AgentListModel::NodeColumn)).toString(), QStringLiteral("node01"));
        QVERIFY(m.data(m.index(0, AgentListModel::SinceColumn)).toString().endsWith(QStringLiteral("ago")) ||
                m.data(m.index(0, AgentListModel::SinceColumn)).toString() == QStringLiteral("just now"));
        // status colours: green for active, red for disconnected, on light and dark backgrounds alike
        const QColor active = m.data(m.index(0, AgentListModel::StatusColumn), Qt::ForegroundRole).value<QColor>();
        const QColor disconnected = m.data(m.index(4, AgentListModel::StatusColumn), Qt::ForegroundRole).value<QColor>();
        QVERIFY(active.green() > active.red() && disconnected.red() > disconnected.green());
        for (bool dark : {false, true})
            for (const QString &st : AgentListModel::statusOrder()) {
                const QColor c = AgentListModel::statusColor(st, dark);
                QVERIFY2(dark ? c.lightness() >= 100 : c.lightness() <= 130, qPrintable(st));
            }
        // counts per status over all agents: 005 and 010 are disconnected
        QCOMPARE(m.statusCounts().value(QStringLiteral("active")), 10);
        QCOMPARE(m.statusCounts().value(QStringLiteral("disconnected")), 2);
        QCOMPARE(m.statusSummary(), QStringLiteral("Active 10 · Disconnected 2"));
    }

    void placeholdersAndTheManager()
    {
        QString err;
        QVERIFY2(AlertFixture::exec(m_db, QStringLiteral(
            "INSERT INTO agents (id, name, ip, os, last_seen, agent_version, status_text, groups, node_name) "
            "VALUES ('000', 'wazuh-manager', '127.0.0.1', 'Ubuntu 22.04', '9999-12-31 23:59:59+00', 'Wazuh v4.14.0', 'active', "
            "        '[]'::jsonb, 'node01'), "
            "       ('900', 'new-host', NULL, NULL, NULL, NULL, 'never_connected', '[]'::jsonb, NULL)"), &err), qPrintable(err));
        AgentListModel m(m_info);
        QSignalSpy loaded(&m, &AgentListModel::loaded);
        m.refresh();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(m.agent(0).id, QStringLiteral("000"));
        QCOMPARE(m.data(m.index(0, AgentListModel::NameColumn)).toString(), QStringLiteral("wazuh-manager (manager)"));
        QVERIFY(m.data(m.index(0, 0), AgentListModel::IsManagerRole).toBool());
        // the manager's keep-alive of 9999 means "not applicable"
        QCOMPARE(m.data(m.index(0, AgentListModel::LastKeepAliveColumn)).toString(), AgentListModel::placeholder());
        QCOMPARE(m.data(m.index(0, AgentListModel::SinceColumn)).toString(), AgentListModel::placeholder());
        QCOMPARE(m.data(m.index(0, AgentListModel::GroupsColumn)).toString(), AgentListModel::placeholder());
        const int last = m.rowCount() - 1;
        QCOMPARE(m.agent(last).id, QStringLiteral("900"));
        QCOMPARE(m.data(m.index(last, AgentListModel::StatusColumn)).toString(), QStringLiteral("Never connected"));
        for (int c : {AgentListModel::IpColumn, AgentListModel::OsColumn, AgentListModel::VersionColumn, AgentListModel::NodeColumn,
                      AgentListModel::LastKeepAliveColumn, AgentListModel::SinceColumn})
            QCOMPARE(m.data(m.index(last, c)).toString(), AgentListModel::placeholder());
        QCOMPARE(m.statusSummary(), QStringLiteral("Active 11 · Disconnected 2 · Never connected 1"));
        QVERIFY2(AlertFixture::exec(m_db, QStringLiteral("DELETE FROM agents WHERE id IN ('000', '900')"), &err), qPrintable(err));
    }

    void timeSince()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(AgentListModel::timeSince(now.addSecs(-20), now), QStringLiteral("just now"));
        QCOMPARE(AgentListModel::timeSince(now.addSecs(10), now), QStringLiteral("just now"));  // clocks a little apart
        QCOMPARE(AgentListModel::timeSince(now.addSecs(-3 * 60 - 5), now), QStringLiteral("3 min ago"));
        QCOMPARE(AgentListModel::timeSince(now.addSecs(-5 * 3600), now), QStringLiteral("5 h ago"));
        QVERIFY(AgentListModel::timeSince(now.addDays(-3), now).startsWith(QStringLiteral("3 day")));
        QVERIFY(AgentListModel::timeSince(QDateTime(), now).isEmpty());
        QVERIFY(AgentListModel::timeSince(now.addYears(5000), now).isEmpty());
    }

    void filterInMemory()
    {
        AgentListModel m(m_info);
        QSignalSpy loaded(&m, &AgentListModel::loaded);
        m.refresh();
        QVERIFY(loaded.wait(10000));
        m.setFilterText(QStringLiteral("windows"));
        QCOMPARE(m.rowCount(), 4);  // 003, 006, 009, 012
        m.setFilterText(QStringLiteral("windows disconnected"));  // words are ANDed
        QCOMPARE(m.rowCount(), 0);
        m.setFilterText(QStringLiteral("DISCONNECTED"));
        QCOMPARE(m.rowCount(), 2);  // 005, 010
        m.setFilterText(QStringLiteral("linux 00"));
        QCOMPARE(m.rowCount(), 4);  // even ids < 010: 002 004 006 008
        m.setFilterText(QStringLiteral("node01 never"));  // node and status labels are searched too
        QCOMPARE(m.rowCount(), 0);
        m.setFilterText(QString());
        QCOMPARE(m.rowCount(), 12);
    }

    // Runs last: changes the agents.
    void liveUpdatesInPlace()
    {
        AgentListModel m(m_info);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&m, &QAbstractItemModel::modelReset);
        QSignalSpy countsChanged(&m, &AgentListModel::statusCountsChanged);
        m.startLive(60000, 1000);  // the safety poll is far away: only NOTIFY brings changes in time
        QTRY_COMPARE(m.rowCount(), 12);
        QTRY_VERIFY(m.isListening());
        const int row5 = 4;
        QCOMPARE(m.agent(row5).id, QStringLiteral("005"));
        // what a view's selection and current index hold on to
        const QPersistentModelIndex status(m.index(row5, AgentListModel::StatusColumn));
        const QPersistentModelIndex next(m.index(row5 + 1, AgentListModel::NameColumn));
        QCOMPARE(status.data().toString(), QStringLiteral("Disconnected"));
        const int countSignals = int(countsChanged.count());

        QString err;
        QVERIFY2(AlertFixture::exec(m_db, QStringLiteral("UPDATE agents SET status_text = 'active', status_changed_at = now() "
                                                         "WHERE id = '005'; NOTIFY agent_status, '1'"), &err), qPrintable(err));
        QTRY_COMPARE(status.data().toString(), QStringLiteral("Active"));
        QVERIFY(status.isValid());
        QCOMPARE(status.row(), row5);
        QCOMPARE(next.row(), row5 + 1);
        QCOMPARE(next.data().toString(), QStringLiteral("host-006"));
        QCOMPARE(resets.count(), 0);
        QVERIFY(countsChanged.count() > countSignals);
        QCOMPARE(m.statusSummary(), QStringLiteral("Active 11 · Disconnected 1"));

        // agents that come and go are inserted and removed; the rows around them keep their indexes
        const QPersistentModelIndex first(m.index(0, 0));
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&m, &QAbstractItemModel::rowsRemoved);
        QVERIFY2(AlertFixture::exec(m_db, QStringLiteral(
            "DELETE FROM agents WHERE id = '012'; "
            "INSERT INTO agents (id, name, status_text) VALUES ('013', 'host-013', 'pending'); "
            "UPDATE agents SET status_text = 'never_connected' WHERE id = '011'; NOTIFY agent_status, '3'"), &err), qPrintable(err));
        QTRY_COMPARE(m.agent(m.rowCount() - 1).id, QStringLiteral("013"));
        QCOMPARE(m.rowCount(), 12);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(resets.count(), 0);
        QCOMPARE(first.row(), 0);
        QCOMPARE(status.data().toString(), QStringLiteral("Active"));
        QCOMPARE(m.statusCounts().value(QStringLiteral("pending")), 1);
        QCOMPARE(m.statusCounts().value(QStringLiteral("never_connected")), 1);
        QCOMPARE(m.statusSummary(), QStringLiteral("Active 9 · Disconnected 1 · Pending 1 · Never connected 1"));

        // a burst of notifications is served by at most two loads (one right away, one a second later)
        const int loads = m.loadsStarted();
        for (int i = 0; i < 5; ++i)
            QVERIFY2(AlertFixture::exec(m_db, QStringLiteral("NOTIFY agent_status, '%1'").arg(i), &err), qPrintable(err));
        QVERIFY2(AlertFixture::exec(m_db, QStringLiteral("UPDATE agents SET status_text = 'disconnected' WHERE id = '001'; "
                                                         "NOTIFY agent_status, 'last'"), &err), qPrintable(err));
        QTRY_COMPARE(m.data(m.index(0, AgentListModel::StatusColumn)).toString(), QStringLiteral("Disconnected"));
        QVERIFY2(m.loadsStarted() - loads <= 2, qPrintable(QString::number(m.loadsStarted() - loads)));

        // stopped: notifications no longer reload
        m.stopLive();
        const int stoppedAt = m.loadsStarted();
        QVERIFY2(AlertFixture::exec(m_db, QStringLiteral("UPDATE agents SET status_text = 'active' WHERE id = '001'; "
                                                         "NOTIFY agent_status, 'x'"), &err), qPrintable(err));
        // a fresh model sees the change; the stopped one has not loaded again meanwhile
        AgentListModel fresh(m_info);
        QSignalSpy freshLoaded(&fresh, &AgentListModel::loaded);
        fresh.refresh();
        QVERIFY(freshLoaded.wait(10000));
        QCOMPARE(fresh.data(fresh.index(0, AgentListModel::StatusColumn)).toString(), QStringLiteral("Active"));
        QCOMPARE(m.loadsStarted(), stoppedAt);
    }
};

QTEST_GUILESS_MAIN(TestAgentListModel)
#include "test_agent_list_model.moc"
