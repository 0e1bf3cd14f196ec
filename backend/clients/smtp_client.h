// SmtpClient: the `email` route. Composes the message (EmailComposer: template, subject, MIME) and hands it
// to libcurl's SMTP (never a hand-written protocol): EHLO, STARTTLS (required unless SMTP_TLS=none; port 465
// or SMTP_TLS=implicit: TLS from the first byte), AUTH with SMTP_USERNAME/SMTP_PASSWORD when set, MAIL FROM
// (EMAIL_FROM), RCPT TO (the route's recipients, else EMAIL_TO), DATA. One attempt per send(), run on the
// client's own worker threads (libcurl blocks) with SMTP_CONNECT_TIMEOUT_MS for the connection and
// EOS_DISPATCH_TIMEOUT_MS for the whole transaction. The outcome for the outbox:
//   sent   the server's final reply ("250 2.0.0 Ok: queued as …") and the Message-ID are recorded
//   retry  4xx replies (421, 451, 452 …), connection and TLS failures, time-outs (the Message-ID stays the
//          same on a resend, so a receiver can tell a repeat)
//   dead   5xx replies (550 …, 535 authentication refused), shown with the server's reply
//   hold   a template error (file and line) or a missing setting: the route's rows wait, nothing broken goes
//          out; fixing the file lets them go on the next try
// SMTP_TLS=none is logged as a warning every time the client starts. The password never reaches a log:
// only the server's replies are kept, never what the client sent.
#pragma once

#include "clients/dispatch_client.h"
#include "clients/email_composer.h"
#include "core/config.h"

#include <QThreadPool>

#include <atomic>
#include <memory>

namespace eos {

class SmtpClient : public DispatchClient {
    Q_OBJECT
public:
    struct Options {
        QString server;
        int port = 587;
        enum class Tls { StartTls, Implicit, None } tls = Tls::StartTls;
        QString user;
        QString password;
        QString caFile;
        int connectTimeoutMs = 10000;
        int timeoutMs = 15000;
        int concurrency = 4;
        static Options fromConfig(const Config &config, int timeoutMs);
    };
    // One mail transaction's outcome (also used by the console's "Send test mail").
    struct Delivery {
        bool ok = false;
        int code = 0;             // the last SMTP reply code (0: none, e.g. no connection)
        QString reply;            // the server's last reply line(s)
        QString error;            // in words
    };

    SmtpClient(Options options, EmailSettings settings, const QString &routeId, QObject *parent = nullptr);
    ~SmtpClient() override;

    QString kind() const override { return QStringLiteral("email"); }
    void send(const DispatchRequest &request, std::function<void(DispatchResult)> done) override;

    // Blocking: one mail transaction of an already composed message (any thread).
    static Delivery deliver(const Options &options, const EmailMessage &message);
    static DispatchResult classify(const Delivery &d, const EmailMessage &message);

private:
    Options m_options;
    EmailComposer m_composer;  // keeps the parsed template until its file changes
    QString m_routeId;
    std::unique_ptr<QThreadPool> m_pool;
    std::shared_ptr<std::atomic<bool>> m_alive;  // false once the client is going away
};

}  // namespace eos
