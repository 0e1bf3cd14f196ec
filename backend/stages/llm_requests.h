// LlmRequests: the console's "summarise again" requests (table llm_requests: the alert, the prompt preset,
// who asked). A daemon running the LLM stage claims a few at a time with a ten-minute lease (FOR UPDATE
// SKIP LOCKED: two daemons never take the same request; when a daemon dies its lease runs out and another
// takes the request), and ends each by setting done_at: with the new summary stored on the alert in the
// same transaction, or with the error the console shows. Either end sends NOTIFY new_response (payload:
// the alert's id) so every console shows the outcome.
#pragma once

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <optional>
#include <vector>

namespace eos {

class LlmRequests {
public:
    struct Request {
        qint64 id = 0;
        qint64 alertId = 0;
        QString preset;
    };
    struct Alert {
        QString agentId;
        int ruleLevel = 0;
        QJsonObject raw;
        QVariantList extra;  // the extra columns asked for, in order
    };

    // Up to `limit` open requests whose lease is free or ran out, oldest first, leased to owner for ten
    // minutes. Empty when there is none or the database is away (the stage runner reports that).
    static std::vector<Request> claim(QSqlDatabase &db, const QString &owner, int limit);
    // The alert a request names, with extraColumns (SQL over `alerts a`); nullopt when it is gone.
    static std::optional<Alert> alert(QSqlDatabase &db, qint64 alertId, const QStringList &extraColumns);
    // Ends the request with an error.
    static bool fail(QSqlDatabase &db, const Request &request, const QString &why);
    // Sets the alert's columns (assignments: "col = ?, col = ?::jsonb, …") to values and ends the request,
    // in one transaction. On failure nothing changes and the request stays leased (tried again when the
    // lease has run out).
    static bool store(QSqlDatabase &db, const Request &request, const QString &assignments, const QVariantList &values,
                      QString *error);
};

}  // namespace eos
