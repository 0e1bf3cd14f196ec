#include "stages/outbox_request.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace eos {

QString OutboxRequest::riskFrom(const QString &summary)
{
    if (summary.isEmpty()) return {};
    const QJsonDocument d = QJsonDocument::fromJson(summary.toUtf8());
    if (d.isObject()) {
        for (const char *k : {"risk", "risk_level", "severity"}) {
            const QJsonValue v = d.object().value(QLatin1String(k));
            if (v.isString()) return v.toString();
        }
    }
    static const QRegularExpression re(QStringLiteral("(?im)^\\W*risk(?:\\s+level)?\\W*[:=]\\s*\\**\\s*([A-Za-z]+)"));
    const auto m = re.match(summary);
    return m.hasMatch() ? m.captured(1) : QString();
}

bool OutboxRequest::build(QSqlDatabase &db, const DispatchRoute &r, const Config &config, const OutboxClaim::Row &c,
                          DispatchRequest *req, QString *error)
{
    req->outboxId = c.id;
    req->routeId = r.id;
    req->url = QUrl(r.hookUrl);
    req->apiKey = r.apiKey;
    if (r.kind == QLatin1String("stackstorm")) {
        if (r.hookUrl.isEmpty()) req->url = QUrl(config.value(QStringLiteral("ST2_WEBHOOK_URL")));
        if (r.apiKey.isEmpty()) req->apiKey = config.value(QStringLiteral("ST2_API_KEY"));
    }
    req->options = r.options;
    req->routeConfig = r.extra;
    req->digest = c.digest;
    req->outcomeUnknown = c.unknown;
    req->escalatedBy = c.escalatedBy;
    req->escalationReason = c.escalationReason;
    req->escalation = c.escalationId != 0;
    const bool jiraSingle = r.kind == QLatin1String("jira") && !c.digest && !c.dedupKey.isEmpty();
    if (c.prefetched) {
        DispatchAlert a;
        a.alertId = c.alertId;
        a.raw = QJsonDocument::fromJson(c.raw).object();
        a.summary = c.summary;
        a.risk = riskFrom(a.summary);
        a.playbook = r.playbookFor(a.raw);
        a.hash = c.hash;
        a.agentOs = c.agentOs;
        req->alerts.push_back(std::move(a));
        if (jiraSingle) req->existingIssueKey = c.issueKey;
        return true;
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (c.digest) {
        q.prepare(QStringLiteral("SELECT a.id, a.raw::text, a.response_text, a.alert_hash, ag.os FROM dispatch_outbox o "
                                 "JOIN alerts a ON a.id = o.alert_id LEFT JOIN agents ag ON ag.id = a.agent_id "
                                 "WHERE o.digest_id = ? ORDER BY a.rule_level DESC NULLS LAST, a.id"));
        q.addBindValue(c.id);
    } else {
        q.prepare(QStringLiteral("SELECT a.id, a.raw::text, a.response_text, a.alert_hash, ag.os FROM alerts a "
                                 "LEFT JOIN agents ag ON ag.id = a.agent_id WHERE a.id = ?"));
        q.addBindValue(c.alertId);
    }
    if (!q.exec()) {
        if (error) *error = q.lastError().text();
        return false;
    }
    while (q.next()) {
        DispatchAlert a;
        a.alertId = q.value(0).toLongLong();
        a.raw = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
        a.summary = q.value(2).toString();
        a.risk = riskFrom(a.summary);
        a.playbook = r.playbookFor(a.raw);
        a.hash = q.value(3).toString();
        a.agentOs = q.value(4).toString();
        req->alerts.push_back(std::move(a));
    }
    if (req->alerts.empty()) return false;
    if (jiraSingle) {
        QSqlQuery j(db);
        j.prepare(QStringLiteral("SELECT issue_key FROM dispatch_jira_issues WHERE route = ? AND dedup_key = ? AND closed_at IS NULL"));
        j.addBindValue(r.id);
        j.addBindValue(c.dedupKey);
        if (j.exec() && j.next()) req->existingIssueKey = j.value(0).toString();
    }
    return true;
}

}  // namespace eos
