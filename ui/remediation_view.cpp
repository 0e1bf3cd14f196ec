#include "remediation_view.h"

#include "reason_dialog.h"
#include "theme.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace eos {
namespace {
enum ActionColumn { WhenCol, WhoCol, SourceCol, AgentCol, AlertCol, ActionCol, OutcomeCol, MessageCol };
}

RemediationView::RemediationView(RemediationService *service, QWidget *parent)
    : QWidget(parent), m_service(service), m_zone(QTimeZone::systemTimeZone())
{
    setObjectName(QStringLiteral("remediationView"));
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("remediationFilter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(tr("Filter by agent, alert, action, analyst, policy or message"));
    m_outcome = new QComboBox(this);
    m_outcome->setObjectName(QStringLiteral("outcomeFilter"));
    m_outcome->addItem(tr("All outcomes"), QString());
    m_outcome->addItem(tr("Done"), QStringLiteral("ok,partial"));
    m_outcome->addItem(tr("Failed"), QStringLiteral("failed,error,sending"));
    m_outcome->addItem(tr("Refused or skipped"), QStringLiteral("refused,skipped"));
    m_outcome->addItem(tr("Dry runs"), QStringLiteral("dry_run"));
    m_outcome->addItem(tr("Policy paused/resumed"), QStringLiteral("paused,resumed"));
    m_count = new QLabel(this);
    auto *refresh = new QPushButton(tr("Refresh"), this);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_outcome);
    bar->addWidget(m_count);
    bar->addWidget(refresh);
    layout->addLayout(bar);

    auto *split = new QSplitter(Qt::Vertical, this);
    m_actions = new QTreeWidget(split);
    m_actions->setObjectName(QStringLiteral("remediationActions"));
    m_actions->setRootIsDecorated(false);
    m_actions->setUniformRowHeights(true);
    m_actions->setAlternatingRowColors(true);
    m_actions->setHeaderLabels({tr("When"), tr("Who"), tr("Source"), tr("Agent"), tr("Alert"), tr("Action"), tr("Outcome"), tr("Details")});
    m_actions->header()->setStretchLastSection(true);
    const QFontMetrics fm(font());
    const int pad = fm.averageCharWidth() * 3;
    const int widths[] = {fm.horizontalAdvance(QStringLiteral("2026-12-31 23:59:59")), fm.horizontalAdvance(QStringLiteral("eos:policy (ssh-brute-force)")),
                          fm.horizontalAdvance(QStringLiteral("console")), fm.horizontalAdvance(QStringLiteral("00000")),
                          fm.horizontalAdvance(QStringLiteral("1234567")), fm.horizontalAdvance(QStringLiteral("disable-account")),
                          fm.horizontalAdvance(QStringLiteral("Refused or skipped"))};
    for (int c = 0; c < 7; ++c) m_actions->header()->resizeSection(c, widths[c] + pad);

    auto *policyBox = new QWidget(split);
    auto *pl = new QVBoxLayout(policyBox);
    pl->setContentsMargins(0, 0, 0, 0);
    auto *pbar = new QHBoxLayout;
    pbar->addWidget(new QLabel(tr("Auto-response policies"), policyBox));
    m_policyNote = new QLabel(policyBox);
    m_policyNote->setWordWrap(true);
    pbar->addWidget(m_policyNote, 1);
    m_pause = new QPushButton(tr("&Pause Policy…"), policyBox);
    m_pause->setObjectName(QStringLiteral("pausePolicyButton"));
    m_pause->setEnabled(false);
    pbar->addWidget(m_pause);
    pl->addLayout(pbar);
    m_policies = new QTreeWidget(policyBox);
    m_policies->setObjectName(QStringLiteral("policiesTable"));
    m_policies->setRootIsDecorated(false);
    m_policies->setUniformRowHeights(true);
    m_policies->setHeaderLabels({tr("Policy"), tr("Action"), tr("Mode"), tr("Decisions (24 h)"), tr("Last match"),
                                 tr("Policy limit"), tr("Busiest agent"), tr("Description")});
    m_policies->header()->setStretchLastSection(true);
    for (int c = 0; c < 7; ++c) m_policies->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    pl->addWidget(m_policies);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);

    connect(refresh, &QPushButton::clicked, this, &RemediationView::refresh);
    connect(m_filter, &QLineEdit::textChanged, this, &RemediationView::applyFilter);
    connect(m_outcome, qOverload<int>(&QComboBox::currentIndexChanged), this, &RemediationView::applyFilter);
    connect(m_policies, &QTreeWidget::currentItemChanged, this, &RemediationView::updatePauseButton);
    connect(m_pause, &QPushButton::clicked, this, [this] { togglePauseSelected(); });
    connect(m_actions, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (!item->text(AgentCol).isEmpty()) Q_EMIT agentAlertsRequested(item->text(AgentCol));
    });
    connect(service, &RemediationService::actionsLoaded, this, &RemediationView::showActions);
    connect(service, &RemediationService::policiesLoaded, this, &RemediationView::showPolicies);
    connect(service, &RemediationService::executed, this, &RemediationView::refresh);
    connect(service, &RemediationService::policyPauseChanged, this, [this](const QString &policy, bool paused, const QString &e) {
        if (!e.isEmpty()) Q_EMIT statusMessage(tr("Could not change policy %1: %2").arg(policy, e), 15000);
        else Q_EMIT statusMessage(paused ? tr("Policy %1 paused").arg(policy) : tr("Policy %1 resumed").arg(policy), 8000);
    });
    m_timer.setInterval(10000);
    connect(&m_timer, &QTimer::timeout, this, &RemediationView::refresh);
}

void RemediationView::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    showActions(m_rows, {});
}

void RemediationView::refresh()
{
    m_service->refreshActions();
    m_service->refreshPolicies();
}

void RemediationView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    m_timer.start();
}

void RemediationView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
}

QString RemediationView::describeOutcome(const QString &o)
{
    if (o == QLatin1String("ok")) return tr("Done");
    if (o == QLatin1String("partial")) return tr("Partly done");
    if (o == QLatin1String("failed")) return tr("Failed");
    if (o == QLatin1String("error")) return tr("Not sent (error)");
    if (o == QLatin1String("sending")) return tr("Outcome unknown");
    if (o == QLatin1String("refused")) return tr("Refused");
    if (o == QLatin1String("skipped")) return tr("Skipped");
    if (o == QLatin1String("dry_run")) return tr("Dry run");
    if (o == QLatin1String("paused")) return tr("Policy paused");
    if (o == QLatin1String("resumed")) return tr("Policy resumed");
    return o;
}

void RemediationView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange || !m_actions || !m_policies || !m_policyNote) return;
    showActions(m_rows, {});
    showPolicies(m_policyRows, {});
}

void RemediationView::showActions(const QList<RemediationService::ActionRow> &rows, const QString &error)
{
    m_rows = rows;
    m_actions->clear();
    if (!error.isEmpty()) {
        auto *item = new QTreeWidgetItem(m_actions, {tr("Actions unavailable: %1").arg(error)});
        item->setFirstColumnSpanned(true);
        item->setDisabled(true);
        return;
    }
    const bool dark = Theme::isDark(palette());
    for (const auto &r : rows) {
        QString who = r.actor;
        if (r.actor.startsWith(QLatin1String("eos:"))) who = tr("policy %1").arg(r.policy);
        QString what = r.actionId;
        if (r.kind.startsWith(QLatin1String("policy_"))) what = r.details.value(QStringLiteral("policy")).toString();
        QString details = r.message;
        if (r.code) details = tr("Wazuh error %1: %2").arg(r.code).arg(r.message);
        if (!r.endpoint.isEmpty()) details = details.isEmpty() ? r.endpoint : details + QStringLiteral(" · ") + r.endpoint;
        auto *item = new QTreeWidgetItem(m_actions, {r.at.toTimeZone(m_zone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), who,
                                                     r.source.isEmpty() ? r.kind : r.source, r.agentId,
                                                     r.alertId ? QString::number(r.alertId) : QString(), what,
                                                     describeOutcome(r.outcome), details});
        item->setData(AlertCol, Qt::UserRole, r.alertId);
        item->setData(OutcomeCol, Qt::UserRole, r.outcome);
        item->setToolTip(MessageCol, details);
        QColor c;
        if (r.outcome == QLatin1String("ok")) c = dark ? QColor(0x3f, 0xb9, 0x50) : QColor(0x1a, 0x7f, 0x37);
        else if (r.outcome == QLatin1String("failed") || r.outcome == QLatin1String("error") || r.outcome == QLatin1String("sending"))
            c = dark ? QColor(0xf8, 0x51, 0x49) : QColor(0xcf, 0x22, 0x2e);
        else if (r.outcome == QLatin1String("partial") || r.outcome == QLatin1String("refused") || r.outcome == QLatin1String("skipped"))
            c = dark ? QColor(0xe3, 0xb3, 0x41) : QColor(0x9a, 0x67, 0x00);
        if (c.isValid()) item->setForeground(OutcomeCol, c);
    }
    applyFilter();
}

void RemediationView::applyFilter()
{
    const QString text = m_filter->text().trimmed();
    const QStringList outcomes = m_outcome->currentData().toString().split(u',', Qt::SkipEmptyParts);
    int shown = 0;
    for (int i = 0; i < m_actions->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_actions->topLevelItem(i);
        bool visible = outcomes.isEmpty() || outcomes.contains(item->data(OutcomeCol, Qt::UserRole).toString());
        if (visible && !text.isEmpty()) {
            bool any = false;
            for (int c = 0; c < m_actions->columnCount() && !any; ++c) any = item->text(c).contains(text, Qt::CaseInsensitive);
            visible = any;
        }
        item->setHidden(!visible);
        shown += visible;
    }
    m_count->setText(tr("%1 of %2 actions").arg(QLocale().toString(shown), QLocale().toString(m_rows.size())));
}

void RemediationView::showPolicies(const QList<RemediationService::PolicyRow> &rows, const QString &error)
{
    const QString current = m_policies->currentItem() ? m_policies->currentItem()->text(0) : QString();
    m_policyRows = rows;
    m_policies->clear();
    if (rows.isEmpty())
        m_policyNote->setText(tr("No policies: set EOS_RESPONSE_POLICIES to a JSON file (see the README) to act automatically."));
    else
        m_policyNote->setText(error.isEmpty() ? QString() : tr("Figures unavailable: %1").arg(error));
    const QLocale loc;
    for (const auto &p : rows) {
        QString mode = !p.enabled ? tr("disabled") : p.paused ? tr("paused by %1").arg(p.pausedBy) : p.dryRun ? tr("dry run") : tr("active");
        auto limit = [](int used, int max, int window) {
            return max > 0 ? tr("%1 of %2 in %3 min").arg(used).arg(max).arg(window) : tr("%1 (no limit)").arg(used);
        };
        auto *item = new QTreeWidgetItem(m_policies, {p.name, p.action, mode, loc.toString(p.matches24h),
                                                      p.lastMatch.isValid() ? p.lastMatch.toTimeZone(m_zone).toString(QStringLiteral("yyyy-MM-dd HH:mm")) : tr("never"),
                                                      limit(p.takenInWindow, p.limits.perPolicyMax, p.limits.perPolicyWindowMinutes),
                                                      limit(p.busiestAgentInWindow, p.limits.perAgentMax, p.limits.perAgentWindowMinutes),
                                                      p.description});
        item->setData(0, Qt::UserRole, p.paused);
        const QColor red = Theme::isDark(palette()) ? QColor(0xf8, 0x51, 0x49) : QColor(0xcf, 0x22, 0x2e);
        const bool policyFull = p.limits.perPolicyMax > 0 && p.takenInWindow >= p.limits.perPolicyMax;
        const bool agentFull = p.limits.perAgentMax > 0 && p.busiestAgentInWindow >= p.limits.perAgentMax;
        for (int col : {5, 6}) {
            if ((col == 5 && !policyFull) || (col == 6 && !agentFull)) continue;
            item->setForeground(col, red);
            item->setToolTip(col, col == 5 ? tr("At its limit: further matches are skipped until the window passes")
                                           : tr("One agent is at its limit: further matches on it are skipped until the window passes"));
        }
        if (p.name == current) m_policies->setCurrentItem(item);
    }
    updatePauseButton();
}

void RemediationView::updatePauseButton()
{
    QTreeWidgetItem *item = m_policies->currentItem();
    m_pause->setEnabled(item != nullptr);
    m_pause->setText(item && item->data(0, Qt::UserRole).toBool() ? tr("&Resume Policy…") : tr("&Pause Policy…"));
}

bool RemediationView::togglePauseSelected(const QString &reasonForTests)
{
    QTreeWidgetItem *item = m_policies->currentItem();
    if (!item) return false;
    const QString policy = item->text(0);
    const bool pause = !item->data(0, Qt::UserRole).toBool();
    QString reason = reasonForTests;
    if (reason.isEmpty()) {
        const auto r = ReasonDialog::ask(this, pause ? tr("Pause Policy %1").arg(policy) : tr("Resume Policy %1").arg(policy),
                                         pause ? tr("Why pause it? While paused, its matches are recorded as skipped.")
                                               : tr("Why resume it?"));
        if (!r) return false;
        reason = *r;
    }
    m_service->setPolicyPaused(policy, pause, reason);
    return true;
}

}  // namespace eos
