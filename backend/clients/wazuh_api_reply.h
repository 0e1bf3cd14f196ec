// WazuhApiReply: what an answer of the Wazuh server API means, for WazuhApiClient. Wazuh's error bodies
// ({title, detail, remediation, error|code}) and per-item failures ({data: {failed_items: [{error: {code,
// message, remediation}, id: [...]}]}}) become Error values with a readable message; an answer without
// HTTP (connection, TLS, time-out) becomes one too, marked transient when trying again may help and with
// advice for a TLS failure; a login's JWT tells how long the token lives. No state, no network.
#pragma once

#include "clients/wazuh_api_client.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QString>
#include <QUrl>

#include <vector>

namespace eos {

class WazuhApiReply {
public:
    using Error = WazuhApiClient::Error;
    using Result = WazuhApiClient::Result;
    using FailedItem = WazuhApiClient::FailedItem;

    // RFC 9110's reason phrase of the statuses Wazuh answers with; empty for others
    static QString reasonPhrase(int status);
    // An HTTP answer's error from Wazuh's body; `detail` is used when the body says nothing (e.g. an excerpt)
    static Error error(int httpStatus, const QJsonObject &body, const QString &detail, bool transient);
    // A request that got no HTTP answer: "<prefix><url without credentials or query>: <what happened>",
    // transient for network failures and time-outs (not for TLS), with a remediation for TLS.
    static Error networkError(QNetworkReply *reply, int timeoutMs, const QString &prefix = {});
    static bool isTransient(QNetworkReply::NetworkError e);
    static int httpStatus(QNetworkReply *reply);  // 0: no HTTP answer
    static QJsonObject json(const QByteArray &bytes);  // the object of a JSON answer, empty otherwise
    static QString excerpt(const QByteArray &bytes);   // the start of a body, one line, for error messages
    static QString displayUrl(const QUrl &url);        // without user info and query (no secrets in logs)

    // A 2xx answer's data.affected_items, total_affected_items and failed_items into r
    static void readItems(Result &r);
    // An action in which nothing succeeded and something failed is a failed call: r.ok false, r.error
    // made from the first failures (not applied to getAgents, where unknown ids are an answer)
    static void applyItemOutcome(Result &r);
    static std::vector<FailedItem> failedItems(const QJsonArray &array);

    // Lifetime in seconds the token claims (exp - iat, or exp - now without iat); fallback when it has no
    // readable `exp` (Prism's "<generated_token>", opaque tokens). The lifetime, not the absolute `exp`,
    // is what counts: the manager's clock may differ from ours.
    static qint64 tokenLifetimeSeconds(const QByteArray &token, int fallback);
};

}  // namespace eos
