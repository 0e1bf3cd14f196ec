#include "clients/jira_client.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

#include <algorithm>

namespace eos {

JiraClient::JiraClient(Options options, QObject *parent)
    : DispatchClient(parent), m_options(std::move(options)), m_poster(new JsonPoster(m_options.timeoutMs, this)),
      m_auth(JsonPoster::basicAuth(m_options.user, m_options.token))
{
}

QString JiraClient::priorityFor(int level)
{
    if (level >= 12) return QStringLiteral("Highest");
    if (level >= 10) return QStringLiteral("High");
    if (level >= 7) return QStringLiteral("Medium");
    if (level >= 4) return QStringLiteral("Low");
    return QStringLiteral("Lowest");
}

QUrl JiraClient::api(const QString &path) const
{
    QUrl u = m_options.baseUrl;
    QString base = u.path();
    while (base.endsWith(u'/')) base.chop(1);
    u.setPath(base + QStringLiteral("/rest/api/%1/").arg(m_options.apiVersion) + path);
    return u;
}

QString JiraClient::descriptionText(const DispatchRequest &request)
{
    QStringList out;
    const bool digest = request.digest || request.alerts.size() != 1;
    if (request.escalation)
        out << QStringLiteral("Escalated by %1 in Eos Console: %2").arg(request.escalatedBy, request.escalationReason) << QString();
    if (digest) out << QStringLiteral("%1 Wazuh alerts (digest)").arg(request.alerts.size()) << QString();
    for (const DispatchAlert &a : request.alerts) {
        const QJsonObject &x = a.raw;
        out << QStringLiteral("Rule: %1 (level %2) %3").arg(str(x, QStringLiteral("rule.id"))).arg(level(x)).arg(str(x, QStringLiteral("rule.description")));
        out << QStringLiteral("Agent: (%1) %2 %3").arg(str(x, QStringLiteral("agent.id")), str(x, QStringLiteral("agent.name")), str(x, QStringLiteral("agent.ip")));
        out << QStringLiteral("Time: %1").arg(str(x, QStringLiteral("timestamp")));
        out << QStringLiteral("Location: %1").arg(str(x, QStringLiteral("location")));
        const QStringList groups = [&] {
            QStringList g;
            for (const auto &v : x.value(QStringLiteral("rule")).toObject().value(QStringLiteral("groups")).toArray()) g << v.toString();
            return g;
        }();
        if (!groups.isEmpty()) out << QStringLiteral("Groups: %1").arg(groups.join(QStringLiteral(", ")));
        if (!str(x, QStringLiteral("full_log")).isEmpty()) out << QStringLiteral("Log: %1").arg(str(x, QStringLiteral("full_log")));
        if (digest) {
            out << QString();
            continue;
        }
        if (!a.risk.isEmpty()) out << QString() << QStringLiteral("Risk: %1").arg(a.risk);
        if (!a.summary.isEmpty()) out << QString() << QStringLiteral("Summary (LLM):") << a.summary;
        if (!a.playbook.isEmpty()) {
            out << QString() << QStringLiteral("Playbook:");
            for (int i = 0; i < a.playbook.size(); ++i) out << QStringLiteral("%1. %2").arg(i + 1).arg(a.playbook[i]);
        }
        out << QString() << QStringLiteral("Alert JSON:") << QString::fromUtf8(QJsonDocument(x).toJson(QJsonDocument::Indented)).left(20000);
    }
    out << QString() << QStringLiteral("Sent by Eos Console (dispatch eos-%1).").arg(request.outboxId);
    return out.join(u'\n');
}

QJsonObject JiraClient::adf(const QString &text)
{
    // paragraphs of text; the alert JSON (after "Alert JSON:") as a code block
    QJsonArray content;
    const auto jsonAt = text.indexOf(QStringLiteral("Alert JSON:\n"));
    const QString prose = jsonAt >= 0 ? text.left(jsonAt + 11) : text;
    for (const QString &para : prose.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts)) {
        QJsonArray inl;
        const QStringList lines = para.split(u'\n');
        for (int i = 0; i < lines.size(); ++i) {
            if (i) inl.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("hardBreak")}});
            if (!lines[i].isEmpty()) inl.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), lines[i]}});
        }
        if (!inl.isEmpty()) content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("paragraph")}, {QStringLiteral("content"), inl}});
    }
    if (jsonAt >= 0) {
        QString rest = text.mid(jsonAt + 12);
        const auto tail = rest.lastIndexOf(QStringLiteral("\n\nSent by Eos"));
        QString footer;
        if (tail >= 0) {
            footer = rest.mid(tail + 2);
            rest = rest.left(tail);
        }
        content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("codeBlock")},
                                   {QStringLiteral("attrs"), QJsonObject{{QStringLiteral("language"), QStringLiteral("json")}}},
                                   {QStringLiteral("content"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), rest}}}}});
        if (!footer.isEmpty())
            content.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("paragraph")},
                                       {QStringLiteral("content"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), footer}}}}});
    }
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("doc")}, {QStringLiteral("version"), 1}, {QStringLiteral("content"), content}};
}

QJsonObject JiraClient::issueBody(const DispatchRequest &request) const
{
    const bool digest = request.digest || request.alerts.size() != 1;
    const QJsonObject first = request.alerts.empty() ? QJsonObject{} : request.alerts.front().raw;
    int maxLevel = 0;
    for (const auto &a : request.alerts) maxLevel = std::max(maxLevel, level(a.raw));
    QString summary = digest ? QStringLiteral("[Wazuh] %1 alerts, highest level %2").arg(request.alerts.size()).arg(maxLevel)
                             : QStringLiteral("[Wazuh] %1: %2 (level %3)").arg(str(first, QStringLiteral("agent.name")),
                                                                              str(first, QStringLiteral("rule.description")))
                                   .arg(maxLevel);
    if (request.escalation) summary.replace(0, 7, QStringLiteral("[Wazuh, escalated]"));
    summary.replace(u'\n', u' ');
    if (summary.size() > 250) summary = summary.left(249) + QChar(0x2026);
    QJsonArray labels{QStringLiteral("wazuh")};
    if (!digest) {
        labels.append(QStringLiteral("rule-") + str(first, QStringLiteral("rule.id")));
        labels.append(QStringLiteral("agent-") + str(first, QStringLiteral("agent.id")));
    }
    if (request.escalation) labels.append(QStringLiteral("escalated"));
    labels.append(QStringLiteral("eos-%1").arg(request.outboxId));
    const QString text = descriptionText(request);
    // an analyst's escalation is at least High, whatever the rule level says
    const QString priority = request.escalation && maxLevel < 10 ? QStringLiteral("High") : priorityFor(maxLevel);
    QJsonObject fields{{QStringLiteral("project"), QJsonObject{{QStringLiteral("key"), m_options.project}}},
                       {QStringLiteral("summary"), summary},
                       {QStringLiteral("issuetype"), QJsonObject{{QStringLiteral("name"), m_options.issueType}}},
                       {QStringLiteral("priority"), QJsonObject{{QStringLiteral("name"), priority}}},
                       {QStringLiteral("labels"), labels}};
    fields.insert(QStringLiteral("description"), m_options.apiVersion >= 3 ? QJsonValue(adf(text)) : QJsonValue(text));
    for (auto it = request.options.begin(); it != request.options.end(); ++it) fields.insert(it.key(), it.value());
    return QJsonObject{{QStringLiteral("fields"), fields}};
}

QJsonObject JiraClient::commentBody(const DispatchRequest &request) const
{
    const QJsonObject x = request.alerts.empty() ? QJsonObject{} : request.alerts.front().raw;
    QStringList lines;
    if (request.escalation)
        lines << QStringLiteral("Escalated by %1 in Eos Console: %2").arg(request.escalatedBy, request.escalationReason) << QString();
    lines << QStringLiteral("%1: %2 (level %3) on (%4) %5 at %6")
                 .arg(request.escalation ? QStringLiteral("Alert") : QStringLiteral("Repeated"), str(x, QStringLiteral("rule.description")),
                      QString::number(level(x)), str(x, QStringLiteral("agent.id")), str(x, QStringLiteral("agent.name")),
                      str(x, QStringLiteral("timestamp")));
    if (!str(x, QStringLiteral("full_log")).isEmpty()) lines << QStringLiteral("Log: %1").arg(str(x, QStringLiteral("full_log")));
    if (!request.alerts.empty() && !request.alerts.front().summary.isEmpty())
        lines << QString() << QStringLiteral("Summary (LLM):") << request.alerts.front().summary;
    lines << QString() << QStringLiteral("eos-%1").arg(request.outboxId);
    const QString text = lines.join(u'\n');
    return QJsonObject{{QStringLiteral("body"), m_options.apiVersion >= 3 ? QJsonValue(adf(text)) : QJsonValue(text)}};
}

DispatchResult JiraClient::fromAnswer(const JsonPoster::Answer &a, const QByteArray &payload)
{
    DispatchResult r;
    r.kind = a.kind;
    r.httpStatus = a.status;
    r.payload = payload;
    r.response = a.body;
    r.retryAfterMs = a.retryAfterMs;
    if (r.kind != DispatchResult::Kind::Sent) {
        // Jira's errors: {"errorMessages": [...], "errors": {"field": "message"}}
        const QJsonObject e = QJsonDocument::fromJson(a.body).object();
        QStringList msgs;
        for (const auto &m : e.value(QStringLiteral("errorMessages")).toArray()) msgs << m.toString();
        const QJsonObject fe = e.value(QStringLiteral("errors")).toObject();
        for (auto it = fe.begin(); it != fe.end(); ++it) msgs << QStringLiteral("%1: %2").arg(it.key(), it.value().toString());
        r.error = QStringLiteral("Jira: ") + (msgs.isEmpty() ? a.describe() : QStringLiteral("HTTP %1: %2").arg(a.status).arg(msgs.join(QStringLiteral("; "))));
    }
    return r;
}

void JiraClient::send(const DispatchRequest &request, std::function<void(DispatchResult)> done)
{
    if (!m_options.baseUrl.isValid() || m_options.baseUrl.host().isEmpty() || m_options.project.isEmpty()) {
        DispatchResult r;
        r.kind = DispatchResult::Kind::Dead;
        r.error = QStringLiteral("Jira route without a site URL (hook_url or JIRA_URL) or project (JIRA_PROJECT_KEY)");
        done(r);
        return;
    }
    if (request.outcomeUnknown) {
        if (!request.existingIssueKey.isEmpty()) {
            // did the comment land? look for its marker among the issue's comments
            const QByteArray none;
            m_poster->request("GET", api(QStringLiteral("issue/%1/comment").arg(request.existingIssueKey)), m_auth, none,
                              [this, request, done](JsonPoster::Answer a) {
                                  // the marker itself, not eos-<id> followed by more digits (eos-12 vs eos-123)
                                  const QRegularExpression marker(QStringLiteral("eos-%1(?![0-9])").arg(request.outboxId));
                                  if (a.kind == DispatchResult::Kind::Sent && marker.match(QString::fromUtf8(a.body)).hasMatch()) {
                                      DispatchResult r;
                                      r.kind = DispatchResult::Kind::Sent;
                                      r.httpStatus = a.status;
                                      r.remoteId = request.existingIssueKey;
                                      r.action = QStringLiteral("found");
                                      r.response = QByteArrayLiteral("comment marker found; not sent again");
                                      done(r);
                                      return;
                                  }
                                  commentOrCreate(request, done);
                              });
            return;
        }
        findByLabel(request, m_options.apiVersion >= 3, std::move(done));
        return;
    }
    commentOrCreate(request, std::move(done));
}

void JiraClient::findByLabel(const DispatchRequest &request, bool v3Search, std::function<void(DispatchResult)> done)
{
    QUrl u = m_options.baseUrl;
    QString base = u.path();
    while (base.endsWith(u'/')) base.chop(1);
    u.setPath(base + (v3Search ? QStringLiteral("/rest/api/3/search/jql") : QStringLiteral("/rest/api/2/search")));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("jql"), QStringLiteral("labels = \"eos-%1\"").arg(request.outboxId));
    q.addQueryItem(QStringLiteral("fields"), QStringLiteral("key"));
    q.addQueryItem(QStringLiteral("maxResults"), QStringLiteral("1"));
    u.setQuery(q);
    m_poster->request("GET", u, m_auth, {}, [this, request, v3Search, done](JsonPoster::Answer a) {
        if (a.status == 410 && !v3Search) {  // Jira Cloud retired /rest/api/2/search
            findByLabel(request, true, done);
            return;
        }
        if (a.kind == DispatchResult::Kind::Sent) {
            const QJsonArray issues = QJsonDocument::fromJson(a.body).object().value(QStringLiteral("issues")).toArray();
            if (!issues.isEmpty()) {
                DispatchResult r;
                r.kind = DispatchResult::Kind::Sent;
                r.httpStatus = a.status;
                r.remoteId = issues.first().toObject().value(QStringLiteral("key")).toString();
                r.action = QStringLiteral("found");
                r.response = a.body.left(2000);
                done(r);
                return;
            }
            create(request, done, {});
            return;
        }
        if (a.kind == DispatchResult::Kind::Retry || a.kind == DispatchResult::Kind::Throttled) {
            done(fromAnswer(a, {}));  // cannot tell yet whether the issue exists: ask again later
            return;
        }
        create(request, done, {});  // search not allowed (403 ...): best effort, create
    });
}

void JiraClient::commentOrCreate(const DispatchRequest &request, std::function<void(DispatchResult)> done)
{
    if (request.existingIssueKey.isEmpty() || request.digest) {
        create(request, std::move(done), {});
        return;
    }
    QUrl u = api(QStringLiteral("issue/%1").arg(request.existingIssueKey));
    u.setQuery(QStringLiteral("fields=status"));
    m_poster->request("GET", u, m_auth, {}, [this, request, done](JsonPoster::Answer a) {
        if (a.status == 404) {
            create(request, done, request.existingIssueKey);
            return;
        }
        if (a.kind != DispatchResult::Kind::Sent) {
            done(fromAnswer(a, {}));
            return;
        }
        const QJsonObject status = QJsonDocument::fromJson(a.body).object().value(QStringLiteral("fields")).toObject()
                                       .value(QStringLiteral("status")).toObject();
        const QString category = status.value(QStringLiteral("statusCategory")).toObject().value(QStringLiteral("key")).toString();
        if (category == QLatin1String("done")) create(request, done, request.existingIssueKey);
        else postComment(request, done);
    });
}

void JiraClient::postComment(const DispatchRequest &request, std::function<void(DispatchResult)> done)
{
    const QByteArray body = QJsonDocument(commentBody(request)).toJson(QJsonDocument::Compact);
    m_poster->request("POST", api(QStringLiteral("issue/%1/comment").arg(request.existingIssueKey)), m_auth, body,
                      [request, body, done](JsonPoster::Answer a) {
                          DispatchResult r = fromAnswer(a, body);
                          if (r.kind == DispatchResult::Kind::Sent) {
                              r.remoteId = request.existingIssueKey;
                              r.action = QStringLiteral("commented");
                          }
                          done(r);
                      });
}

void JiraClient::create(const DispatchRequest &request, std::function<void(DispatchResult)> done, QString closedKey)
{
    const QByteArray body = QJsonDocument(issueBody(request)).toJson(QJsonDocument::Compact);
    m_poster->request("POST", api(QStringLiteral("issue")), m_auth, body, [body, closedKey, done](JsonPoster::Answer a) {
        DispatchResult r = fromAnswer(a, body);
        r.closedIssueKey = closedKey;
        if (r.kind == DispatchResult::Kind::Sent) {
            r.remoteId = QJsonDocument::fromJson(a.body).object().value(QStringLiteral("key")).toString();
            r.action = QStringLiteral("created");
            if (r.remoteId.isEmpty()) {
                r.kind = DispatchResult::Kind::Retry;
                r.error = QStringLiteral("Jira answered %1 without an issue key").arg(a.status);
            }
        }
        done(r);
    });
}

}  // namespace eos
