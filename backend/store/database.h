// Which PostgreSQL Eos uses: PG_DSN when set, else the embedded private cluster. Brings the schema up
// to date before anything else touches it.
#pragma once

#include "core/config.h"
#include "store/db_connection_info.h"
#include "store/embedded_cluster.h"

#include <memory>
#include <optional>

namespace eos {

class Database {
public:
    Database() = default;
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Starts the embedded cluster if needed and migrates. *error says what to do when it fails.
    bool open(const Config &config, QString *error);
    // After a failed open(): true when the failure was reaching an external database (worth retrying;
    // the pipeline can spool meanwhile), false for configuration or schema problems.
    bool failedToConnect() const { return m_failedToConnect; }
    void close();  // stops the embedded cluster if this process owns it

    const DbConnectionInfo &connectionInfo() const { return m_info; }
    bool isEmbedded() const { return m_cluster != nullptr; }
    EmbeddedCluster *cluster() const { return m_cluster.get(); }
    int schemaVersion() const { return m_schemaVersion; }

    // Where an already running database is, without starting anything (eos-console status/check): PG_DSN,
    // or the embedded cluster when some process runs it. Nothing, with *why, when PG_DSN is unreadable or
    // the embedded cluster is not running; *where describes it for messages.
    static std::optional<DbConnectionInfo> runningConnection(const Config &config, QString *why, QString *where = nullptr);

    // EOS_DATA_DIR, or its default (/var/lib/eos as root, else $XDG_DATA_HOME/eos).
    static QString dataDir(const Config &config);

private:
    std::unique_ptr<EmbeddedCluster> m_cluster;
    DbConnectionInfo m_info;
    int m_schemaVersion = 0;
    bool m_failedToConnect = false;
    bool m_announced = false;
};

}  // namespace eos
