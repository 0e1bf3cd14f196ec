// StackStormClient: POST {ST2_WEBHOOK_URL} (e.g. https://st2/api/v1/webhooks/wazuh_alert) with the
// St2-Api-Key header and the Wazuh alert as the JSON body, so a rule on trigger `core.st2.webhook` can
// match on trigger.body.rule.level (installer/stackstorm/ has such a pack). Eos adds one key, `eos`
// ({dispatch_id, alert_id, summary, risk}), and merges the route's options at the top level. StackStorm
// answers 202 with the body echoed; 404 means the webhook is not registered (a permanent error).
#pragma once

#include "clients/dispatch_client.h"

namespace eos {

class JsonPoster;

class StackStormClient : public DispatchClient {
    Q_OBJECT
public:
    explicit StackStormClient(int timeoutMs = 15000, QObject *parent = nullptr);
    QString kind() const override { return QStringLiteral("stackstorm"); }
    void send(const DispatchRequest &request, std::function<void(DispatchResult)> done) override;
    static QJsonObject body(const DispatchRequest &request);

private:
    JsonPoster *m_poster;
};

}  // namespace eos
