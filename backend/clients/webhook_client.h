// WebhookClient: any JSON endpoint (route name `webhook`). POST hook_url with
//   {"alert": <Wazuh alert>, "summary", "risk", "playbook", "eos": {dispatch_id, alert_id, route}}
// (a digest: {"digest": true, "count", "alerts": [...], "eos": {...}}), the route's options merged at the
// top level, `Authorization: Bearer <api_key>` when the route has a key, and `Idempotency-Key:
// eos-<outbox id>` so a receiver can drop the one repeat Eos may make after a crash mid-send. 2xx is
// success; a JSON answer's `id` (or `message_id`) becomes the remote id.
#pragma once

#include "clients/dispatch_client.h"

namespace eos {

class JsonPoster;

class WebhookClient : public DispatchClient {
    Q_OBJECT
public:
    explicit WebhookClient(int timeoutMs = 15000, QObject *parent = nullptr);
    QString kind() const override { return QStringLiteral("webhook"); }
    void send(const DispatchRequest &request, std::function<void(DispatchResult)> done) override;
    static QJsonObject body(const DispatchRequest &request);

private:
    JsonPoster *m_poster;
};

}  // namespace eos
