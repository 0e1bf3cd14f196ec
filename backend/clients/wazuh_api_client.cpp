#include "clients/wazuh_api_client.h"

#include "clients/retry_after.h"
#include "clients/wazuh_api_reply.h"
#include "core/logging.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTimer>

#include <algorithm>
#include <utility>

namespace eos {
namespace {

auto log() { return Logging::get("wazuh-api"); }

constexpr qint64 kLoginRefusalCooldownMs = 60 * 1000;  // after a refused login, no other for this long
constexpr qint64 kMinTokenMarginMs = 5 * 1000;         // a token is renewed at least this long before exp
constexpr qint64 kMaxTokenMarginMs = 60 * 1000;        // and at most this long (else 10 % of its lifetime)
constexpr qint64 kMaxRetryAfterMs = 10 * 60 * 1000;    // a Retry-After beyond this is not waited out
constexpr int kMaxIdsPerRequest = 500;                 // agents_list ids per request (URL length)
constexpr int kMaxPageSize = 100000;                   // Wazuh's largest `limit`
const QString kLoginPath = QStringLiteral("/security/user/authenticate");

}  // namespace

// ---------------------------------------------------------------------------------------------------

QString WazuhApiClient::Error::message() const
{
    QString head = QStringLiteral("Wazuh API");
    QString reason;
    if (httpStatus != 0 && (httpStatus < 200 || httpStatus >= 300)) {
        head += QLatin1Char(' ') + QString::number(httpStatus);
        reason = WazuhApiReply::reasonPhrase(httpStatus);
        if (!reason.isEmpty()) head += QLatin1Char(' ') + reason;
    }
    QStringList parts;
    if (!title.isEmpty() && title != reason) parts.append(title);  // not "401 Unauthorized: Unauthorized"
    if (!detail.isEmpty() && detail != title) parts.append(detail);
    QString m = head;
    if (!parts.isEmpty()) m += QStringLiteral(": ") + parts.join(QStringLiteral(": "));
    else if (reason.isEmpty()) m += QStringLiteral(": unknown error");
    if (!remediation.isEmpty()) m += QStringLiteral(" (remediation: %1)").arg(remediation);
    return m;
}

struct WazuhApiClient::Call {
    QByteArray method;
    QString path;
    QUrlQuery query;
    QByteArray body;  // empty: none
    Callback done;    // gets the HTTP-level outcome (ok = 2xx)
    int attempts = 0;
    bool reauthenticated = false;  // already logged in again after a 401
    QByteArray tokenUsed;
};

struct WazuhApiClient::AgentsFetch {
    QList<QStringList> chunks;  // one empty list: every agent
    qsizetype chunk = 0;
    qint64 offset = 0;
    bool firstPage = true;
    QStringList select;
    int pageSize = 500;
    Callback cb;
    Result acc;
    QJsonArray failedRaw;
    int totalFailed = 0;
    int worstError = 0;
    QString message;
};

WazuhApiClient::Options WazuhApiClient::optionsFrom(const Config &config)
{
    Options o;
    QString url = config.value(QStringLiteral("WAZUH_API_URL")).trimmed();
    if (!url.isEmpty() && !url.contains(QStringLiteral("://"))) url.prepend(QStringLiteral("https://"));
    o.url = QUrl(url);
    o.user = config.value(QStringLiteral("WAZUH_API_USER"));
    o.password = config.value(QStringLiteral("WAZUH_API_PASSWD"));
    o.caFile = config.value(QStringLiteral("WAZUH_API_CA")).trimmed();
    const QString insecure = config.value(QStringLiteral("WAZUH_API_INSECURE")).trimmed().toLower();
    o.insecure = insecure == QLatin1String("1") || insecure == QLatin1String("true") ||
                 insecure == QLatin1String("yes") || insecure == QLatin1String("on");
    return o;
}

WazuhApiClient::WazuhApiClient(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_nam(new QNetworkAccessManager(this))
{
    m_clock.start();
    m_options.timeoutMs = std::max(1, m_options.timeoutMs);
    m_options.maxAttempts = std::max(1, m_options.maxAttempts);
    m_options.baseBackoffMs = std::max(0, m_options.baseBackoffMs);
    m_options.maxBackoffMs = std::max(m_options.baseBackoffMs, m_options.maxBackoffMs);
    m_options.defaultTokenSeconds = std::max(1, m_options.defaultTokenSeconds);

    m_ssl = QSslConfiguration::defaultConfiguration();
    if (!m_options.caFile.isEmpty()) {
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(m_options.caFile, QSsl::Pem);
        if (certs.isEmpty()) {
            log()->error("WAZUH_API_CA={}: no PEM certificate could be read; the Wazuh API's certificate is "
                         "checked against the system CAs only", s(m_options.caFile));
        } else {
            m_ssl.addCaCertificates(certs);
            log()->info("WAZUH_API_CA: {} certificate(s) from {} trusted for the Wazuh API", certs.size(),
                        s(m_options.caFile));
        }
    }
    if (m_options.insecure) {
        m_ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        log()->warn("WAZUH_API_INSECURE=1: TLS certificates of the Wazuh API are NOT verified; anyone on the "
                    "network path can pose as {} and read the API password. Set WAZUH_API_CA to the manager's "
                    "CA instead.", s(WazuhApiReply::displayUrl(m_options.url)));
    }
    const QString host = m_options.url.host();
    const bool loopback = host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
    if (isConfigured() && m_options.url.scheme() == QLatin1String("http") && !loopback)
        log()->warn("WAZUH_API_URL {} is plain http: the API password and token travel unencrypted",
                    s(WazuhApiReply::displayUrl(m_options.url)));
}

WazuhApiClient::~WazuhApiClient()
{
    // Replies still under way are aborted when the access manager goes; their callbacks must not run
    // into a half-destroyed client.
    const auto replies = m_nam->findChildren<QNetworkReply *>();
    for (QNetworkReply *reply : replies) {
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
    }
}

void WazuhApiClient::forgetToken()
{
    m_token.clear();
    m_tokenExpiresMs = 0;
}

bool WazuhApiClient::tokenFresh() const
{
    return !m_token.isEmpty() && nowMs() + m_tokenMarginMs < m_tokenExpiresMs;
}

int WazuhApiClient::backoffMs(int attempt, int retryAfterMs) const
{
    if (retryAfterMs >= 0) return static_cast<int>(std::min<qint64>(retryAfterMs, kMaxRetryAfterMs));
    qint64 cap = m_options.baseBackoffMs;
    for (int i = 1; i < attempt && cap < m_options.maxBackoffMs; ++i) cap *= 2;
    cap = std::min<qint64>(cap, m_options.maxBackoffMs);
    return static_cast<int>(QRandomGenerator::global()->bounded(cap + 1));  // full jitter
}

QNetworkRequest WazuhApiClient::makeRequest(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_options.url;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/'))) base.chop(1);
    url.setPath(base + (path.startsWith(QLatin1Char('/')) ? path : QLatin1Char('/') + path));
    url.setQuery(query);
    QNetworkRequest req(url);
    req.setTransferTimeout(m_options.timeoutMs);
    req.setRawHeader("Accept", "application/json");
    req.setSslConfiguration(m_ssl);
    return req;
}

// --- public calls ----------------------------------------------------------------------------------

void WazuhApiClient::request(const QByteArray &method, const QString &path, const QUrlQuery &query,
                             const QJsonObject &body, Callback cb)
{
    QByteArray bytes;
    if (!body.isEmpty()) bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    submit(method.toUpper(), path, query, std::move(bytes), [cb = std::move(cb)](const Result &r) {
        Result out = r;
        WazuhApiReply::applyItemOutcome(out);
        cb(out);
    });
}

void WazuhApiClient::restartAgent(const QString &agentId, Callback cb)
{
    const QString path = QStringLiteral("/agents/%1/restart").arg(QString::fromLatin1(QUrl::toPercentEncoding(agentId)));
    request("PUT", path, {}, {}, std::move(cb));
}

void WazuhApiClient::runActiveResponse(const QStringList &agentIds, const QString &command,
                                       const QStringList &arguments, const QJsonObject &alert, Callback cb)
{
    if (agentIds.isEmpty()) {
        Result r;
        r.error.title = QStringLiteral("active response without agents");
        r.error.detail = QStringLiteral("no agent id given for %1 (refusing to run it on every agent)").arg(command);
        cb(r);
        return;
    }
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("agents_list"), agentIds.join(QLatin1Char(',')));
    QJsonObject body{{QStringLiteral("command"), command},
                     {QStringLiteral("arguments"), QJsonArray::fromStringList(arguments)}};
    if (!alert.isEmpty()) body.insert(QStringLiteral("alert"), alert);
    request("PUT", QStringLiteral("/active-response"), query, body, std::move(cb));
}

void WazuhApiClient::getAgents(const QStringList &agentIds, const QStringList &select, Callback cb, int pageSize)
{
    auto f = std::make_shared<AgentsFetch>();
    QStringList ids = agentIds;
    ids.removeDuplicates();
    ids.removeAll(QString());
    if (ids.isEmpty() && !agentIds.isEmpty()) {
        // only blank ids: asking for them must not turn into asking for every agent
        Result r;
        r.ok = true;
        cb(r);
        return;
    }
    if (ids.isEmpty()) f->chunks.append(QStringList());
    for (qsizetype i = 0; i < ids.size(); i += kMaxIdsPerRequest) f->chunks.append(ids.mid(i, kMaxIdsPerRequest));
    f->select = select;
    f->pageSize = std::clamp(pageSize, 1, kMaxPageSize);
    f->cb = std::move(cb);
    fetchAgentsPage(std::move(f));
}

void WazuhApiClient::fetchAgentsPage(std::shared_ptr<AgentsFetch> f)
{
    QUrlQuery q;
    const QStringList &ids = f->chunks.at(f->chunk);
    if (!ids.isEmpty()) q.addQueryItem(QStringLiteral("agents_list"), ids.join(QLatin1Char(',')));
    if (!f->select.isEmpty()) q.addQueryItem(QStringLiteral("select"), f->select.join(QLatin1Char(',')));
    q.addQueryItem(QStringLiteral("offset"), QString::number(f->offset));
    q.addQueryItem(QStringLiteral("limit"), QString::number(f->pageSize));
    submit("GET", QStringLiteral("/agents"), q, {}, [this, f](const Result &page) {
        f->acc.attempts += page.attempts;
        f->acc.httpStatus = page.httpStatus;
        if (!page.ok) {
            Result r = f->acc;
            r.ok = false;
            r.error = page.error;
            r.body = page.body;
            f->cb(r);
            return;
        }
        const QJsonObject data = page.body.value(QStringLiteral("data")).toObject();
        for (const QJsonValue &item : page.items) f->acc.items.append(item);
        if (f->firstPage) {
            // Wazuh reports the failed ids of the whole agents_list on every page: take them once
            f->acc.failed.insert(f->acc.failed.end(), page.failed.begin(), page.failed.end());
            for (const QJsonValue &v : data.value(QStringLiteral("failed_items")).toArray()) f->failedRaw.append(v);
            f->totalFailed += data.value(QStringLiteral("total_failed_items")).toInt();
        }
        f->firstPage = false;
        f->worstError = std::max(f->worstError, page.body.value(QStringLiteral("error")).toInt());
        f->message = page.body.value(QStringLiteral("message")).toString();
        f->offset += page.items.size();
        // a server that promises more than it delivers ends the chunk with an empty page
        if (page.items.isEmpty() || f->offset >= page.totalAffected) {
            f->acc.totalAffected += page.totalAffected;
            f->offset = 0;
            f->firstPage = true;
            if (++f->chunk >= f->chunks.size()) {
                Result r = f->acc;
                r.ok = true;
                r.body = QJsonObject{
                    {QStringLiteral("data"),
                     QJsonObject{{QStringLiteral("affected_items"), r.items},
                                 {QStringLiteral("total_affected_items"), r.totalAffected},
                                 {QStringLiteral("total_failed_items"), f->totalFailed},
                                 {QStringLiteral("failed_items"), f->failedRaw}}},
                    {QStringLiteral("message"), f->message},
                    {QStringLiteral("error"), f->worstError}};
                f->cb(r);
                return;
            }
        }
        fetchAgentsPage(f);
    });
}

// --- the request machinery -------------------------------------------------------------------------

void WazuhApiClient::submit(QByteArray method, QString path, QUrlQuery query, QByteArray body, Callback done)
{
    auto call = std::make_shared<Call>();
    call->method = std::move(method);
    call->path = std::move(path);
    call->query = std::move(query);
    call->body = std::move(body);
    call->done = std::move(done);
    if (!isConfigured()) {
        Result r;
        r.error.title = QStringLiteral("not configured");
        r.error.detail = QStringLiteral("WAZUH_API_URL is not set");
        call->done(r);
        return;
    }
    start(std::move(call));
}

void WazuhApiClient::start(std::shared_ptr<Call> call)
{
    if (tokenFresh()) {
        send(std::move(call));
        return;
    }
    if (!m_loggingIn && m_loginRefusedUntilMs >= 0 && nowMs() < m_loginRefusedUntilMs) {
        Result r;
        r.httpStatus = m_loginRefusal.httpStatus;
        r.error = m_loginRefusal;
        r.attempts = call->attempts;
        fail(call, std::move(r));
        return;
    }
    m_waitingForLogin.push_back(std::move(call));
    if (!m_loggingIn) login();
}

void WazuhApiClient::send(std::shared_ptr<Call> call)
{
    QNetworkRequest req = makeRequest(call->path, call->query);
    req.setRawHeader("Authorization", "Bearer " + m_token);
    call->tokenUsed = m_token;
    QNetworkReply *reply = nullptr;
    if (!call->body.isEmpty()) {
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        reply = m_nam->sendCustomRequest(req, call->method, call->body);
    } else if (call->method == "GET") {
        reply = m_nam->get(req);
    } else if (call->method == "DELETE") {
        reply = m_nam->deleteResource(req);
    } else {
        reply = m_nam->sendCustomRequest(req, call->method);
    }
    ++call->attempts;
    ++m_requestsSent;
    log()->debug("{} {} (attempt {})", call->method.constData(), s(WazuhApiReply::displayUrl(reply->url())), call->attempts);
    connect(reply, &QNetworkReply::finished, this, [this, call, reply] { finished(call, reply); });
}

void WazuhApiClient::finished(std::shared_ptr<Call> call, QNetworkReply *reply)
{
    reply->deleteLater();
    const int status = WazuhApiReply::httpStatus(reply);
    const QByteArray bytes = reply->isOpen() ? reply->readAll() : QByteArray();  // closed when timed out
    const QString what = QStringLiteral("%1 %2").arg(QString::fromLatin1(call->method), call->path);

    Result r;
    r.httpStatus = status;
    r.attempts = call->attempts;
    r.body = WazuhApiReply::json(bytes);

    if (status == 0) {
        r.error = WazuhApiReply::networkError(reply, m_options.timeoutMs);
        if (r.error.transient && call->attempts < m_options.maxAttempts) {
            const int delay = backoffMs(call->attempts, -1);
            log()->debug("{}: {}; retrying in {} ms", s(what), s(r.error.detail), delay);
            retryLater(std::move(call), delay);
            return;
        }
        fail(call, std::move(r));
        return;
    }
    if (status >= 200 && status < 300) {
        r.ok = true;
        WazuhApiReply::readItems(r);
        call->done(r);
        return;
    }

    r.error = WazuhApiReply::error(status, r.body, WazuhApiReply::excerpt(bytes), status == 429 || status >= 500);
    if (status == 401 && !call->reauthenticated) {
        // expired or revoked token: log in again (unless another call already did) and try once more
        call->reauthenticated = true;
        if (m_token == call->tokenUsed) forgetToken();
        log()->debug("{}: 401 {}; logging in again", s(what), s(r.error.detail));
        start(std::move(call));
        return;
    }
    if (r.error.transient && call->attempts < m_options.maxAttempts) {
        const qint64 after = RetryAfter::ms(reply->rawHeader("Retry-After"), QDateTime::currentDateTimeUtc());
        const int delay = backoffMs(call->attempts, static_cast<int>(std::min<qint64>(after, kMaxRetryAfterMs)));
        log()->debug("{}: {}; retrying in {} ms", s(what), s(r.error.message()), delay);
        retryLater(std::move(call), delay);
        return;
    }
    fail(call, std::move(r));
}

void WazuhApiClient::retryLater(std::shared_ptr<Call> call, int delayMs)
{
    QTimer::singleShot(delayMs, this, [this, call = std::move(call)]() mutable { start(std::move(call)); });
}

void WazuhApiClient::fail(const std::shared_ptr<Call> &call, Result result)
{
    result.ok = false;
    if (result.error.transient)
        log()->warn("{} {} failed after {} attempt(s): {}", call->method.constData(), s(call->path), call->attempts,
                    s(result.error.message()));
    call->done(result);
}

void WazuhApiClient::login()
{
    m_loggingIn = true;
    QNetworkRequest req = makeRequest(kLoginPath, {});
    req.setRawHeader("Authorization",
                     "Basic " + (m_options.user + QLatin1Char(':') + m_options.password).toUtf8().toBase64());
    m_loginSentMs = nowMs();
    ++m_loginAttempts;
    ++m_loginsSent;
    ++m_requestsSent;
    log()->debug("logging in to {} as {}", s(WazuhApiReply::displayUrl(m_options.url)), s(m_options.user));
    QNetworkReply *reply = m_nam->sendCustomRequest(req, "POST");
    connect(reply, &QNetworkReply::finished, this, [this, reply] { loginFinished(reply); });
}

void WazuhApiClient::loginFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    const int status = WazuhApiReply::httpStatus(reply);
    const QByteArray bytes = reply->isOpen() ? reply->readAll() : QByteArray();  // closed when timed out
    const QJsonObject body = WazuhApiReply::json(bytes);

    Error e;
    qint64 retryAfter = -1;
    if (status >= 200 && status < 300) {
        const QString token =
            body.value(QStringLiteral("data")).toObject().value(QStringLiteral("token")).toString();
        if (!token.isEmpty()) {
            m_token = token.toUtf8();
            const qint64 lifetimeMs = std::max<qint64>(0, WazuhApiReply::tokenLifetimeSeconds(m_token, m_options.defaultTokenSeconds)) * 1000;
            m_tokenExpiresMs = m_loginSentMs + lifetimeMs;
            m_tokenMarginMs = std::max(kMinTokenMarginMs, std::min(lifetimeMs / 10, kMaxTokenMarginMs));
            if (lifetimeMs <= m_tokenMarginMs && !m_warnedShortToken) {
                m_warnedShortToken = true;
                log()->warn("the Wazuh API token lives only {} s: Eos logs in again before nearly every request",
                            lifetimeMs / 1000);
            }
            log()->debug("logged in as {}; token renewed in {} s", s(m_options.user),
                         std::max<qint64>(0, lifetimeMs - m_tokenMarginMs) / 1000);
            m_loggingIn = false;
            m_loginAttempts = 0;
            m_loginRefusedUntilMs = -1;
            sendWaitingCalls();
            return;
        }
        e.httpStatus = status;
        e.title = QStringLiteral("login answer without a token");
        e.detail = WazuhApiReply::excerpt(bytes);
    } else if (status == 0) {
        e = WazuhApiReply::networkError(reply, m_options.timeoutMs, QStringLiteral("login failed: "));
    } else if (status == 429 || status >= 500) {
        e = WazuhApiReply::error(status, body, WazuhApiReply::excerpt(bytes), true);
        e.title = e.title.isEmpty() ? QStringLiteral("login failed") : QStringLiteral("login failed: ") + e.title;
        retryAfter = RetryAfter::ms(reply->rawHeader("Retry-After"), QDateTime::currentDateTimeUtc());
    } else {
        // Refused (401 "Invalid credentials", 403 blocked, ...): never hammer the login, Wazuh blocks
        // the address after 50 failures.
        e = WazuhApiReply::error(status, body, WazuhApiReply::excerpt(bytes), false);
        const QString said = !e.detail.isEmpty() ? e.detail : e.title;
        e.title = QStringLiteral("login as \"%1\" refused").arg(m_options.user);
        e.detail = said;
        if (e.remediation.isEmpty())
            e.remediation = QStringLiteral("check WAZUH_API_USER and WAZUH_API_PASSWD");
        m_loginRefusal = e;
        m_loginRefusedUntilMs = nowMs() + kLoginRefusalCooldownMs;
        log()->error("{}; no further login for {} s", s(e.message()), kLoginRefusalCooldownMs / 1000);
    }

    if (e.transient && m_loginAttempts < m_options.maxAttempts) {
        const int delay = backoffMs(m_loginAttempts, static_cast<int>(std::min<qint64>(retryAfter, kMaxRetryAfterMs)));
        log()->debug("{}; logging in again in {} ms", s(e.message()), delay);
        QTimer::singleShot(delay, this, [this] { login(); });
        return;
    }
    if (e.transient) log()->warn("{} (after {} attempts)", s(e.message()), m_loginAttempts);
    m_loggingIn = false;
    m_loginAttempts = 0;
    failWaitingCalls(e);
}

void WazuhApiClient::sendWaitingCalls()
{
    // Sent even if the new token is already "due" (a very short lifetime): one login per wait, never a loop.
    auto waiting = std::exchange(m_waitingForLogin, {});
    for (auto &call : waiting) send(std::move(call));
}

void WazuhApiClient::failWaitingCalls(const Error &error)
{
    auto waiting = std::exchange(m_waitingForLogin, {});
    QPointer<WazuhApiClient> self(this);
    for (auto &call : waiting) {
        if (!self) return;  // a callback destroyed the client
        Result r;
        r.httpStatus = error.httpStatus;
        r.error = error;
        r.attempts = call->attempts;
        call->done(r);
    }
}

}  // namespace eos
