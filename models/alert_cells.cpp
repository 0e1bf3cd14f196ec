#include "alert_cells.h"

#include "alert_filter.h"
#include "alert_labels.h"
#include "alert_list_model.h"
#include "llm_summary_model.h"
#include "mitre_names.h"

#include <QDateTime>

namespace eos {

using C = AlertListModel::Column;

QString AlertCells::text(const AlertRow &r, int column, const QTimeZone &zone, const QString &timeFormat)
{
    switch (column) {
    case C::TimeColumn: return r.tsMs ? QDateTime::fromMSecsSinceEpoch(r.tsMs, zone).toString(timeFormat) : QString();
    case C::LevelColumn: return QString::number(r.level);
    case C::RuleIdColumn: return QString::number(r.ruleId);
    case C::DescriptionColumn: return r.ruleDesc;
    case C::AgentColumn: return r.agentName.isEmpty() ? r.agentId : QStringLiteral("%1 (%2)").arg(r.agentName, r.agentId);
    case C::SourceIpColumn: return r.srcIp;
    case C::GroupsColumn: return r.groups;
    case C::MitreColumn: return r.mitre;
    // the pipeline's states as analysts read them (the database keeps the older pipeline's enum values)
    case C::StateColumn: return AlertLabels::stateColumn(r.triageStatus, r.state, QString());
    case C::RiskColumn: return LlmSummaryModel::riskLabel(r.risk);
    case C::AssigneeColumn: return r.assignedTo;
    }
    return {};
}

QVariant AlertCells::toolTip(const AlertRow &r, int column, const MitreNames &mitre)
{
    switch (column) {
    case C::MitreColumn: return mitre.toolTip(r.mitre);
    case C::DescriptionColumn:
    case C::GroupsColumn:
    case C::AgentColumn:
    case C::AssigneeColumn: return text(r, column, QTimeZone::utc(), QString());
    case C::StateColumn:
        if (r.assignedTo.isEmpty()) return {};
        return tr("%1, assigned to %2").arg(text(r, column, QTimeZone::utc(), QString()), r.assignedTo);
    }
    return {};
}

QString AlertCells::filterTerm(const AlertRow &r, int column)
{
    const auto first = [](const QString &list) { return list.section(QStringLiteral(", "), 0, 0); };
    switch (column) {
    case C::LevelColumn: return QStringLiteral("level:%1").arg(r.level);
    case C::RuleIdColumn: return QStringLiteral("rule:%1").arg(r.ruleId);
    case C::AgentColumn: return QStringLiteral("agent:") + AlertFilter::quoteValue(r.agentId);
    case C::SourceIpColumn: return r.srcIp.isEmpty() ? QString() : QStringLiteral("srcip:") + AlertFilter::quoteValue(r.srcIp);
    case C::GroupsColumn: return r.groups.isEmpty() ? QString() : QStringLiteral("group:") + AlertFilter::quoteValue(first(r.groups));
    case C::MitreColumn: return r.mitre.isEmpty() ? QString() : QStringLiteral("mitre:") + AlertFilter::quoteValue(first(r.mitre));
    case C::DescriptionColumn: return AlertFilter::termForField(QStringLiteral("rule.description"), r.ruleDesc);
    case C::StateColumn:
        return r.triageStatus.isEmpty() ? QStringLiteral("state:") + r.state : QStringLiteral("triage:") + r.triageStatus;
    case C::AssigneeColumn:
        return QStringLiteral("assigned:") + (r.assignedTo.isEmpty() ? QStringLiteral("none") : AlertFilter::quoteValue(r.assignedTo));
    }
    return {};
}

QString AlertCells::headerTitle(int column)
{
    switch (column) {
    case C::TimeColumn: return tr("Time");
    case C::LevelColumn: return tr("Level");
    case C::RuleIdColumn: return tr("Rule");
    case C::DescriptionColumn: return tr("Description");
    case C::AgentColumn: return tr("Agent");
    case C::SourceIpColumn: return tr("Source IP");
    case C::GroupsColumn: return tr("Groups");
    case C::MitreColumn: return tr("MITRE");
    case C::StateColumn: return tr("State");
    case C::RiskColumn: return tr("Risk");
    case C::AssigneeColumn: return tr("Assignee");
    }
    return {};
}

QVariant AlertCells::headerToolTip(int column)
{
    if (column == C::MitreColumn) return tr("MITRE ATT&CK technique ids; hover a cell for their names");
    if (column >= 0 && column < C::ColumnCount && !AlertListModel::sortKeyForColumn(column)) return tr("Not sortable");
    return {};
}

}  // namespace eos
