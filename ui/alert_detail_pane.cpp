#include "alert_detail_pane.h"

#include "alert_card.h"

#include "alert_filter.h"

#include "agent_list_model.h"
#include "json_tree_model.h"
#include "remediation_service.h"
#include "llm_summary_model.h"
#include "alert_handoff.h"
#include "elided_label.h"
#include "severity_palette.h"
#include "theme.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFormLayout>
#include <QEvent>
#include <QFrame>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QHBoxLayout>
#include <QVBoxLayout>

#include <functional>

namespace eos {

AlertDetailPane::AlertDetailPane(QWidget *parent) : QWidget(parent), m_zone(QTimeZone::systemTimeZone())
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    // nothing selected (or the filter changed): a placeholder instead of an empty tree
    m_placeholder = new QLabel(tr("Select an alert to see its details here."), this);
    m_placeholder->setObjectName(QStringLiteral("detailPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    outer->addWidget(m_placeholder, 1);
    m_content = new QWidget(this);
    m_content->setObjectName(QStringLiteral("detailContent"));
    outer->addWidget(m_content, 1);
    auto *layout = new QVBoxLayout(m_content);
    layout->setContentsMargins(0, 0, 0, 0);
    m_card = new AlertCard(m_content);
    layout->addWidget(m_card);

    // which stage gave up on this alert, and why — above everything else, with the way out
    auto *stageFrame = new QFrame(m_content);
    stageFrame->setObjectName(QStringLiteral("stageBox"));
    m_stageBox = stageFrame;
    auto *stageLayout = new QHBoxLayout(stageFrame);
    const int pad = QFontMetrics(font()).averageCharWidth();
    stageLayout->setContentsMargins(pad, pad / 2, pad / 2, pad / 2);
    m_stageBanner = new QLabel(stageFrame);
    m_stageBanner->setObjectName(QStringLiteral("stageBanner"));
    m_stageBanner->setWordWrap(true);
    m_stageBanner->setTextFormat(Qt::PlainText);
    m_stageBanner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bf = m_stageBanner->font();
    bf.setBold(true);
    m_stageBanner->setFont(bf);
    m_retryButton = new QPushButton(tr("Re&try"), stageFrame);
    m_retryButton->setObjectName(QStringLiteral("retryButton"));
    m_retryButton->setToolTip(tr("Send this alert back to the stage that gave up on it"));
    stageLayout->addWidget(m_stageBanner, 1);
    stageLayout->addWidget(m_retryButton, 0, Qt::AlignTop);
    layout->addWidget(m_stageBox);
    connect(m_retryButton, &QPushButton::clicked, this, [this] {
        if (m_id != 0) Q_EMIT retryRequested(m_id);
    });
    hideStageStatus();

    // the LLM triage's word on this alert (AI Summaries has the whole answer)
    m_summary = new QLabel(m_content);
    m_summary->setObjectName(QStringLiteral("aiSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->hide();
    layout->addWidget(m_summary);

    m_split = new QSplitter(Qt::Vertical, m_content);
    m_split->setObjectName(QStringLiteral("detailSplitter"));
    m_split->setChildrenCollapsible(false);
    layout->addWidget(m_split, 1);

    m_tree = new QTreeView(m_split);
    m_tree->setObjectName(QStringLiteral("jsonTree"));
    m_json = new JsonTreeModel(this);
    m_tree->setModel(m_json);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->resizeSection(0, QFontMetrics(font()).averageCharWidth() * 24);
    m_tree->setAccessibleName(tr("Alert fields"));

    // response: matching playbooks (Markdown) with their actions, and every remediation action
    m_responseBox = new QWidget(m_split);
    m_responseBox->setObjectName(QStringLiteral("responseBox"));
    auto *respLayout = new QVBoxLayout(m_responseBox);
    respLayout->setContentsMargins(0, 0, 0, 0);
    auto *respHeader = new QHBoxLayout;
    respHeader->addWidget(new QLabel(tr("Remediation"), m_responseBox));
    m_playbookButtonRow = new QWidget(m_responseBox);
    auto *btnLayout = new QHBoxLayout(m_playbookButtonRow);
    btnLayout->setContentsMargins(0, 0, 0, 0);
    respHeader->addWidget(m_playbookButtonRow, 1);
    m_remediateButton = new QToolButton(m_responseBox);
    m_remediateButton->setObjectName(QStringLiteral("remediateButton"));
    m_remediateButton->setText(tr("Remediate"));
    m_remediateButton->setToolTip(tr("Restart the agent or run an active-response command (r)"));
    m_remediateButton->setPopupMode(QToolButton::InstantPopup);
    m_remediateButton->setMenu(new QMenu(m_remediateButton));
    connect(m_remediateButton->menu(), &QMenu::aboutToShow, this, [this] {
        m_remediateButton->menu()->clear();
        fillRemediationMenu(m_remediateButton->menu());
    });
    respHeader->addWidget(m_remediateButton);
    respLayout->addLayout(respHeader);
    m_playbookView = new QTextBrowser(m_responseBox);
    m_playbookView->setObjectName(QStringLiteral("playbookView"));
    m_playbookView->setOpenExternalLinks(true);
    m_playbookView->setAccessibleName(tr("Response playbook"));
    respLayout->addWidget(m_playbookView);
    m_responseBox->setVisible(false);

    auto *logBox = new QWidget(m_split);
    auto *logLayout = new QVBoxLayout(logBox);
    logLayout->setContentsMargins(0, 0, 0, 0);
    logLayout->addWidget(new QLabel(tr("Full log"), logBox));
    m_fullLog = new QPlainTextEdit(logBox);
    m_fullLog->setReadOnly(true);
    m_fullLog->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_fullLog->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_fullLog->setPlaceholderText(tr("This alert has no full_log."));
    logLayout->addWidget(m_fullLog);

    auto *histBox = new QWidget(m_split);
    auto *histLayout = new QVBoxLayout(histBox);
    histLayout->setContentsMargins(0, 0, 0, 0);
    histLayout->addWidget(new QLabel(tr("Triage history"), histBox));
    m_history = new TriageHistoryView(histBox);
    histLayout->addWidget(m_history);
    m_split->setStretchFactor(0, 5);
    m_split->setStretchFactor(1, 3);
    m_split->setStretchFactor(2, 2);
    m_split->setStretchFactor(3, 2);

    m_copyValue = new QAction(tr("Copy &Value"), this);
    m_copyValue->setShortcut(QKeySequence::Copy);
    m_copyValue->setShortcutContext(Qt::WidgetShortcut);
    m_copyPath = new QAction(tr("Copy Field &Path"), this);
    m_copyPath->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyPath->setShortcutContext(Qt::WidgetShortcut);
    m_filterOn = new QAction(tr("&Filter on This Value"), this);
    m_filterOn->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    m_filterOn->setShortcutContext(Qt::WidgetShortcut);
    m_filterOut = new QAction(tr("Filter &Out This Value"), this);
    m_filterOut->setObjectName(QStringLiteral("filterOutValue"));
    m_filterOut->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_filterOut->setShortcutContext(Qt::WidgetShortcut);
    m_back = new QAction(tr("Back to the Alert List"), this);
    m_back->setShortcut(QKeySequence(Qt::Key_Escape));
    m_back->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyJsonAct = new QAction(tr("Copy Alert as &JSON"), this);
    m_copyJsonAct->setObjectName(QStringLiteral("copyAlertJson"));
    m_copyJsonAct->setToolTip(tr("Copy the whole alert as it was received, as indented JSON"));
    m_copySummaryAct = new QAction(tr("Copy as One-Line &Summary"), this);
    m_copySummaryAct->setObjectName(QStringLiteral("copyAlertSummary"));
    m_copySummaryAct->setToolTip(tr("Copy time, level, rule, agent and source IP as one line (for a chat or a ticket)"));
    m_openDashboardAct = new QAction(tr("Open in &Wazuh Dashboard"), this);
    m_openDashboardAct->setObjectName(QStringLiteral("openInDashboard"));
    m_openDashboardAct->setToolTip(tr("Open this alert in the Wazuh dashboard (WAZUH_DASHBOARD_URL)"));
    m_openDashboardAct->setVisible(false);
    connect(m_copyJsonAct, &QAction::triggered, this, [this] { copyAlert(PendingCopy::Json); });
    connect(m_copySummaryAct, &QAction::triggered, this, [this] { copyAlert(PendingCopy::Summary); });
    connect(m_openDashboardAct, &QAction::triggered, this, &AlertDetailPane::openInDashboard);
    auto *copyMenu = new QMenu(m_card->copyButton());
    copyMenu->addAction(m_copyJsonAct);
    copyMenu->addAction(m_copySummaryAct);
    m_card->copyButton()->setMenu(copyMenu);
    m_card->copyButton()->setText(tr("Copy"));
    m_card->copyButton()->setToolTip(tr("Copy the alert as JSON or as a one-line summary"));
    m_card->dashboardButton()->setText(tr("Wazuh Dashboard"));
    m_card->dashboardButton()->setToolTip(m_openDashboardAct->toolTip());
    connect(m_card->dashboardButton(), &QToolButton::clicked, this, &AlertDetailPane::openInDashboard);
    m_tree->addAction(m_copyValue);
    m_tree->addAction(m_copyPath);
    m_tree->addAction(m_filterOn);
    m_tree->addAction(m_filterOut);
    addAction(m_back);
    connect(m_copyValue, &QAction::triggered, this, &AlertDetailPane::copyValue);
    connect(m_copyPath, &QAction::triggered, this, &AlertDetailPane::copyPath);
    connect(m_filterOn, &QAction::triggered, this, &AlertDetailPane::filterOnValue);
    connect(m_filterOut, &QAction::triggered, this, [this] {
        const QString term = currentValueIndex().data(JsonTreeModel::FilterTermRole).toString();
        if (!term.isEmpty()) Q_EMIT filterOnTermRequested(AlertFilter::excludeTerm(term));
    });
    connect(m_back, &QAction::triggered, this, &AlertDetailPane::backToListRequested);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex idx = m_tree->indexAt(pos);
        if (!idx.isValid()) return;
        m_tree->setCurrentIndex(idx);
        const QString term = currentValueIndex().data(JsonTreeModel::FilterTermRole).toString();
        m_filterOn->setEnabled(!term.isEmpty());
        m_filterOut->setEnabled(!term.isEmpty());
        QMenu menu(this);
        menu.addAction(m_copyValue);
        menu.addAction(m_copyPath);
        menu.addSeparator();
        m_filterOn->setText(term.isEmpty() ? tr("&Filter on This Value") : tr("&Filter on “%1”").arg(term));
        m_filterOut->setText(term.isEmpty() ? tr("Filter &Out This Value") : tr("Filter &out “%1”").arg(AlertFilter::excludeTerm(term)));
        menu.addAction(m_filterOn);
        menu.addAction(m_filterOut);
        menu.addSeparator();
        addHandoffActions(&menu);
        menu.exec(m_tree->viewport()->mapToGlobal(pos));
        m_filterOn->setText(tr("&Filter on This Value"));
        m_filterOut->setText(tr("Filter &Out This Value"));
        m_filterOn->setEnabled(true);
        m_filterOut->setEnabled(true);
    });
    clear();
}

QList<QAction *> AlertDetailPane::treeActions() const { return {m_copyValue, m_copyPath, m_filterOn, m_filterOut, m_back}; }

void AlertDetailPane::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    m_history->setTimeZone(zone);
    if (!m_alert.isEmpty()) m_card->fill(m_alert, m_id, m_zone);
}

void AlertDetailPane::showSummary(qint64 id, const QString &risk, const QString &summary, const QString &model, bool valid)
{
    if (id != m_id) return;
    if (summary.isEmpty() && risk.isEmpty()) {
        m_summary->hide();
        m_summary->clear();
        return;
    }
    const QColor c = LlmSummaryModel::riskColor(risk, Theme::isDark(palette()));
    QString head = tr("AI summary");
    if (!risk.isEmpty()) head += QStringLiteral(" · <span style=\"color:%1\"><b>%2</b></span>").arg(c.name(), tr("%1 risk").arg(LlmSummaryModel::riskLabel(risk)).toHtmlEscaped());
    if (!model.isEmpty()) head += QStringLiteral(" · %1").arg(model.toHtmlEscaped());
    if (!valid) head += QStringLiteral(" · <i>%1</i>").arg(tr("not in the requested format").toHtmlEscaped());
    m_summary->setText(QStringLiteral("%1<br>%2").arg(head, summary.toHtmlEscaped()));
    m_summary->show();
}

void AlertDetailPane::hideStageStatus()
{
    m_stageBox->setVisible(false);
    m_stageBanner->clear();
    m_stageFailed = false;
}

void AlertDetailPane::styleBanner()
{
    // tinted like GitHub's flash messages: red for failed, amber while the stage still retries; a light
    // and a dark variant so the text stays readable in both themes
    const bool dark = Theme::isDark(palette());
    QString bg, border, fg;
    if (m_stageFailed) {
        bg = dark ? QStringLiteral("#3d1a1c") : QStringLiteral("#ffebe9");
        border = dark ? QStringLiteral("#8e1519") : QStringLiteral("#ff8182");
        fg = dark ? QStringLiteral("#ffa198") : QStringLiteral("#82071e");
    } else {
        bg = dark ? QStringLiteral("#3b2e0a") : QStringLiteral("#fff8c5");
        border = dark ? QStringLiteral("#9e6a03") : QStringLiteral("#d4a72c");
        fg = dark ? QStringLiteral("#e3b341") : QStringLiteral("#7d4e00");
    }
    m_stageBox->setStyleSheet(QStringLiteral("QFrame#stageBox { background: %1; border: 1px solid %2; border-radius: 4px; } "
                                             "QLabel#stageBanner { color: %3; background: transparent; border: none; }")
                                  .arg(bg, border, fg));
}

void AlertDetailPane::showStageStatus(const TriageStore::StageStatus &st)
{
    if (st.id != m_id || m_id == 0) return;
    m_card->showAgent(st, m_alert);
    if (!st.found || !st.error.isEmpty() || (!st.isFailed() && st.stageError.isEmpty())) {
        hideStageStatus();
        return;
    }
    m_stageFailed = st.isFailed();
    if (m_stageFailed) {
        const QString stage = st.failedStage.isEmpty() ? tr("unknown") : st.failedStage;
        m_stageBanner->setText(st.stageError.isEmpty() ? tr("Failed in stage %1").arg(stage)
                                                       : tr("Failed in stage %1: %2").arg(stage, st.stageError));
        m_retryButton->setVisible(true);
        m_retryButton->setEnabled(st.canRetry());
        m_retryButton->setToolTip(st.canRetry() ? tr("Send this alert back to the stage that gave up on it")
                                                : tr("This alert failed before stages recorded where it came from; it cannot be retried"));
    } else {
        m_stageBanner->setText(tr("The stage is retrying (attempt %1): %2").arg(st.attempts).arg(st.stageError));
        m_retryButton->setVisible(false);
    }
    styleBanner();
    m_stageBox->setVisible(true);
}

void AlertDetailPane::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_stageBox && m_stageBox->isVisibleTo(this)) styleBanner();
}

void AlertDetailPane::clear()
{
    m_id = 0;
    m_pendingCopy = PendingCopy::None;
    hideStageStatus();
    if (m_summary) m_summary->hide();
    m_alert = QJsonObject();
    m_card->reset();
    m_json->clear();
    m_fullLog->clear();
    m_history->clearEntries();
    m_placeholder->setVisible(true);
    m_content->setVisible(false);
    updateHandoffActions();
    updateResponse();
}

void AlertDetailPane::showLoading(qint64 id)
{
    if (id != m_id) {
        m_json->clear();
        m_fullLog->clear();
        m_history->clearEntries();
        hideStageStatus();
        m_summary->hide();
        m_alert = QJsonObject();
        m_pendingCopy = PendingCopy::None;
        m_card->reset();
    }
    m_id = id;
    m_placeholder->setVisible(false);
    m_content->setVisible(true);
    m_shownOnce = true;
    m_card->setTitle(tr("Alert %1 (loading…)").arg(id));
    updateHandoffActions();
}

void AlertDetailPane::showDetails(qint64 id, const QByteArray &json, const QString &fullLog)
{
    if (id != m_id) return;
    QString error;
    if (!m_json->setJson(json, &error)) {
        showError(id, error);
        return;
    }
    m_alert = m_json->document().object();
    m_card->fill(m_alert, m_id, m_zone);
    expandDefault();
    m_fullLog->setPlainText(fullLog);
    updateHandoffActions();
    updateResponse();
    if (m_pendingCopy != PendingCopy::None) {
        const PendingCopy what = m_pendingCopy;
        m_pendingCopy = PendingCopy::None;
        copyAlert(what);
    }
}

void AlertDetailPane::expandDefault()
{
    // what analysts read first open; the compliance lists (pci_dss, gdpr, …) closed
    m_tree->collapseAll();
    for (const char *path : {"rule", "agent", "data", "rule.mitre", "rule.mitre.id", "rule.mitre.tactic", "rule.mitre.technique", "mitre"}) {
        const QModelIndex idx = m_json->indexForPath(QString::fromLatin1(path));
        if (idx.isValid()) m_tree->expand(idx);
    }
    // data's nested objects too (data.win.eventdata: where Windows alerts keep what matters)
    std::function<void(const QModelIndex &)> deep = [&](const QModelIndex &parent) {
        for (int r = 0; r < m_json->rowCount(parent); ++r) {
            const QModelIndex c = m_json->index(r, 0, parent);
            if (!c.data(JsonTreeModel::IsContainerRole).toBool() || m_json->rowCount(c) > 50) continue;
            m_tree->expand(c);
            deep(c);
        }
    };
    const QModelIndex dataIdx = m_json->indexForPath(QStringLiteral("data"));
    if (dataIdx.isValid()) deep(dataIdx);
    for (const QString &key : AlertHandoff::complianceKeys()) {
        const QModelIndex idx = m_json->indexForPath(QStringLiteral("rule.") + key);
        if (idx.isValid()) m_tree->collapse(idx);
    }
}

void AlertDetailPane::setDashboardUrl(const QString &url)
{
    m_dashboardUrl = url.trimmed();
    updateHandoffActions();
}

QUrl AlertDetailPane::dashboardUrl() const
{
    if (m_dashboardUrl.isEmpty() || m_alert.isEmpty()) return {};
    return AlertHandoff::dashboardUrl(m_dashboardUrl, m_alert);
}

void AlertDetailPane::updateHandoffActions()
{
    const bool any = m_id != 0;
    m_copyJsonAct->setEnabled(any);
    m_copySummaryAct->setEnabled(any);
    m_openDashboardAct->setVisible(!m_dashboardUrl.isEmpty());
    m_openDashboardAct->setEnabled(any && !m_alert.isEmpty());
    m_card->dashboardButton()->setVisible(!m_dashboardUrl.isEmpty());
    m_card->dashboardButton()->setEnabled(m_openDashboardAct->isEnabled());
}

void AlertDetailPane::addHandoffActions(QMenu *menu)
{
    menu->addAction(m_copyJsonAct);
    menu->addAction(m_copySummaryAct);
    if (m_openDashboardAct->isVisible()) menu->addAction(m_openDashboardAct);
}

void AlertDetailPane::copyAlert(PendingCopy what)
{
    if (m_id == 0) return;
    if (m_alert.isEmpty()) {
        m_pendingCopy = what;  // copied when the alert is in (it is being fetched)
        return;
    }
    const QString text = what == PendingCopy::Json ? AlertHandoff::prettyJson(m_alert) : AlertHandoff::summaryLine(m_alert, m_zone);
    QApplication::clipboard()->setText(text);
    Q_EMIT statusMessage(what == PendingCopy::Json ? tr("Copied alert #%1 as JSON").arg(m_id)
                                                   : tr("Copied: %1").arg(text), 5000);
}

void AlertDetailPane::openInDashboard()
{
    const QUrl url = dashboardUrl();
    if (!url.isValid()) return;
    if (!QDesktopServices::openUrl(url)) Q_EMIT statusMessage(tr("Could not open %1").arg(url.toString()), 10000);
}

void AlertDetailPane::setRemediation(RemediationService *service)
{
    m_remediation = service;
    updateResponse();
}

void AlertDetailPane::updateResponse()
{
    qDeleteAll(m_playbookButtons);
    m_playbookButtons.clear();
    const QJsonObject alert = m_json->document().object();
    if (!m_remediation || m_id == 0 || alert.isEmpty()) {
        m_responseBox->setVisible(false);
        m_playbookView->clear();
        return;
    }
    m_responseBox->setVisible(true);
    const auto playbooks = m_remediation->playbooksFor(alert);
    const auto offers = m_remediation->offersFor(alert, m_id);
    QString md;
    QStringList shown;
    for (const auto &p : playbooks) {
        md += QStringLiteral("### %1\n\n%2\n\n").arg(p.title, p.markdown);
        for (const QString &action : p.actions) {
            if (shown.contains(action)) continue;
            shown << action;
            for (const auto &o : offers) {
                if (o.id != action) continue;
                auto *b = new QPushButton(o.label, m_playbookButtonRow);
                b->setObjectName(QStringLiteral("playbookAction-") + o.id);
                b->setEnabled(o.available);
                b->setToolTip(o.available ? o.plan.endpoint() : tr("Not offered: %1").arg(o.why));
                const RemediationPlan plan = o.plan;
                connect(b, &QPushButton::clicked, this, [this, plan] { Q_EMIT remediationRequested(plan); });
                m_playbookButtonRow->layout()->addWidget(b);
                m_playbookButtons << b;
            }
        }
    }
    if (md.isEmpty())
        md = tr("*No playbook matches this alert.* The Remediate menu still offers every action that applies.");
    m_playbookView->setMarkdown(md);
}

void AlertDetailPane::fillRemediationMenu(QMenu *menu)
{
    const QJsonObject alert = m_json->document().object();
    if (!m_remediation || m_id == 0 || alert.isEmpty()) {
        menu->addAction(tr("No alert loaded"))->setEnabled(false);
        return;
    }
    for (const auto &o : m_remediation->offersFor(alert, m_id)) {
        QAction *a = menu->addAction(o.available ? tr("%1…").arg(o.label) : tr("%1 (not offered: %2)").arg(o.label, o.why));
        a->setEnabled(o.available);
        a->setToolTip(o.available ? o.plan.endpoint() : o.why);
        const RemediationPlan plan = o.plan;
        connect(a, &QAction::triggered, this, [this, plan] { Q_EMIT remediationRequested(plan); });
    }
}

void AlertDetailPane::showError(qint64 id, const QString &message)
{
    if (id != m_id) return;
    m_card->setTitle(tr("Alert %1 cannot be shown: %2").arg(id).arg(message));
}

void AlertDetailPane::showHistory(const QList<TriageStore::HistoryEntry> &history, const QString &error)
{
    m_history->setEntries(history, error, m_id != 0);
}

void AlertDetailPane::focusTree()
{
    m_tree->setFocus(Qt::ShortcutFocusReason);
    if (!m_tree->currentIndex().isValid() && m_json->rowCount() > 0) m_tree->setCurrentIndex(m_json->index(0, 0));
}

QModelIndex AlertDetailPane::currentValueIndex() const
{
    const QModelIndex cur = m_tree->currentIndex();
    return cur.isValid() ? cur.siblingAtColumn(JsonTreeModel::ValueColumn) : QModelIndex();
}

void AlertDetailPane::copyValue()
{
    const QModelIndex idx = currentValueIndex();
    if (idx.isValid()) QApplication::clipboard()->setText(idx.data(JsonTreeModel::ValueTextRole).toString());
}

void AlertDetailPane::copyPath()
{
    const QModelIndex idx = currentValueIndex();
    if (idx.isValid()) QApplication::clipboard()->setText(idx.data(JsonTreeModel::PathRole).toString());
}

void AlertDetailPane::filterOnValue()
{
    const QString term = currentValueIndex().data(JsonTreeModel::FilterTermRole).toString();
    if (!term.isEmpty()) Q_EMIT filterOnTermRequested(term);
}

}  // namespace eos
