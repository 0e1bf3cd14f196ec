// Email Preview: the alert mail as it will be sent, before any goes out. Pick an alert (the built-in sample,
// the one selected in Live Alerts, or one of the latest) and an email route; see the subject, recipients
// and size, the HTML part rendered by QtWebEngine and the plain-text part in a second tab; toggle the digest
// form. Saving the template file re-renders within a second; a template error is shown with its file and
// line. The page is sandboxed: no JavaScript, nothing loaded from the network (remote images and other
// loads are blocked and counted), no navigation: a click on a link opens it in the system browser (an
// eos://alert/<id> link shows the alert here). "Send test mail" sends the preview to one address through
// the route's real SMTP settings; the send is audited.
#pragma once

#include <QUrl>
#include <QWidget>

#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QWebEngineProfile;
class QWebEngineView;

namespace eos {

class Config;
class DbConnectionInfo;
class EmailPreviewModel;

class EmailPreviewView : public QWidget {
    Q_OBJECT
public:
    EmailPreviewView(const DbConnectionInfo &db, const Config &config, const QString &actor, QWidget *parent = nullptr);
    ~EmailPreviewView() override;

    EmailPreviewModel *model() const { return m_model; }
    QWebEngineView *webView() const { return m_web; }  // null until the view is first shown
    QPlainTextEdit *plainTextView() const { return m_plain; }
    QTabWidget *tabs() const { return m_tabs; }
    QComboBox *alertBox() const { return m_alertBox; }
    QComboBox *routeBox() const { return m_routeBox; }
    QCheckBox *digestBox() const { return m_digest; }
    QLabel *subjectLabel() const { return m_subject; }
    QLabel *recipientsLabel() const { return m_to; }
    QLabel *sizeLabel() const { return m_size; }
    QLabel *errorLabel() const { return m_error; }
    QLabel *blockedLabel() const { return m_blockedLabel; }
    QLineEdit *testAddress() const { return m_address; }
    QPushButton *sendButton() const { return m_send; }
    int blockedLoads() const { return m_blocked.load(); }
    int blockedImages() const { return m_blockedImages.load(); }
    int pageLoads() const { return m_loads; }  // pages the web view finished loading

    // The alert selected in Live Alerts (0: none); offered first in the alert picker.
    void setSelectedAlert(qint64 alertId);
    // What a navigation in the page does: only a click goes anywhere, and then outside the page
    // (the system browser; eos://alert/<id> is emitted as alertLinkActivated). Returns whether the page
    // itself may navigate (only to the preview's own content).
    bool handleNavigation(const QUrl &url, bool clicked);

Q_SIGNALS:
    void alertLinkActivated(qint64 alertId);
    void statusMessage(const QString &message, int timeoutMs);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showRendered();
    void fillAlerts();
    void countBlocked(bool image);
    void ensureWeb();

    EmailPreviewModel *m_model;
    QWebEngineProfile *m_profile = nullptr;
    QWebEngineView *m_web = nullptr;  // made on first show
    QWidget *m_webHolder;
    QPlainTextEdit *m_plain;
    QTabWidget *m_tabs;
    QComboBox *m_alertBox;
    QComboBox *m_routeBox;
    QCheckBox *m_digest;
    QLabel *m_subject;
    QLabel *m_to;
    QLabel *m_size;
    QLabel *m_template;
    QLabel *m_error;
    QLabel *m_blockedLabel;
    QLineEdit *m_address;
    QPushButton *m_send;
    QLabel *m_sendStatus;
    qint64 m_selectedAlert = 0;
    int m_loads = 0;
    std::atomic<int> m_blocked{0};
    std::atomic<int> m_blockedImages{0};
    bool m_filling = false;
    bool m_shownOnce = false;
};

}  // namespace eos
