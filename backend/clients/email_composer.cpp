#include "clients/email_composer.h"

#include "core/json_path.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>
#include <QMap>
#include <QRegularExpression>
#include <QUrl>
#include <QUuid>

#include <algorithm>

namespace eos {
namespace {

QString esc(const QString &s) { return EmailTemplate::escapeHtml(s); }

QString field(const QJsonObject &o, const QString &path) { return DispatchClient::str(o, path); }

QString joined(const QJsonObject &o, const QString &path)
{
    const QJsonValue v = JsonPath::value(o, path);
    if (!v.isArray()) return field(o, path);
    QStringList parts;
    for (const QJsonValue &x : v.toArray()) parts << (x.isString() ? x.toString() : QString::number(x.toDouble(), 'g', 15));
    return parts.join(QStringLiteral(", "));
}

// one line of the key-fields table
void row(QString *html, QString *text, const QString &label, const QString &value, bool mono = false)
{
    if (value.trimmed().isEmpty()) return;
    *html += QStringLiteral("<tr><td style=\"padding:4px 12px 4px 0;vertical-align:top;color:#6b7280;white-space:nowrap;"
                            "font-size:13px\">%1</td><td style=\"padding:4px 0;vertical-align:top;font-size:14px;%2\">%3</td></tr>\n")
                 .arg(esc(label), mono ? QStringLiteral("font-family:Consolas,Menlo,monospace;word-break:break-all")
                                       : QStringLiteral("word-break:break-word"),
                      esc(value));
    *text += QStringLiteral("%1: %2\n").arg(label, value);
}

QString heading(const QString &title)
{
    return QStringLiteral("<h2 style=\"margin:20px 0 8px;font-size:16px;line-height:22px\">%1</h2>\n").arg(esc(title));
}

// a section's text: "- item" lines become a list, the rest paragraphs
QString paragraphs(const QString &body)
{
    QString out;
    QStringList items;
    auto flushItems = [&] {
        if (items.isEmpty()) return;
        out += QStringLiteral("<ul style=\"margin:4px 0 8px 20px;padding:0\">");
        for (const QString &i : items) out += QStringLiteral("<li style=\"margin:2px 0\">%1</li>").arg(esc(i));
        out += QStringLiteral("</ul>\n");
        items.clear();
    };
    static const QRegularExpression bullet(QStringLiteral("^\\s*(?:[-*•]|\\d+[.)])\\s+(.*)$"));
    for (const QString &line : body.split(u'\n')) {
        const auto m = bullet.match(line);
        if (m.hasMatch()) {
            items << m.captured(1);
            continue;
        }
        flushItems();
        if (!line.trimmed().isEmpty())
            out += QStringLiteral("<p style=\"margin:4px 0 8px;font-size:14px;line-height:21px\">%1</p>\n").arg(esc(line.trimmed()));
    }
    flushItems();
    return out;
}

QString link(const QString &url, const QString &label)
{
    return QStringLiteral("<a href=\"%1\" style=\"color:#2563eb;text-decoration:underline\">%2</a>")
        .arg(EmailTemplate::escapeAttribute(url), esc(label));
}

QByteArray wrapBase64(const QByteArray &data)
{
    const QByteArray b64 = data.toBase64();
    QByteArray out;
    out.reserve(b64.size() + b64.size() / 76 * 2 + 2);
    for (qsizetype i = 0; i < b64.size(); i += 76) {
        out += b64.mid(i, 76);
        out += "\r\n";
    }
    return out;
}

bool isAscii(const QString &s)
{
    return std::all_of(s.begin(), s.end(), [](QChar c) { return c.unicode() >= 0x20 && c.unicode() < 0x7f; });
}

QString domainOf(const QString &address)
{
    const QString d = address.section(u'@', 1).trimmed();
    static const QRegularExpression ok(QStringLiteral("^[A-Za-z0-9.\\-]+$"));
    return ok.match(d).hasMatch() ? d : QStringLiteral("eos.invalid");
}

}  // namespace

EmailSettings EmailSettings::fromConfig(const Config &config, const QJsonObject &routeConfig)
{
    EmailSettings s;
    s.from = config.value(QStringLiteral("EMAIL_FROM")).trimmed();
    s.to = splitAddresses(config.value(QStringLiteral("EMAIL_TO")));
    const QJsonValue r = routeConfig.value(QStringLiteral("recipients"));
    if (r.isString() && !r.toString().trimmed().isEmpty()) s.to = splitAddresses(r.toString());
    if (r.isArray() && !r.toArray().isEmpty()) {
        QStringList list;
        for (const QJsonValue &v : r.toArray()) list << splitAddresses(v.toString());
        s.to = list;
    }
    s.supportEmail = config.value(QStringLiteral("SUPPORT_EMAIL")).trimmed();
    if (s.supportEmail.isEmpty()) s.supportEmail = address(s.from);
    s.dashboardUrl = config.value(QStringLiteral("WAZUH_DASHBOARD_URL")).trimmed();
    while (s.dashboardUrl.endsWith(u'/')) s.dashboardUrl.chop(1);
    s.templatePath = config.value(QStringLiteral("EOS_EMAIL_TEMPLATE")).trimmed();
    if (s.templatePath.isEmpty()) s.templatePath = EmailTemplate::builtInPath();
    const QString zone = config.value(QStringLiteral("EOS_TIMEZONE")).trimmed();
    s.zone = QTimeZone::systemTimeZone();
    if (!zone.isEmpty()) {
        const QTimeZone z(zone.toUtf8());
        if (z.isValid()) s.zone = z;
        else s.zoneError = QStringLiteral("EOS_TIMEZONE=%1 is not a time zone this system knows (an IANA name such as "
                                          "Europe/Berlin); using the system zone").arg(zone);
    }
    return s;
}

QStringList EmailSettings::splitAddresses(const QString &list)
{
    QStringList out;
    for (const QString &part : list.split(QRegularExpression(QStringLiteral("[,;]")), Qt::SkipEmptyParts))
        if (!part.trimmed().isEmpty()) out << part.trimmed();
    return out;
}

QString EmailSettings::address(const QString &mailbox)
{
    const qsizetype lt = mailbox.lastIndexOf(u'<');
    const qsizetype gt = mailbox.lastIndexOf(u'>');
    if (lt >= 0 && gt > lt) return mailbox.mid(lt + 1, gt - lt - 1).trimmed();
    return mailbox.trimmed();
}

EmailComposer::EmailComposer(EmailSettings settings) : m_settings(std::move(settings)) {}

QString EmailComposer::severityName(int level)
{
    if (level >= 12) return QStringLiteral("Critical");
    if (level >= 8) return QStringLiteral("High");
    if (level >= 5) return QStringLiteral("Medium");
    return QStringLiteral("Low");
}

QString EmailComposer::severityColor(int level)
{
    if (level >= 12) return QStringLiteral("#b91c1c");
    if (level >= 8) return QStringLiteral("#ea580c");
    if (level >= 5) return QStringLiteral("#ca8a04");
    return QStringLiteral("#15803d");
}

QString EmailComposer::subjectFor(const DispatchAlert &a)
{
    QString agent = field(a.raw, QStringLiteral("agent.name"));
    if (agent.isEmpty()) agent = field(a.raw, QStringLiteral("agent.id"));
    if (agent.isEmpty()) agent = QStringLiteral("unknown agent");
    const QString os = a.agentOs.isEmpty() ? field(a.raw, QStringLiteral("agent.os.name")) : a.agentOs;
    QString s = QStringLiteral("[Eos] ");
    if (!a.risk.isEmpty()) s += QStringLiteral("[%1] ").arg(a.risk.toUpper());
    s += agent;
    if (!os.isEmpty()) s += QStringLiteral(" (%1)").arg(os);
    s += QStringLiteral(" Level %1: %2").arg(DispatchClient::level(a.raw)).arg(field(a.raw, QStringLiteral("rule.description")));
    return s.simplified();  // no line breaks from the alert reach the header
}

QString EmailComposer::digestSubject(const std::vector<DispatchAlert> &alerts, const QString &routeId)
{
    int top = 0;
    for (const auto &a : alerts) top = std::max(top, DispatchClient::level(a.raw));
    QString s = QStringLiteral("[Eos] Digest: %1 alerts, highest level %2").arg(alerts.size()).arg(top);
    if (!routeId.isEmpty()) s += QStringLiteral(" (%1)").arg(routeId);
    return s.simplified();
}

std::vector<std::pair<QString, QString>> EmailComposer::summarySections(const QString &summary)
{
    static const QRegularExpression head(
        QStringLiteral("^\\s*\\**\\s*(Summary|What happened|Further investigation|What to do|How to check|"
                       "How to prevent this in future|What to ask next|Risk|Model answer \\(not in the requested format\\))"
                       "\\s*\\**\\s*:\\s*\\**\\s*(.*)$"),
        QRegularExpression::CaseInsensitiveOption);
    std::vector<std::pair<QString, QString>> out;
    QString title = QStringLiteral("Summary"), body;
    auto flush = [&] {
        if (!body.trimmed().isEmpty()) out.emplace_back(title, body.trimmed());
        body.clear();
    };
    for (const QString &line : summary.split(u'\n')) {
        const auto m = head.match(line);
        if (m.hasMatch() && m.captured(1).compare(QLatin1String("Risk"), Qt::CaseInsensitive) != 0) {
            flush();
            title = m.captured(1);
            title[0] = title[0].toUpper();
            body = m.captured(2) + u'\n';
            continue;
        }
        body += line + u'\n';
    }
    flush();
    return out;
}

QByteArray EmailComposer::encodeHeader(const QString &text)
{
    if (isAscii(text) && text.size() < 900) {
        // fold long lines at spaces (RFC 5322 asks for 78 characters; a header line starts with "Subject: ")
        QByteArray out;
        QByteArray rest = text.toLatin1();
        int room = 68;
        while (rest.size() > room) {
            const qsizetype cut = rest.lastIndexOf(' ', room);
            if (cut <= 0) break;
            out += rest.left(cut) + "\r\n";
            rest = rest.mid(cut);  // keeps the space: the continuation line's leading whitespace
            room = 76;
        }
        return out + rest;
    }
    // encoded words of at most 75 characters: "=?UTF-8?B?" + base64 of up to 45 bytes + "?=", never
    // splitting a UTF-8 sequence; joined by folding whitespace
    QByteArray out;
    const QByteArray utf8 = text.toUtf8();
    qsizetype i = 0;
    while (i < utf8.size()) {
        qsizetype end = std::min<qsizetype>(utf8.size(), i + 45);
        while (end < utf8.size() && end > i && (uchar(utf8[end]) & 0xC0) == 0x80) --end;
        if (!out.isEmpty()) out += "\r\n ";
        out += "=?UTF-8?B?" + utf8.mid(i, end - i).toBase64() + "?=";
        i = end;
    }
    return out;
}

DispatchAlert EmailComposer::sampleAlert()
{
    DispatchAlert a;
    a.alertId = 0;
    a.hash = QStringLiteral("5a3c9e1fd2b7460c8e11b0a9d4c3f2e1");
    a.agentOs = QStringLiteral("Ubuntu 22.04");
    a.raw = QJsonObject{
        {QStringLiteral("timestamp"), QStringLiteral("2026-11-22T11:07:16.828+0000")},
        {QStringLiteral("id"), QStringLiteral("1795345636.2174")},
        {QStringLiteral("rule"), QJsonObject{{QStringLiteral("level"), 10},
                                             {QStringLiteral("id"), QStringLiteral("5712")},
                                             {QStringLiteral("description"), QStringLiteral("sshd: brute force trying to get access to the system. Non existent user.")},
                                             {QStringLiteral("groups"), QJsonArray{QStringLiteral("syslog"), QStringLiteral("sshd"), QStringLiteral("authentication_failures")}},
                                             {QStringLiteral("mitre"), QJsonObject{{QStringLiteral("id"), QJsonArray{QStringLiteral("T1110")}},
                                                                                   {QStringLiteral("technique"), QJsonArray{QStringLiteral("Brute Force")}}}}}},
        {QStringLiteral("agent"), QJsonObject{{QStringLiteral("id"), QStringLiteral("003")}, {QStringLiteral("name"), QStringLiteral("web-01")},
                                              {QStringLiteral("ip"), QStringLiteral("10.0.4.21")}}},
        {QStringLiteral("manager"), QJsonObject{{QStringLiteral("name"), QStringLiteral("wazuh-manager")}}},
        {QStringLiteral("location"), QStringLiteral("/var/log/auth.log")},
        {QStringLiteral("data"), QJsonObject{{QStringLiteral("srcip"), QStringLiteral("203.0.113.77")}, {QStringLiteral("srcuser"), QStringLiteral("admin")}}},
        {QStringLiteral("full_log"), QStringLiteral("Nov 22 11:07:16 web-01 sshd[2211]: Invalid user admin from 203.0.113.77 port 52122")}};
    a.risk = QStringLiteral("high");
    a.summary = QStringLiteral(
        "Summary:\nRepeated SSH logins for a user that does not exist came from 203.0.113.77.\n\n"
        "What happened:\nThe SSH daemon on web-01 rejected 8 logins within 2 minutes.\n\n"
        "What to do:\n- Block 203.0.113.77 at the firewall\n- Check that password logins are disabled\n\n"
        "How to check:\n- grep 'Invalid user' /var/log/auth.log");
    a.playbook = QStringList{QStringLiteral("Confirm the source address is not a known scanner or a colleague"),
                             QStringLiteral("Block the source address (Remediation → block-ip)"),
                             QStringLiteral("Review successful logins from the same address")};
    return a;
}

QString EmailComposer::formatTime(const QDateTime &t) const
{
    const QDateTime local = t.toTimeZone(m_settings.zone);
    QString name = m_settings.zone.abbreviation(local);
    const QString id = QString::fromUtf8(m_settings.zone.id());
    if (name.isEmpty() || name.startsWith(QLatin1String("UTC+")) || name.startsWith(QLatin1String("GMT"))) name = id;
    else if (name != id) name = QStringLiteral("%1, %2").arg(name, id);
    return QStringLiteral("%1 (%2)").arg(local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), name);
}

QString EmailComposer::alertTime(const DispatchAlert &a) const
{
    const QString ts = field(a.raw, QStringLiteral("timestamp"));
    QDateTime t = QDateTime::fromString(ts, Qt::ISODateWithMs);
    if (!t.isValid()) {
        // Wazuh writes +0000 (no colon), which Qt's ISO parser does not take
        QString fixed = ts;
        static const QRegularExpression off(QStringLiteral("([+-]\\d\\d)(\\d\\d)$"));
        fixed.replace(off, QStringLiteral("\\1:\\2"));
        t = QDateTime::fromString(fixed, Qt::ISODateWithMs);
    }
    return t.isValid() ? formatTime(t) : ts;
}

QString EmailComposer::dashboardLink(const DispatchAlert &a) const
{
    return dashboardLinkFor(m_settings.dashboardUrl, field(a.raw, QStringLiteral("id")));
}

QString EmailComposer::dashboardLinkFor(const QString &dashboardUrl, const QString &wazuhAlertId)
{
    QString base = dashboardUrl.trimmed();
    while (base.endsWith(u'/')) base.chop(1);
    if (base.isEmpty()) return {};
    const QString id = wazuhAlertId.trimmed();
    if (id.isEmpty()) return base;
    // the dashboard's Discover, filtered on the alert's id (kuery)
    const QString q = QStringLiteral("(query:(language:kuery,query:'id:\"%1\"'))").arg(id);
    return base + QStringLiteral("/app/data-explorer/discover#?_q=") + QString::fromLatin1(QUrl::toPercentEncoding(q, "():,'"));
}

void EmailComposer::singleBody(const DispatchAlert &a, QString *html, QString *text) const
{
    const QJsonObject &r = a.raw;
    const int level = DispatchClient::level(r);
    QString agent = field(r, QStringLiteral("agent.name"));
    const QString agentId = field(r, QStringLiteral("agent.id"));
    if (!agentId.isEmpty()) agent += QStringLiteral(" (%1)").arg(agentId);
    QString rows;
    row(&rows, text, QStringLiteral("Time"), alertTime(a));
    row(&rows, text, QStringLiteral("Agent"), agent);
    row(&rows, text, QStringLiteral("Agent IP"), field(r, QStringLiteral("agent.ip")));
    row(&rows, text, QStringLiteral("Operating system"), a.agentOs);
    row(&rows, text, QStringLiteral("Rule"), QStringLiteral("%1 (level %2, %3)").arg(field(r, QStringLiteral("rule.id"))).arg(level).arg(severityName(level)));
    row(&rows, text, QStringLiteral("Description"), field(r, QStringLiteral("rule.description")));
    row(&rows, text, QStringLiteral("Groups"), joined(r, QStringLiteral("rule.groups")));
    QString mitre = joined(r, QStringLiteral("rule.mitre.id"));
    const QString technique = joined(r, QStringLiteral("rule.mitre.technique"));
    if (!technique.isEmpty()) mitre += QStringLiteral(" (%1)").arg(technique);
    row(&rows, text, QStringLiteral("MITRE ATT&CK"), mitre);
    row(&rows, text, QStringLiteral("LLM risk"), a.risk);
    row(&rows, text, QStringLiteral("Location"), field(r, QStringLiteral("location")), true);
    for (const char *k : {"data.srcip", "data.srcuser", "data.dstuser", "data.url", "syscheck.path", "data.command"})
        row(&rows, text, QString::fromLatin1(k), field(r, QString::fromLatin1(k)), true);
    row(&rows, text, QStringLiteral("Manager"), field(r, QStringLiteral("manager.name")));
    *html += QStringLiteral("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;width:100%\">\n") + rows +
             QStringLiteral("</table>\n");
    const QString log = field(r, QStringLiteral("full_log"));
    if (!log.isEmpty()) {
        *html += heading(QStringLiteral("Log")) +
                 QStringLiteral("<pre style=\"margin:0;padding:10px;border-radius:4px;background:#f3f4f6;color:#111827;font-size:12px;"
                                "line-height:17px;white-space:pre-wrap;word-break:break-all;font-family:Consolas,Menlo,monospace\">%1</pre>\n")
                     .arg(esc(log));
        *text += QStringLiteral("\nLog:\n%1\n").arg(log);
    }
    const auto sections = summarySections(a.summary);
    if (!sections.empty()) {
        *html += heading(QStringLiteral("AI summary"));
        *text += QStringLiteral("\nAI summary\n----------\n");
        for (const auto &[title, body] : sections) {
            *html += QStringLiteral("<h3 style=\"margin:12px 0 4px;font-size:14px\">%1</h3>\n").arg(esc(title)) + paragraphs(body);
            *text += QStringLiteral("%1:\n%2\n\n").arg(title, body);
        }
    }
    if (!a.playbook.isEmpty()) {
        *html += heading(QStringLiteral("Playbook")) + QStringLiteral("<ol style=\"margin:4px 0 8px 20px;padding:0\">");
        *text += QStringLiteral("\nPlaybook\n--------\n");
        int n = 0;
        for (const QString &step : a.playbook) {
            *html += QStringLiteral("<li style=\"margin:3px 0;font-size:14px\">%1</li>").arg(esc(step));
            *text += QStringLiteral("%1. %2\n").arg(++n).arg(step);
        }
        *html += QStringLiteral("</ol>\n");
    }
    *html += QStringLiteral("<p style=\"margin:20px 0 0;font-size:14px\">%1").arg(link(QStringLiteral("eos://alert/%1").arg(a.alertId), QStringLiteral("Open in Eos Console")));
    *text += QStringLiteral("\nOpen in Eos Console: eos://alert/%1\n").arg(a.alertId);
    const QString dash = dashboardLink(a);
    if (!dash.isEmpty()) {
        *html += QStringLiteral(" &nbsp;·&nbsp; ") + link(dash, QStringLiteral("Open in the Wazuh dashboard"));
        *text += QStringLiteral("Wazuh dashboard: %1\n").arg(dash);
    }
    *html += QStringLiteral("</p>\n");
}

void EmailComposer::digestBody(const std::vector<DispatchAlert> &alerts, QString *html, QString *text) const
{
    // alerts come highest level first; counts per rule and per agent, most frequent first
    struct Count {
        QString key, label;
        int n = 0, top = 0;
    };
    auto tally = [&](auto keyOf, auto labelOf) {
        QMap<QString, Count> m;
        for (const auto &a : alerts) {
            Count &c = m[keyOf(a)];
            c.key = keyOf(a);
            if (c.label.isEmpty()) c.label = labelOf(a);  // the highest level's (they come first)
            ++c.n;
            c.top = std::max(c.top, DispatchClient::level(a.raw));
        }
        QList<Count> out = m.values();
        std::stable_sort(out.begin(), out.end(), [](const Count &x, const Count &y) { return x.n != y.n ? x.n > y.n : x.top > y.top; });
        return out;
    };
    const auto rules = tally([](const DispatchAlert &a) { return field(a.raw, QStringLiteral("rule.id")); },
                             [](const DispatchAlert &a) { return field(a.raw, QStringLiteral("rule.description")); });
    const auto agents = tally([](const DispatchAlert &a) { return field(a.raw, QStringLiteral("agent.id")); },
                              [](const DispatchAlert &a) { return field(a.raw, QStringLiteral("agent.name")); });
    const QString th = QStringLiteral("<th align=\"left\" style=\"padding:4px 8px;border-bottom:1px solid #d1d5db;font-size:12px;color:#6b7280\">%1</th>");
    const QString td = QStringLiteral("<td style=\"padding:4px 8px;border-bottom:1px solid #e5e7eb;font-size:13px;vertical-align:top\">%1</td>");
    const QString table = QStringLiteral("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;width:100%\">\n");
    *html += QStringLiteral("<p style=\"margin:0 0 8px;font-size:14px\">%1 alerts in this digest.</p>\n").arg(alerts.size());
    *text += QStringLiteral("%1 alerts in this digest.\n").arg(alerts.size());
    auto countTable = [&](const QString &title, const QString &what, const QList<Count> &rows) {
        *html += heading(title) + table + QStringLiteral("<tr>") + th.arg(esc(what)) + th.arg(QStringLiteral("Name")) +
                 th.arg(QStringLiteral("Alerts")) + th.arg(QStringLiteral("Highest level")) + QStringLiteral("</tr>\n");
        *text += QStringLiteral("\n%1\n").arg(title);
        for (const Count &c : rows) {
            *html += QStringLiteral("<tr>") + td.arg(esc(c.key)) + td.arg(esc(c.label)) + td.arg(c.n) + td.arg(c.top) + QStringLiteral("</tr>\n");
            *text += QStringLiteral("  %1 %2: %3 alert(s), highest level %4\n").arg(c.key, c.label).arg(c.n).arg(c.top);
        }
        *html += QStringLiteral("</table>\n");
    };
    countTable(QStringLiteral("Per rule"), QStringLiteral("Rule"), rules);
    countTable(QStringLiteral("Per agent"), QStringLiteral("Agent"), agents);
    *html += heading(QStringLiteral("Alerts, highest level first")) + table + QStringLiteral("<tr>") + th.arg(QStringLiteral("Level")) +
             th.arg(QStringLiteral("Time")) + th.arg(QStringLiteral("Agent")) + th.arg(QStringLiteral("Rule")) + th.arg(QString()) + QStringLiteral("</tr>\n");
    *text += QStringLiteral("\nAlerts, highest level first\n");
    for (const auto &a : alerts) {
        const int level = DispatchClient::level(a.raw);
        const QString band = QStringLiteral("<td style=\"padding:4px 8px;border-bottom:1px solid #e5e7eb;font-size:13px;font-weight:bold;"
                                            "border-left:4px solid %1\">%2</td>").arg(severityColor(level)).arg(level);
        *html += QStringLiteral("<tr>") + band + td.arg(esc(alertTime(a))) + td.arg(esc(field(a.raw, QStringLiteral("agent.name")))) +
                 td.arg(esc(QStringLiteral("%1: %2").arg(field(a.raw, QStringLiteral("rule.id")), field(a.raw, QStringLiteral("rule.description"))))) +
                 td.arg(link(QStringLiteral("eos://alert/%1").arg(a.alertId), QStringLiteral("open"))) + QStringLiteral("</tr>\n");
        *text += QStringLiteral("  [%1] %2 %3 %4: %5 (eos://alert/%6)\n")
                     .arg(level).arg(alertTime(a), field(a.raw, QStringLiteral("agent.name")), field(a.raw, QStringLiteral("rule.id")),
                                     field(a.raw, QStringLiteral("rule.description")))
                     .arg(a.alertId);
    }
    *html += QStringLiteral("</table>\n");
}

bool EmailComposer::loadTemplate(EmailTemplate::Error *error)
{
    const QFileInfo fi(m_settings.templatePath);
    const QDateTime stamp = fi.lastModified();
    const qint64 size = fi.exists() ? fi.size() : -1;
    if (m_template && stamp == m_templateStamp && size == m_templateSize) return true;
    m_template = EmailTemplate::load(m_settings.templatePath, error);
    m_templateStamp = stamp;
    m_templateSize = size;
    return m_template.has_value();
}

std::optional<EmailMessage> EmailComposer::compose(const std::vector<DispatchAlert> &alerts, bool digest, const QString &messageKey,
                                                   EmailTemplate::Error *error, const QDateTime &now)
{
    if (alerts.empty()) {
        if (error) *error = EmailTemplate::Error{m_settings.templatePath, 0, QStringLiteral("no alert to write about")};
        return std::nullopt;
    }
    if (!loadTemplate(error)) return std::nullopt;
    const DispatchAlert &first = alerts.front();
    EmailMessage m;
    m.from = m_settings.from;
    m.to = m_settings.to;
    m.subject = digest ? digestSubject(alerts, routeId) : subjectFor(first);
    QString body, text;
    if (digest) digestBody(alerts, &body, &text);
    else singleBody(first, &body, &text);
    const QString sentAt = formatTime(now);
    text = m.subject + QStringLiteral("\n\n") + text + QStringLiteral("\nSent by Eos Console at %1.").arg(sentAt);
    if (!m_settings.supportEmail.isEmpty()) text += QStringLiteral(" Questions: %1").arg(m_settings.supportEmail);
    text += u'\n';
    int top = 0;
    for (const auto &a : alerts) top = std::max(top, DispatchClient::level(a.raw));

    EmailTemplate::Values v;
    v.alert = first.raw;
    v.html.insert(QStringLiteral("body"), body);
    v.html.insert(QStringLiteral("content"), body);
    v.text.insert(QStringLiteral("subject"), m.subject);
    v.text.insert(QStringLiteral("timestamp"), digest ? sentAt : alertTime(first));
    v.text.insert(QStringLiteral("sent_at"), sentAt);
    v.text.insert(QStringLiteral("alert_id"), digest ? QStringLiteral("digest") : first.hash.left(8));
    v.text.insert(QStringLiteral("support_email"), m_settings.supportEmail);
    v.text.insert(QStringLiteral("level"), QString::number(top));
    v.text.insert(QStringLiteral("severity"), severityName(top));
    v.text.insert(QStringLiteral("severity_color"), severityColor(top));
    v.text.insert(QStringLiteral("risk"), digest ? QString() : first.risk);
    v.text.insert(QStringLiteral("agent"), digest ? QString() : field(first.raw, QStringLiteral("agent.name")));
    v.text.insert(QStringLiteral("alert_url"), digest ? QString() : QStringLiteral("eos://alert/%1").arg(first.alertId));
    v.text.insert(QStringLiteral("dashboard_url"), digest ? m_settings.dashboardUrl : dashboardLink(first));
    const auto sections = summarySections(first.summary);
    v.text.insert(QStringLiteral("summary"), digest || sections.empty() ? QString() : sections.front().second);
    v.text.insert(QStringLiteral("text"), text);
    v.text.insert(QStringLiteral("title"), digest ? QStringLiteral("Digest: %1 alerts, highest level %2").arg(alerts.size()).arg(top)
                                                  : field(first.raw, QStringLiteral("rule.description")));
    m.html = m_template->render(v);
    m.text = text;

    const QString domain = domainOf(EmailSettings::address(m_settings.from));
    QString key = messageKey;
    key.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9.\\-]")), QStringLiteral("-"));
    m.messageId = QStringLiteral("<eos.%1@%2>").arg(key, domain);

    // the MIME message (CRLF; every line under 78 characters)
    const QByteArray boundary = "=_eos_" + QUuid::createUuidV5(QUuid(), m.messageId).toString(QUuid::Id128).toLatin1();
    auto mailbox = [](const QString &mb) -> QByteArray {
        const qsizetype lt = mb.lastIndexOf(u'<');
        if (lt <= 0 || isAscii(mb)) return mb.toUtf8();
        return encodeHeader(mb.left(lt).trimmed()) + ' ' + mb.mid(lt).toUtf8();
    };
    QByteArray to;
    for (const QString &r : m.to) {
        if (!to.isEmpty()) to += ",\r\n ";
        to += mailbox(r);
    }
    QByteArray mime;
    mime += "Date: " + now.toTimeZone(m_settings.zone).toString(Qt::RFC2822Date).toLatin1() + "\r\n";
    mime += "From: " + mailbox(m.from) + "\r\n";
    mime += "To: " + to + "\r\n";
    mime += "Subject: " + encodeHeader(m.subject) + "\r\n";
    mime += "Message-ID: " + m.messageId.toLatin1() + "\r\n";
    mime += "MIME-Version: 1.0\r\n";
    mime += "Auto-Submitted: auto-generated\r\n";
    mime += "X-Auto-Response-Suppress: All\r\n";
    if (!digest) mime += "X-Eos-Alert: " + QByteArray::number(first.alertId) + "\r\n";
    mime += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
    mime += "This is a multi-part message in MIME format.\r\n";
    mime += "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    mime += wrapBase64(QString(m.text).replace(QStringLiteral("\r\n"), QStringLiteral("\n")).replace(u'\n', QStringLiteral("\r\n")).toUtf8());
    mime += "--" + boundary + "\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    mime += wrapBase64(m.html.toUtf8());
    mime += "--" + boundary + "--\r\n";
    m.mime = mime;
    return m;
}

}  // namespace eos
