// A Slack incoming webhook stand-in (see HttpStandIn): POST JSON with `text`, `blocks` or `attachments`
// answers 200 `ok`; anything else 400 `invalid_payload`; more than one message per minIntervalMs
// (default 800 ms: Slack allows short bursts; a loaded test machine delays requests unevenly) answers 429 with `Retry-After: 1`, as Slack does.
#pragma once

#include "http_stand_in.h"

namespace eos::test {

class SlackStandIn : public HttpStandIn {
public:
    int minIntervalMs = 800;
    QList<qint64> acceptedAtMs;    // arrival of each accepted message
    QList<QJsonObject> messages;   // accepted messages
    int throttled = 0;             // 429s answered
    int invalid = 0;
    qint64 minGapMs = -1;          // smallest gap between two accepted messages

protected:
    Reply answer(const Request &request) override;

private:
    qint64 m_lastAcceptedMs = -1;
};

}  // namespace eos::test
