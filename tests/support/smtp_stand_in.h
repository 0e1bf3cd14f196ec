// A real SMTP server for the tests: Debian's aiosmtpd (python3-aiosmtpd, run with /usr/bin/python3) through
// tests/support/smtp_stand_in.py, with STARTTLS (a throwaway self-signed certificate for 127.0.0.1, whose
// file is the client's SMTP_CA) or implicit TLS, AUTH required when a user is given, and scripted answers
// (setMode: ok, 421, 451, 550 on RCPT TO; hang: the end of DATA is never answered; slow:MS: answers RCPT TO
// and the end of DATA after MS milliseconds). Every delivered message
// comes back parsed by Python's email package (received()).
#pragma once

#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace eos::test {

class SmtpStandIn {
public:
    struct Options {
        bool tls = true;        // offer STARTTLS (required by the server)
        bool implicit = false;  // TLS from the first byte (port 465 style)
        QString user = QStringLiteral("eos");
        QString password = QStringLiteral("s3cret-pass");
        int port = 0;           // 0: a free one; else this one (a server that is "down" until start())
    };
    SmtpStandIn() : SmtpStandIn(Options{}) {}
    explicit SmtpStandIn(Options options);
    ~SmtpStandIn();

    // The certificate (caFile()) before the server runs, for a client configured while it is down;
    // start() makes it when this was not called.
    bool prepare(QString *error);
    bool start(QString *error);
    int port() const { return m_port; }
    QString caFile() const;
    const Options &options() const { return m_options; }
    void setMode(const QString &mode);
    QList<QJsonObject> received() const;  // in arrival order
    int receivedCount() const;
    int heldCount() const;
    QString output();  // what the server printed

private:
    Options m_options;
    QTemporaryDir m_dir;
    QProcess m_process;
    int m_port = 0;
    bool m_prepared = false;
    QString m_output;
};

}  // namespace eos::test
