#include "main_window.h"

#include "agents_view.h"
#include "ai_summaries_view.h"
#include "dispatch_queue_view.h"
#include "email_preview_view.h"
#include "alert_list_model.h"
#include "alerts_view.h"
#include "console_session.h"
#include "filter_bar.h"
#include "remediation_service.h"
#include "remediation_view.h"
#include "saved_views_store.h"
#include "settings_dialog.h"
#include "theme.h"
#include "triage_store.h"
#include "ui_settings.h"

#include <algorithm>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>

namespace eos {
namespace {
const QString kGeometryKey = QStringLiteral("layout/mainWindowGeometry");
const QString kStateKey = QStringLiteral("layout/mainWindowState");
const QString kPageKey = QStringLiteral("layout/page");
}  // namespace

MainWindow::MainWindow(ConsoleSession *session, QWidget *parent) : QMainWindow(parent), m_session(session)
{
    setObjectName(QStringLiteral("mainWindow"));
    createStores();

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_nav = new QListWidget(central);
    m_nav->setObjectName(QStringLiteral("navigation"));
    m_nav->setAccessibleName(tr("Views"));
    m_nav->addItem(tr("Live Alerts"));
    m_nav->addItem(tr("Agents"));
    m_nav->addItem(tr("Remediation"));
    m_nav->addItem(tr("AI Summaries"));
    m_nav->addItem(tr("Dispatch Queue"));
    m_nav->addItem(tr("Email Preview"));
    const QFontMetrics fm(font());
    int navWidth = 0;
    for (int i = 0; i < m_nav->count(); ++i) navWidth = std::max(navWidth, fm.horizontalAdvance(m_nav->item(i)->text()));
    m_nav->setFixedWidth(navWidth + fm.averageCharWidth() * 6);
    m_nav->setFrameShape(QFrame::NoFrame);
    m_nav->setSpacing(fm.height() / 4);
    updateNavigationPalette();
    m_stack = new QStackedWidget(central);
    m_alerts = new AlertsView(session->connectionInfo(), m_triage.get(), m_views.get(), m_stack);
    m_agents = new AgentsView(session->connectionInfo(), m_stack);
    m_remediationView = new RemediationView(m_remediation.get(), m_stack);
    m_stack->addWidget(m_alerts);
    m_stack->addWidget(m_agents);
    m_stack->addWidget(m_remediationView);
    m_alerts->setRemediation(m_remediation.get());
    m_agents->setRemediation(m_remediation.get());
    connect(m_agents, &AgentsView::remediationRequested, m_alerts, &AlertsView::confirmRemediation);
    connect(m_remediationView, &RemediationView::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_remediationView, &RemediationView::agentAlertsRequested, this, [this](const QString &agent) {
        showPage(Page::LiveAlerts);
        m_alerts->setGrouped(false);
        m_alerts->applyFilterText(QStringLiteral("agent:%1").arg(agent));
    });
    m_aiSummaries = new AiSummariesView(session->connectionInfo(), session->analystName(),
                                        session->config().value(QStringLiteral("LLM_PRICE_PER_1K_TOKENS")).toDouble(),
                                        session->config().value(QStringLiteral("LLM_CURRENCY")), m_stack);
    m_stack->addWidget(m_aiSummaries);
    m_dispatch = new DispatchQueueView(session->connectionInfo(), session->analystName(), m_stack);
    m_stack->addWidget(m_dispatch);
    m_emailPreview = new EmailPreviewView(session->connectionInfo(), session->config(), session->analystName(), m_stack);
    m_stack->addWidget(m_emailPreview);
    layout->addWidget(m_nav);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    buildMenus();
    buildStatusBar();

    connect(m_nav, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row == int(Page::EmailPreview)) m_emailPreview->setSelectedAlert(m_alerts->selectedAlertIds().value(0));
        m_stack->setCurrentIndex(row);
        for (QAction *a : m_alerts->triageActions()) a->setEnabled(row == 0 && !m_alerts->isGrouped());
        m_alerts->retryAction()->setEnabled(row == 0 && !m_alerts->isGrouped());
        m_alerts->remediateAction()->setEnabled(row == 0);
        updateTitle();
    });
    connect(m_agents, &AgentsView::agentActivated, this, [this](const QString &, const QString &filter) {
        showPage(Page::LiveAlerts);
        m_alerts->setGrouped(false);
        m_alerts->applyFilterText(filter);
    });
    connect(m_alerts, &AlertsView::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_alerts, &AlertsView::errorOccurred, this, [this](const QString &m) { statusBar()->showMessage(m, 15000); });
    connect(m_agents, &AgentsView::errorOccurred, this, [this](const QString &m) { statusBar()->showMessage(m, 15000); });
    connect(m_aiSummaries, &AiSummariesView::errorOccurred, this, [this](const QString &m) { statusBar()->showMessage(m, 15000); });
    connect(m_dispatch, &DispatchQueueView::errorOccurred, this, [this](const QString &m) { statusBar()->showMessage(m, 15000); });
    connect(m_dispatch, &DispatchQueueView::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_emailPreview, &EmailPreviewView::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_emailPreview, &EmailPreviewView::alertLinkActivated, this, [this](qint64 id) {
        showPage(Page::LiveAlerts);
        m_alerts->showAlert(id);
    });
    connect(m_alerts, &AlertsView::liveUpdated, this, [this](const QDateTime &when) {
        m_liveLabel->setText(tr("Last update %1").arg(when.toTimeZone(UiSettings::timeZone()).toString(QStringLiteral("HH:mm:ss"))));
    });

    m_alerts->setTimeZone(UiSettings::timeZone());
    m_alerts->setDashboardUrl(session->config().value(QStringLiteral("WAZUH_DASHBOARD_URL")));
    QSettings s;
    if (!restoreGeometry(s.value(kGeometryKey).toByteArray())) {
        const QRect avail = screen() ? screen()->availableGeometry() : QRect(0, 0, 1600, 1000);
        resize(std::min(avail.width() * 9 / 10, fm.averageCharWidth() * 210), std::min(avail.height() * 9 / 10, fm.height() * 48));
    }
    restoreState(s.value(kStateKey).toByteArray());
    m_nav->setCurrentRow(std::clamp(s.value(kPageKey, 0).toInt(), 0, m_nav->count() - 1));
    updateTitle();
    m_alerts->start();
    m_health->start(2000);
}

MainWindow::~MainWindow() = default;

void MainWindow::updateNavigationPalette()
{
    // the navigation blends into the window: its base is the window colour of the current theme
    QPalette navPal = palette();
    navPal.setColor(QPalette::Base, navPal.color(QPalette::Window));
    m_nav->setPalette(navPal);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    // a theme switch (Settings): the navigation's own palette would keep the old theme's base
    if (m_nav && (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange))
        updateNavigationPalette();
}

QString MainWindow::analystName() const
{
    const QString n = UiSettings::analystName();
    return n.isEmpty() ? m_session->analystName() : n;
}

void MainWindow::createStores()
{
    const QString who = analystName();
    m_triage = std::make_unique<TriageStore>(m_session->connectionInfo(), who);
    m_views = std::make_unique<SavedViewsStore>(m_session->connectionInfo(), who);
    if (!m_remediation) {
        m_remediation = std::make_unique<RemediationService>(m_session->config(), m_session->connectionInfo(), who);
        for (const QString &p : m_remediation->configurationProblems()) statusBar()->showMessage(p, 20000);
    }
    m_remediation->setActor(who);
}

void MainWindow::buildMenus()
{
    auto add = [this](QMenu *menu, const QString &text, const QList<QKeySequence> &keys) {
        QAction *a = menu->addAction(text);
        a->setShortcuts(keys);
        addAction(a);
        return a;
    };
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_settingsAct = add(file, tr("&Settings…"), {QKeySequence(QKeySequence::Preferences).isEmpty()
                                                      ? QKeySequence(Qt::CTRL | Qt::Key_Comma) : QKeySequence(QKeySequence::Preferences)});
    file->addSeparator();
    m_quitAct = add(file, tr("&Quit"), {QKeySequence(Qt::CTRL | Qt::Key_Q)});
    m_quitAct->setMenuRole(QAction::QuitRole);
    connect(m_settingsAct, &QAction::triggered, this, &MainWindow::showSettings);
    connect(m_quitAct, &QAction::triggered, this, &QWidget::close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_alertsAct = add(view, tr("&Live Alerts"), {QKeySequence(Qt::CTRL | Qt::Key_1)});
    m_agentsAct = add(view, tr("&Agents"), {QKeySequence(Qt::CTRL | Qt::Key_2)});
    m_remediationAct = add(view, tr("&Remediation"), {QKeySequence(Qt::CTRL | Qt::Key_3)});
    connect(m_remediationAct, &QAction::triggered, this, [this] { showPage(Page::Remediation); });
    connect(m_alertsAct, &QAction::triggered, this, [this] { showPage(Page::LiveAlerts); });
    connect(m_agentsAct, &QAction::triggered, this, [this] { showPage(Page::Agents); });
    m_aiAct = add(view, tr("A&I Summaries"), {QKeySequence(Qt::CTRL | Qt::Key_4)});
    connect(m_aiAct, &QAction::triggered, this, [this] { showPage(Page::AiSummaries); });
    m_dispatchAct = add(view, tr("&Dispatch Queue"), {QKeySequence(Qt::CTRL | Qt::Key_5)});
    connect(m_dispatchAct, &QAction::triggered, this, [this] { showPage(Page::DispatchQueue); });
    m_emailAct = add(view, tr("&Email Preview"), {QKeySequence(Qt::CTRL | Qt::Key_6)});
    connect(m_emailAct, &QAction::triggered, this, [this] { showPage(Page::EmailPreview); });
    view->addSeparator();
    for (QAction *a : m_alerts->viewActions()) view->addAction(a);
    view->addMenu(m_alerts->savedViewsMenu());

    QMenu *alert = menuBar()->addMenu(tr("&Alert"));
    for (QAction *a : m_alerts->triageActions()) alert->addAction(a);
    alert->addAction(m_alerts->retryAction());
    alert->addAction(m_alerts->remediateAction());
    alert->addSeparator();
    for (QAction *a : m_alerts->navigationActions()) alert->addAction(a);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    m_shortcutsAct = add(help, tr("&Keyboard Shortcuts"), {QKeySequence(QKeySequence::HelpContents), QKeySequence(Qt::Key_Question)});
    connect(m_shortcutsAct, &QAction::triggered, this, &MainWindow::showShortcuts);
    help->addSeparator();
    m_aboutAct = help->addAction(tr("&About Eos Console"));
    m_aboutAct->setMenuRole(QAction::AboutRole);
    connect(m_aboutAct, &QAction::triggered, this, &MainWindow::showAbout);
    m_aboutQtAct = help->addAction(tr("About &Qt"));
    m_aboutQtAct->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAct, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::buildStatusBar()
{
    m_pipelineLabel = new QLabel(this);
    m_healthLabel = new QLabel(this);
    m_healthLabel->setObjectName(QStringLiteral("healthLabel"));
    m_backlogLabel = new QLabel(this);
    m_backlogLabel->setObjectName(QStringLiteral("backlogLabel"));
    m_failedButton = new QToolButton(this);
    m_failedButton->setObjectName(QStringLiteral("failedButton"));
    m_failedButton->setAutoRaise(true);
    QFont linkFont = m_failedButton->font();
    linkFont.setUnderline(true);  // reads as a link: a click lists the failed alerts
    m_failedButton->setFont(linkFont);
    m_failedButton->setCursor(Qt::PointingHandCursor);
    m_failedButton->setToolTip(tr("Alerts a stage gave up on: click to list them (they can be retried)"));
    m_failedButton->setVisible(false);
    connect(m_failedButton, &QToolButton::clicked, this, &MainWindow::showFailedAlerts);
    m_liveLabel = new QLabel(tr("No live update yet"), this);
    m_liveLabel->setObjectName(QStringLiteral("liveLabel"));
    m_dbLabel = new QLabel(this);
    m_dbLabel->setObjectName(QStringLiteral("databaseLabel"));
    m_dbLabel->setText(m_session->isEmbeddedDatabase() ? tr("Database: %1 (embedded)").arg(m_session->databaseDescription())
                                                        : tr("Database: %1").arg(m_session->databaseDescription()));
    m_dbLabel->setToolTip(tr("Schema version %1").arg(m_session->schemaVersion()));
    if (m_session->pipelineRunning()) m_pipelineLabel->setText(tr("Pipeline: running"));
    else if (m_session->pipelineEnabled()) {
        m_pipelineLabel->setText(tr("Pipeline: stopped"));
        m_pipelineLabel->setToolTip(m_session->pipelineError());
    }
    else m_pipelineLabel->setText(tr("Pipeline: off (console only)"));
    // room between the permanent fields, from the font (no fixed pixels)
    const int gap = QFontMetrics(font()).averageCharWidth() * 2;
    for (QLabel *l : {m_pipelineLabel, m_healthLabel, m_backlogLabel, m_liveLabel, m_dbLabel}) l->setContentsMargins(gap, 0, 0, 0);
    statusBar()->addPermanentWidget(m_pipelineLabel);
    statusBar()->addPermanentWidget(m_healthLabel);
    statusBar()->addPermanentWidget(m_backlogLabel);
    statusBar()->addPermanentWidget(m_failedButton);
    statusBar()->addPermanentWidget(m_liveLabel);
    statusBar()->addPermanentWidget(m_dbLabel);

    m_health = new PipelineHealth(m_session->connectionInfo(), this);
    connect(m_health, &PipelineHealth::sampled, this, [this](const PipelineHealth::Sample &smp) {
        m_healthLabel->setText(describeHealth(smp));
        m_healthLabel->setToolTip(smp.error);
        m_backlogLabel->setVisible(smp.databaseUp);
        m_backlogLabel->setText(describeBacklog(smp));
        m_backlogLabel->setToolTip(describeBacklogDetails(smp));
        const qint64 failed = smp.databaseUp ? smp.failed() : 0;
        if (failed > 0) {
            const QLocale loc;
            m_failedButton->setText(tr("Failed: %1%2").arg(loc.toString(failed),
                                                           failed >= PipelineHealth::backlogCap() ? QStringLiteral("+") : QString()));
            // red, readable on light and dark status bars alike (re-picked at every sample: follows the theme)
            QPalette pal = m_failedButton->palette();
            pal.setColor(QPalette::ButtonText, Theme::isDark(palette()) ? QColor(0xf8, 0x51, 0x49) : QColor(0xcf, 0x22, 0x2e));
            m_failedButton->setPalette(pal);
        }
        m_failedButton->setVisible(failed > 0);
    });
}

void MainWindow::showFailedAlerts()
{
    showPage(Page::LiveAlerts);
    m_alerts->setGrouped(false);
    m_alerts->applyFilterText(QStringLiteral("state:failed"));
}

QString MainWindow::describeHealth(const PipelineHealth::Sample &s)
{
    if (!s.databaseUp) return tr("Database unreachable");
    const QLocale loc;
    return tr("%1 alerts/s · spool: %2")
        .arg(loc.toString(s.alertsPerSecond, 'f', s.alertsPerSecond < 10 ? 1 : 0), loc.toString(s.spoolDepth));
}

QString MainWindow::describeBacklog(const PipelineHealth::Sample &s)
{
    const qint64 n = s.enrichmentBacklog();
    return tr("Enrichment backlog: %1%2").arg(QLocale().toString(n), n >= PipelineHealth::backlogCap() ? QStringLiteral("+") : QString());
}

QString MainWindow::describeBacklogDetails(const PipelineHealth::Sample &s)
{
    const QLocale loc;
    static const QList<QPair<QString, const char *>> stages{
        {QStringLiteral("new"), QT_TR_NOOP("waiting for enrichment")},
        {QStringLiteral("agent_enriched"), QT_TR_NOOP("enriched, waiting for the summary")},
        {QStringLiteral("summarized"), QT_TR_NOOP("summarized, waiting for dispatch")},
        {QStringLiteral("failed"), QT_TR_NOOP("failed")},
    };
    QStringList lines{tr("Alerts per pipeline stage (from the database):")};
    for (const auto &[state, label] : stages) {
        const qint64 n = s.backlog.value(state, 0);
        lines << QStringLiteral("%1: %2%3").arg(tr(label), loc.toString(n), n >= PipelineHealth::backlogCap() ? QStringLiteral("+") : QString());
    }
    return lines.join(u'\n');
}

void MainWindow::showPage(Page page) { m_nav->setCurrentRow(int(page)); }

MainWindow::Page MainWindow::currentPage() const { return Page(std::clamp(m_stack->currentIndex(), 0, m_stack->count() - 1)); }

void MainWindow::updateTitle()
{
    const QString page = currentPage() == Page::Agents          ? tr("Agents")
                         : currentPage() == Page::Remediation   ? tr("Remediation")
                         : currentPage() == Page::AiSummaries   ? tr("AI Summaries")
                         : currentPage() == Page::DispatchQueue ? tr("Dispatch Queue")
                         : currentPage() == Page::EmailPreview  ? tr("Email Preview")
                                                                : tr("Live Alerts");
    setWindowTitle(tr("Eos Console — %1 — %2").arg(page, m_session->databaseDescription()));
}

QList<ShortcutsDialog::Group> MainWindow::shortcutGroups() const
{
    return {
        {tr("Views"), {m_alertsAct, m_agentsAct, m_remediationAct, m_aiAct, m_dispatchAct, m_emailAct}},
        {tr("Live Alerts"), m_alerts->navigationActions() + m_alerts->viewActions()},
        {tr("Triage"), m_alerts->triageActions() + QList<QAction *>{m_alerts->remediateAction()}},
        {tr("Agents"), m_agents->actions()},
        {tr("Dispatch Queue"), m_dispatch->actions()},
        {tr("Application"), {m_settingsAct, m_shortcutsAct, m_quitAct}},
    };
}

void MainWindow::showShortcuts()
{
    if (!m_shortcutsDialog) {
        m_shortcutsDialog = new ShortcutsDialog(shortcutGroups(), this);
        m_shortcutsDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_shortcutsDialog->show();
    m_shortcutsDialog->raise();
    m_shortcutsDialog->activateWindow();
}

void MainWindow::showSettings()
{
    SettingsDialog d(m_session->analystName(), this);
    if (d.exec() == QDialog::Accepted) applySettings();
}

void MainWindow::applySettings()
{
    Theme::apply(UiSettings::theme());
    m_alerts->setTimeZone(UiSettings::timeZone());
    m_remediationView->setTimeZone(UiSettings::timeZone());
    if (analystName() != m_triage->actor()) {
        m_alerts->setStores(nullptr, nullptr);
        createStores();
        m_alerts->setStores(m_triage.get(), m_views.get());
    }
    statusBar()->showMessage(tr("Settings saved. Triage is recorded as %1.").arg(analystName()), 6000);
}

QString MainWindow::aboutText() const
{
    QString pipeline;
    if (m_session->pipelineRunning()) pipeline = tr("running in this process");
    else if (m_session->pipelineEnabled()) pipeline = tr("stopped");
    else pipeline = tr("off (console only)");
    return tr("<h3>Eos Console %1</h3>"
              "<p>SOC console for Wazuh alerts, with its alert pipeline built in.</p>"
              "<p>Database: %2%3<br>Schema version: %4<br>Pipeline: %5<br>Analyst: %6</p>"
              "<p>Built with Qt %7 (running on Qt %8).</p>")
        .arg(QStringLiteral(EOS_VERSION), m_session->databaseDescription().toHtmlEscaped(),
             m_session->isEmbeddedDatabase() ? tr(" (embedded)") : QString(), QString::number(m_session->schemaVersion()),
             pipeline, analystName().toHtmlEscaped(), QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()));
}

void MainWindow::showAbout() { QMessageBox::about(this, tr("About Eos Console"), aboutText()); }

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings s;
    s.setValue(kGeometryKey, saveGeometry());
    s.setValue(kStateKey, saveState());
    s.setValue(kPageKey, m_stack->currentIndex());
    m_alerts->saveLayout();
    m_agents->saveLayout();
    QMainWindow::closeEvent(event);
}

}  // namespace eos
