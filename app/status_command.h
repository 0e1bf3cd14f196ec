// eos-console status (and eos-daemon status): backlog and rates per stage, spool depth and the last
// errors of every instance sharing the database, read from PostgreSQL (daemon_status, alerts,
// dispatch_outbox), so it works from any host that reaches the database. --json for scripts.
// Exit codes: 0 read, 1 some instance reports errors or is stale, 2 usage/configuration, 3 no database.
#pragma once

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

namespace eos {

class StatusCommand {
public:
    enum Exit { Ok = 0, Attention = 1, Usage = 2, NoDatabase = 3 };
    static int run(int argc, char **argv, const QString &program);

    // What the command prints, read from an open connection ({} and *error on failure).
    static QJsonObject collect(QSqlDatabase &db, QString *error);
    static QString format(const QJsonObject &status);
    // An instance is stale when it has not reported for three of its intervals.
    static bool isStale(const QJsonObject &instance);
};

}  // namespace eos
