// libFuzzer target: the routes file parser (DispatchRoutes::parse, EOS_ROUTES_FILE) and Wazuh's filter
// semantics on the routes it accepts. Input: the routes file's bytes; an optional alert JSON may follow a
// NUL byte (otherwise a few fixed sample alerts are matched). Must never crash or hang; an accepted file's
// routes must have unique ids and a known kind, and must match and give playbooks without crashing.
// api_key_file is not followed here (an admin's file on disk: the fuzzer would only read /dev/zero forever).
#include "stages/dispatch_routes.h"

#include "config_and_alerts.h"

#include <QJsonDocument>
#include <QSet>

#include <cstdint>
#include <cstdlib>

namespace {

const QList<QJsonObject> &sampleAlerts()
{
    static const QList<QJsonObject> alerts = fuzz::parseAlerts({
        R"({"id":"1","rule":{"id":"5712","level":10,"groups":["syslog","sshd","authentication_failures"]},"location":"/var/log/secure","agent":{"id":"001","name":"web"}})",
        R"({"rule":{"id":100900,"level":"12","groups":["eos","agent_disconnected"]},"location":"wazuh-monitord"})",
        R"({"rule":{"level":3},"location":"auth.log"})",
        R"({"rule":"x","location":7})"});
    return alerts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    auto [in, alerts] = fuzz::split(data, size, sampleAlerts());
    if (in.contains("api_key_file")) return 0;  // see above
    QString error;
    const auto routes = eos::DispatchRoutes::parse(in, QStringLiteral("/nonexistent-fuzz-dir"), &error);
    if (!routes) {
        if (error.isEmpty()) std::abort();  // a refusal always says why
        return 0;
    }
    QSet<QString> ids;
    for (const auto &r : *routes) {
        if (r.id.isEmpty() || ids.contains(r.id) || !eos::DispatchRoutes::knownKinds().contains(r.kind)) std::abort();
        ids.insert(r.id);
        for (const QJsonObject &a : alerts) {
            (void)r.matches(a);
            (void)r.playbookFor(a);
            (void)r.eventLocation.matches(a.value(QStringLiteral("location")).toString());
        }
    }
    for (const QJsonObject &a : alerts) (void)eos::DispatchRoutes::matching(*routes, a);
    return 0;
}
