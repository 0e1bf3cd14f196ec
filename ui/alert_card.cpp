#include "alert_card.h"

#include "agent_list_model.h"
#include "alert_handoff.h"
#include "elided_label.h"
#include "severity_palette.h"
#include "theme.h"

#include <QDateTime>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace eos {

AlertCard::AlertCard(QWidget *parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("summaryCard"));
    setFrameShape(QFrame::StyledPanel);
    auto *v = new QVBoxLayout(this);
    const int pad = QFontMetrics(font()).averageCharWidth();
    v->setContentsMargins(pad, pad / 2, pad / 2, pad / 2);
    v->setSpacing(pad / 2);
    auto *head = new QHBoxLayout;
    m_levelChip = new QLabel(this);
    m_levelChip->setObjectName(QStringLiteral("levelChip"));
    m_levelChip->setAlignment(Qt::AlignCenter);
    head->addWidget(m_levelChip);
    m_title = new ElidedLabel(this);
    m_title->setObjectName(QStringLiteral("alertTitle"));
    QFont tf = m_title->font();
    tf.setBold(true);
    m_title->setFont(tf);
    head->addWidget(m_title, 1);
    m_copyButton = new QToolButton(this);
    m_copyButton->setObjectName(QStringLiteral("copyAlertButton"));
    m_copyButton->setPopupMode(QToolButton::InstantPopup);
    head->addWidget(m_copyButton);
    m_dashboardButton = new QToolButton(this);
    m_dashboardButton->setObjectName(QStringLiteral("dashboardButton"));
    head->addWidget(m_dashboardButton);
    v->addLayout(head);

    m_form = new QFormLayout;
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setHorizontalSpacing(pad * 2);
    m_form->setVerticalSpacing(0);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto field = [&](const QString &label, const char *name) {
        auto *l = new ElidedLabel(this);
        l->setObjectName(QString::fromLatin1(name));
        m_form->addRow(label, l);
        return l;
    };
    m_time = field(tr("Time"), "cardTime");
    m_agent = new QLabel(this);
    m_agent->setObjectName(QStringLiteral("agentLine"));
    m_agent->setWordWrap(true);
    m_agent->setTextFormat(Qt::RichText);
    m_agent->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_form->addRow(tr("Agent"), m_agent);
    m_location = field(tr("Location"), "cardLocation");
    m_source = field(tr("Source"), "cardSource");
    m_mitre = field(tr("MITRE"), "cardMitre");
    m_groups = field(tr("Groups"), "cardGroups");
    v->addLayout(m_form);
}

void AlertCard::reset()
{
    m_levelChip->setVisible(false);
    m_title->setFullText(QString());
    for (ElidedLabel *l : {m_time, m_location, m_source, m_mitre, m_groups}) {
        l->setFullText(QString());
        m_form->setRowVisible(l, false);
    }
    m_agent->clear();
    m_form->setRowVisible(m_agent, false);
}

void AlertCard::setTitle(const QString &text) { m_title->setFullText(text); }

QString AlertCard::severityName(int level)
{
    switch (SeverityPalette::severityOf(level)) {
    case SeverityPalette::Severity::Low: return tr("Low");
    case SeverityPalette::Severity::Medium: return tr("Medium");
    case SeverityPalette::Severity::High: return tr("High");
    case SeverityPalette::Severity::Critical: return tr("Critical");
    }
    return {};
}

void AlertCard::fill(const QJsonObject &a, qint64 alertId, const QTimeZone &zone)
{
    auto setRow = [&](ElidedLabel *l, const QString &text) {
        l->setFullText(text);
        m_form->setRowVisible(l, !text.isEmpty());
    };
    // level chip in the table's colours
    const QJsonValue lv = a.value(QStringLiteral("rule")).toObject().value(QStringLiteral("level"));
    if (lv.isDouble() || (lv.isString() && !lv.toString().isEmpty())) {
        const int level = lv.isDouble() ? lv.toInt() : lv.toString().toInt();
        m_levelChip->setText(tr("Level %1 · %2").arg(level).arg(severityName(level)));
        m_levelChip->setStyleSheet(QStringLiteral("QLabel#levelChip { background: %1; color: %2; border-radius: 3px; padding: 1px 6px; font-weight: bold; }")
                                       .arg(SeverityPalette::background(level).name(), SeverityPalette::text(level).name()));
        m_levelChip->setVisible(true);
    } else {
        m_levelChip->setVisible(false);
    }
    const QString ruleId = AlertHandoff::text(a, QStringLiteral("rule.id"));
    const QString desc = AlertHandoff::text(a, QStringLiteral("rule.description"));
    m_title->setFullText(desc.isEmpty() && ruleId.isEmpty() ? tr("Alert %1").arg(alertId)
                         : ruleId.isEmpty()                 ? desc
                         : desc.isEmpty()                   ? tr("Rule %1").arg(ruleId)
                                                            : tr("Rule %1: %2").arg(ruleId, desc));
    const QDateTime t = AlertHandoff::alertTime(a);
    setRow(m_time, t.isValid() ? tr("%1 · alert #%2").arg(AlertHandoff::formatTime(t, zone)).arg(alertId) : tr("alert #%1").arg(alertId));
    // the agent as the alert names it, until the agents table's view of it (OS, status) arrives
    if (m_agent->text().isEmpty()) {
        const QString id = AlertHandoff::text(a, QStringLiteral("agent.id"));
        const QString name = AlertHandoff::text(a, QStringLiteral("agent.name"));
        QStringList parts;
        if (!id.isEmpty() || !name.isEmpty())
            parts << (name.isEmpty() ? id : id.isEmpty() ? name : QStringLiteral("%1 (%2)").arg(name, id));
        if (const QString ip = AlertHandoff::text(a, QStringLiteral("agent.ip")); !ip.isEmpty()) parts << ip;
        m_agent->setText(parts.join(QStringLiteral(" · ")).toHtmlEscaped());
        m_form->setRowVisible(m_agent, !parts.isEmpty());
    }
    setRow(m_location, AlertHandoff::text(a, QStringLiteral("location")));
    QStringList src;
    if (const QString ip = AlertHandoff::text(a, QStringLiteral("data.srcip")); !ip.isEmpty()) src << ip;
    if (const QString u = AlertHandoff::text(a, QStringLiteral("data.srcuser")); !u.isEmpty()) src << tr("user %1").arg(u);
    if (const QString u = AlertHandoff::text(a, QStringLiteral("data.dstuser")); !u.isEmpty()) src << tr("target user %1").arg(u);
    setRow(m_source, src.join(QStringLiteral(" · ")));
    QStringList mitre;
    for (const auto &[id, name] : AlertHandoff::mitreTechniques(a)) mitre << (name.isEmpty() ? id : QStringLiteral("%1 %2").arg(id, name));
    setRow(m_mitre, mitre.join(QStringLiteral(", ")));
    setRow(m_groups, AlertHandoff::text(a, QStringLiteral("rule.groups")));
}

void AlertCard::showAgent(const TriageStore::StageStatus &st, const QJsonObject &alert)
{
    if (!st.found || st.agentId.isEmpty()) return;  // the card keeps what the alert says
    const auto esc = [](const QString &t) { return t.toHtmlEscaped(); };
    const QString name = st.agentName.isEmpty() ? AlertHandoff::text(alert, QStringLiteral("agent.name")) : st.agentName;
    QStringList parts;
    parts << esc(name.isEmpty() ? st.agentId : QStringLiteral("%1 (%2)").arg(name, st.agentId));
    if (!st.agentKnown) {
        parts << esc(st.agentUnknownToApi       ? tr("not known to the Wazuh API (details from the alert only)")
                     : st.state == QLatin1String("new") ? tr("waiting for enrichment…")
                                                        : tr("no details from the Wazuh API yet"));
    } else {
        // what an analyst asks first: is it up, and what is it; then the rest
        QString live = QStringLiteral("<span style=\"color:%1\">\u25CF</span> %2")
                           .arg(AgentListModel::statusColor(st.agentStatus, Theme::isDark(palette())).name(),
                                esc(AgentListModel::statusLabel(st.agentStatus)));
        if (st.agentLastKeepAlive.isValid())
            live += esc(tr(", keep-alive %1").arg(AgentListModel::timeSince(st.agentLastKeepAlive, QDateTime::currentDateTimeUtc())));
        parts << live;
        if (!st.agentOs.isEmpty()) parts << esc(st.agentOs);
        if (!st.agentIp.isEmpty()) parts << esc(st.agentIp);
        if (!st.agentVersion.isEmpty()) parts << esc(st.agentVersion);
        if (!st.agentGroups.isEmpty()) parts << esc(tr("groups: %1").arg(st.agentGroups.join(QStringLiteral(", "))));
    }
    m_agent->setText(parts.join(QStringLiteral(" · ")));
    m_form->setRowVisible(m_agent, true);
}

}  // namespace eos
