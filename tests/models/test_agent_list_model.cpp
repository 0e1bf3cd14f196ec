// AgentListModel: agents with their alert count of the last 24 h, filtering, roles.
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
        QCOMPARE(m.data(m.index(4, AgentListModel::StatusColumn)).toString(), QStringLiteral("disconnected"));
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
        m.setFilterText(QString());
        QCOMPARE(m.rowCount(), 12);
    }
};

QTEST_GUILESS_MAIN(TestAgentListModel)
#include "test_agent_list_model.moc"
