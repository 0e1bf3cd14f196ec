// Agent enrichment, the first stage after ingest: `new` -> `agent_enriched` (NOTIFY agent_enriched).
// For each claimed batch it makes sure the batch's agents have fresh details in the agents table (OS, IP,
// groups, version, live status) from the Wazuh API through the AgentInventory: one GET /agents for the
// batch's unknown or stale agents, never one call per alert. The alerts move on whether or not the API
// answered (an unreachable API never stalls the pipeline); unanswered agents are looked up again later.
// It also runs the AgentStatusMonitor (inventory sync, disconnection alerts).
// Without WAZUH_API_URL it passes alerts through with the agent fields they carry (ingest stored those)
// and says so once in the log.
#pragma once

#include "clients/wazuh_api_client.h"
#include "core/config.h"
#include "stages/stage.h"

#include <memory>

namespace eos {

class AgentInventory;
class AgentStatusMonitor;

class EnrichmentStage : public Stage {
public:
    explicit EnrichmentStage(const Config &config);
    // With explicit client options (tests, benchmarks).
    EnrichmentStage(WazuhApiClient::Options api, int staleSeconds, int syncSeconds, int offlineMinutes, int offlineLevel);
    ~EnrichmentStage() override;

    QString name() const override { return QStringLiteral("enrich"); }
    QString inputState() const override { return QStringLiteral("new"); }
    QString outputState() const override { return QStringLiteral("agent_enriched"); }
    QString wakeChannel() const override { return QStringLiteral("new_alert"); }
    QString doneChannel() const override { return QStringLiteral("agent_enriched"); }
    QStringList claimColumns() const override;
    QString doneSql() const override { return QStringLiteral("enriched_at = now()"); }

    void start(StageRunner *runner) override;
    void stop() override;
    void process(const std::vector<ClaimedAlert> &batch, Done done) override;

    // Reachable after start() (tests, benchmarks); null without WAZUH_API_URL.
    WazuhApiClient *client() const { return m_client; }
    AgentInventory *inventory() const { return m_inventory; }
    AgentStatusMonitor *statusMonitor() const { return m_monitor; }

private:
    WazuhApiClient::Options m_api;
    int m_staleSeconds;
    int m_syncSeconds;
    int m_offlineMinutes;
    int m_offlineLevel;
    bool m_said = false;
    WazuhApiClient *m_client = nullptr;       // owned by the runner (QObject parent)
    AgentInventory *m_inventory = nullptr;
    AgentStatusMonitor *m_monitor = nullptr;
};

}  // namespace eos
