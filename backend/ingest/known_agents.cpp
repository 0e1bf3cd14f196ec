#include "ingest/known_agents.h"

#include <QSet>

namespace eos {

std::vector<const AlertRecord *> KnownAgents::toUpsert(const std::vector<const AlertRecord *> &alerts, qint64 nowMs) const
{
    std::vector<const AlertRecord *> out;
    QSet<QString> seen;
    for (const AlertRecord *a : alerts) {
        if (seen.contains(a->agentId)) continue;
        const auto it = m_agents.constFind(a->agentId);
        if (it == m_agents.cend() || nowMs - it->atMs > kRefreshMs || it->name != a->agentName || it->ip != a->agentIp) {
            out.push_back(a);
            seen.insert(a->agentId);
        }
    }
    return out;
}

void KnownAgents::remember(const std::vector<const AlertRecord *> &upserted, qint64 nowMs)
{
    for (const AlertRecord *a : upserted) m_agents.insert(a->agentId, {a->agentName, a->agentIp, nowMs});
}

}  // namespace eos
