// Shared by the WazuhApiClient tests (test_wazuh_api_client: scripted servers; test_wazuh_api_client_prism:
// Prism serving Wazuh's OpenAPI description): Wazuh-shaped replies, a call's outcome, a result described for
// a failure message.
#pragma once

#include "clients/wazuh_api_client.h"
#include "recording_http_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

#include <optional>

namespace eos::test::wazuh {

using Reply = RecordingHttpServer::Reply;

constexpr int kWaitMs = 30000;  // generous: a failing test fails on the assertion, not on a tight bound

inline RecordingHttpServer::Reply loginOk(const QByteArray &token)
{
    return Reply::json(200, QJsonObject{{"data", QJsonObject{{"token", QString::fromLatin1(token)}}}, {"error", 0}});
}

inline QJsonObject itemsBody(const QJsonArray &items, int total = -1, const QJsonArray &failed = {}, int error = 0)
{
    int failedIds = 0;
    for (const auto &f : failed) failedIds += int(f.toObject().value("id").toArray().size());
    return QJsonObject{{"data", QJsonObject{{"affected_items", items},
                                            {"total_affected_items", total < 0 ? int(items.size()) : total},
                                            {"total_failed_items", failedIds},
                                            {"failed_items", failed}}},
                       {"message", "All selected agents information was returned"},
                       {"error", error}};
}

inline RecordingHttpServer::Reply agentsOk(const QStringList &ids = {"001"})
{
    QJsonArray items;
    for (const auto &id : ids) items.append(QJsonObject{{"id", id}, {"status", "active"}});
    return Reply::json(200, itemsBody(items));
}

inline RecordingHttpServer::Reply wazuhError(int status, const QString &title, const QString &detail, const QString &remediation = {},
                 int code = 0)
{
    QJsonObject o{{"title", title}, {"detail", detail}};
    if (!remediation.isEmpty()) o.insert("remediation", remediation);
    if (code) o.insert("error", code);
    return Reply::json(status, o);
}

inline QString agentId(int n) { return QStringLiteral("%1").arg(n, 3, 10, QLatin1Char('0')); }

inline QUrlQuery queryOf(const RecordingHttpServer::Request &r) { return QUrlQuery(QUrl(QString::fromLatin1(r.path)).query()); }
inline QString pathOf(const RecordingHttpServer::Request &r) { return QUrl(QString::fromLatin1(r.path)).path(); }

// One call's outcome, filled by its callback.
struct Outcome {
    std::optional<WazuhApiClient::Result> result;
    int calls = 0;
    WazuhApiClient::Callback cb()
    {
        return [this](const WazuhApiClient::Result &r) {
            result = r;
            ++calls;
        };
    }
    bool done() const { return result.has_value(); }
    const WazuhApiClient::Result &r() const { return *result; }
};

inline QString describe(const WazuhApiClient::Result &r)
{
    return QStringLiteral("ok=%1 http=%2 attempts=%3 error=%4 body=%5")
        .arg(r.ok)
        .arg(r.httpStatus)
        .arg(r.attempts)
        .arg(r.error.message(), QString::fromUtf8(QJsonDocument(r.body).toJson(QJsonDocument::Compact).left(500)));
}

// A client of a scripted server: fast retries (a waited second is Retry-After's).
inline WazuhApiClient::Options scriptedOptions(const RecordingHttpServer &server)
{
    WazuhApiClient::Options o;
    o.url = QUrl(server.url(QString()));
    o.user = QStringLiteral("eos-user");
    o.password = QStringLiteral("pa:ss wörd");
    o.baseBackoffMs = 10;  // retries without Retry-After come fast: a waited second is Retry-After's
    o.maxBackoffMs = 50;
    return o;
}

}  // namespace eos::test::wazuh
