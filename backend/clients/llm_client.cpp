#include "clients/llm_client.h"

#include "clients/nam_pool.h"
#include "clients/retry_after.h"
#include "core/logging.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>

namespace eos {
namespace {

auto log() { return Logging::get("llm"); }

bool isTransientNetworkError(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:  // setTransferTimeout
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
        return true;
    default:
        return false;
    }
}

bool isTransientStatus(int status) { return status == 408 || status == 429 || status >= 500; }

QString excerpt(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes.left(600)).simplified();
    if (text.size() > 300) text = text.left(300) + QStringLiteral("…");
    return text;
}

QString errorText(int status, const QByteArray &bytes)
{
    const QJsonObject o = QJsonDocument::fromJson(bytes).object();
    const QJsonValue err = o.value(QStringLiteral("error"));
    QString message;
    if (err.isObject()) {
        const QJsonObject e = err.toObject();
        message = e.value(QStringLiteral("message")).toString();
        const QString code = e.value(QStringLiteral("code")).toVariant().toString();
        if (!code.isEmpty()) message = QStringLiteral("%1 (%2)").arg(message, code);
    } else if (err.isString()) {
        message = err.toString();  // Ollama: {"error":"..."}
    }
    if (message.isEmpty()) message = excerpt(bytes);
    return QStringLiteral("LLM server answered %1%2").arg(status).arg(message.isEmpty() ? QString() : QStringLiteral(": ") + message);
}

bool truthy(const QString &v)
{
    const QString t = v.trimmed().toLower();
    return t == QLatin1String("1") || t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("on");
}

}  // namespace

struct LlmClient::Call {
    Request request;
    Callback done;
    int attempts = 0;
    bool withJson = false;
    QElapsedTimer clock;
};

QString LlmClient::providerName(Provider p)
{
    switch (p) {
    case Provider::Azure: return QStringLiteral("azure");
    case Provider::OpenAi: return QStringLiteral("openai");
    case Provider::Off: break;
    }
    return QStringLiteral("off");
}

LlmClient::Options LlmClient::optionsFrom(const Config &config, QString *problem)
{
    Options o;
    auto say = [problem](const QString &why) {
        if (problem) *problem = why;
    };
    const QString azure = config.value(QStringLiteral("AZURE_OPENAI_ENDPOINT")).trimmed();
    QString provider = config.value(QStringLiteral("LLM_PROVIDER")).trimmed().toLower();
    const bool automatic = provider.isEmpty() || provider == QLatin1String("auto");
    if (automatic) provider = !azure.isEmpty() ? QStringLiteral("azure") : QStringLiteral("off");
    o.timeoutMs = std::clamp(config.intValue(QStringLiteral("LLM_TIMEOUT_SECONDS"), 60), 1, 3600) * 1000;
    o.maxAttempts = std::clamp(config.intValue(QStringLiteral("LLM_MAX_ATTEMPTS"), 4), 1, 20);
    o.maxTokens = std::clamp(config.intValue(QStringLiteral("LLM_MAX_TOKENS"), 800), 16, 32768);
    bool ok = false;
    const double t = config.value(QStringLiteral("LLM_TEMPERATURE")).toDouble(&ok);
    if (ok && t >= 0 && t <= 2) o.temperature = t;
    o.jsonMode = config.value(QStringLiteral("LLM_JSON_MODE")).trimmed().isEmpty() || truthy(config.value(QStringLiteral("LLM_JSON_MODE")));

    if (provider == QLatin1String("off") || provider == QLatin1String("none")) {
        say(automatic
                ? QStringLiteral("no LLM provider configured (set AZURE_OPENAI_ENDPOINT, or LLM_PROVIDER=openai with OPENAI_BASE_URL)")
                : QStringLiteral("LLM_PROVIDER=off"));
        return o;
    }
    if (provider == QLatin1String("azure")) {
        QString ep = azure;
        if (!ep.isEmpty() && !ep.contains(QStringLiteral("://"))) ep.prepend(QStringLiteral("https://"));
        o.endpoint = QUrl(ep);
        o.apiKey = config.value(QStringLiteral("AZURE_OPENAI_API_KEY"));
        o.deployment = config.value(QStringLiteral("AZURE_OPENAI_DEPLOYMENT_NAME")).trimmed();
        const QString v = config.value(QStringLiteral("AZURE_OPENAI_API_VERSION")).trimmed();
        if (!v.isEmpty()) o.apiVersion = v;
        if (!o.endpoint.isValid() || o.endpoint.host().isEmpty()) say(QStringLiteral("LLM_PROVIDER=azure needs AZURE_OPENAI_ENDPOINT"));
        else if (o.deployment.isEmpty()) say(QStringLiteral("LLM_PROVIDER=azure needs AZURE_OPENAI_DEPLOYMENT_NAME"));
        else if (o.apiKey.isEmpty()) say(QStringLiteral("LLM_PROVIDER=azure needs AZURE_OPENAI_API_KEY"));
        else o.provider = Provider::Azure;
        return o;
    }
    if (provider == QLatin1String("openai")) {
        QString base = config.value(QStringLiteral("OPENAI_BASE_URL")).trimmed();
        if (!base.isEmpty() && !base.contains(QStringLiteral("://"))) base.prepend(QStringLiteral("http://"));
        o.endpoint = QUrl(base);
        o.apiKey = config.value(QStringLiteral("OPENAI_API_KEY"));
        o.model = config.value(QStringLiteral("OPENAI_MODEL")).trimmed();
        if (!o.endpoint.isValid() || o.endpoint.host().isEmpty())
            say(QStringLiteral("LLM_PROVIDER=openai needs OPENAI_BASE_URL (e.g. http://localhost:11434/v1)"));
        else if (o.model.isEmpty()) say(QStringLiteral("LLM_PROVIDER=openai needs OPENAI_MODEL"));
        else o.provider = Provider::OpenAi;
        return o;
    }
    say(QStringLiteral("LLM_PROVIDER=%1 is not one of azure, openai, off").arg(provider));
    return o;
}

qint64 LlmClient::retryAfterFromHeaders(const QByteArray &retryAfterMs, const QByteArray &retryAfter, const QDateTime &now)
{
    bool ok = false;
    const double ms = retryAfterMs.trimmed().toDouble(&ok);
    if (ok && ms >= 0) return qint64(ms);
    return RetryAfter::ms(retryAfter, now);
}

LlmClient::LlmClient(Options options, QObject *parent)
    : QObject(parent), m_options(std::move(options)),
      m_pool(new NamPool(std::max(1, (m_options.parallel + NamPool::kPerManager - 1) / NamPool::kPerManager), {}, 5000, this))
{
    m_clock.start();
    m_options.maxAttempts = std::max(1, m_options.maxAttempts);
    m_options.timeoutMs = std::max(1, m_options.timeoutMs);
    m_options.maxBackoffMs = std::max(m_options.baseBackoffMs, m_options.maxBackoffMs);
    const QString host = m_options.endpoint.host();
    const bool loopback = host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
    if (isConfigured() && m_options.endpoint.scheme() == QLatin1String("http") && !loopback && !m_options.apiKey.isEmpty())
        log()->warn("{} is plain http: the LLM API key and the alerts travel unencrypted",
                    s(m_options.endpoint.toString(QUrl::RemoveUserInfo)));
}

LlmClient::~LlmClient()
{
    for (QNetworkAccessManager *nam : m_pool->all()) {
        const auto replies = nam->findChildren<QNetworkReply *>();
        for (QNetworkReply *reply : replies) {
            disconnect(reply, nullptr, this, nullptr);
            reply->abort();
        }
    }
}

QUrl LlmClient::chatUrl() const
{
    QUrl url = m_options.endpoint;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/'))) base.chop(1);  // "https://x.openai.azure.com/" must not give "//openai"
    if (m_options.provider == Provider::Azure) {
        url.setPath(base + QStringLiteral("/openai/deployments/%1/chat/completions")
                               .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_options.deployment))),
                    QUrl::TolerantMode);
        url.setQuery(QStringLiteral("api-version=%1").arg(QString::fromLatin1(QUrl::toPercentEncoding(m_options.apiVersion))));
    } else {
        if (base.isEmpty()) base = QStringLiteral("/v1");
        url.setPath(base + QStringLiteral("/chat/completions"));
    }
    return url;
}

QString LlmClient::modelLabel() const
{
    return m_options.provider == Provider::Azure ? m_options.deployment : m_options.model;
}

void LlmClient::complete(Request request, Callback cb)
{
    auto call = std::make_shared<Call>();
    call->withJson = request.json && m_options.jsonMode && !m_jsonRefused;
    call->request = std::move(request);
    call->done = std::move(cb);
    call->clock.start();
    if (!isConfigured()) {
        Result r;
        r.error = QStringLiteral("no LLM provider configured");
        call->done(r);
        return;
    }
    send(call);
}

QByteArray LlmClient::body(const Call &call) const
{
    QJsonArray messages;
    for (const Message &m : call.request.messages)
        messages.append(QJsonObject{{QStringLiteral("role"), m.role}, {QStringLiteral("content"), m.content}});
    QJsonObject o{{QStringLiteral("messages"), messages},
                  {QStringLiteral("temperature"), m_options.temperature},
                  {QStringLiteral("max_tokens"), call.request.maxTokens > 0 ? call.request.maxTokens : m_options.maxTokens}};
    if (m_options.provider == Provider::OpenAi) o.insert(QStringLiteral("model"), m_options.model);
    if (call.withJson) o.insert(QStringLiteral("response_format"), QJsonObject{{QStringLiteral("type"), QStringLiteral("json_object")}});
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void LlmClient::send(std::shared_ptr<Call> call)
{
    const qint64 wait = m_pausedUntilMs - m_clock.elapsed();
    if (wait > 0) {  // a rate limit holds every request
        QTimer::singleShot(int(wait), this, [this, call] { send(call); });
        return;
    }
    QNetworkRequest req(chatUrl());
    req.setTransferTimeout(m_options.timeoutMs);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setRawHeader("Accept", "application/json");
    if (m_options.provider == Provider::Azure) req.setRawHeader("api-key", m_options.apiKey.toUtf8());
    else if (!m_options.apiKey.isEmpty()) req.setRawHeader("Authorization", "Bearer " + m_options.apiKey.toUtf8());
    ++call->attempts;
    ++m_requestsSent;
    ++m_inFlight;
    m_maxInFlight = std::max(m_maxInFlight, m_inFlight);
    const NamPool::Lease lease = m_pool->acquire();
    QNetworkReply *reply = lease.nam->post(req, body(*call));
    connect(reply, &QNetworkReply::finished, this, [this, call, reply, n = lease.index] {
        --m_inFlight;
        m_pool->release(n);
        finished(call, reply);
        reply->deleteLater();
    });
}

int LlmClient::backoffMs(int attempt) const
{
    qint64 cap = std::max(1, m_options.baseBackoffMs);
    for (int i = 1; i < attempt && cap < m_options.maxBackoffMs; ++i) cap *= 2;
    cap = std::min<qint64>(cap, m_options.maxBackoffMs);
    const qint64 lo = cap / 4;  // full jitter, but never a hammering zero
    return int(lo + QRandomGenerator::global()->bounded(cap - lo + 1));
}

void LlmClient::finished(std::shared_ptr<Call> call, QNetworkReply *reply)
{
    Result r;
    r.attempts = call->attempts;
    const QVariant st = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    r.httpStatus = st.isValid() ? st.toInt() : 0;
    const QByteArray bytes = reply->readAll();
    if (r.httpStatus == 0) {
        const auto e = reply->error();
        r.transient = isTransientNetworkError(e);
        r.error = (e == QNetworkReply::OperationCanceledError || e == QNetworkReply::TimeoutError)
                      ? QStringLiteral("no answer from %1 within %2 s").arg(reply->url().toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo))
                            .arg(m_options.timeoutMs / 1000.0)
                      : QStringLiteral("%1: %2").arg(reply->url().toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo), reply->errorString());
        retryOrFail(call, r);
        return;
    }
    if (r.httpStatus < 200 || r.httpStatus >= 300) {
        r.error = errorText(r.httpStatus, bytes);
        r.transient = isTransientStatus(r.httpStatus);
        r.retryAfterMs = retryAfterFromHeaders(reply->rawHeader("retry-after-ms"), reply->rawHeader("Retry-After"),
                                               QDateTime::currentDateTimeUtc());
        if (r.httpStatus == 429) {
            ++m_rateLimited;
            const qint64 pause = r.retryAfterMs >= 0 ? r.retryAfterMs : backoffMs(call->attempts);
            m_pausedUntilMs = std::max(m_pausedUntilMs, m_clock.elapsed() + std::min<qint64>(pause, m_options.maxWaitMs));
        }
        // a server that does not know response_format: once more without it, and never again
        if (r.httpStatus == 400 && call->withJson && r.error.contains(QStringLiteral("response_format"), Qt::CaseInsensitive)) {
            log()->warn("the LLM server refuses response_format (json_object); asking for JSON in the prompt only");
            m_jsonRefused = true;
            call->withJson = false;
            send(call);
            return;
        }
        retryOrFail(call, r);
        return;
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &pe);
    const QJsonObject o = doc.object();
    const QJsonArray choices = o.value(QStringLiteral("choices")).toArray();
    if (pe.error != QJsonParseError::NoError || choices.isEmpty()) {
        r.error = pe.error != QJsonParseError::NoError
                      ? QStringLiteral("LLM server answered %1 with unreadable JSON (%2): %3").arg(r.httpStatus).arg(pe.errorString(), excerpt(bytes))
                      : QStringLiteral("LLM server answered %1 without choices: %2").arg(r.httpStatus).arg(excerpt(bytes));
        r.transient = true;  // a proxy's error page, a half-written answer: worth another try
        retryOrFail(call, r);
        return;
    }
    const QJsonObject choice = choices.first().toObject();
    r.content = choice.value(QStringLiteral("message")).toObject().value(QStringLiteral("content")).toString();
    r.finishReason = choice.value(QStringLiteral("finish_reason")).toString();
    r.model = o.value(QStringLiteral("model")).toString();
    const QJsonObject usage = o.value(QStringLiteral("usage")).toObject();
    r.promptTokens = usage.value(QStringLiteral("prompt_tokens")).toInt();
    r.completionTokens = usage.value(QStringLiteral("completion_tokens")).toInt();
    r.totalTokens = usage.value(QStringLiteral("total_tokens")).toInt(r.promptTokens + r.completionTokens);
    r.ok = true;
    r.latencyMs = call->clock.elapsed();
    call->done(r);
}

void LlmClient::retryOrFail(std::shared_ptr<Call> call, Result r)
{
    if (r.transient && call->attempts < m_options.maxAttempts && (r.retryAfterMs < 0 || r.retryAfterMs <= m_options.maxWaitMs)) {
        const int delay = r.retryAfterMs >= 0 ? int(r.retryAfterMs) : backoffMs(call->attempts);
        log()->debug("LLM request attempt {} failed ({}); again in {} ms", call->attempts, s(r.error), delay);
        QTimer::singleShot(delay, this, [this, call] { send(call); });
        return;
    }
    if (call->attempts > 1) r.error += QStringLiteral(" (after %1 attempts)").arg(call->attempts);
    r.latencyMs = call->clock.elapsed();
    call->done(r);
}

}  // namespace eos
