#include "alert_labels.h"

namespace eos {

QString AlertLabels::pipelineState(const QString &state)
{
    if (state == QLatin1String("new")) return tr("New");
    if (state == QLatin1String("agent_enriched")) return tr("Agent enriched");
    if (state == QLatin1String("summarized")) return tr("Summarized");
    if (state == QLatin1String("sent")) return tr("Sent");
    if (state == QLatin1String("failed")) return tr("Failed");
    if (state == QLatin1String("archived")) return tr("Archived");
    return state;
}

QString AlertLabels::stateColumn(const QString &triageStatus, const QString &pipelineStateValue, const QString &assignedTo)
{
    QString t;
    if (triageStatus == QLatin1String("acknowledged")) t = tr("Acknowledged");
    else if (triageStatus == QLatin1String("false_positive")) t = tr("False positive");
    else if (triageStatus == QLatin1String("escalated")) t = tr("Escalated");
    else t = pipelineState(pipelineStateValue);
    if (!assignedTo.isEmpty()) t += QStringLiteral(" · ") + assignedTo;
    return t;
}

}  // namespace eos
