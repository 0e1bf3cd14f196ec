// The auto-response policies as a side stage (Stage::isSideStage): after enrichment each alert is checked
// once against EOS_RESPONSE_POLICIES, whatever the LLM and dispatch stages are doing with it; alerts.state
// is never changed (policy_checked_at records the check). For each policy that matches, one decision, and
// one audit row 'auto_response' (actor "eos:policy", reason = the policy) saying what was done or why not:
// paused from the console, protected or invalid target (EOS_PROTECTED, argument validation), limit
// reached, dry run, or the Wazuh API's answer. Only alerts ingested in the last EOS_POLICY_MAX_AGE_MINUTES
// are acted on: a backlog after an outage never turns into a burst of old actions.
// A crash between the audit row and the answer leaves the row "sending"; the alert is not acted on again
// for that policy (an action is never sent twice).
#pragma once

#include "clients/wazuh_api_client.h"
#include "core/config.h"
#include "stages/protected_targets.h"
#include "stages/remediation_catalog.h"
#include "stages/response_policies.h"
#include "stages/stage.h"

namespace eos {

class Remediator;

class ResponsePolicyStage : public Stage {
public:
    struct Options {
        WazuhApiClient::Options api;
        ResponsePolicies policies;
        RemediationCatalog catalog;
        ProtectedTargets guard;
        int maxAgeMinutes = 60;
    };
    static Options optionsFrom(const Config &config, QString *error);
    explicit ResponsePolicyStage(Options options);
    ~ResponsePolicyStage() override;

    QString name() const override { return QStringLiteral("respond"); }
    QString inputState() const override { return QStringLiteral("agent_enriched"); }  // documentation only
    QString outputState() const override { return {}; }  // a side stage: no state change
    QString wakeChannel() const override { return QStringLiteral("agent_enriched"); }
    QString doneChannel() const override { return QStringLiteral("response_policy"); }
    bool wantsRaw() const override { return true; }
    QString claimCondition() const override;
    QString leaseTable() const override { return QStringLiteral("policy_leases"); }
    QString doneSql() const override { return QStringLiteral("policy_checked_at = now()"); }

    void start(StageRunner *runner) override;
    void process(const std::vector<ClaimedAlert> &batch, Done done) override;

    WazuhApiClient *client() const { return m_client; }

private:
    struct Job;
    void next(std::shared_ptr<Job> job);

    Options m_options;
    StageRunner *m_runner = nullptr;
    WazuhApiClient *m_client = nullptr;  // owned by the runner
    Remediator *m_remediator = nullptr;  // owned by the runner
};

}  // namespace eos
