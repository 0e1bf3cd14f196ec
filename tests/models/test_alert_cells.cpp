// AlertCells: what each Live Alerts cell shows — its text (times in the console's zone and format, the agent
// as "name (id)"), its tooltip, the filter term its value stands for (quoted where FilterBar needs it), and
// the header titles and tooltips. No database: rows are built here.
#include "alert_cells.h"
#include "alert_filter.h"
#include "alert_list_model.h"
#include "llm_summary_model.h"
#include "mitre_names.h"

#include <QTest>

using namespace eos;
using M = AlertListModel;

namespace {

AlertRow sshRow()
{
    AlertRow r;
    r.id = 7;
    r.tsMs = QDateTime(QDate(2026, 11, 23), QTime(10, 0, 5), QTimeZone::utc()).toMSecsSinceEpoch();
    r.level = 10;
    r.ruleId = 5712;
    r.ruleDesc = QStringLiteral("sshd: brute force trying to get access to the system.");
    r.agentId = QStringLiteral("001");
    r.agentName = QStringLiteral("web-01");
    r.srcIp = QStringLiteral("203.0.113.5");
    r.groups = QStringLiteral("syslog, sshd, authentication_failures");
    r.mitre = QStringLiteral("T1110, T1021.004");
    r.state = QStringLiteral("new");
    return r;
}

}  // namespace

class TestAlertCells : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void textOfEveryColumn()
    {
        const AlertRow r = sshRow();
        const QString fmt = QStringLiteral("yyyy-MM-dd HH:mm:ss");
        QCOMPARE(AlertCells::text(r, M::TimeColumn, QTimeZone::utc(), fmt), QStringLiteral("2026-11-23 10:00:05"));
        // the console's zone and format, not the row's
        QCOMPARE(AlertCells::text(r, M::TimeColumn, QTimeZone(3600), QStringLiteral("HH:mm")), QStringLiteral("11:00"));
        QCOMPARE(AlertCells::text(r, M::LevelColumn, QTimeZone::utc(), fmt), QStringLiteral("10"));
        QCOMPARE(AlertCells::text(r, M::RuleIdColumn, QTimeZone::utc(), fmt), QStringLiteral("5712"));
        QCOMPARE(AlertCells::text(r, M::DescriptionColumn, QTimeZone::utc(), fmt), r.ruleDesc);
        QCOMPARE(AlertCells::text(r, M::AgentColumn, QTimeZone::utc(), fmt), QStringLiteral("web-01 (001)"));
        QCOMPARE(AlertCells::text(r, M::SourceIpColumn, QTimeZone::utc(), fmt), QStringLiteral("203.0.113.5"));
        QCOMPARE(AlertCells::text(r, M::GroupsColumn, QTimeZone::utc(), fmt), r.groups);
        QCOMPARE(AlertCells::text(r, M::MitreColumn, QTimeZone::utc(), fmt), r.mitre);
        QCOMPARE(AlertCells::text(r, M::StateColumn, QTimeZone::utc(), fmt), QStringLiteral("New"));
        QCOMPARE(AlertCells::text(r, M::RiskColumn, QTimeZone::utc(), fmt), LlmSummaryModel::riskLabel(QString()));
        QVERIFY(AlertCells::text(r, M::AssigneeColumn, QTimeZone::utc(), fmt).isEmpty());
        QVERIFY(AlertCells::text(r, M::ColumnCount, QTimeZone::utc(), fmt).isEmpty());
    }

    void unknownValuesShowNothingRatherThanZero()
    {
        AlertRow r = sshRow();
        r.tsMs = 0;
        r.agentName.clear();
        QVERIFY(AlertCells::text(r, M::TimeColumn, QTimeZone::utc(), QStringLiteral("HH:mm")).isEmpty());
        QCOMPARE(AlertCells::text(r, M::AgentColumn, QTimeZone::utc(), {}), QStringLiteral("001"));  // the id alone
    }

    void triageAndRiskAsAnalystsReadThem()
    {
        AlertRow r = sshRow();
        r.triageStatus = QStringLiteral("escalated");
        r.assignedTo = QStringLiteral("dana");
        r.risk = QStringLiteral("high");
        const QString state = AlertCells::text(r, M::StateColumn, QTimeZone::utc(), {});
        QCOMPARE(state, QStringLiteral("Escalated"));
        QCOMPARE(AlertCells::text(r, M::RiskColumn, QTimeZone::utc(), {}), LlmSummaryModel::riskLabel(QStringLiteral("high")));
        QCOMPARE(AlertCells::text(r, M::AssigneeColumn, QTimeZone::utc(), {}), QStringLiteral("dana"));
        const MitreNames none(nullptr, nullptr);
        QCOMPARE(AlertCells::toolTip(r, M::StateColumn, none).toString(), QStringLiteral("Escalated, assigned to dana"));
        r.assignedTo.clear();
        QVERIFY(AlertCells::toolTip(r, M::StateColumn, none).isNull());
    }

    void toolTipsGiveWhatANarrowCellElides()
    {
        const AlertRow r = sshRow();
        const MitreNames names(nullptr, nullptr);
        QCOMPARE(AlertCells::toolTip(r, M::DescriptionColumn, names).toString(), r.ruleDesc);
        QCOMPARE(AlertCells::toolTip(r, M::GroupsColumn, names).toString(), r.groups);
        QCOMPARE(AlertCells::toolTip(r, M::AgentColumn, names).toString(), QStringLiteral("web-01 (001)"));
        // MITRE: one line per technique id (names where MitreNames has learnt them)
        QCOMPARE(AlertCells::toolTip(r, M::MitreColumn, names).toString(), QStringLiteral("T1110\nT1021.004"));
        // short cells need none
        QVERIFY(AlertCells::toolTip(r, M::LevelColumn, names).isNull());
        QVERIFY(AlertCells::toolTip(r, M::TimeColumn, names).isNull());
    }

    void filterTermsRoundTripThroughTheFilterBar()
    {
        AlertRow r = sshRow();
        r.agentId = QStringLiteral("web 01");  // a value with a space is quoted
        QCOMPARE(AlertCells::filterTerm(r, M::LevelColumn), QStringLiteral("level:10"));
        QCOMPARE(AlertCells::filterTerm(r, M::RuleIdColumn), QStringLiteral("rule:5712"));
        QCOMPARE(AlertCells::filterTerm(r, M::AgentColumn), QStringLiteral("agent:\"web 01\""));
        QCOMPARE(AlertCells::filterTerm(r, M::SourceIpColumn), QStringLiteral("srcip:203.0.113.5"));
        QCOMPARE(AlertCells::filterTerm(r, M::GroupsColumn), QStringLiteral("group:syslog"));  // the first group
        QCOMPARE(AlertCells::filterTerm(r, M::MitreColumn), QStringLiteral("mitre:T1110"));
        QCOMPARE(AlertCells::filterTerm(r, M::StateColumn), QStringLiteral("state:new"));
        QCOMPARE(AlertCells::filterTerm(r, M::AssigneeColumn), QStringLiteral("assigned:none"));
        r.triageStatus = QStringLiteral("acknowledged");
        QCOMPARE(AlertCells::filterTerm(r, M::StateColumn), QStringLiteral("triage:acknowledged"));
        // every term the cells give is one the filter bar parses
        for (int c = 0; c < M::ColumnCount; ++c) {
            const QString term = AlertCells::filterTerm(r, c);
            if (term.isEmpty()) continue;
            QString error;
            QVERIFY2(AlertFilter::parse(term, &error).has_value(), qPrintable(term + QStringLiteral(": ") + error));
        }
        // nothing to filter on: no term
        r.srcIp.clear();
        r.groups.clear();
        r.mitre.clear();
        QVERIFY(AlertCells::filterTerm(r, M::SourceIpColumn).isEmpty());
        QVERIFY(AlertCells::filterTerm(r, M::GroupsColumn).isEmpty());
        QVERIFY(AlertCells::filterTerm(r, M::MitreColumn).isEmpty());
        QVERIFY(AlertCells::filterTerm(r, M::TimeColumn).isEmpty());
    }

    void headers()
    {
        QSet<QString> titles;
        for (int c = 0; c < M::ColumnCount; ++c) {
            const QString t = AlertCells::headerTitle(c);
            QVERIFY2(!t.isEmpty(), qPrintable(QString::number(c)));
            titles.insert(t);
            // a tooltip says why a column does not sort; sortable ones need none (but MITRE explains itself)
            if (c == M::MitreColumn) QVERIFY(AlertCells::headerToolTip(c).toString().contains(QStringLiteral("MITRE")));
            else if (M::sortKeyForColumn(c)) QVERIFY(AlertCells::headerToolTip(c).isNull());
            else QCOMPARE(AlertCells::headerToolTip(c).toString(), QStringLiteral("Not sortable"));
        }
        QCOMPARE(titles.size(), int(M::ColumnCount));
        QCOMPARE(AlertCells::headerTitle(M::SourceIpColumn), QStringLiteral("Source IP"));
        QVERIFY(AlertCells::headerTitle(M::ColumnCount).isEmpty());
    }
};

QTEST_MAIN(TestAlertCells)
#include "test_alert_cells.moc"
