// SlackClient: a Slack incoming webhook (POST JSON to hook_url; 200 `ok`; 429 with Retry-After beyond
// about one message a second). The message is the one Wazuh's own slack.py sends, so channels look the
// same after the switch: one attachment with colour by level (good <= 4, warning 5-7, danger >= 8),
// pretext "WAZUH Alert", title = rule.description, text = full_log, fields Agent "(id) - name" (or
// Agentless Host), Location, Rule ID "id _(Level n)_", ts = the alert's id; plus Eos's fields Risk and
// Summary when the LLM gave them; the route's `options` are merged into the attachment (as slack.py does).
// Everything that comes from the alert or the model is escaped for Slack's mrkdwn (&, <, >), so hostile
// alert content can never become a link, a mention (<!channel>) or a user reference.
#pragma once

#include "clients/dispatch_client.h"

namespace eos {

class JsonPoster;

class SlackClient : public DispatchClient {
    Q_OBJECT
public:
    explicit SlackClient(int timeoutMs = 15000, QObject *parent = nullptr);
    QString kind() const override { return QStringLiteral("slack"); }
    void send(const DispatchRequest &request, std::function<void(DispatchResult)> done) override;

    static QJsonObject message(const DispatchRequest &request);
    static QString escape(const QString &text);  // Slack mrkdwn: & < >
    static QString colour(int level);

private:
    JsonPoster *m_poster;
};

}  // namespace eos
