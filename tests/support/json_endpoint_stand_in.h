// A JSON endpoint stand-in (see HttpStandIn) for StackStorm webhooks and generic webhooks: POST to
// `path` with a JSON object; when `apiKeyHeader` is set the header must carry `apiKey` (else 401, as
// StackStorm answers a wrong St2-Api-Key); another path answers 404 (an unregistered StackStorm webhook).
// Success: `successStatus` (StackStorm 202 echoing the body; webhooks 200 {"id": "wh-<n>"}).
#pragma once

#include "http_stand_in.h"

namespace eos::test {

class JsonEndpointStandIn : public HttpStandIn {
public:
    static std::unique_ptr<JsonEndpointStandIn> stackStorm(const QString &apiKey);
    static std::unique_ptr<JsonEndpointStandIn> webhook();

    QString path = QStringLiteral("/hook");
    QByteArray apiKeyHeader;       // lower-case, e.g. "st2-api-key"
    QByteArray apiKey;
    int successStatus = 200;
    bool echo = false;             // answer with the body (StackStorm)
    QList<Request> accepted;

protected:
    Reply answer(const Request &request) override;
};

}  // namespace eos::test
