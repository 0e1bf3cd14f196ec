// The clients wing: one client per outside service. Clients speak their service's protocol and nothing
// else: they never see the store (stages hand them data and write what they return). Each client is a
// QObject living on the thread of the stage that uses it and makes its requests asynchronously on that
// thread's event loop, so no caller, least of all the GUI, ever blocks on a remote service.
//
// WazuhApiClient: the Wazuh server API 4.x (default port 55000).
//  - Authentication: POST /security/user/authenticate with HTTP basic (WAZUH_API_USER/WAZUH_API_PASSWD)
//    returns a JWT, sent as `Authorization: Bearer`. The token is renewed before it expires (its `exp`
//    claim, or 900 s when the token carries none) and once on a 401, never in a loop: a request that
//    gets 401 with a fresh token fails with Wazuh's message. Requests issued while a login is under way
//    wait for it (one login at a time).
//  - Retries: 429 (Wazuh allows 300 requests a minute), 5xx, timeouts and connection errors are
//    retried with exponential backoff and full jitter, honouring Retry-After, up to maxAttempts.
//  - Errors: Wazuh's error bodies ({title, detail, remediation, error|code}) and per-item failures
//    ({data: {failed_items: [{error: {code, message, remediation}, id: [...]}]}}) become Error values
//    with a readable message.
//  - TLS: verified by default; WAZUH_API_CA adds a private CA; WAZUH_API_INSECURE=1 turns verification
//    off with a loud warning at start.
//  - Outcome: Result.ok is true when Wazuh answered 2xx. getAgents is a read: ids Wazuh does not know
//    are simply missing from `items` and listed in `failed` (1701), ok stays true even when none was
//    found. For the other calls (actions), an answer in which no item succeeded and some failed
//    (Wazuh's "error": 1, e.g. restarting an agent that does not exist) is ok == false with `error` made
//    from the failed items (code of the first, transient = false); a partial answer ("error": 2) is ok
//    with the failures in `failed`. `failed` is filled either way.
//  - A login Wazuh refuses (bad credentials: 401/403) fails every waiting call, and calls made in the
//    next minute fail at once with the same error without another login (Wazuh blocks an address after
//    50 failed logins).
//  - Methods must be called on the client's thread. Callbacks run on that thread; calls still under way
//    when the client is destroyed are dropped without their callback.
#pragma once

#include "core/config.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <deque>
#include <functional>
#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

namespace eos {

class WazuhApiClient : public QObject {
    Q_OBJECT
public:
    struct Options {
        QUrl url;                  // WAZUH_API_URL, e.g. https://wazuh-manager:55000
        QString user;              // WAZUH_API_USER
        QString password;          // WAZUH_API_PASSWD
        QString caFile;            // WAZUH_API_CA: PEM file of a private CA
        bool insecure = false;     // WAZUH_API_INSECURE=1
        int timeoutMs = 10000;     // per request
        int maxAttempts = 4;       // per request, retries included
        int baseBackoffMs = 500;   // first retry waits up to this (full jitter), doubling each time
        int maxBackoffMs = 30000;  // and never longer than this (a Retry-After beyond it is honoured)
        int defaultTokenSeconds = 900;
    };
    static Options optionsFrom(const Config &config);

    // One failed item of a bulk answer: Wazuh's code (1701 no such agent, 1707 agent not active, ...).
    struct FailedItem {
        int code = 0;
        QString message;
        QString remediation;
        QStringList ids;
    };
    struct Error {
        int httpStatus = 0;        // 0: no HTTP answer (connection, TLS, timeout)
        int code = 0;              // Wazuh's error code when it gave one
        QString title;
        QString detail;
        QString remediation;
        bool transient = false;    // worth trying again later (network, 429, 5xx)
        QString message() const;   // "Wazuh API 400 Bad Request: title: detail (remediation: …)" / the network error
    };
    struct Result {
        bool ok = false;
        int httpStatus = 0;
        QJsonObject body;                // the whole answer
        QJsonArray items;                // data.affected_items (all pages for paged calls)
        int totalAffected = 0;           // data.total_affected_items
        std::vector<FailedItem> failed;  // data.failed_items
        Error error;                     // when !ok
        int attempts = 0;                // HTTP requests this call made (logins not counted)
    };
    using Callback = std::function<void(const Result &)>;

    explicit WazuhApiClient(Options options, QObject *parent = nullptr);
    ~WazuhApiClient() override;

    bool isConfigured() const { return isConfigured(m_options); }
    static bool isConfigured(const Options &o) { return o.url.isValid() && !o.url.isEmpty(); }
    const Options &options() const { return m_options; }

    // GET /agents for the given ids (empty: every agent), `select` the given fields, paging with
    // limit/offset until all are read. The callback gets every page's affected_items in one Result.
    void getAgents(const QStringList &agentIds, const QStringList &select, Callback cb, int pageSize = 500);
    // PUT /agents/{id}/restart
    void restartAgent(const QString &agentId, Callback cb);
    // PUT /active-response?agents_list=… with {command, arguments, alert}. An empty id list fails at once
    // (Wazuh would run the command on every agent); an empty alert is left out.
    void runActiveResponse(const QStringList &agentIds, const QString &command, const QStringList &arguments,
                           const QJsonObject &alert, Callback cb);
    // Any call: method GET/PUT/POST/DELETE, path under the API root, query, JSON body (PUT/POST; an
    // empty object sends no body).
    void request(const QByteArray &method, const QString &path, const QUrlQuery &query, const QJsonObject &body,
                 Callback cb);

    // Counters (tests and benchmarks): HTTP requests sent, logins among them.
    int requestsSent() const { return m_requestsSent; }
    int loginsSent() const { return m_loginsSent; }
    // Drops the token: the next request logs in again.
    void forgetToken();

private:
    struct Call;
    void submit(QByteArray method, QString path, QUrlQuery query, QByteArray body, Callback done);
    struct AgentsFetch;
    void fetchAgentsPage(std::shared_ptr<AgentsFetch> fetch);
    void start(std::shared_ptr<Call> call);
    void send(std::shared_ptr<Call> call);
    void finished(std::shared_ptr<Call> call, QNetworkReply *reply);
    void retryLater(std::shared_ptr<Call> call, int delayMs);
    void login();
    void loginFinished(QNetworkReply *reply);
    bool tokenFresh() const;
    int backoffMs(int attempt, int retryAfterMs) const;
    void fail(const std::shared_ptr<Call> &call, Result result);
    void failWaitingCalls(const Error &error);
    void sendWaitingCalls();
    QNetworkRequest makeRequest(const QString &path, const QUrlQuery &query) const;
    qint64 nowMs() const { return m_clock.elapsed(); }

    Options m_options;
    QNetworkAccessManager *m_nam;
    QSslConfiguration m_ssl;
    QElapsedTimer m_clock;              // monotonic: token and refusal times are on it
    QByteArray m_token;
    qint64 m_tokenExpiresMs = 0;        // on m_clock
    qint64 m_tokenMarginMs = 0;         // renewed this long before it expires
    bool m_loggingIn = false;
    int m_loginAttempts = 0;            // of the login under way (transient failures are retried)
    qint64 m_loginSentMs = 0;
    qint64 m_loginRefusedUntilMs = -1;  // on m_clock; -1: no refusal
    Error m_loginRefusal;
    bool m_warnedShortToken = false;
    std::deque<std::shared_ptr<Call>> m_waitingForLogin;
    int m_requestsSent = 0;
    int m_loginsSent = 0;
};

}  // namespace eos
