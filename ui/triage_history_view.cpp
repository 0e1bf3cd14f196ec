#include "triage_history_view.h"

#include <QHeaderView>
#include <QJsonArray>

namespace eos {

TriageHistoryView::TriageHistoryView(QWidget *parent) : QTreeWidget(parent), m_zone(QTimeZone::systemTimeZone())
{
    setObjectName(QStringLiteral("triageHistory"));
    setRootIsDecorated(false);
    // a handful of rows: the reason ("Why") wraps so it reads in full (and is the tooltip too)
    setUniformRowHeights(false);
    setWordWrap(true);
    setHeaderLabels({tr("When"), tr("Who"), tr("What"), tr("Why")});
    header()->setStretchLastSection(true);
    // the history of one alert is a handful of rows: sizing to contents is cheap here
    for (int c = 0; c < 3; ++c) header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
}

void TriageHistoryView::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    setEntries(m_entries, m_error, m_forAnAlert);
}

void TriageHistoryView::clearEntries()
{
    m_entries.clear();
    m_error.clear();
    m_forAnAlert = false;
    clear();
}

QString TriageHistoryView::actionLabel(const QString &action)
{
    if (action == QLatin1String("acknowledge")) return tr("Acknowledged");
    if (action == QLatin1String("false_positive")) return tr("Marked false positive");
    if (action == QLatin1String("escalate")) return tr("Escalated");
    if (action == QLatin1String("assign")) return tr("Assigned");
    if (action == QLatin1String("unassign")) return tr("Unassigned");
    if (action == QLatin1String("reopen")) return tr("Reopened");
    if (action == QLatin1String("stage_failed")) return tr("Stage gave up");
    if (action == QLatin1String("stage_retry")) return tr("Retried");
    if (action == QLatin1String("remediation")) return tr("Remediation");
    if (action == QLatin1String("auto_response")) return tr("Auto-response");
    return action;
}

QString TriageHistoryView::describeEntry(const TriageStore::HistoryEntry &h)
{
    const QString assignee = h.details.value(QStringLiteral("assigned_to")).toString();
    const QString stage = h.details.value(QStringLiteral("stage")).toString();
    if (h.action == QLatin1String("assign") && !assignee.isEmpty()) return tr("Assigned to %1").arg(assignee);
    if (h.action == QLatin1String("stage_failed") && !stage.isEmpty()) {
        const int attempts = h.details.value(QStringLiteral("attempts")).toInt();
        return attempts > 0 ? tr("Failed in stage %1 after %n attempt(s)", "", attempts).arg(stage) : tr("Failed in stage %1").arg(stage);
    }
    if (h.action == QLatin1String("stage_retry") && !stage.isEmpty()) return tr("Retried stage %1").arg(stage);
    if (h.action == QLatin1String("escalation_dispatch")) {
        // the escalation's outbox rows (schema 13): "Jira dispatch created: jira #12"
        QStringList rows;
        for (const auto &d : h.details.value(QStringLiteral("dispatches")).toArray()) {
            const QJsonObject o = d.toObject();
            rows << QStringLiteral("%1 #%2").arg(o.value(QStringLiteral("route")).toString()).arg(o.value(QStringLiteral("outbox_id")).toInteger());
        }
        return tr("Jira dispatch created: %1").arg(rows.join(QStringLiteral(", ")));
    }
    if (h.action == QLatin1String("remediation") || h.action == QLatin1String("auto_response")) {
        // "Remediation: block-ip on agent 001: failed (Wazuh error 1707)"
        const QJsonObject req = h.details.value(QStringLiteral("request")).toObject();
        QString text = tr("%1: %2 on agent %3: %4")
                           .arg(actionLabel(h.action), req.value(QStringLiteral("action")).toString(),
                                req.value(QStringLiteral("agent")).toString(), h.details.value(QStringLiteral("outcome")).toString());
        if (const int code = h.details.value(QStringLiteral("code")).toInt()) text += tr(" (Wazuh error %1)").arg(code);
        return text;
    }
    return actionLabel(h.action);
}

void TriageHistoryView::setEntries(const QList<TriageStore::HistoryEntry> &history, const QString &error, bool forAnAlert)
{
    m_entries = history;
    m_error = error;
    m_forAnAlert = forAnAlert;
    clear();
    if (!error.isEmpty()) {
        auto *item = new QTreeWidgetItem(this, {tr("History unavailable: %1").arg(error)});
        item->setFirstColumnSpanned(true);
        item->setDisabled(true);
        return;
    }
    for (const auto &h : history) {
        // the stages write as "eos:<stage>": shown as the pipeline, not as a person
        const QString who = h.actor.startsWith(QLatin1String("eos:")) ? tr("Eos pipeline (%1)").arg(h.actor.mid(4)) : h.actor;
        // (remediation rows carry what was sent and Wazuh's answer in their details: in the tooltip)
        QString why = h.reason;
        if ((h.action == QLatin1String("remediation") || h.action == QLatin1String("auto_response"))) {
            const QString msg = h.details.value(QStringLiteral("message")).toString();
            if (h.action == QLatin1String("auto_response")) why = tr("policy %1").arg(h.reason);
            if (!msg.isEmpty()) why = why.isEmpty() ? msg : why + QStringLiteral(": ") + msg;
        }
        if (h.action == QLatin1String("stage_retry") && why.isEmpty()) {
            const QString lastError = h.details.value(QStringLiteral("error")).toString();
            if (!lastError.isEmpty()) why = tr("last error: %1").arg(lastError);
        }
        auto *item = new QTreeWidgetItem(this, {h.at.toTimeZone(m_zone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                                     who, describeEntry(h), why});
        item->setToolTip(2, item->text(2));
        item->setToolTip(3, why);
    }
    if (history.isEmpty() && forAnAlert) {
        auto *item = new QTreeWidgetItem(this, {tr("Not triaged yet")});
        item->setFirstColumnSpanned(true);
        item->setDisabled(true);
    }
}

}  // namespace eos
