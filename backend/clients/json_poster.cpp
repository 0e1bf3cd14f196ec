#include "clients/json_poster.h"

#include "clients/wazuh_api_client.h"

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
constexpr int kConnectionsPerManager = 6;  // QNetworkAccessManager's HTTP/1.1 connections per host
constexpr size_t kMaxManagers = 43;        // 258 requests at once: more than a route's concurrency allows
}  // namespace

JsonPoster::JsonPoster(int timeoutMs, QObject *parent) : QObject(parent), m_timeoutMs(timeoutMs)
{
    size_t unused = 0;
    manager(&unused);
}

JsonPoster::~JsonPoster()
{
    for (QNetworkAccessManager *nam : m_nams) {
        const auto replies = nam->findChildren<QNetworkReply *>();
        for (QNetworkReply *reply : replies) {
            disconnect(reply, nullptr, this, nullptr);
            reply->abort();
        }
    }
}

QNetworkAccessManager *JsonPoster::manager(size_t *index)
{
    size_t best = 0;
    for (size_t i = 1; i < m_load.size(); ++i)
        if (m_load[i] < m_load[best]) best = i;
    if (m_nams.empty() || (m_load[best] >= kConnectionsPerManager && m_nams.size() < kMaxManagers)) {
        auto *nam = new QNetworkAccessManager(this);
        nam->setRedirectPolicy(QNetworkRequest::SameOriginRedirectPolicy);
        m_nams.push_back(nam);
        m_load.push_back(0);
        best = m_nams.size() - 1;
    }
    *index = best;
    return m_nams[best];
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
    size_t n = 0;
    QNetworkAccessManager *nam = manager(&n);
    ++m_load[n];
    QNetworkReply *reply = method == "GET" ? nam->get(req) : nam->sendCustomRequest(req, method, body);
    connect(reply, &QNetworkReply::finished, this, [this, n, reply, done = std::move(done)] {
        --m_load[n];
        reply->deleteLater();
        Answer a;
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.body = reply->readAll();
        if (a.status == 0) {
            a.networkError = reply->error() == QNetworkReply::OperationCanceledError ? QStringLiteral("timed out")
                                                                                     : reply->errorString();
        }
        a.retryAfterMs = int(std::min<qint64>(WazuhApiClient::retryAfterMs(reply->rawHeader("Retry-After"),
                                                                            QDateTime::currentDateTimeUtc()),
                                              24LL * 3600 * 1000));
        a.kind = classify(a.status);
        done(a);
    });
}

}  // namespace eos
