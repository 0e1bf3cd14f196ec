// Test helper: a fresh database per test in real PostgreSQL. Uses the ctest fixture's cluster
// (EOS_TEST_CLUSTER_DIR) or, when a test binary runs alone, starts a private throwaway cluster.
#pragma once

#include "store/db_connection_info.h"

#include <QString>

namespace eos::test {

class TestDatabase {
public:
    // The cluster's admin connection (database "postgres"), reached over unix socket.
    static DbConnectionInfo server();
    // The same cluster over loopback TCP (as an external PG_DSN would be); port 0 if unavailable.
    static DbConnectionInfo serverTcp();
    // Creates an empty database with a unique name derived from hint.
    static DbConnectionInfo create(const QString &hint);
    static void drop(const DbConnectionInfo &db);
    // Brings the database's schema up to date with eos::Migrator (what the app does at start).
    static bool migrate(const DbConnectionInfo &db, QString *error = nullptr);
    // Runs SQL on a database (multi-statement allowed); fails the test via QFAIL-like abort on error.
    static bool exec(const DbConnectionInfo &db, const QString &sql, QString *error = nullptr);
    // A single scalar result as text.
    static QString scalar(const DbConnectionInfo &db, const QString &sql);
};

}  // namespace eos::test
