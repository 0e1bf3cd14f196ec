// Email Preview, offscreen with the real QtWebEngine: the rendered mail's DOM holds the alert's description
// (hostile markup escaped) and its screenshot is not blank; the page runs no JavaScript and loads nothing
// remote (remote images blocked and counted); links only leave through the system browser on a click;
// the template file is watched (an edit re-renders, an error shows its file and line); the digest form;
// the alert selected in Live Alerts; "Send test mail" through a real SMTP server (aiosmtpd with STARTTLS and
// AUTH), audited; the main window's sidebar has the page.
#include "email_preview_model.h"
#include "email_preview_view.h"
#include "gui_fixture.h"
#include "main_window.h"
#include "smtp_stand_in.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QWebEnginePage>
#include <QWebEngineView>

using eos::Config;
using eos::EmailPreviewModel;
using eos::EmailPreviewView;
using eos::MainWindow;
using eos::test::GuiFixture;
using eos::test::SmtpStandIn;

class UrlCatcher : public QObject {
    Q_OBJECT
public:
    QList<QUrl> opened;
public Q_SLOTS:
    void open(const QUrl &url) { opened << url; }
};

class TestEmailPreviewView : public QObject {
    Q_OBJECT

    GuiFixture m_fx;
    QTemporaryDir m_dir;
    QString m_template;
    qint64 m_hostileId = 0;
    const QString m_hostileDescription = QStringLiteral("Hostile <script>document.title='pwned'</script> \"desc\" & <b>bold</b>");

    void writeTemplate(const QByteArray &text)
    {
        // as an editor saves: a new file replaces the old one
        const QString tmp = m_template + QStringLiteral(".new");
        QFile f(tmp);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text);
        f.close();
        QFile::remove(m_template);
        QVERIFY(QFile::rename(tmp, m_template));
    }

    QByteArray shippedTemplate()
    {
        QFile f(QStringLiteral(":/email/alert.html"));
        if (!f.open(QIODevice::ReadOnly)) qFatal("no built-in template");
        return f.readAll();
    }

    Config config(const SmtpStandIn *smtp = nullptr)
    {
        Config c = m_fx.session->config();
        c.set(QStringLiteral("EOS_EMAIL_TEMPLATE"), m_template);
        c.set(QStringLiteral("EMAIL_FROM"), QStringLiteral("Eos <eos@soc.example.com>"));
        c.set(QStringLiteral("EMAIL_TO"), QStringLiteral("soc@example.com"));
        c.set(QStringLiteral("EOS_TIMEZONE"), QStringLiteral("Europe/Berlin"));
        if (smtp) {
            c.set(QStringLiteral("SMTP_SERVER"), QStringLiteral("127.0.0.1"));
            c.set(QStringLiteral("SMTP_PORT"), QString::number(smtp->port()));
            c.set(QStringLiteral("SMTP_CA"), smtp->caFile());
            c.set(QStringLiteral("SMTP_USERNAME"), smtp->options().user);
            c.set(QStringLiteral("SMTP_PASSWORD"), smtp->options().password);
        }
        return c;
    }

    static QString plainText(QWebEnginePage *page)
    {
        QString out;
        bool done = false;
        page->toPlainText([&](const QString &t) {
            out = t;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 10000)) qWarning("the page did not answer within 10 s");
        return out;
    }

    static QString pageHtml(QWebEnginePage *page)
    {
        QString out;
        bool done = false;
        page->toHtml([&](const QString &t) {
            out = t;
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 10000)) qWarning("the page did not answer within 10 s");
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.setUp(QStringLiteral("gui_email_preview")));
        QVERIFY(m_fx.insertData(3, 20));
        const QJsonObject alert{
            {QStringLiteral("timestamp"), QStringLiteral("2026-11-22T11:07:16.828+0000")},
            {QStringLiteral("id"), QStringLiteral("1795345636.99")},
            {QStringLiteral("rule"), QJsonObject{{QStringLiteral("id"), QStringLiteral("100100")}, {QStringLiteral("level"), 13},
                                                 {QStringLiteral("description"), m_hostileDescription}}},
            {QStringLiteral("agent"), QJsonObject{{QStringLiteral("id"), QStringLiteral("001")}, {QStringLiteral("name"), QStringLiteral("host-1")}}},
            {QStringLiteral("data"), QJsonObject{{QStringLiteral("url"), QStringLiteral("javascript:alert(1)")}}},
            {QStringLiteral("full_log"), QStringLiteral("<img src=https://tracker.example/p.png>")}};
        const QString raw = QString::fromUtf8(QJsonDocument(alert).toJson(QJsonDocument::Compact));
        QString err;
        QVERIFY2(eos::test::TestDatabase::exec(m_fx.db, QStringLiteral(
            "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, state, response_text) "
            "VALUES ('hostile-0123456789', '001', 100100, 13, 'hostile', $json$%1$json$::jsonb, 'summarized', "
            "'Summary: <a href=\"javascript:alert(2)\">click me</a>\nRisk: critical')").arg(raw), &err), qPrintable(err));
        m_hostileId = m_fx.scalar(QStringLiteral("SELECT id FROM alerts WHERE alert_hash = 'hostile-0123456789'")).toLongLong();
        QVERIFY(m_hostileId > 0);
        m_template = m_dir.filePath(QStringLiteral("alert.html"));
        // the shipped template plus a remote image and a script of the template's own
        QByteArray t = shippedTemplate();
        t.replace("</body>", "<img src=\"https://images.example.com/logo.png\" alt=\"logo\"><script>document.title = 'js-ran';</script>\n</body>");
        writeTemplate(t);
    }

    void rendersTheAlertSandboxed()
    {
        EmailPreviewView v(m_fx.db, config(), QStringLiteral("test-analyst"));
        v.resize(1100, 900);
        v.setSelectedAlert(m_hostileId);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        QVERIFY(v.webView());
        QTRY_VERIFY_WITH_TIMEOUT(v.model()->alertDescription() == m_hostileDescription, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(v.pageLoads() >= 1 && plainText(v.webView()->page()).contains(m_hostileDescription), 30000);
        QCOMPARE(v.subjectLabel()->text(), QStringLiteral("[Eos] [CRITICAL] host-1 (Ubuntu 22.04.3 LTS) Level 13: ") + m_hostileDescription);
        QCOMPARE(v.subjectLabel()->textFormat(), Qt::PlainText);  // "<b>bold</b>" stays text in the console too
        QCOMPARE(v.recipientsLabel()->text(), QStringLiteral("soc@example.com"));
        QVERIFY(v.sizeLabel()->text().contains(QString::number(v.model()->size())));
        QVERIFY(v.model()->size() > 1000);
        // the DOM: the hostile description is text, never an element; no script ran
        const QString dom = pageHtml(v.webView()->page());
        QVERIFY(!dom.contains(QStringLiteral("<script>document.title='pwned'")));
        QVERIFY(!dom.contains(QStringLiteral("<b>bold</b>")));
        QVERIFY(!dom.contains(QStringLiteral("<a href=\"javascript:")));
        QVERIFY(dom.contains(QStringLiteral("&lt;a href=\"javascript:alert(2)\"&gt;click me&lt;/a&gt;")));  // as text
        QVERIFY(dom.contains(QStringLiteral("&lt;b&gt;bold&lt;/b&gt;")));
        QVERIFY(v.webView()->page()->title() != QStringLiteral("js-ran"));
        QVERIFY(v.webView()->page()->title() != QStringLiteral("pwned"));
        // the remote image was blocked and counted
        QTRY_VERIFY_WITH_TIMEOUT(v.blockedImages() >= 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(v.blockedLabel()->text().contains(QStringLiteral("blocked")), 5000);
        // the plain-text tab
        QVERIFY(v.plainTextView()->toPlainText().contains(m_hostileDescription));
        QVERIFY(v.plainTextView()->toPlainText().contains(QStringLiteral("eos://alert/%1").arg(m_hostileId)));
        // the screenshot: not blank (more than a handful of colours)
        QTest::qWait(0);
        QImage shot;
        QTRY_VERIFY_WITH_TIMEOUT((shot = v.webView()->grab().toImage(), [&shot] {
                                     QSet<QRgb> colours;
                                     for (int y = 0; y < shot.height(); y += 3)
                                         for (int x = 0; x < shot.width(); x += 3) colours.insert(shot.pixel(x, y));
                                     return colours.size() > 16;
                                 }()),
                                 20000);
        QVERIFY(!shot.isNull() && shot.width() > 200 && shot.height() > 200);
        const QString path = GuiFixture::screenshotDir() + QStringLiteral("/email_preview.png");
        QVERIFY(v.grab().save(path));
        qInfo("screenshot: %s", qPrintable(path));
    }

    void linksOnlyLeaveOnAClick()
    {
        EmailPreviewView v(m_fx.db, config(), QStringLiteral("test-analyst"));
        UrlCatcher catcher;
        QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "open");
        QSignalSpy alertLinks(&v, &EmailPreviewView::alertLinkActivated);
        QVERIFY(!v.handleNavigation(QUrl(QStringLiteral("https://wazuh.example.com/app")), false));
        QCOMPARE(catcher.opened.size(), 0);
        QVERIFY(!v.handleNavigation(QUrl(QStringLiteral("https://wazuh.example.com/app")), true));
        QCOMPARE(catcher.opened.size(), 1);
        QVERIFY(!v.handleNavigation(QUrl(QStringLiteral("javascript:alert(1)")), true));
        QCOMPARE(catcher.opened.size(), 1);
        QVERIFY(!v.handleNavigation(QUrl(QStringLiteral("eos://alert/17")), true));
        QCOMPARE(alertLinks.size(), 1);
        QCOMPARE(alertLinks.first().first().toLongLong(), 17);
        QVERIFY(v.handleNavigation(QUrl(QStringLiteral("data:text/html,x")), false));  // its own content only
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
    }

    void aClickOpensTheSystemBrowserNothingElseNavigates()
    {
        // a page-sized link, and a meta refresh that tries to navigate on its own
        writeTemplate("<html><head><meta http-equiv=\"refresh\" content=\"0;url=https://example.com/refresh\"></head>"
                      "<body style=\"margin:0\"><a href=\"https://example.com/clicked\" style=\"display:block;height:2000px\">${rule.description}</a>"
                      "$body</body></html>\n");
        UrlCatcher catcher;
        QDesktopServices::setUrlHandler(QStringLiteral("https"), &catcher, "open");
        EmailPreviewView v(m_fx.db, config(), QStringLiteral("test-analyst"));
        v.resize(900, 700);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        QTRY_VERIFY_WITH_TIMEOUT(plainText(v.webView()->page()).contains(QStringLiteral("sshd: brute force")), 30000);
        // the refresh was refused: still our page, nothing opened
        QTRY_VERIFY_WITH_TIMEOUT(v.webView()->page()->url().scheme() != QLatin1String("https"), 5000);
        QCOMPARE(catcher.opened.size(), 0);
        QWidget *target = v.webView()->focusProxy() ? v.webView()->focusProxy() : v.webView();
        QTRY_VERIFY_WITH_TIMEOUT((QTest::mouseClick(target, Qt::LeftButton, {}, QPoint(100, 100)), !catcher.opened.isEmpty()), 20000);
        QCOMPARE(catcher.opened.first(), QUrl(QStringLiteral("https://example.com/clicked")));
        QVERIFY(plainText(v.webView()->page()).contains(QStringLiteral("sshd: brute force")));  // the preview stayed
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
        QByteArray good = shippedTemplate();
        good.replace("</body>", "<img src=\"https://images.example.com/logo.png\" alt=\"logo\"><script>document.title = 'js-ran';</script>\n</body>");
        writeTemplate(good);
    }

    void templateEditsRefreshAndErrorsShowFileAndLine()
    {
        EmailPreviewView v(m_fx.db, config(), QStringLiteral("test-analyst"));
        v.resize(900, 700);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        QTRY_VERIFY_WITH_TIMEOUT(v.pageLoads() >= 1, 30000);
        QSignalSpy rendered(v.model(), &EmailPreviewModel::rendered);
        QElapsedTimer t;
        t.start();
        writeTemplate("<html><body>\n<h1>Edited: ${rule.description}</h1>\n$body\n</body></html>\n");
        QTRY_VERIFY_WITH_TIMEOUT(v.model()->html().startsWith(QStringLiteral("<html><body>\n<h1>Edited: sshd: brute force")), 5000);
        qInfo("the preview followed the edit after %lld ms", t.elapsed());
        QTRY_VERIFY_WITH_TIMEOUT(plainText(v.webView()->page()).contains(QStringLiteral("Edited: sshd: brute force")), 20000);
        QVERIFY(v.errorLabel()->isHidden());

        writeTemplate("<html><body>\n<h1>${rule.description}</h1>\n\n<p>$colour</p>\n</body></html>\n");
        QTRY_VERIFY_WITH_TIMEOUT(!v.model()->error().isEmpty(), 5000);
        QCOMPARE(v.model()->errorFile(), m_template);
        QCOMPARE(v.model()->errorLine(), 4);
        QVERIFY(!v.errorLabel()->isHidden());
        QVERIFY2(v.errorLabel()->text().contains(m_template + QStringLiteral(":4: unknown variable $colour")), qPrintable(v.errorLabel()->text()));
        QTRY_VERIFY_WITH_TIMEOUT(plainText(v.webView()->page()).contains(m_template + QStringLiteral(":4:")), 20000);
        GuiFixture::saveScreenshot(&v, QStringLiteral("email_preview_template_error"));

        QVERIFY(QFile::remove(m_template));
        QTRY_VERIFY_WITH_TIMEOUT(v.model()->error().contains(QStringLiteral("cannot read the email template")), 5000);
        QByteArray good = shippedTemplate();
        good.replace("</body>", "<img src=\"https://images.example.com/logo.png\" alt=\"logo\"><script>document.title = 'js-ran';</script>\n</body>");
        writeTemplate(good);
        QTRY_VERIFY_WITH_TIMEOUT(v.model()->error().isEmpty(), 5000);
        QVERIFY(v.errorLabel()->isHidden());
    }

    void digestForm()
    {
        EmailPreviewView v(m_fx.db, config(), QStringLiteral("test-analyst"));
        v.resize(1100, 900);
        v.show();
        QVERIFY(QTest::qWaitForWindowExposed(&v));
        v.digestBox()->setChecked(true);
        QTRY_VERIFY_WITH_TIMEOUT(v.subjectLabel()->text().startsWith(QStringLiteral("[Eos] Digest: ")), 10000);
        QVERIFY(v.model()->text().contains(QStringLiteral("Per rule")));
        QVERIFY(v.model()->text().contains(QStringLiteral("highest level 13")));  // the hostile alert leads
        QTRY_VERIFY_WITH_TIMEOUT(plainText(v.webView()->page()).contains(QStringLiteral("Alerts, highest level first")), 20000);
        GuiFixture::saveScreenshot(&v, QStringLiteral("email_preview_digest"));
        v.digestBox()->setChecked(false);
        QTRY_VERIFY_WITH_TIMEOUT(!v.subjectLabel()->text().startsWith(QStringLiteral("[Eos] Digest: ")), 10000);
    }

    void sendTestMailThroughTheRouteAudited()
    {
        SmtpStandIn smtp;
        QString err;
        QVERIFY2(smtp.start(&err), qPrintable(err));
        EmailPreviewView v(m_fx.db, config(&smtp), QStringLiteral("test-analyst"));
        QSignalSpy done(v.model(), &EmailPreviewModel::testMailFinished);
        v.testAddress()->setText(QStringLiteral("not an address"));
        v.sendButton()->click();
        QCOMPARE(done.size(), 1);
        QCOMPARE(done.first().first().toBool(), false);
        QCOMPARE(smtp.receivedCount(), 0);
        v.testAddress()->setText(QStringLiteral("me@example.com"));
        v.sendButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 30000);
        QVERIFY2(done.last().first().toBool(), qPrintable(done.last().at(1).toString()));
        QCOMPARE(smtp.receivedCount(), 1);
        const QJsonObject m = smtp.received().first();
        QCOMPARE(m.value(QStringLiteral("rcpt_tos")).toArray(), QJsonArray{QStringLiteral("me@example.com")});
        QVERIFY(m.value(QStringLiteral("tls")).toBool());
        QCOMPARE(m.value(QStringLiteral("subject")).toString(), v.model()->subject());
        QTRY_COMPARE_WITH_TIMEOUT(m_fx.scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'email_test' AND actor = 'test-analyst' "
                                                             "AND reason = 'me@example.com' AND (details->>'ok')::boolean")).toInt(), 1, 10000);
    }

    void mainWindowHasThePage()
    {
        MainWindow w(m_fx.session.get());
        QCOMPARE(w.navigation()->count(), 7);
        QCOMPARE(w.navigation()->item(int(MainWindow::Page::EmailPreview))->text(), QStringLiteral("Email Preview"));
        w.showPage(MainWindow::Page::EmailPreview);
        QCOMPARE(w.currentPage(), MainWindow::Page::EmailPreview);
        QVERIFY(w.windowTitle().contains(QStringLiteral("Email Preview")));
        QVERIFY(w.emailPreviewView());
    }
};

int main(int argc, char **argv)
{
    QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    QApplication app(argc, argv);
    TestEmailPreviewView t;
    return QTest::qExec(&t, argc, argv);
}
#include "test_email_preview_view.moc"
