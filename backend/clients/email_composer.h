// EmailComposer: turns one alert (or a digest's alerts) into the email Eos sends and the console's Email
// Preview shows, byte for byte the same:
//   subject   "[Eos] [HIGH] web-01 (Ubuntu 22.04) Level 10: sshd: brute force" (the LLM's risk in
//             brackets when it gave one); a digest: "[Eos] Digest: 42 alerts, highest level 12 (route)"
//   body      the alert's key fields, the LLM summary's sections, the route's playbook steps and the
//             links back (eos://alert/<id>; the Wazuh dashboard when WAZUH_DASHBOARD_URL is set); a digest
//             lists its alerts highest level first with counts per rule and per agent
//   html      the template (EmailTemplate) with those values, every alert value escaped
//   mime      multipart/alternative (text/plain, then text/html), UTF-8, base64 (lines of 76), with Date
//             and Message-ID; the subject encoded per RFC 2047 when it is not ASCII
// Times are shown in EOS_TIMEZONE (default the system zone) with the zone's name. The template is re-read
// when its file changes (size or modification time), so edits apply without a restart.
#pragma once

#include "clients/dispatch_client.h"
#include "clients/email_template.h"
#include "core/config.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <optional>
#include <vector>

namespace eos {

struct EmailSettings {
    QString from;             // EMAIL_FROM ("Eos <eos@example.com>" or an address)
    QStringList to;           // EMAIL_TO, or the route's recipients
    QString supportEmail;     // SUPPORT_EMAIL, default the from address
    QString dashboardUrl;     // WAZUH_DASHBOARD_URL
    QString templatePath;     // EOS_EMAIL_TEMPLATE, default the built-in template
    QTimeZone zone;           // EOS_TIMEZONE, default the system zone
    QString zoneError;        // EOS_TIMEZONE named no zone this system knows (the system zone is used)

    // recipients: the route's "recipients" (a comma separated string or an array) override EMAIL_TO.
    static EmailSettings fromConfig(const Config &config, const QJsonObject &routeConfig = {});
    static QStringList splitAddresses(const QString &list);
    static QString address(const QString &mailbox);  // "Eos <eos@x>" -> "eos@x"
};

struct EmailMessage {
    QString subject;
    QString from;
    QStringList to;
    QString messageId;        // with the angle brackets
    QString html;
    QString text;
    QByteArray mime;          // the whole message as sent (CRLF line ends)
};

class EmailComposer {
public:
    explicit EmailComposer(EmailSettings settings);

    const EmailSettings &settings() const { return m_settings; }
    void setRecipients(const QStringList &to) { m_settings.to = to; }

    // messageKey makes the Message-ID: the outbox row (the same on a resend) or a preview's own.
    std::optional<EmailMessage> compose(const std::vector<DispatchAlert> &alerts, bool digest, const QString &messageKey,
                                        EmailTemplate::Error *error, const QDateTime &now = QDateTime::currentDateTimeUtc());

    static QString subjectFor(const DispatchAlert &alert);
    static QString digestSubject(const std::vector<DispatchAlert> &alerts, const QString &routeId);
    static QString severityName(int level);   // Low, Medium, High, Critical
    static QString severityColor(int level);  // the colour band
    // "Summary:\n…\n\nWhat to do:\n…" -> [(Summary, …), (What to do, …)]; text before any heading is a Summary.
    static std::vector<std::pair<QString, QString>> summarySections(const QString &summary);
    // RFC 2047 encoded words (B encoding, UTF-8) when the text is not plain ASCII; folded for headers.
    static QByteArray encodeHeader(const QString &text);
    // A sample alert for the preview (built in; no database needed).
    static DispatchAlert sampleAlert();
    // The Wazuh dashboard's Discover filtered on a Wazuh alert id (the alert's "id", e.g.
    // "1700000000.12345"); the dashboard itself when the id is empty; empty when dashboardUrl is empty.
    // Emails link with it, and the console's "Open in Wazuh dashboard".
    static QString dashboardLinkFor(const QString &dashboardUrl, const QString &wazuhAlertId);

    QString routeId;  // digests name their route

private:
    bool loadTemplate(EmailTemplate::Error *error);
    QString formatTime(const QDateTime &t) const;
    QString alertTime(const DispatchAlert &a) const;
    QString dashboardLink(const DispatchAlert &a) const;
    void singleBody(const DispatchAlert &a, QString *html, QString *text) const;
    void digestBody(const std::vector<DispatchAlert> &alerts, QString *html, QString *text) const;

    EmailSettings m_settings;
    std::optional<EmailTemplate> m_template;
    QDateTime m_templateStamp;
    qint64 m_templateSize = -1;
};

}  // namespace eos
