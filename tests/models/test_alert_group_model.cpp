// AlertGroupModel: similar alerts (same rule + agent within a window) grouped with counts.
#include "alert_fixture.h"
#include "alert_group_model.h"
#include "test_database.h"
#include "triage_store.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QLocale>
#include <QSqlError>
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

    // A group row's selection() selects exactly the alerts it counts; triage through it
    // (TriageStore::applyMatching, what the view runs on its worker for a group row) acts on all of them
    // with one audit row each, and the group then shows none open. Alerts arriving later are not touched.
    void triageOfAGroupActsOnAllItsAlerts()
    {
        AlertGroupModel m(m_info);
        QSignalSpy loaded(&m, &AlertGroupModel::loaded);
        m.setWindowSeconds(3600);
        QVERIFY(loaded.wait(10000));
        QVERIFY(m.rowCount() > 0);
        const AlertGroupModel::Group g = m.group(0);
        QCOMPARE(g.open, g.count);
        QCOMPARE(m.data(m.index(0, AlertGroupModel::OpenColumn)).toString(), QLocale().toString(g.open));
        QString where;
        QVariantList binds;
        QVERIFY(m.selection(0, &where, &binds));
        QVERIFY(!m.selection(m.rowCount(), &where, &binds));
        QVERIFY(m.selection(0, &where, &binds));
        QString err;
        QSqlDatabase db = m_info.open(QStringLiteral("triage"), &err);
        QVERIFY2(db.isOpen(), qPrintable(err));
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT count(*) FROM alerts WHERE ") + where);
        for (const auto &b : binds) q.addBindValue(b);
        QVERIFY2(q.exec() && q.next(), qPrintable(q.lastError().text()));
        QCOMPARE(q.value(0).toLongLong(), g.count);
        // one more alert of the same rule and agent arrives after the group was loaded: not acted on
        QVERIFY(AlertFixture::exec(db, QStringLiteral("INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, alert_ts, state) "
                                                      "VALUES ('late-one', '%1', %2, 5, 'late', '{}', now(), 'new')").arg(g.agentId).arg(g.ruleId), &err));

        // a reason is required for an escalation; an empty condition is refused
        auto r = TriageStore::applyMatching(db, QStringLiteral("carol"), TriageStore::Action::Escalate, where, binds, QString());
        QVERIFY(!r.ok);
        r = TriageStore::applyMatching(db, QStringLiteral("carol"), TriageStore::Action::Acknowledge, QString(), {}, QString());
        QVERIFY(!r.ok);
        r = TriageStore::applyMatching(db, QStringLiteral("carol"), TriageStore::Action::Acknowledge, where, binds, QString());
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(qint64(r.changed.size()), g.count);
        QSqlQuery audit(db);
        QVERIFY(audit.exec(QStringLiteral("SELECT count(*), count(DISTINCT alert_id) FROM audit_log WHERE actor = 'carol' AND action = 'acknowledge'")));
        QVERIFY(audit.next());
        QCOMPARE(audit.value(0).toLongLong(), g.count);
        QCOMPARE(audit.value(1).toLongLong(), g.count);
        QSqlQuery late(db);
        QVERIFY(late.exec(QStringLiteral("SELECT triage_status IS NULL FROM alerts WHERE alert_hash = 'late-one'")) && late.next());
        QVERIFY(late.value(0).toBool());
        m.refresh();
        QVERIFY(loaded.wait(10000));
        bool found = false;
        for (int row = 0; row < m.rowCount(); ++row) {
            if (m.group(row).ruleId != g.ruleId || m.group(row).agentId != g.agentId) continue;
            found = true;
            QCOMPARE(m.group(row).open, qint64(1));  // the late one
            QCOMPARE(m.index(row, 0).data(AlertGroupModel::OpenRole).toLongLong(), qint64(1));
        }
        QVERIFY(found);
        QVERIFY(AlertFixture::exec(db, QStringLiteral("DELETE FROM alerts WHERE alert_hash = 'late-one'"), &err));
    }
};

QTEST_GUILESS_MAIN(TestAlertGroupModel)
#include "test_alert_group_model.moc"
