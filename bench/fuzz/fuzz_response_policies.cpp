// libFuzzer target: the auto-response policies parser (ResponsePolicies::fromJson, EOS_RESPONSE_POLICIES)
// and its matching. Input: the policies file's bytes; an optional alert JSON may follow a NUL byte
// (otherwise a few fixed sample alerts are matched). Must never crash; a refused file says why and yields
// no policy; an accepted one has unique, non-empty names and actions, levels 0-16, bounded limits, and no
// policy that matches every alert.
#include "stages/response_policies.h"

#include "config_and_alerts.h"

#include <QJsonDocument>
#include <QSet>

#include <cstdint>
#include <cstdlib>

namespace {

const QList<QJsonObject> &sampleAlerts()
{
    static const QList<QJsonObject> alerts = fuzz::parseAlerts({
        R"({"rule":{"id":"5712","level":10,"groups":["syslog","sshd","authentication_failures"]},"location":"/var/log/secure","agent":{"id":"001"}})",
        R"({"rule":{"id":100900,"level":"12","groups":["eos"]},"location":"wazuh-monitord"})",
        R"({"rule":{"level":3,"id":" 0012 "},"location":"auth.log"})",
        R"({"rule":"x","location":7})"});
    return alerts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    auto [in, alerts] = fuzz::split(data, size, sampleAlerts());
    QString error;
    const auto policies = eos::ResponsePolicies::fromJson(in, QStringLiteral("fuzz.json"), &error);
    if (!error.isEmpty()) {
        if (!policies.isEmpty()) std::abort();  // a bad file yields no policies
        return 0;
    }
    QSet<QString> names;
    for (const auto &p : policies.policies()) {
        if (p.name.isEmpty() || names.contains(p.name) || p.action.isEmpty() || p.level < 0 || p.level > 16) std::abort();
        if (p.ruleIds.isEmpty() && p.groups.isEmpty() && p.level == 0 && p.eventLocation.isEmpty()) std::abort();
        if (p.limits.perAgentMax < 0 || p.limits.perPolicyMax < 0 || p.limits.perAgentWindowMinutes < 1 ||
            p.limits.perPolicyWindowMinutes < 1)
            std::abort();
        if (policies.find(p.name) == nullptr) std::abort();
        names.insert(p.name);
        for (const QJsonObject &a : alerts) {
            (void)p.matches(a);
            (void)eos::ResponsePolicies::osMatch(p.eventLocation, a.value(QStringLiteral("location")).toString());
        }
    }
    return 0;
}
