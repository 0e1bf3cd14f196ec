// EmailPreviewModel: what the Email Preview view shows, made by the same EmailComposer the outbox uses, so
// the preview is the mail byte for byte (only the Date and the Message-ID differ). Sources: the built-in
// sample alert, the alert selected in Live Alerts, or one of the latest alerts (read off the GUI thread by
// a DbWorker). Routes: the `email` routes of EOS_ROUTES_FILE (their recipients), or EMAIL_TO when there are
// none. The digest form previews the latest alerts the route matches as one digest. The template file is
// watched (the file and its folder, as editors replace files) and the preview re-rendered within a second
// of a change; a template error is reported with its file and line. sendTestMail() sends the previewed mail
// through the route's real SMTP settings to one address, off the GUI thread, and writes an audit row.
#pragma once

#include "store/db_connection_info.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <memory>

class QFileSystemWatcher;
class QTimer;

namespace eos {

class Config;
class DbWorker;
struct EmailPreviewState;

class EmailPreviewModel : public QObject {
    Q_OBJECT
public:
    struct AlertChoice {
        qint64 id = 0;
        QString label;   // "#12 · level 10 · web-01 · sshd: brute force"
    };
    EmailPreviewModel(const DbConnectionInfo &db, const Config &config, const QString &actor, QObject *parent = nullptr);
    ~EmailPreviewModel() override;

    QStringList routes() const;           // route ids ("email (EMAIL_TO)" when none is configured)
    QString routeId() const;
    void setRoute(const QString &routeId);
    // 0 = the built-in sample; otherwise an alert id
    void setAlert(qint64 alertId);
    qint64 alertId() const;
    void setDigest(bool digest);
    bool digest() const;
    void refreshAlertChoices();           // the latest alerts, for the picker (alertChoicesChanged)
    QList<AlertChoice> alertChoices() const;

    // the rendered preview
    QString subject() const;
    QStringList recipients() const;
    QString html() const;
    QString text() const;
    qint64 size() const;                  // bytes of the whole MIME message
    QString error() const;                // "FILE:LINE: message" (empty when it renders)
    QString errorFile() const;
    int errorLine() const;
    QString templatePath() const;         // ":/email/alert.html" when the built-in one is used
    QString alertDescription() const;     // rule.description of the previewed alert (tests, accessibility)

    void sendTestMail(const QString &address);

public Q_SLOTS:
    void render();

Q_SIGNALS:
    void rendered();                      // after every render (also when it failed: error() tells)
    void alertChoicesChanged();
    void testMailFinished(bool ok, const QString &message);

private:
    void loadAlerts();
    void watchTemplate();

    std::unique_ptr<EmailPreviewState> d;
    std::unique_ptr<DbWorker> m_db;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_debounce = nullptr;
    QTimer *m_poll = nullptr;
};

}  // namespace eos
