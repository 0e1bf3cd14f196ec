// What the benchmarks share: a migrated database (PG_DSN, or a throwaway embedded cluster when it is
// unset), a reset of the tables a run fills (the append-only audit log's TRUNCATE guard lifted for it),
// and the process's peak RSS.
#pragma once

#include "store/db_connection_info.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

class QTemporaryDir;

namespace eos {

class EmbeddedCluster;

namespace bench {

// VmHWM of this process in KiB, or -1.
long peakRssKb();

class BenchDatabase {
public:
    BenchDatabase();
    ~BenchDatabase();
    // Connects (and starts the cluster), migrates, prints which database it is. False with *error set.
    bool open(QString *error);
    // TRUNCATE tables … CASCADE (a comma list), lifting audit_log's TRUNCATE guard while it runs.
    bool reset(const QString &tables, QString *error);
    QSqlDatabase &db() { return m_db; }
    const DbConnectionInfo &info() const { return m_info; }

private:
    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<EmbeddedCluster> m_cluster;
    DbConnectionInfo m_info;
    QSqlDatabase m_db;
};

}  // namespace bench
}  // namespace eos
