#include "clients/stackstorm_client.h"

#include "clients/json_poster.h"

#include <QJsonDocument>

namespace eos {

StackStormClient::StackStormClient(int timeoutMs, QObject *parent)
    : DispatchClient(parent), m_poster(new JsonPoster(timeoutMs, this))
{
}

QJsonObject StackStormClient::body(const DispatchRequest &request)
{
    QJsonObject b;
    QJsonObject eos{{QStringLiteral("dispatch_id"), request.outboxId}, {QStringLiteral("route"), request.routeId}};
    if (request.digest || request.alerts.size() != 1) {
        QJsonArray alerts;
        int maxLevel = 0;
        for (const auto &a : request.alerts) {
            alerts.append(a.raw);
            maxLevel = std::max(maxLevel, level(a.raw));
        }
        // a digest still carries rule.level, so level criteria keep working
        b.insert(QStringLiteral("rule"), QJsonObject{{QStringLiteral("level"), maxLevel},
                                                     {QStringLiteral("description"), QStringLiteral("Eos digest")}});
        b.insert(QStringLiteral("alerts"), alerts);
        eos.insert(QStringLiteral("digest"), true);
        eos.insert(QStringLiteral("count"), int(request.alerts.size()));
    } else {
        const DispatchAlert &a = request.alerts.front();
        b = a.raw;
        eos.insert(QStringLiteral("alert_id"), a.alertId);
        if (!a.summary.isEmpty()) eos.insert(QStringLiteral("summary"), a.summary);
        if (!a.risk.isEmpty()) eos.insert(QStringLiteral("risk"), a.risk);
    }
    b.insert(QStringLiteral("eos"), eos);
    for (auto it = request.options.begin(); it != request.options.end(); ++it) b.insert(it.key(), it.value());
    return b;
}

void StackStormClient::send(const DispatchRequest &request, std::function<void(DispatchResult)> done)
{
    const QByteArray payload = QJsonDocument(body(request)).toJson(QJsonDocument::Compact);
    JsonPoster::Headers h;
    if (!request.apiKey.isEmpty()) h.append({"St2-Api-Key", request.apiKey.toUtf8()});
    h.append({"X-Eos-Dispatch-Id", QByteArray::number(request.outboxId)});
    m_poster->request("POST", request.url, h, payload, [payload, id = request.outboxId, done = std::move(done)](JsonPoster::Answer a) {
        DispatchResult r;
        r.kind = a.kind;
        r.httpStatus = a.status;
        r.payload = payload;
        r.response = a.body;
        r.retryAfterMs = a.retryAfterMs;
        if (r.kind == DispatchResult::Kind::Sent) r.remoteId = QStringLiteral("eos-%1").arg(id);
        else if (a.status == 404) r.error = QStringLiteral("StackStorm: HTTP 404, the webhook is not registered (is the pack installed?)");
        else if (a.status == 401) r.error = QStringLiteral("StackStorm: HTTP 401, the St2-Api-Key was refused");
        else r.error = QStringLiteral("StackStorm: %1").arg(a.describe());
        done(r);
    });
}

}  // namespace eos
