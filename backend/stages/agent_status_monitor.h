// Live agent status: every WAZUH_AGENT_SYNC_SECONDS the whole inventory is read from the Wazuh API
// (once per interval across all daemons sharing the database: the job is claimed in eos_schedule), then:
//  - an agent `disconnected` for longer than EOS_AGENT_OFFLINE_MINUTES (since its last keep-alive) opens
//    an episode and raises ONE synthetic alert, rule 100900 "Wazuh agent disconnected: <name> (<id>)",
//    level EOS_AGENT_OFFLINE_LEVEL, groups eos,agent_status;
//  - its reconnection (status `active`) closes the episode with a recovery alert, rule 100901, level 3.
// Short disconnections never open an episode, so a flapping agent does not flood. The alerts are
// ordinary Wazuh-shaped alerts stored like any other (state new, NOTIFY new_alert), so they flow through
// enrichment, triage and dispatch. Exactly once: an episode is one row (at most one open per agent, a
// unique index), its alert's JSON and hash are stored in it, and the alert is inserted by hash
// (ON CONFLICT DO NOTHING) — a crash between the two is repaired at the next sync.
#pragma once

#include "core/config.h"

#include <QObject>
#include <QSqlDatabase>

#include <functional>

class QTimer;

namespace eos {

class AgentInventory;

class AgentStatusMonitor : public QObject {
    Q_OBJECT
public:
    struct Options {
        int syncSeconds = 60;         // WAZUH_AGENT_SYNC_SECONDS
        int offlineMinutes = 10;      // EOS_AGENT_OFFLINE_MINUTES
        int offlineLevel = 10;        // EOS_AGENT_OFFLINE_LEVEL
        int recoveryLevel = 3;
    };
    static Options optionsFrom(const Config &config);
    static constexpr int kOfflineRule = 100900;
    static constexpr int kRecoveryRule = 100901;

    AgentStatusMonitor(AgentInventory *inventory, std::function<QSqlDatabase &()> db, Options options,
                       QObject *parent = nullptr);

    void start();
    void stop();
    // One sync now, whether or not another daemon synced lately (tests).
    void syncNow();
    // Episodes only, from what the agents table holds now (tests; runs after every sync).
    bool evaluate(QString *error);

Q_SIGNALS:
    // After each sync: agents read (or -1 when the API did not answer), alerts raised (offline, recovered).
    void synced(int agents, int offlineRaised, int recoveriesRaised);

private:
    void tick();
    bool claimSchedule();
    void runSync();

    AgentInventory *m_inventory;
    std::function<QSqlDatabase &()> m_db;
    Options m_options;
    QTimer *m_timer = nullptr;
    bool m_syncing = false;
    int m_lastOffline = 0;
    int m_lastRecovered = 0;
};

}  // namespace eos
