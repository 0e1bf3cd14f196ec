#include "clients/webhook_client.h"

#include "clients/json_poster.h"

#include <QJsonDocument>

namespace eos {

WebhookClient::WebhookClient(int timeoutMs, QObject *parent) : DispatchClient(parent), m_poster(new JsonPoster(timeoutMs, this)) {}

QJsonObject WebhookClient::body(const DispatchRequest &request)
{
    QJsonObject b;
    QJsonObject eos{{QStringLiteral("dispatch_id"), request.outboxId}, {QStringLiteral("route"), request.routeId}};
    if (request.digest || request.alerts.size() != 1) {
        QJsonArray alerts;
        for (const auto &a : request.alerts) alerts.append(a.raw);
        b.insert(QStringLiteral("digest"), true);
        b.insert(QStringLiteral("count"), int(request.alerts.size()));
        b.insert(QStringLiteral("alerts"), alerts);
    } else {
        const DispatchAlert &a = request.alerts.front();
        b.insert(QStringLiteral("alert"), a.raw);
        eos.insert(QStringLiteral("alert_id"), a.alertId);
        if (!a.summary.isEmpty()) b.insert(QStringLiteral("summary"), a.summary);
        if (!a.risk.isEmpty()) b.insert(QStringLiteral("risk"), a.risk);
        if (!a.playbook.isEmpty()) b.insert(QStringLiteral("playbook"), QJsonArray::fromStringList(a.playbook));
    }
    b.insert(QStringLiteral("eos"), eos);
    for (auto it = request.options.begin(); it != request.options.end(); ++it) b.insert(it.key(), it.value());
    return b;
}

void WebhookClient::send(const DispatchRequest &request, std::function<void(DispatchResult)> done)
{
    const QByteArray payload = QJsonDocument(body(request)).toJson(QJsonDocument::Compact);
    JsonPoster::Headers h{{"Idempotency-Key", QStringLiteral("eos-%1").arg(request.outboxId).toUtf8()}};
    if (!request.apiKey.isEmpty()) h.append({"Authorization", "Bearer " + request.apiKey.toUtf8()});
    m_poster->request("POST", request.url, h, payload, [payload, id = request.outboxId, done = std::move(done)](JsonPoster::Answer a) {
        DispatchResult r;
        r.kind = a.kind;
        r.httpStatus = a.status;
        r.payload = payload;
        r.response = a.body;
        r.retryAfterMs = a.retryAfterMs;
        if (r.kind == DispatchResult::Kind::Sent) {
            const QJsonObject o = QJsonDocument::fromJson(a.body).object();
            QJsonValue rid = o.contains(QStringLiteral("id")) ? o.value(QStringLiteral("id")) : o.value(QStringLiteral("message_id"));
            r.remoteId = rid.isString() ? rid.toString() : rid.isDouble() ? QString::number(rid.toInteger()) : QStringLiteral("eos-%1").arg(id);
        } else {
            r.error = QStringLiteral("webhook: %1").arg(a.describe());
        }
        done(r);
    });
}

}  // namespace eos
