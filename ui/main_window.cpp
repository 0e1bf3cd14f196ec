#include "main_window.h"

#include "agents_view.h"
#include "ai_summaries_view.h"
#include "dispatch_queue_view.h"
#include "email_preview_view.h"
#include "alert_list_model.h"
#include "alerts_view.h"
#include "pipeline_status_text.h"
#include "saved_views_menu.h"
#include "console_session.h"
#include "filter_bar.h"
#include "overview_view.h"
#include "remediation_service.h"
#include "rejections_dialog.h"
#include "remediation_view.h"
#include "saved_views_store.h"
#include "settings_dialog.h"
#include "sidebar.h"
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
#include <QFontMetrics>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QToolButton>

namespace eos {
namespace {
const QString kGeometryKey = QStringLiteral("layout/mainWindowGeometry");
const QString kStateKey = QStringLiteral("layout/mainWindowState");
}  // namespace

MainWindow::MainWindow(ConsoleSession *session, QWidget *parent) : QMainWindow(parent), m_session(session)
{
    setObjectName(QStringLiteral("mainWindow"));
    createStores();

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_nav = new Sidebar(central);
    m_nav->setAccessibleName(tr("Views"));
    // icon names: the bundled set (resources/icons/nav) and the freedesktop theme's
    m_nav->addPage(tr("Overview"), QStringLiteral("overview"), QStringLiteral("go-home"));
    m_nav->addPage(tr("Live Alerts"), QStringLiteral("live-alerts"), QStringLiteral("dialog-warning"));
    m_nav->addPage(tr("Agents"), QStringLiteral("agents"), QStringLiteral("computer"));
    m_nav->addPage(tr("Remediation"), QStringLiteral("remediation"), QStringLiteral("security-high"));
    m_nav->addPage(tr("AI Summaries"), QStringLiteral("ai-summaries"));
    m_nav->addPage(tr("Dispatch Queue"), QStringLiteral("dispatch-queue"), QStringLiteral("mail-send"));
    m_nav->addPage(tr("Email Preview"), QStringLiteral("email-preview"), QStringLiteral("mail-message-new"));
    const QFontMetrics fm(font());
    m_nav->setFixedWidth(m_nav->sizeHint().width());
    m_stack = new QStackedWidget(central);
    m_alerts = new AlertsView(session->connectionInfo(), m_triage.get(), m_views.get(), m_stack);
    m_agents = new AgentsView(session->connectionInfo(), m_stack);
    m_remediationView = new RemediationView(m_remediation.get(), m_stack);
    m_overview = new OverviewView(session->connectionInfo(), m_stack);
    m_stack->addWidget(m_overview);  // Page::Overview: first, and the page the console opens on
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
        if (row == int(Page::LiveAlerts) && m_notifier) m_notifier->markSeen();  // the analyst looks at them
        if (row == int(Page::EmailPreview)) m_emailPreview->setSelectedAlert(m_alerts->selectedAlertIds().value(0));
        m_stack->setCurrentIndex(row);
        const bool alerts = row == int(Page::LiveAlerts);
        for (QAction *a : m_alerts->triageActions()) a->setEnabled(alerts);  // grouped: on the current group
        m_alerts->retryAction()->setEnabled(alerts && !m_alerts->isGrouped());
        m_alerts->remediateAction()->setEnabled(alerts);
        updateTitle();
    });
    connect(m_overview, &OverviewView::filterRequested, this, [this](const QString &filter) {
        showPage(Page::LiveAlerts);
        m_alerts->setGrouped(false);
        m_alerts->applyFilterText(filter);
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
    m_overview->setTimeZone(UiSettings::timeZone());
    m_alerts->setDashboardUrl(session->config().value(QStringLiteral("WAZUH_DASHBOARD_URL")));
    QSettings s;
    if (!restoreGeometry(s.value(kGeometryKey).toByteArray())) {
        // 228 characters wide (1366 px at a 6 px average character: Live Alerts' default columns beside the
        // detail pane), or the whole width of a screen narrower than that (on a 1366 px laptop 90 % of the
        // screen squeezed the alert's description to a few letters)
        const QRect avail = screen() ? screen()->availableGeometry() : QRect(0, 0, 1600, 1000);
        const int width = std::min(avail.width(), fm.averageCharWidth() * 228);
        resize(width, std::min(avail.height() * 9 / 10, fm.height() * 48));
        if (width == avail.width()) move(avail.topLeft());
    }
    restoreState(s.value(kStateKey).toByteArray());
    m_nav->setCurrentRow(int(Page::Overview));  // the console opens on the Overview
    updateTitle();
    m_alerts->start();
    m_health->start(2000);

    // alerts at or above EOS_NOTIFY_LEVEL: a desktop notification and the sidebar's count
    m_notifier = new AlertNotifier(session->connectionInfo(),
                                   session->config().intValue(QStringLiteral("EOS_NOTIFY_LEVEL"), AlertNotifier::defaultLevel()), this);
    connect(m_notifier, &AlertNotifier::notify, this, &MainWindow::onNotification);
    connect(m_notifier, &AlertNotifier::unseenChanged, this, &MainWindow::onUnseenChanged);
    m_notificationSink = [this](const AlertNotifier::Notification &n) { showInTray(n); };
    m_notifier->start();
}

MainWindow::~MainWindow() = default;

QListWidget *MainWindow::navigation() const { return m_nav; }

RejectionsDialog *MainWindow::rejectionsDialog() const { return m_rejectionsDialog.data(); }

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    // a theme switch (Settings): colours the status bar picked itself follow at once
    if (event->type() == QEvent::PaletteChange) updateStatusColors();
    // back at the window with Live Alerts in front: the analyst sees the new alerts
    if (event->type() == QEvent::ActivationChange && isActiveWindow() && m_notifier && currentPage() == Page::LiveAlerts)
        m_notifier->markSeen();
}

void MainWindow::updateStatusColors()
{
    if (!m_failedButton) return;
    // red, readable on light and dark status bars alike
    const QColor red = Theme::isDark(palette()) ? QColor(0xf8, 0x51, 0x49) : QColor(0xcf, 0x22, 0x2e);
    for (QWidget *w : {static_cast<QWidget *>(m_failedButton), static_cast<QWidget *>(m_rejectedButton), static_cast<QWidget *>(m_listenerLabel)}) {
        const bool alarm = w == m_failedButton || (w == m_rejectedButton && m_health && m_health->last().rejectedTotal() > 0) ||
                           (w == m_listenerLabel && !m_listenerRunning);
        // only the one role: the rest keeps following the application palette
        QPalette pal;
        if (alarm) {
            pal.setColor(QPalette::ButtonText, red);
            pal.setColor(QPalette::WindowText, red);
        }
        w->setPalette(pal);
    }
}

void MainWindow::onNotification(const AlertNotifier::Notification &n)
{
    m_lastNotification = n;
    if (m_notificationSink) m_notificationSink(n);
}

int MainWindow::statusMessageRoom() const
{
    int right = statusBar()->width() - 12;
    for (const QWidget *w : std::initializer_list<const QWidget *>{m_listenerLabel, m_healthLabel, m_rejectedButton, m_backlogLabel,
                                                                  m_failedButton, m_liveLabel, m_dbLabel})
        if (w && w->isVisible()) right = std::min(right, w->geometry().left());
    // (QStatusBar draws its message from x = 6, up to the first permanent field, a few pixels kept spare)
    return std::max(0, right - 6 - 6);
}

void MainWindow::showNotificationInStatusBar(const AlertNotifier::Notification &n)
{
    // at 1366 px the permanent fields leave ~270 px: "380 alerts at level 12 or above: Highest: leve" was cut
    // mid-word; now the detail ends in "…" and the count and level always show
    const QFontMetrics fm(statusBar()->font());
    const QString full = QStringLiteral("%1: %2").arg(n.title, n.text);
    const int room = statusMessageRoom();
    QString shown = full;
    if (fm.horizontalAdvance(full) > room) {
        const QString head = n.title + QStringLiteral(": ");
        const int textRoom = room - fm.horizontalAdvance(head);
        const QString tail = textRoom > 0 ? fm.elidedText(n.text, Qt::ElideRight, textRoom) : QString();
        shown = tail.size() > 1 ? head + tail : n.title;
    }
    statusBar()->showMessage(shown, 10000);
}

void MainWindow::showInTray(const AlertNotifier::Notification &n)
{
    // the analyst is looking at Live Alerts already: no desktop notification on top of it
    if (isActiveWindow() && currentPage() == Page::LiveAlerts) return;
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        showNotificationInStatusBar(n);
        return;
    }
    if (!m_tray) {
        // the icon the package installs (hicolor), else the sidebar's Live Alerts icon
        QIcon icon = QIcon::fromTheme(QStringLiteral("eos-console"));
        if (icon.isNull()) icon = Sidebar::bundledIcon(QStringLiteral("live-alerts"), palette().color(QPalette::WindowText));
        m_tray = new QSystemTrayIcon(icon, this);
        m_tray->setToolTip(tr("Eos Console"));
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] { openNotification(m_lastNotification); });
        connect(m_tray, &QSystemTrayIcon::activated, this, [this] { openNotification(m_lastNotification); });
        m_tray->show();
    }
    m_tray->showMessage(n.title, n.text, QSystemTrayIcon::Warning, 10000);
}

void MainWindow::openNotification(const AlertNotifier::Notification &n)
{
    if (isMinimized()) showNormal();
    raise();
    activateWindow();
    showPage(Page::LiveAlerts);
    m_alerts->setGrouped(false);
    if (n.count == 1 && n.alertId > 0) {
        m_alerts->showAlert(n.alertId);  // filters on it and selects it: the detail pane shows it
    } else {
        m_alerts->applyFilterText(n.filter());
    }
    if (m_notifier) m_notifier->markSeen();
}

void MainWindow::onUnseenChanged(int count)
{
    if (count > 0 && isActiveWindow() && currentPage() == Page::LiveAlerts) {
        m_notifier->markSeen();  // seen as they arrive
        return;
    }
    m_nav->setBadge(int(Page::LiveAlerts), count,
                    tr("new alerts at level %1 or above: %2").arg(m_notifier->level()).arg(QLocale().toString(count)));
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
    m_overviewAct = add(view, tr("&Overview"), {QKeySequence(Qt::CTRL | Qt::Key_0)});
    connect(m_overviewAct, &QAction::triggered, this, [this] { showPage(Page::Overview); });
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
    auto linkButton = [this](const QString &name) {
        auto *b = new QToolButton(this);
        b->setObjectName(name);
        b->setAutoRaise(true);
        QFont linkFont = b->font();
        linkFont.setUnderline(true);  // reads as a link: a click lists what it counts
        b->setFont(linkFont);
        b->setCursor(Qt::PointingHandCursor);
        return b;
    };
    m_listenerLabel = new QLabel(tr("Listener: checking…"), this);
    m_listenerLabel->setObjectName(QStringLiteral("listenerLabel"));
    m_healthLabel = new QLabel(this);
    m_healthLabel->setObjectName(QStringLiteral("healthLabel"));
    m_rejectedButton = linkButton(QStringLiteral("rejectedButton"));
    m_rejectedButton->setToolTip(tr("Requests the alert listener refused in the last minute: click for the last ones"));
    m_rejectedButton->setVisible(false);
    connect(m_rejectedButton, &QToolButton::clicked, this, &MainWindow::showRejections);
    m_backlogLabel = new QLabel(this);
    m_backlogLabel->setObjectName(QStringLiteral("backlogLabel"));
    m_failedButton = linkButton(QStringLiteral("failedButton"));
    m_failedButton->setToolTip(tr("Alerts a stage gave up on: click to list them (they can be retried)"));
    m_failedButton->setVisible(false);
    connect(m_failedButton, &QToolButton::clicked, this, &MainWindow::showFailedAlerts);
    m_liveLabel = new QLabel(tr("No live update yet"), this);
    m_liveLabel->setObjectName(QStringLiteral("liveLabel"));
    m_dbLabel = new QLabel(this);
    m_dbLabel->setObjectName(QStringLiteral("databaseLabel"));
    // one label: "Database: embedded (/path)" or "Database: user@host:port/db"; a long path is elided
    // in the middle, the whole of it in the tooltip
    const QString db = databaseText();
    const QFontMetrics fm(font());
    m_dbLabel->setText(fm.elidedText(db, Qt::ElideMiddle, fm.averageCharWidth() * 40));
    m_dbLabel->setToolTip(tr("%1\nSchema version %2").arg(db).arg(m_session->schemaVersion()));
    m_dbLabel->setAccessibleName(db);
    // room between the permanent fields, from the font (no fixed pixels)
    const int gap = fm.averageCharWidth() * 2;
    for (QLabel *l : {m_listenerLabel, m_healthLabel, m_backlogLabel, m_liveLabel, m_dbLabel}) l->setContentsMargins(gap, 0, 0, 0);
    statusBar()->addPermanentWidget(m_listenerLabel);
    statusBar()->addPermanentWidget(m_healthLabel);
    statusBar()->addPermanentWidget(m_rejectedButton);
    statusBar()->addPermanentWidget(m_backlogLabel);
    statusBar()->addPermanentWidget(m_failedButton);
    statusBar()->addPermanentWidget(m_liveLabel);
    statusBar()->addPermanentWidget(m_dbLabel);

    m_health = new PipelineHealth(m_session->connectionInfo(), this);
    connect(m_health, &PipelineHealth::sampled, this, &MainWindow::onSample);
}

QString MainWindow::databaseText() const { return tr("Database: %1").arg(m_session->databaseDescription()); }

void MainWindow::onSample(const PipelineHealth::Sample &smp)
{
    const auto listener = PipelineStatusText::describeListener(smp, m_session->pipelineEnabled(), m_session->pipelineRunning(),
                                                               m_session->pipelineError());
    m_listenerRunning = listener.running || !smp.databaseUp;
    m_listenerLabel->setText(listener.text);
    m_listenerLabel->setToolTip(listener.details);
    m_healthLabel->setText(PipelineStatusText::describeHealth(smp));
    m_healthLabel->setToolTip(smp.error);
    // rejections: shown while some listener runs (nothing can be rejected otherwise)
    m_rejectedButton->setVisible(smp.databaseUp && (!smp.listeners().isEmpty() || !smp.recentRejections.isEmpty()));
    m_rejectedButton->setText(PipelineStatusText::describeRejected(smp));
    QStringList reasons;
    for (auto it = smp.rejectedLastMinute.cbegin(); it != smp.rejectedLastMinute.cend(); ++it)
        reasons << tr("%1: %2").arg(PipelineHealth::reasonLabel(it.key()), QLocale().toString(it.value()));
    m_rejectedButton->setToolTip(tr("Requests the alert listener refused in the last minute: click for the last ones") +
                                 (reasons.isEmpty() ? QString() : QStringLiteral("\n") + reasons.join(u'\n')));
    m_backlogLabel->setVisible(smp.databaseUp);
    m_backlogLabel->setText(PipelineStatusText::describeBacklog(smp));
    m_backlogLabel->setToolTip(PipelineStatusText::describeBacklogDetails(smp));
    const qint64 failed = smp.databaseUp ? smp.failed() : 0;
    if (failed > 0)
        m_failedButton->setText(tr("Failed: %1%2").arg(QLocale().toString(failed),
                                                        failed >= PipelineHealth::backlogCap() ? QStringLiteral("+") : QString()));
    m_failedButton->setVisible(failed > 0);
    updateStatusColors();
    if (m_rejectionsDialog) m_rejectionsDialog->setSample(smp);
    // the sidebar's counts
    if (smp.databaseUp) {
        const QLocale loc;
        m_nav->setBadge(int(Page::DispatchQueue), smp.dispatchReview,
                        tr("waiting for review: %1").arg(loc.toString(smp.dispatchReview)));
        m_nav->setBadge(int(Page::AiSummaries), smp.llmFailed, tr("failed: %1").arg(loc.toString(smp.llmFailed)));
    }
}

void MainWindow::showRejections()
{
    if (!m_rejectionsDialog) {
        m_rejectionsDialog = new RejectionsDialog(UiSettings::timeZone(), this);
        m_rejectionsDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_rejectionsDialog->setSample(m_health->last());
    m_rejectionsDialog->show();
    m_rejectionsDialog->raise();
    m_rejectionsDialog->activateWindow();
    m_health->sampleNow();
}

void MainWindow::showFailedAlerts()
{
    showPage(Page::LiveAlerts);
    m_alerts->setGrouped(false);
    m_alerts->applyFilterText(QStringLiteral("state:failed"));
}


void MainWindow::showPage(Page page) { m_nav->setCurrentRow(int(page)); }

MainWindow::Page MainWindow::currentPage() const { return Page(std::clamp(m_stack->currentIndex(), 0, m_stack->count() - 1)); }

void MainWindow::updateTitle()
{
    const QString page = currentPage() == Page::Overview        ? tr("Overview")
                         : currentPage() == Page::Agents        ? tr("Agents")
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
        {tr("Views"), {m_overviewAct, m_alertsAct, m_agentsAct, m_remediationAct, m_aiAct, m_dispatchAct, m_emailAct}},
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
    m_overview->setTimeZone(UiSettings::timeZone());
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
              "<p>Database: %2<br>Schema version: %3<br>Pipeline: %4<br>Analyst: %5</p>"
              "<p>Built with Qt %6 (running on Qt %7).</p>")
        .arg(QStringLiteral(EOS_VERSION), m_session->databaseDescription().toHtmlEscaped(), QString::number(m_session->schemaVersion()),
             pipeline, analystName().toHtmlEscaped(), QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()));
}

void MainWindow::showAbout() { QMessageBox::about(this, tr("About Eos Console"), aboutText()); }

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings s;
    s.setValue(kGeometryKey, saveGeometry());
    s.setValue(kStateKey, saveState());
    m_alerts->saveLayout();
    m_agents->saveLayout();
    QMainWindow::closeEvent(event);
}

}  // namespace eos
