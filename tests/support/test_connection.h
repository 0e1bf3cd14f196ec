// Test helper: one named Qt connection to a database for the lifetime of a scope.
#pragma once

#include "store/db_connection_info.h"

#include <QSqlDatabase>

namespace eos::test {

class TestConnection {
public:
    explicit TestConnection(const DbConnectionInfo &info);
    ~TestConnection();
    TestConnection(const TestConnection &) = delete;
    TestConnection &operator=(const TestConnection &) = delete;

    QSqlDatabase &db() { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

}  // namespace eos::test
