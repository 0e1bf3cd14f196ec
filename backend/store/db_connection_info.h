// Where the database is and how to open a Qt connection to it (QPSQL, one connection per thread).
#pragma once

#include <QSqlDatabase>
#include <QString>

#include <optional>

struct pg_conn;  // libpq's PGconn

namespace eos {

class DbConnectionInfo {
public:
    QString host;      // host name, IP, or a unix socket directory (starts with '/')
    int port = 5432;
    QString database = QStringLiteral("postgres");
    QString user;
    QString password;
    QString options;   // libpq options, "key=value;key=value" (sslmode, connect_timeout, …)
    bool embedded = false;

    // Accepts a URI (postgresql://user:pass@host:port/db?sslmode=require&host=/run/pg) or libpq
    // key=value form ("host=… port=… dbname=… user=… password=…").
    static std::optional<DbConnectionInfo> fromDsn(const QString &dsn, QString *error);

    // Adds (or replaces) the named connection in this thread and opens it.
    QSqlDatabase open(const QString &connectionName, QString *error) const;
    // The same place with another database name (tests create one per test).
    DbConnectionInfo withDatabase(const QString &db) const;
    // libpq's connection behind an open QPSQL connection (nullptr if it is not one). For what Qt's
    // driver cannot do: real bound parameters on the ingest path, notice routing.
    static ::pg_conn *pgConn(const QSqlDatabase &db);
    // For the status bar and logs: never contains the password.
    QString describe() const;
    // A DSN that libpq/psql understand, with the password (for child processes; never log it).
    QString toUri() const;
};

}  // namespace eos
