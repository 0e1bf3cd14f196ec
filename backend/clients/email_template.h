// EmailTemplate: the HTML template of alert emails (EOS_EMAIL_TEMPLATE; shipped: resources/email/alert.html,
// built in as :/email/alert.html). The syntax is Python's string.Template, which the older pipeline used:
// `$name` or `${name}`, `$$` for a dollar sign; a `$` followed by anything else is kept as it is.
//   names    subject, timestamp, content (the older README's), sent_at, alert_id, body, support_email (the
//            older worker's), and Eos's own: level, severity, severity_color, risk, agent, alert_url,
//            dashboard_url, summary, text (the plain-text part), title (the rule's description; a digest:
//            "42 alerts, highest level 12")
//   paths    ${rule.description}, ${agent.name}, ${data.srcip}: a field of the alert (arrays joined with ", ";
//            a field the alert lacks is empty); the first part must be one of Wazuh's top-level fields
// Every value is HTML-escaped (& < > " '), except `body` and `content`, which the composer builds from
// escaped parts. A value put inside a tag (an attribute) whose text is a URL with a scheme other than
// http, https, mailto or eos is neutralised (`unsafe:` in front), so `href="${data.url}"` can never become
// a javascript: link. An unknown name, a malformed placeholder or an unreadable file is an Error naming the
// file and line; the template is checked when it is loaded, before any alert is rendered.
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace eos {

class EmailTemplate {
public:
    struct Error {
        QString file;
        int line = 0;  // 1-based; 0 = the whole file (unreadable)
        QString message;
        QString text() const;  // "FILE:LINE: MESSAGE"
    };
    struct Values {
        QHash<QString, QString> text;  // plain text, escaped when put in
        QHash<QString, QString> html;  // markup built by Eos from escaped parts (body, content)
        QJsonObject alert;             // for ${path} placeholders
    };

    static QString builtInPath() { return QStringLiteral(":/email/alert.html"); }
    static QStringList names();          // the known $names
    static QStringList topLevelFields(); // what a ${path} may start with
    static QString escapeHtml(const QString &text);
    // What an attribute value becomes: escaped, and `unsafe:`-prefixed when it is a URL of another scheme.
    static QString escapeAttribute(const QString &text);

    static std::optional<EmailTemplate> load(const QString &path, Error *error);
    static std::optional<EmailTemplate> parse(const QString &text, const QString &file, Error *error);

    QString render(const Values &values) const;
    const QString &file() const { return m_file; }
    QStringList usedNames() const;  // names and paths the template uses, in order

private:
    struct Part {
        QString literal;        // when name is empty
        QString name;           // a $name, or a dotted path for ${a.b}
        bool path = false;
        bool inTag = false;     // inside <...>: an attribute value
    };
    QString m_file;
    std::vector<Part> m_parts;
};

}  // namespace eos
