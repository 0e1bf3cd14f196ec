#include "remediation_dialog.h"

#include "remediation_service.h"
#include "theme.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace eos {

RemediationDialog::RemediationDialog(RemediationService *service, const RemediationPlan &plan, QWidget *parent)
    : QDialog(parent), m_service(service), m_plan(plan)
{
    setObjectName(QStringLiteral("remediationDialog"));
    setWindowTitle(tr("Confirm: %1").arg(plan.label));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("This request will be sent to the Wazuh manager now and recorded in the audit log "
                                "as <b>%1</b>.").arg(service->actor().toHtmlEscaped()), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *form = new QFormLayout;
    auto label = [this](const QString &text, const QString &name) {
        auto *l = new QLabel(text, this);
        l->setObjectName(name);
        l->setTextFormat(Qt::PlainText);  // alert-derived text is never interpreted
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setWordWrap(true);
        return l;
    };
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_action = label(plan.label, QStringLiteral("actionLabel"));
    m_agent = label(plan.agentName.isEmpty() ? plan.agentId : QStringLiteral("%1 (%2)").arg(plan.agentId, plan.agentName),
                    QStringLiteral("agentLabel"));
    QFont bold = m_agent->font();
    bold.setBold(true);
    m_agent->setFont(bold);
    m_alert = label(plan.alertId ? QString::number(plan.alertId) : tr("none (an action on the agent)"), QStringLiteral("alertLabel"));
    m_endpoint = label(plan.endpoint(), QStringLiteral("endpointLabel"));
    m_endpoint->setFont(mono);
    m_command = label(plan.isActiveResponse() ? plan.command : tr("restart (no command)"), QStringLiteral("commandLabel"));
    m_command->setFont(mono);
    QStringList args;
    for (auto it = plan.fields.cbegin(); it != plan.fields.cend(); ++it) args << QStringLiteral("%1 = %2").arg(it.key(), it.value());
    if (!plan.arguments.isEmpty()) args << tr("extra arguments: %1").arg(plan.arguments.join(u' '));
    m_arguments = label(args.isEmpty() ? tr("none") : args.join(u'\n'), QStringLiteral("argumentsLabel"));
    m_arguments->setFont(mono);
    m_api = label(service->isApiConfigured() ? service->apiUrl() : tr("not configured (WAZUH_API_URL is not set): the attempt will fail"),
                  QStringLiteral("apiLabel"));
    form->addRow(tr("Action:"), m_action);
    form->addRow(tr("Agent:"), m_agent);
    form->addRow(tr("Alert:"), m_alert);
    form->addRow(tr("Wazuh API:"), m_api);
    form->addRow(tr("Request:"), m_endpoint);
    form->addRow(tr("Command:"), m_command);
    form->addRow(tr("Arguments:"), m_arguments);
    layout->addLayout(form);

    m_body = new QPlainTextEdit(this);
    m_body->setObjectName(QStringLiteral("requestBody"));
    m_body->setReadOnly(true);
    m_body->setFont(mono);
    m_body->setPlainText(plan.bodyText().isEmpty() ? tr("(no request body)") : plan.bodyText());
    m_body->setMaximumHeight(QFontMetrics(mono).height() * 12);
    layout->addWidget(new QLabel(tr("Request body:"), this));
    layout->addWidget(m_body);

    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("reasonEdit"));
    m_reason->setPlaceholderText(tr("Why (optional, recorded in the audit log)"));
    layout->addWidget(m_reason);

    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("resultLabel"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setVisible(false);
    layout->addWidget(m_result);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_send = m_buttons->addButton(tr("&Send"), QDialogButtonBox::AcceptRole);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true);  // Enter alone never sends
    m_send->setDefault(false);
    m_send->setAutoDefault(false);
    layout->addWidget(m_buttons);
    connect(m_send, &QPushButton::clicked, this, &RemediationDialog::send);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(service, &RemediationService::executed, this, [this](const RemediationPlan &p, const Remediator::Outcome &o) {
        if (m_sending && p.agentId == m_plan.agentId && p.actionId == m_plan.actionId && p.alertId == m_plan.alertId) showOutcome(o);
    });
    setMinimumWidth(QFontMetrics(font()).averageCharWidth() * 80);
}

QString RemediationDialog::summaryText() const
{
    return QStringList{m_action->text(), m_agent->text(), m_alert->text(), m_api->text(), m_endpoint->text(), m_command->text(),
                       m_arguments->text()}
        .join(u'\n');
}

void RemediationDialog::send()
{
    if (m_sending || m_done) return;
    m_sending = true;
    m_send->setEnabled(false);
    m_reason->setEnabled(false);
    m_result->setText(tr("Sending… (the window stays usable; the answer appears here)"));
    m_result->setStyleSheet(QString());
    m_result->setVisible(true);
    m_service->execute(m_plan, m_reason->text().trimmed());
}

QString RemediationDialog::describeOutcome(const Remediator::Outcome &o)
{
    QStringList lines;
    if (o.status == QLatin1String("ok"))
        lines << tr("Done: Wazuh accepted the request for agent %1.").arg(o.affected.join(QStringLiteral(", ")));
    else if (o.status == QLatin1String("partial"))
        lines << tr("Partly done: accepted for agent %1, refused for others.").arg(o.affected.join(QStringLiteral(", ")));
    else if (o.status == QLatin1String("dry_run"))
        lines << tr("Dry run: nothing was sent.");
    else if (o.status == QLatin1String("error"))
        lines << tr("Nothing was sent: %1").arg(o.message);
    else
        lines << tr("Failed: %1").arg(o.message.isEmpty() ? o.status : o.message);
    for (const QJsonValue &v : o.failedItems) {
        const QJsonObject f = v.toObject();
        QString line = tr("Agent %1: Wazuh error %2: %3")
                           .arg(f.value(QStringLiteral("ids")).toVariant().toStringList().join(QStringLiteral(", ")))
                           .arg(f.value(QStringLiteral("code")).toInt())
                           .arg(f.value(QStringLiteral("message")).toString());
        const QString rem = f.value(QStringLiteral("remediation")).toString();
        if (!rem.isEmpty()) line += u'\n' + tr("What to do: %1").arg(rem);
        lines << line;
    }
    if (o.failedItems.isEmpty() && !o.remediation.isEmpty()) lines << tr("What to do: %1").arg(o.remediation);
    if (o.status != QLatin1String("error") && o.status != QLatin1String("ok") && o.httpStatus)
        lines << tr("HTTP status %1").arg(o.httpStatus);
    if (o.auditId) lines << tr("Recorded in the audit log (entry %1).").arg(o.auditId);
    return lines.join(u'\n');
}

void RemediationDialog::showOutcome(const Remediator::Outcome &o)
{
    m_sending = false;
    m_done = true;
    m_result->setText(describeOutcome(o));
    const bool dark = Theme::isDark(palette());
    const QString fg = o.succeeded() ? (dark ? QStringLiteral("#3fb950") : QStringLiteral("#1a7f37"))
                                     : (dark ? QStringLiteral("#f85149") : QStringLiteral("#cf222e"));
    m_result->setStyleSheet(QStringLiteral("QLabel#resultLabel { color: %1; font-weight: bold; }").arg(fg));
    m_result->setVisible(true);
    m_send->setVisible(false);
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("&Close"));
}

}  // namespace eos
