// The words analysts read for an alert's state: pipeline states (the older pipeline's alert_state enum
// values) and triage states, translated.
#pragma once

#include <QCoreApplication>
#include <QString>

namespace eos {

class AlertLabels {
    Q_DECLARE_TR_FUNCTIONS(AlertLabels)
public:
    static QString pipelineState(const QString &state);
    // The State column: the triage status when there is one, else the pipeline state; plus the assignee.
    static QString stateColumn(const QString &triageStatus, const QString &pipelineState, const QString &assignedTo);
};

}  // namespace eos
