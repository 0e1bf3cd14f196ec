#include "http_poster.h"

#include <QRandomGenerator>

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace eos::forward {
namespace {

constexpr size_t kMaxReplyBytes = 64 * 1024;

size_t collectReply(char *data, size_t size, size_t count, void *user)
{
    auto *out = static_cast<QByteArray *>(user);
    const size_t n = size * count;
    const size_t room = kMaxReplyBytes > size_t(out->size()) ? kMaxReplyBytes - size_t(out->size()) : 0;
    out->append(data, static_cast<qsizetype>(std::min(n, room)));
    return n;  // keep reading (and discarding) the rest
}

struct CurlHandle {
    CURL *h = curl_easy_init();
    curl_slist *headers = nullptr;
    ~CurlHandle()
    {
        curl_slist_free_all(headers);
        if (h) curl_easy_cleanup(h);
    }
};

bool retryableStatus(long status) { return status == 408 || status == 429 || status >= 500; }

QString shortBody(const QByteArray &b)
{
    QString s = QString::fromUtf8(b.left(300)).simplified();
    return s.isEmpty() ? QStringLiteral("(empty)") : s;
}

}  // namespace

HttpPoster::HttpPoster(int timeoutSeconds, int retries, std::shared_ptr<spdlog::logger> log)
    : m_timeoutSeconds(timeoutSeconds), m_retries(retries), m_log(std::move(log))
{
}

int HttpPoster::backoffMs(int retryIndex) const
{
    // Full jitter over an exponentially growing window: 0.5 s, 1 s, 2 s, … capped at 8 s; never below 100 ms.
    const int window = std::min(kBackoffCapMs, kBackoffBaseMs << std::min(retryIndex, 10));
    return 100 + static_cast<int>(QRandomGenerator::global()->bounded(static_cast<quint32>(window)));
}

HttpPoster::Result HttpPoster::post(const QString &url, const QByteArray &body, const QString &token)
{
    Result r;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CurlHandle c;
    if (!c.h) {
        r.error = QStringLiteral("cannot initialise libcurl");
        return r;
    }
    const QByteArray urlBytes = url.toUtf8();
    const QByteArray tokenHeader = "X-Auth-Token: " + token.toUtf8();
    c.headers = curl_slist_append(c.headers, "Content-Type: application/json");
    c.headers = curl_slist_append(c.headers, "Accept-Charset: UTF-8");
    c.headers = curl_slist_append(c.headers, "Expect:");  // no 100-continue round trip
    if (!token.isEmpty()) c.headers = curl_slist_append(c.headers, tokenHeader.constData());
    const QByteArray agent = QByteArrayLiteral("eos-forward/") + EOS_VERSION;

    curl_easy_setopt(c.h, CURLOPT_URL, urlBytes.constData());
    curl_easy_setopt(c.h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c.h, CURLOPT_HTTPHEADER, c.headers);
    curl_easy_setopt(c.h, CURLOPT_POST, 1L);
    curl_easy_setopt(c.h, CURLOPT_POSTFIELDS, body.constData());
    curl_easy_setopt(c.h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(c.h, CURLOPT_TIMEOUT, static_cast<long>(m_timeoutSeconds));
    curl_easy_setopt(c.h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c.h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c.h, CURLOPT_USERAGENT, agent.constData());
    const QByteArray caFile = m_caFile.toLocal8Bit();
    if (!caFile.isEmpty()) {
        // The bundle is replaced by this file, but the system directory stays in use (OpenSSL reads both).
        curl_easy_setopt(c.h, CURLOPT_CAINFO, caFile.constData());
        curl_easy_setopt(c.h, CURLOPT_CAPATH, "/etc/ssl/certs");
    }
    curl_easy_setopt(c.h, CURLOPT_WRITEFUNCTION, collectReply);
    curl_easy_setopt(c.h, CURLOPT_WRITEDATA, &r.replyBody);

    m_log->debug("POST {} ({} bytes, timeout {} s, up to {} retries) headers: Content-Type: application/json, "
                 "X-Auth-Token: {}",
                 url.toStdString(), body.size(), m_timeoutSeconds, m_retries, token.isEmpty() ? "(none)" : "***");
    m_log->debug("body: {}", body.toStdString());

    for (int attempt = 0;; ++attempt) {
        r.attempts = attempt + 1;
        r.replyBody.clear();
        r.status = 0;
        char errbuf[CURL_ERROR_SIZE] = {};
        curl_easy_setopt(c.h, CURLOPT_ERRORBUFFER, errbuf);
        const auto started = std::chrono::steady_clock::now();
        const CURLcode rc = curl_easy_perform(c.h);
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();

        int waitMs = -1;
        if (rc != CURLE_OK) {
            const QString what = QString::fromUtf8(errbuf[0] ? errbuf : curl_easy_strerror(rc));
            r.error = QStringLiteral("cannot reach %1: %2").arg(url, what);
            m_log->debug("attempt {}: {} after {} ms", r.attempts, r.error.toStdString(), ms);
            if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL) return r;  // no retry helps
            if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE) {
                r.error += QStringLiteral(" (the listener's certificate is not trusted: set EOS_TLS_CERT in the env "
                                          "file to a copy of it, or use a certificate from a CA this host trusts)");
                return r;
            }
        } else {
            curl_easy_getinfo(c.h, CURLINFO_RESPONSE_CODE, &r.status);
            m_log->debug("attempt {}: HTTP {} after {} ms, reply: {}", r.attempts, r.status, ms,
                         shortBody(r.replyBody).toStdString());
            if (r.status >= 200 && r.status < 300) {
                r.outcome = Outcome::Sent;
                r.error.clear();
                return r;
            }
            if (!retryableStatus(r.status)) {
                r.outcome = Outcome::Rejected;
                if (r.status >= 300 && r.status < 400) {
                    char *location = nullptr;
                    curl_easy_getinfo(c.h, CURLINFO_REDIRECT_URL, &location);
                    r.error = QStringLiteral("%1 answered %2, a redirect to %3; set hook_url to the listener's "
                                             "address (POST /wazuh_alert)")
                                  .arg(url)
                                  .arg(r.status)
                                  .arg(location ? QString::fromUtf8(location) : QStringLiteral("(none)"));
                } else {
                    r.error = QStringLiteral("%1 rejected the alert: HTTP %2 %3%4")
                                  .arg(url)
                                  .arg(r.status)
                                  .arg(shortBody(r.replyBody),
                                       r.status == 401 || r.status == 403
                                           ? QStringLiteral(" (check api_key against the listener's WEBHOOK_AUTH_TOKEN)")
                                           : QString());
                }
                return r;
            }
            r.error = QStringLiteral("%1 answered HTTP %2 %3").arg(url).arg(r.status).arg(shortBody(r.replyBody));
            if (r.status == 429 || r.status == 503) {
                curl_off_t retryAfter = -1;
                if (curl_easy_getinfo(c.h, CURLINFO_RETRY_AFTER, &retryAfter) == CURLE_OK && retryAfter >= 0)
                    waitMs = static_cast<int>(std::min<curl_off_t>(retryAfter * 1000, kMaxRetryAfterMs));
            }
        }
        if (attempt >= m_retries) break;
        if (waitMs < 0) waitMs = backoffMs(attempt);
        m_log->debug("retrying in {} ms ({} of {})", waitMs, attempt + 1, m_retries);
        std::this_thread::sleep_for(std::chrono::milliseconds(waitMs));
    }
    r.outcome = Outcome::Failed;
    r.error += QStringLiteral(" (gave up after %1 attempt%2)").arg(r.attempts).arg(r.attempts == 1 ? "" : "s");
    return r;
}

}  // namespace eos::forward
