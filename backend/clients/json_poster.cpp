#include "clients/json_poster.h"

#include "clients/nam_pool.h"
#include "clients/retry_after.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>

namespace eos {

QString JsonPoster::Answer::describe() const
{
    if (status == 0) return networkError.isEmpty() ? QStringLiteral("no answer") : networkError;
    QString b = QString::fromUtf8(body.left(300)).simplified();
    return b.isEmpty() ? QStringLiteral("HTTP %1").arg(status) : QStringLiteral("HTTP %1: %2").arg(status).arg(b);
}

namespace {
constexpr int kMaxManagers = 43;           // 258 requests at once: more than a route's concurrency allows
}  // namespace

JsonPoster::JsonPoster(int timeoutMs, QObject *parent)
    : QObject(parent),
      m_pool(new NamPool(kMaxManagers, [](QNetworkAccessManager *nam) {
                             nam->setRedirectPolicy(QNetworkRequest::SameOriginRedirectPolicy);
                         }, 5000, this)),
      m_timeoutMs(timeoutMs)
{
}

JsonPoster::~JsonPoster()
{
    for (QNetworkAccessManager *nam : m_pool->all()) {
        const auto replies = nam->findChildren<QNetworkReply *>();
        for (QNetworkReply *reply : replies) {
            disconnect(reply, nullptr, this, nullptr);
            reply->abort();
        }
    }
}

int JsonPoster::managers() const
{
    return m_pool->managers();
}

DispatchResult::Kind JsonPoster::classify(int status)
{
    if (status >= 200 && status < 300) return DispatchResult::Kind::Sent;
    if (status == 429) return DispatchResult::Kind::Throttled;
    if (status == 0 || status == 408 || status == 425 || status >= 500) return DispatchResult::Kind::Retry;
    return DispatchResult::Kind::Dead;
}

JsonPoster::Headers JsonPoster::basicAuth(const QString &user, const QString &secret)
{
    return {{"Authorization", "Basic " + (user + u':' + secret).toUtf8().toBase64()}};
}

void JsonPoster::request(const QByteArray &method, const QUrl &url, const Headers &headers, const QByteArray &body,
                         std::function<void(Answer)> done)
{
    QNetworkRequest req(url);
    req.setTransferTimeout(m_timeoutMs);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json; charset=utf-8"));
    req.setRawHeader("Accept", "application/json");
    req.setRawHeader("User-Agent", "eos-console");
    for (const auto &h : headers) req.setRawHeader(h.first, h.second);
    ++m_sent;
    const NamPool::Lease lease = m_pool->acquire();
    QNetworkReply *reply = method == "GET" ? lease.nam->get(req) : lease.nam->sendCustomRequest(req, method, body);
    connect(reply, &QNetworkReply::finished, this, [this, n = lease.index, reply, done = std::move(done)] {
        m_pool->release(n);
        reply->deleteLater();
        Answer a;
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.body = reply->readAll();
        if (a.status == 0) {
            a.networkError = reply->error() == QNetworkReply::OperationCanceledError ? QStringLiteral("timed out")
                                                                                     : reply->errorString();
        }
        a.retryAfterMs = int(std::min<qint64>(RetryAfter::ms(reply->rawHeader("Retry-After"),
                                                                            QDateTime::currentDateTimeUtc()),
                                              24LL * 3600 * 1000));
        a.kind = classify(a.status);
        done(a);
    });
}

}  // namespace eos
