#include "slack_stand_in.h"

namespace eos::test {

HttpStandIn::Reply SlackStandIn::answer(const Request &request)
{
    Reply r;
    r.contentType = "text/html";
    if (request.method != "POST" || request.json.isEmpty() ||
        !(request.json.contains(QStringLiteral("text")) || request.json.contains(QStringLiteral("attachments")) ||
          request.json.contains(QStringLiteral("blocks")))) {
        ++invalid;
        r.status = 400;
        r.body = "invalid_payload";
        return r;
    }
    const qint64 now = request.atMs;
    if (m_lastAcceptedMs >= 0 && now - m_lastAcceptedMs < minIntervalMs) {
        ++throttled;
        r.status = 429;
        r.body = "rate_limited";
        r.headers.append(qMakePair(QByteArray("Retry-After"), QByteArray("1")));
        return r;
    }
    if (m_lastAcceptedMs >= 0) minGapMs = minGapMs < 0 ? now - m_lastAcceptedMs : std::min(minGapMs, now - m_lastAcceptedMs);
    m_lastAcceptedMs = now;
    messages.append(request.json);
    acceptedAtMs.append(now);
    r.body = "ok";
    return r;
}

}  // namespace eos::test
