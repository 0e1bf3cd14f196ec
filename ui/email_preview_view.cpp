#include "email_preview_view.h"

#include "email_preview_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineSettings>
#include <QWebEngineUrlRequestInfo>
#include <QWebEngineUrlRequestInterceptor>
#include <QWebEngineView>

#include <functional>

namespace eos {
namespace {

// Lets nothing leave the machine: only the preview's own content (data:, about:) loads.
class BlockRemoteLoads : public QWebEngineUrlRequestInterceptor {
public:
    BlockRemoteLoads(std::function<void(bool image)> blocked, QObject *parent)
        : QWebEngineUrlRequestInterceptor(parent), m_blocked(std::move(blocked)) {}
    void interceptRequest(QWebEngineUrlRequestInfo &info) override
    {
        const QString scheme = info.requestUrl().scheme();
        if (scheme == QLatin1String("data") || scheme == QLatin1String("about")) return;
        info.block(true);
        m_blocked(info.resourceType() == QWebEngineUrlRequestInfo::ResourceTypeImage);
    }

private:
    std::function<void(bool)> m_blocked;
};

// The page asks the view before any navigation; windows it would open are refused the same way.
class PreviewPage : public QWebEnginePage {
public:
    using Decide = std::function<bool(const QUrl &, bool clicked)>;
    PreviewPage(QWebEngineProfile *profile, Decide decide, QObject *parent)
        : QWebEnginePage(profile, parent), m_decide(std::move(decide)) {}

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame) override
    {
        Q_UNUSED(isMainFrame);
        return m_decide(url, type == NavigationTypeLinkClicked);
    }
    QWebEnginePage *createWindow(WebWindowType) override
    {
        // target="_blank": a throwaway page that hands its first navigation to the view and goes away
        auto *p = new PreviewPage(profile(), {}, this);
        p->m_decide = [this, p](const QUrl &url, bool) {
            m_decide(url, true);
            p->deleteLater();
            return false;
        };
        return p;
    }
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel, const QString &, int, const QString &) override {}

private:
    Decide m_decide;
};

QString humanSize(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

}  // namespace

EmailPreviewView::EmailPreviewView(const DbConnectionInfo &db, const Config &config, const QString &actor, QWidget *parent)
    : QWidget(parent), m_model(new EmailPreviewModel(db, config, actor, this))
{
    setObjectName(QStringLiteral("emailPreview"));
    auto *layout = new QVBoxLayout(this);

    auto *pick = new QHBoxLayout;
    m_alertBox = new QComboBox(this);
    m_alertBox->setObjectName(QStringLiteral("emailAlert"));
    m_alertBox->setAccessibleName(tr("Alert"));
    m_alertBox->setMinimumContentsLength(40);
    m_alertBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_routeBox = new QComboBox(this);
    m_routeBox->setObjectName(QStringLiteral("emailRoute"));
    m_routeBox->setAccessibleName(tr("Route"));
    m_routeBox->addItems(m_model->routes());
    m_routeBox->setCurrentText(m_model->routeId());
    m_digest = new QCheckBox(tr("Digest form"), this);
    m_digest->setObjectName(QStringLiteral("emailDigest"));
    auto *alertLabel = new QLabel(tr("Alert:"), this);
    alertLabel->setBuddy(m_alertBox);
    auto *routeLabel = new QLabel(tr("Route:"), this);
    routeLabel->setBuddy(m_routeBox);
    pick->addWidget(alertLabel);
    pick->addWidget(m_alertBox, 1);
    pick->addWidget(routeLabel);
    pick->addWidget(m_routeBox);
    pick->addWidget(m_digest);
    layout->addLayout(pick);

    auto *form = new QFormLayout;
    m_subject = new QLabel(this);
    m_subject->setObjectName(QStringLiteral("emailSubject"));
    m_subject->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_subject->setWordWrap(true);
    m_to = new QLabel(this);
    m_to->setObjectName(QStringLiteral("emailRecipients"));
    m_to->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_size = new QLabel(this);
    m_size->setObjectName(QStringLiteral("emailSize"));
    m_template = new QLabel(this);
    m_template->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_blockedLabel = new QLabel(this);
    m_blockedLabel->setObjectName(QStringLiteral("emailBlocked"));
    form->addRow(tr("Subject:"), m_subject);
    form->addRow(tr("To:"), m_to);
    form->addRow(tr("Size:"), m_size);
    form->addRow(tr("Template:"), m_template);
    form->addRow(tr("Blocked:"), m_blockedLabel);
    layout->addLayout(form);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("emailError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("QLabel { background: #fde8e8; color: #7f1d1d; padding: 6px; border: 1px solid #f5b5b5; }"));
    m_error->hide();
    layout->addWidget(m_error);

    m_tabs = new QTabWidget(this);
    // the web view (and QtWebEngine's process) is made when the page is first shown
    m_webHolder = new QWidget(m_tabs);
    m_webHolder->setLayout(new QVBoxLayout);
    m_webHolder->layout()->setContentsMargins(0, 0, 0, 0);
    m_plain = new QPlainTextEdit(m_tabs);
    m_plain->setObjectName(QStringLiteral("emailText"));
    m_plain->setReadOnly(true);
    m_plain->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_tabs->addTab(m_webHolder, tr("HTML"));
    m_tabs->addTab(m_plain, tr("Plain text"));
    layout->addWidget(m_tabs, 1);

    auto *send = new QHBoxLayout;
    m_address = new QLineEdit(this);
    m_address->setObjectName(QStringLiteral("emailTestAddress"));
    m_address->setPlaceholderText(tr("name@example.com"));
    m_address->setClearButtonEnabled(true);
    m_send = new QPushButton(tr("Send test mail"), this);
    m_send->setObjectName(QStringLiteral("emailSend"));
    m_send->setToolTip(tr("Sends this preview to the address through the route's SMTP server (recorded in the audit log)"));
    m_sendStatus = new QLabel(this);
    m_sendStatus->setWordWrap(true);
    m_sendStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *addressLabel = new QLabel(tr("Test a&ddress:"), this);
    addressLabel->setBuddy(m_address);
    send->addWidget(addressLabel);
    send->addWidget(m_address, 1);
    send->addWidget(m_send);
    layout->addLayout(send);
    layout->addWidget(m_sendStatus);
    // alert and model text, file names and server replies are shown as text, never as rich text
    for (QLabel *l : {m_subject, m_to, m_size, m_template, m_error, m_blockedLabel, m_sendStatus}) l->setTextFormat(Qt::PlainText);

    connect(m_model, &EmailPreviewModel::rendered, this, &EmailPreviewView::showRendered);
    connect(m_model, &EmailPreviewModel::alertChoicesChanged, this, &EmailPreviewView::fillAlerts);
    connect(m_alertBox, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling) m_model->setAlert(m_alertBox->currentData().toLongLong());
    });
    connect(m_routeBox, &QComboBox::currentTextChanged, m_model, &EmailPreviewModel::setRoute);
    connect(m_digest, &QCheckBox::toggled, m_model, &EmailPreviewModel::setDigest);
    auto sendNow = [this] {
        m_send->setEnabled(false);
        m_sendStatus->setText(tr("Sending to %1 …").arg(m_address->text().trimmed()));
        m_model->sendTestMail(m_address->text());
    };
    connect(m_send, &QPushButton::clicked, this, sendNow);
    connect(m_address, &QLineEdit::returnPressed, this, sendNow);
    connect(m_model, &EmailPreviewModel::testMailFinished, this, [this](bool ok, const QString &message) {
        m_send->setEnabled(true);
        m_sendStatus->setText(message);
        m_sendStatus->setStyleSheet(ok ? QString() : QStringLiteral("QLabel { color: #b91c1c; }"));
        Q_EMIT statusMessage(message, 10000);
    });
    fillAlerts();
    showRendered();
}

void EmailPreviewView::ensureWeb()
{
    if (m_web) return;
    // the sandbox: a profile of its own (nothing stored), no JavaScript, nothing remote
    m_profile = new QWebEngineProfile(this);
    m_profile->setHttpCacheType(QWebEngineProfile::NoCache);
    m_profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    m_profile->setUrlRequestInterceptor(new BlockRemoteLoads([this](bool image) { countBlocked(image); }, m_profile));
    m_web = new QWebEngineView(m_webHolder);
    m_web->setObjectName(QStringLiteral("emailHtml"));
    m_web->setContextMenuPolicy(Qt::NoContextMenu);
    auto *page = new PreviewPage(m_profile, [this](const QUrl &url, bool clicked) { return handleNavigation(url, clicked); }, m_web);
    QWebEngineSettings *s = page->settings();
    s->setAttribute(QWebEngineSettings::JavascriptEnabled, false);
    s->setAttribute(QWebEngineSettings::JavascriptCanOpenWindows, false);
    s->setAttribute(QWebEngineSettings::JavascriptCanAccessClipboard, false);
    s->setAttribute(QWebEngineSettings::LocalContentCanAccessRemoteUrls, false);
    s->setAttribute(QWebEngineSettings::LocalContentCanAccessFileUrls, false);
    s->setAttribute(QWebEngineSettings::PluginsEnabled, false);
    s->setAttribute(QWebEngineSettings::AutoLoadIconsForPage, false);
    s->setAttribute(QWebEngineSettings::NavigateOnDropEnabled, false);
    s->setAttribute(QWebEngineSettings::ErrorPageEnabled, false);
    s->setAttribute(QWebEngineSettings::DnsPrefetchEnabled, false);
    s->setAttribute(QWebEngineSettings::PdfViewerEnabled, false);
    m_web->setPage(page);
    connect(page, &QWebEnginePage::loadFinished, this, [this] { ++m_loads; });
    m_webHolder->layout()->addWidget(m_web);
    showRendered();
}

EmailPreviewView::~EmailPreviewView()
{
    // the page must go before its profile
    delete m_web;
    m_web = nullptr;
    if (m_profile) m_profile->setUrlRequestInterceptor(nullptr);
}

void EmailPreviewView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    ensureWeb();
    if (!m_shownOnce) {
        m_shownOnce = true;
        m_model->refreshAlertChoices();
    }
}

void EmailPreviewView::countBlocked(bool image)
{
    ++m_blocked;
    if (image) ++m_blockedImages;
    QPointer<EmailPreviewView> self(this);
    QMetaObject::invokeMethod(this, [self] {
        if (!self) return;
        self->m_blockedLabel->setText(tr("%n remote load(s) blocked", nullptr, self->m_blocked.load()) + QStringLiteral(" (") +
                                      tr("%n image(s)", nullptr, self->m_blockedImages.load()) + u')');
    }, Qt::QueuedConnection);
}

bool EmailPreviewView::handleNavigation(const QUrl &url, bool clicked)
{
    const QString scheme = url.scheme();
    if (!clicked) return scheme == QLatin1String("data") || scheme == QLatin1String("about");
    if (scheme == QLatin1String("eos")) {
        if (url.host() == QLatin1String("alert")) {
            bool ok = false;
            const qint64 id = url.path().mid(1).toLongLong(&ok);
            if (ok) Q_EMIT alertLinkActivated(id);
        }
    } else if (scheme == QLatin1String("http") || scheme == QLatin1String("https") || scheme == QLatin1String("mailto")) {
        QDesktopServices::openUrl(url);
        Q_EMIT statusMessage(tr("Opened %1 in the system browser").arg(url.toDisplayString()), 5000);
    } else {
        Q_EMIT statusMessage(tr("Link not opened: %1").arg(url.toDisplayString().left(200)), 8000);
    }
    return false;  // the preview itself never navigates away
}

void EmailPreviewView::setSelectedAlert(qint64 alertId)
{
    if (alertId == m_selectedAlert) return;
    m_selectedAlert = alertId;
    fillAlerts();
    if (alertId > 0) m_alertBox->setCurrentIndex(1);
}

void EmailPreviewView::fillAlerts()
{
    const qint64 current = m_alertBox->currentData().toLongLong();
    m_filling = true;
    m_alertBox->clear();
    m_alertBox->addItem(tr("Built-in sample"), qint64(0));
    if (m_selectedAlert > 0) m_alertBox->addItem(tr("Selected in Live Alerts (#%1)").arg(m_selectedAlert), m_selectedAlert);
    for (const auto &c : m_model->alertChoices())
        if (c.id != m_selectedAlert) m_alertBox->addItem(c.label, c.id);
    const int at = m_alertBox->findData(current);
    m_alertBox->setCurrentIndex(std::max(0, at));
    m_filling = false;
}

void EmailPreviewView::showRendered()
{
    const QString path = m_model->templatePath();
    m_template->setText(path.startsWith(u':') ? tr("built-in (set EOS_EMAIL_TEMPLATE to a copy of resources/email/alert.html to edit it)")
                                              : QFileInfo(path).absoluteFilePath());
    m_subject->setText(m_model->subject());
    m_to->setText(m_model->recipients().isEmpty() ? tr("(none: set EMAIL_TO or the route's recipients)") : m_model->recipients().join(QStringLiteral(", ")));
    m_blocked = 0;
    m_blockedImages = 0;
    m_blockedLabel->setText(tr("%n remote load(s) blocked", nullptr, 0));
    const QString error = m_model->error();
    if (!error.isEmpty()) {
        m_error->setText(tr("Template error: %1").arg(error));
        m_error->show();
        m_size->setText(QStringLiteral("–"));
        if (m_web) m_web->setHtml(QStringLiteral("<!DOCTYPE html><html><body style=\"font-family:sans-serif;padding:16px\"><h3>%1</h3><p>%2</p>"
                                      "<pre style=\"white-space:pre-wrap\">%3</pre></body></html>")
                           .arg(tr("The template cannot be used").toHtmlEscaped(),
                                tr("No mail goes out on this route until it is fixed; the messages wait in the Dispatch Queue.").toHtmlEscaped(),
                                error.toHtmlEscaped()),
                       QUrl(QStringLiteral("about:blank")));
        m_plain->setPlainText(error);
        return;
    }
    m_error->hide();
    m_size->setText(tr("%1 (%2 bytes)").arg(humanSize(m_model->size())).arg(m_model->size()));
    if (m_web) m_web->setHtml(m_model->html(), QUrl(QStringLiteral("about:blank")));
    m_plain->setPlainText(m_model->text());
}

}  // namespace eos
