// TriageHistoryView: one alert's triage history as the detail pane lists it — who (analysts by name, the
// stages as "Eos pipeline (<stage>)"), what each action means with its details, why (reasons, policies,
// Wazuh's answer, a stage's last error), times in the console's zone, and the rows for no history and for
// a history that cannot be read. Entries are built here; no database.
#include "console_app.h"
#include "triage_history_view.h"

#include <QJsonArray>
#include <QTest>

using namespace eos;
using Entry = TriageStore::HistoryEntry;

namespace {

Entry entry(const QString &actor, const QString &action, const QString &reason = {}, const QJsonObject &details = {})
{
    Entry e;
    e.at = QDateTime(QDate(2026, 11, 23), QTime(10, 0, 0), QTimeZone::utc());
    e.actor = actor;
    e.action = action;
    e.reason = reason;
    e.details = details;
    return e;
}

QString cell(const QTreeWidget &t, int row, int column) { return t.topLevelItem(row)->text(column); }

}  // namespace

class TestTriageHistoryView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { ConsoleApp::installTranslators(QStringLiteral("en")); }  // English plurals, as the console

    void analystsAndStagesInWords()
    {
        TriageHistoryView view;
        view.setTimeZone(QTimeZone::utc());
        view.setEntries({entry(QStringLiteral("alice"), QStringLiteral("acknowledge")),
                         entry(QStringLiteral("bob"), QStringLiteral("assign"), {}, {{QStringLiteral("assigned_to"), QStringLiteral("dana")}}),
                         entry(QStringLiteral("eos:enrich"), QStringLiteral("stage_failed"), QStringLiteral("Wazuh API: HTTP 503"),
                               {{QStringLiteral("stage"), QStringLiteral("enrich")}, {QStringLiteral("attempts"), 5}}),
                         entry(QStringLiteral("carol"), QStringLiteral("stage_retry"), {},
                               {{QStringLiteral("stage"), QStringLiteral("enrich")}, {QStringLiteral("error"), QStringLiteral("timed out")}}),
                         entry(QStringLiteral("dana"), QStringLiteral("false_positive"), QStringLiteral("scanner of our own"))},
                        {}, true);
        QCOMPARE(view.topLevelItemCount(), 5);
        QCOMPARE(cell(view, 0, 0), QStringLiteral("2026-11-23 10:00:00"));
        QCOMPARE(cell(view, 0, 1), QStringLiteral("alice"));
        QCOMPARE(cell(view, 0, 2), QStringLiteral("Acknowledged"));
        QCOMPARE(cell(view, 1, 2), QStringLiteral("Assigned to dana"));
        QCOMPARE(cell(view, 2, 1), QStringLiteral("Eos pipeline (enrich)"));
        QCOMPARE(cell(view, 2, 2), QStringLiteral("Failed in stage enrich after 5 attempts"));
        QCOMPARE(cell(view, 2, 3), QStringLiteral("Wazuh API: HTTP 503"));
        QCOMPARE(cell(view, 3, 2), QStringLiteral("Retried stage enrich"));
        QCOMPARE(cell(view, 3, 3), QStringLiteral("last error: timed out"));  // no reason given: the stage's error
        QCOMPARE(cell(view, 4, 2), QStringLiteral("Marked false positive"));
        QCOMPARE(cell(view, 4, 3), QStringLiteral("scanner of our own"));
        QCOMPARE(view.topLevelItem(4)->toolTip(3), QStringLiteral("scanner of our own"));
    }

    void remediationAndPolicyRowsSayWhatWazuhAnswered()
    {
        const QJsonObject request{{QStringLiteral("action"), QStringLiteral("block-ip")}, {QStringLiteral("agent"), QStringLiteral("001")}};
        TriageHistoryView view;
        view.setEntries({entry(QStringLiteral("alice"), QStringLiteral("remediation"), QStringLiteral("brute force"),
                               {{QStringLiteral("request"), request}, {QStringLiteral("outcome"), QStringLiteral("failed")},
                                {QStringLiteral("code"), 1707}, {QStringLiteral("message"), QStringLiteral("agent not active")}}),
                         entry(QStringLiteral("eos:respond"), QStringLiteral("auto_response"), QStringLiteral("ssh-brute"),
                               {{QStringLiteral("request"), request}, {QStringLiteral("outcome"), QStringLiteral("sent")}})},
                        {}, true);
        QCOMPARE(cell(view, 0, 2), QStringLiteral("Remediation: block-ip on agent 001: failed (Wazuh error 1707)"));
        QCOMPARE(cell(view, 0, 3), QStringLiteral("brute force: agent not active"));
        QCOMPARE(cell(view, 1, 1), QStringLiteral("Eos pipeline (respond)"));
        QCOMPARE(cell(view, 1, 2), QStringLiteral("Auto-response: block-ip on agent 001: sent"));
        QCOMPARE(cell(view, 1, 3), QStringLiteral("policy ssh-brute"));
    }

    void anEscalationNamesItsJiraDispatches()
    {
        const QJsonArray dispatches{QJsonObject{{QStringLiteral("route"), QStringLiteral("jira")}, {QStringLiteral("outbox_id"), 12}},
                                    QJsonObject{{QStringLiteral("route"), QStringLiteral("jira-ops")}, {QStringLiteral("outbox_id"), 13}}};
        const Entry e = entry(QStringLiteral("alice"), QStringLiteral("escalation_dispatch"), {}, {{QStringLiteral("dispatches"), dispatches}});
        QCOMPARE(TriageHistoryView::describeEntry(e), QStringLiteral("Jira dispatch created: jira #12, jira-ops #13"));
        // an action the console does not know reads as itself
        QCOMPARE(TriageHistoryView::actionLabel(QStringLiteral("something_new")), QStringLiteral("something_new"));
    }

    void noHistoryAndAHistoryThatCannotBeRead()
    {
        TriageHistoryView view;
        view.setEntries({}, {}, true);
        QCOMPARE(view.topLevelItemCount(), 1);
        QCOMPARE(cell(view, 0, 0), QStringLiteral("Not triaged yet"));
        QVERIFY(view.topLevelItem(0)->isDisabled());
        view.setEntries({}, {}, false);  // no alert shown: nothing at all
        QCOMPARE(view.topLevelItemCount(), 0);
        view.setEntries({}, QStringLiteral("connection lost"), true);
        QCOMPARE(view.topLevelItemCount(), 1);
        QCOMPARE(cell(view, 0, 0), QStringLiteral("History unavailable: connection lost"));
        view.clearEntries();
        QCOMPARE(view.topLevelItemCount(), 0);
        QVERIFY(view.entries().isEmpty());
    }

    void timesFollowTheConsolesZone()
    {
        TriageHistoryView view;
        view.setTimeZone(QTimeZone::utc());
        view.setEntries({entry(QStringLiteral("alice"), QStringLiteral("reopen"))}, {}, true);
        QCOMPARE(cell(view, 0, 0), QStringLiteral("2026-11-23 10:00:00"));
        view.setTimeZone(QTimeZone(3600));  // the rows shown again, not only new ones
        QCOMPARE(view.topLevelItemCount(), 1);
        QCOMPARE(cell(view, 0, 0), QStringLiteral("2026-11-23 11:00:00"));
        QCOMPARE(cell(view, 0, 2), QStringLiteral("Reopened"));
    }
};

QTEST_MAIN(TestTriageHistoryView)
#include "test_triage_history_view.moc"
