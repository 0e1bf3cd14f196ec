// AlertLabels: the State column's words for pipeline and triage states.
#include "alert_labels.h"

#include <QTest>

using eos::AlertLabels;

class TestAlertLabels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pipelineStates_data()
    {
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("label");
        QTest::newRow("new") << "new" << "New";
        QTest::newRow("agent_enriched") << "agent_enriched" << "Agent enriched";
        QTest::newRow("summarized") << "summarized" << "Summarized";
        QTest::newRow("sent") << "sent" << "Sent";
        QTest::newRow("failed") << "failed" << "Failed";
        QTest::newRow("archived") << "archived" << "Archived";
        QTest::newRow("unknown kept") << "something_new" << "something_new";
    }
    void pipelineStates()
    {
        QFETCH(QString, state);
        QFETCH(QString, label);
        QCOMPARE(AlertLabels::pipelineState(state), label);
    }
    void triageWinsOverPipelineAndShowsAssignee()
    {
        QCOMPARE(AlertLabels::stateColumn({}, QStringLiteral("summarized"), {}), QStringLiteral("Summarized"));
        QCOMPARE(AlertLabels::stateColumn(QStringLiteral("false_positive"), QStringLiteral("new"), {}), QStringLiteral("False positive"));
        QCOMPARE(AlertLabels::stateColumn(QStringLiteral("escalated"), QStringLiteral("new"), QStringLiteral("anna")),
                 QStringLiteral("Escalated · anna"));
    }
};

QTEST_GUILESS_MAIN(TestAlertLabels)
#include "test_alert_labels.moc"
