// AlertGroupModel: similar alerts (same rule + agent within a window) grouped with counts.
#include "alert_fixture.h"
#include "alert_group_model.h"
#include "test_database.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace eos;
using eos::test::AlertFixture;
using eos::test::TestDatabase;

class TestAlertGroupModel : public QObject {
    Q_OBJECT
private:
    DbConnectionInfo m_info;

private Q_SLOTS:
    void initTestCase()
    {
        m_info = TestDatabase::create(QStringLiteral("groups"));
        QString err;
        QSqlDatabase db = m_info.open(QStringLiteral("t"), &err);
        QVERIFY2(db.isOpen(), qPrintable(err));
        QVERIFY2(AlertFixture::migrate(db, &err), qPrintable(err));
        QVERIFY(AlertFixture::exec(db, AlertFixture::insertAgentsSql(5), &err));
        // 2,000 alerts one second apart in the last ~33 minutes, 1,000 more two hours earlier
        QVERIFY2(AlertFixture::exec(db, AlertFixture::insertAlertsSql(1, 1000, 5, QStringLiteral("now() - interval '3 hours'"), 1.0), &err), qPrintable(err));
        QVERIFY2(AlertFixture::exec(db, AlertFixture::insertAlertsSql(1001, 2000, 5, QStringLiteral("now() - interval '2000 seconds'"), 1.0), &err), qPrintable(err));
    }

    void groupsWithinTheWindow()
    {
        AlertGroupModel m(m_info);
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&m, &AlertGroupModel::loaded);
        m.setWindowSeconds(3600);
        QVERIFY(loaded.wait(10000));
        // rule index = g % 10, agent = g % 5 + 1: each rule meets exactly one agent -> 10 groups of 200
        QCOMPARE(m.rowCount(), 10);
        qint64 total = 0;
        for (int r = 0; r < m.rowCount(); ++r) {
            QCOMPARE(m.data(m.index(r, 0), AlertGroupModel::CountRole).toLongLong(), qint64(200));
            total += m.data(m.index(r, 0), AlertGroupModel::CountRole).toLongLong();
        }
        QCOMPARE(total, qint64(2000));
        // the group's filter text selects exactly its alerts
        const auto &g = m.group(0);
        QVERIFY(g.first.isValid() && g.first < g.last);
        const QString filter = m.data(m.index(0, 0), AlertGroupModel::FilterTextRole).toString();
        QVERIFY2(filter.contains(QStringLiteral("rule:%1").arg(g.ruleId)) && filter.contains(QStringLiteral("agent:") + g.agentId),
                 qPrintable(filter));

        // a filter narrows the groups; a wider window takes the older alerts in
        m.setFilter(*AlertFilter::parse(QStringLiteral("level>=10"), nullptr));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(m.rowCount(), 2);  // rules 31151 (10) and 86601 (12)
        m.setFilter(AlertFilter());
        QVERIFY(loaded.wait(10000));
        m.setWindowSeconds(4 * 3600);
        QVERIFY(loaded.wait(10000));
        total = 0;
        for (int r = 0; r < m.rowCount(); ++r) total += m.group(r).count;
        QCOMPARE(total, qint64(3000));
    }
};

QTEST_GUILESS_MAIN(TestAlertGroupModel)
#include "test_alert_group_model.moc"
