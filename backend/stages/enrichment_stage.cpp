#include "stages/enrichment_stage.h"

#include "core/logging.h"
#include "stages/agent_inventory.h"
#include "stages/agent_status_monitor.h"
#include "stages/stage_runner.h"

#include <algorithm>

namespace eos {
namespace {
auto log() { return Logging::get("enrich"); }
}

EnrichmentStage::EnrichmentStage(const Config &config)
    : EnrichmentStage(WazuhApiClient::optionsFrom(config), 0,
                      AgentStatusMonitor::optionsFrom(config).syncSeconds,
                      AgentStatusMonitor::optionsFrom(config).offlineMinutes,
                      AgentStatusMonitor::optionsFrom(config).offlineLevel)
{
}

EnrichmentStage::EnrichmentStage(WazuhApiClient::Options api, int staleSeconds, int syncSeconds, int offlineMinutes,
                                 int offlineLevel)
    : m_api(std::move(api)), m_staleSeconds(staleSeconds), m_syncSeconds(syncSeconds),
      m_offlineMinutes(offlineMinutes), m_offlineLevel(offlineLevel)
{
    // a row is stale once it missed a few syncs (the sync keeps every known agent fresh)
    if (m_staleSeconds <= 0) m_staleSeconds = std::max(300, 3 * m_syncSeconds);
    // a batch must not wait long for the API: few, short attempts (the sync retries the rest later)
    m_api.maxAttempts = std::min(m_api.maxAttempts, 2);
    m_api.maxBackoffMs = std::min(m_api.maxBackoffMs, 2000);
}

EnrichmentStage::~EnrichmentStage() = default;

QStringList EnrichmentStage::claimColumns() const
{
    // when this agent was last fetched from the API (by any daemon): no lookup while that is fresh
    return {QStringLiteral("(SELECT (extract(epoch FROM ag.api_fetch_timestamp) * 1000)::int8 FROM agents ag "
                           "WHERE ag.id = a.agent_id)")};
}

void EnrichmentStage::start(StageRunner *runner)
{
    WazuhApiClient probe(m_api);
    if (!probe.isConfigured()) {
        log()->info("WAZUH_API_URL is not set: alerts pass enrichment with the agent fields they carry "
                    "(no OS, groups or live status)");
        return;
    }
    m_client = new WazuhApiClient(m_api, runner);
    auto db = [runner]() -> QSqlDatabase & { return runner->database(); };
    AgentInventory::Options io;
    io.staleSeconds = m_staleSeconds;
    io.lookupDeadlineMs = std::max(2000, m_api.timeoutMs + 2000);
    m_inventory = new AgentInventory(m_client, db, io, runner);
    AgentStatusMonitor::Options mo;
    mo.syncSeconds = m_syncSeconds;
    mo.offlineMinutes = m_offlineMinutes;
    mo.offlineLevel = m_offlineLevel;
    m_monitor = new AgentStatusMonitor(m_inventory, db, mo, runner);
    m_monitor->start();
    log()->info("enriching from the Wazuh API at {} (inventory sync every {} s)", s(m_api.url.toString()), m_syncSeconds);
}

void EnrichmentStage::stop()
{
    if (m_monitor) m_monitor->stop();
}

void EnrichmentStage::process(const std::vector<ClaimedAlert> &batch, Done done)
{
    const size_t n = batch.size();
    if (!m_inventory) {
        done(std::vector<StageOutcome>(n, StageOutcome::done()));
        return;
    }
    QStringList ids;
    for (const ClaimedAlert &a : batch) {
        if (!a.extra.isEmpty() && !a.extra.first().isNull()) m_inventory->noteFetched(a.agentId, a.extra.first().toLongLong());
        ids << a.agentId;
    }
    // the alerts move on whether or not the API answered
    m_inventory->ensure(ids, [n, done = std::move(done)](bool) { done(std::vector<StageOutcome>(n, StageOutcome::done())); });
}

}  // namespace eos
