#include "clients/slack_client.h"

#include "clients/json_poster.h"

#include <QJsonDocument>
#include <QMap>

#include <algorithm>

namespace eos {

SlackClient::SlackClient(int timeoutMs, QObject *parent) : DispatchClient(parent), m_poster(new JsonPoster(timeoutMs, this)) {}

QString SlackClient::escape(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == u'&') out += QStringLiteral("&amp;");
        else if (c == u'<') out += QStringLiteral("&lt;");
        else if (c == u'>') out += QStringLiteral("&gt;");
        else out += c;
    }
    return out;
}

QString SlackClient::colour(int level)
{
    if (level <= 4) return QStringLiteral("good");
    if (level <= 7) return QStringLiteral("warning");
    return QStringLiteral("danger");
}

namespace {

QJsonObject field(const QString &title, const QString &value, bool isShort = true)
{
    return QJsonObject{{QStringLiteral("title"), title}, {QStringLiteral("value"), value}, {QStringLiteral("short"), isShort}};
}

QJsonObject singleAttachment(const DispatchAlert &a)
{
    const QJsonObject &alert = a.raw;
    const int level = DispatchClient::level(alert);
    QJsonObject msg;
    msg.insert(QStringLiteral("color"), SlackClient::colour(level));
    msg.insert(QStringLiteral("pretext"), QStringLiteral("WAZUH Alert"));
    msg.insert(QStringLiteral("title"), SlackClient::escape(DispatchClient::str(alert, QStringLiteral("rule.description"))));
    msg.insert(QStringLiteral("text"), SlackClient::escape(DispatchClient::str(alert, QStringLiteral("full_log"))));
    QJsonArray fields;
    if (alert.contains(QStringLiteral("agentless")))
        fields.append(field(QStringLiteral("Agentless Host"), SlackClient::escape(DispatchClient::str(alert, QStringLiteral("agentless.host")))));
    else
        fields.append(field(QStringLiteral("Agent"), SlackClient::escape(QStringLiteral("(%1) - %2").arg(
                                                         DispatchClient::str(alert, QStringLiteral("agent.id")),
                                                         DispatchClient::str(alert, QStringLiteral("agent.name"))))));
    fields.append(field(QStringLiteral("Location"), SlackClient::escape(DispatchClient::str(alert, QStringLiteral("location")))));
    fields.append(field(QStringLiteral("Rule ID"), SlackClient::escape(QStringLiteral("%1 _(Level %2)_").arg(
                                                       DispatchClient::str(alert, QStringLiteral("rule.id"))).arg(level))));
    if (!a.risk.isEmpty()) fields.append(field(QStringLiteral("Risk"), SlackClient::escape(a.risk)));
    if (!a.summary.isEmpty()) fields.append(field(QStringLiteral("Summary"), SlackClient::escape(a.summary.left(2900)), false));
    msg.insert(QStringLiteral("fields"), fields);
    msg.insert(QStringLiteral("ts"), DispatchClient::str(alert, QStringLiteral("id")));
    return msg;
}

QJsonObject digestAttachment(const DispatchRequest &r)
{
    std::vector<const DispatchAlert *> sorted;
    for (const auto &a : r.alerts) sorted.push_back(&a);
    std::stable_sort(sorted.begin(), sorted.end(), [](const DispatchAlert *x, const DispatchAlert *y) {
        return DispatchClient::level(x->raw) > DispatchClient::level(y->raw);
    });
    QMap<QString, int> perRule, perAgent;
    int maxLevel = 0;
    for (const auto *a : sorted) {
        maxLevel = std::max(maxLevel, DispatchClient::level(a->raw));
        ++perRule[QStringLiteral("%1 %2").arg(DispatchClient::str(a->raw, QStringLiteral("rule.id")),
                                              DispatchClient::str(a->raw, QStringLiteral("rule.description")))];
        ++perAgent[QStringLiteral("(%1) - %2").arg(DispatchClient::str(a->raw, QStringLiteral("agent.id")),
                                                   DispatchClient::str(a->raw, QStringLiteral("agent.name")))];
    }
    QStringList lines;
    for (size_t i = 0; i < sorted.size() && i < 15; ++i)
        lines << SlackClient::escape(QStringLiteral("Level %1 · %2 · %3 · %4")
                                         .arg(DispatchClient::level(sorted[i]->raw))
                                         .arg(DispatchClient::str(sorted[i]->raw, QStringLiteral("rule.id")),
                                              DispatchClient::str(sorted[i]->raw, QStringLiteral("rule.description")),
                                              DispatchClient::str(sorted[i]->raw, QStringLiteral("agent.name"))));
    if (sorted.size() > 15) lines << QStringLiteral("… and %1 more").arg(sorted.size() - 15);
    auto counts = [](const QMap<QString, int> &m) {
        std::vector<std::pair<int, QString>> v;
        for (auto it = m.begin(); it != m.end(); ++it) v.push_back({it.value(), it.key()});
        std::stable_sort(v.begin(), v.end(), [](const auto &x, const auto &y) { return x.first > y.first; });
        QStringList out;
        for (size_t i = 0; i < v.size() && i < 10; ++i) out << SlackClient::escape(QStringLiteral("%1 × %2").arg(v[i].first).arg(v[i].second));
        return out.join(u'\n');
    };
    QJsonObject msg;
    msg.insert(QStringLiteral("color"), SlackClient::colour(maxLevel));
    msg.insert(QStringLiteral("pretext"), QStringLiteral("WAZUH Alert digest"));
    msg.insert(QStringLiteral("title"), QStringLiteral("%1 alerts (highest level %2)").arg(sorted.size()).arg(maxLevel));
    msg.insert(QStringLiteral("text"), lines.join(u'\n'));
    msg.insert(QStringLiteral("fields"), QJsonArray{field(QStringLiteral("Per rule"), counts(perRule), false),
                                                    field(QStringLiteral("Per agent"), counts(perAgent), false)});
    return msg;
}

}  // namespace

QJsonObject SlackClient::message(const DispatchRequest &request)
{
    QJsonObject msg = request.digest || request.alerts.size() != 1 ? digestAttachment(request) : singleAttachment(request.alerts.front());
    for (auto it = request.options.begin(); it != request.options.end(); ++it) msg.insert(it.key(), it.value());
    // no link previews of URLs an attacker placed in the alert
    return QJsonObject{{QStringLiteral("attachments"), QJsonArray{msg}}, {QStringLiteral("unfurl_links"), false},
                       {QStringLiteral("unfurl_media"), false}};
}

void SlackClient::send(const DispatchRequest &request, std::function<void(DispatchResult)> done)
{
    const QByteArray body = QJsonDocument(message(request)).toJson(QJsonDocument::Compact);
    m_poster->request("POST", request.url, {}, body, [body, id = request.outboxId, done = std::move(done)](JsonPoster::Answer a) {
        DispatchResult r;
        r.kind = a.kind;
        r.httpStatus = a.status;
        r.payload = body;
        r.response = a.body;
        r.retryAfterMs = a.retryAfterMs;
        if (r.kind == DispatchResult::Kind::Sent) r.remoteId = QStringLiteral("eos-%1").arg(id);
        else r.error = QStringLiteral("Slack: %1").arg(a.describe());
        done(r);
    });
}

}  // namespace eos
