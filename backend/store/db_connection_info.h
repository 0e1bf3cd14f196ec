// Where the database is and how to open a Qt connection to it (QPSQL, one connection per thread).
#pragma once

#include <QList>
#include <QPair>
#include <QSqlDatabase>
#include <QString>

#include <optional>

struct pg_conn;  // libpq's PGconn

namespace eos {

class DbConnectionInfo {
public:
    QString host;      // host name, IP, or a unix socket directory (starts with '/'); several: "h1,h2"
    int port = 5432;   // -1: not set (a service= entry supplies it); the first port when several
    QString ports;     // several hosts with their own ports: "5432,5433" (then `port` is the first)
    QString database = QStringLiteral("postgres");
    QString user;
    QString password;
    QString service;   // pg_service.conf entry (service=…); host, port, dbname come from it when not given
    QList<QPair<QString, QString>> options;  // other libpq keywords (sslmode, connect_timeout, target_session_attrs, …)
    bool embedded = false;

    // Accepts a URI (postgresql://user:pass@host:port/db?sslmode=require&host=/run/pg, also multi-host
    // postgresql://h1:5432,h2:5433/db) or libpq key=value form ("host=… port=… dbname=… user=… password=…",
    // service=…), both read by libpq's own PQconninfoParse. Errors never show the password.
    static std::optional<DbConnectionInfo> fromDsn(const QString &dsn, QString *error);
    // "key=value;key=value" of `options` (display and tests).
    QString optionsText() const;
    QString option(const QString &key) const;

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
