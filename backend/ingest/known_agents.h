// The agents the ingest writer upserted lately (id → name, IP, when): a batch upserts only the agents not
// among them, changed since, or not refreshed for a minute (the upsert itself refreshes last_alert_at at most
// once a minute), so a stream from the same agents costs no agent statement. Forgotten after a failed batch
// (someone may have deleted an agent row). Ingest thread only.
#pragma once

#include "store/alert_record.h"

#include <QHash>
#include <QString>

#include <vector>

namespace eos {

class KnownAgents {
public:
    static constexpr qint64 kRefreshMs = 60000;

    // the alerts (one per agent) whose agent needs upserting now
    std::vector<const AlertRecord *> toUpsert(const std::vector<const AlertRecord *> &alerts, qint64 nowMs) const;
    void remember(const std::vector<const AlertRecord *> &upserted, qint64 nowMs);
    void clear() { m_agents.clear(); }

private:
    struct Agent {
        QString name, ip;
        qint64 atMs = 0;
    };
    QHash<QString, Agent> m_agents;
};

}  // namespace eos
