#include "json_endpoint_stand_in.h"

namespace eos::test {

std::unique_ptr<JsonEndpointStandIn> JsonEndpointStandIn::stackStorm(const QString &apiKey)
{
    auto s = std::make_unique<JsonEndpointStandIn>();
    s->path = QStringLiteral("/api/v1/webhooks/wazuh_alert");
    s->apiKeyHeader = "st2-api-key";
    s->apiKey = apiKey.toUtf8();
    s->successStatus = 202;
    s->echo = true;
    return s;
}

std::unique_ptr<JsonEndpointStandIn> JsonEndpointStandIn::webhook() { return std::make_unique<JsonEndpointStandIn>(); }

HttpStandIn::Reply JsonEndpointStandIn::answer(const Request &request)
{
    Reply r;
    if (!apiKeyHeader.isEmpty() && request.headers.value(apiKeyHeader) != apiKey) {
        r.status = 401;
        r.body = R"({"faultstring":"Unauthorized - ApiKey with key_hash=... not found."})";
        return r;
    }
    if (request.path != path) {
        r.status = 404;
        r.body = R"({"faultstring":"No webhook matches the url"})";
        return r;
    }
    if (request.method != "POST" || request.json.isEmpty()) {
        r.status = 400;
        r.body = R"({"faultstring":"body must be a JSON object"})";
        return r;
    }
    accepted.append(request);
    r.status = successStatus;
    r.body = echo ? request.body : QByteArray(R"({"id":"wh-)" + QByteArray::number(accepted.size()) + "\"}");
    return r;
}

}  // namespace eos::test
