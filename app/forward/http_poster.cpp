#include "http_poster.h"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

namespace eos::forward {
namespace {

constexpr size_t kMaxReplyBytes = 64 * 1024;

size_t collectReply(char *data, size_t size, size_t count, void *user)
{
    auto *out = static_cast<std::string *>(user);
    const size_t n = size * count;
    const size_t room = kMaxReplyBytes > out->size() ? kMaxReplyBytes - out->size() : 0;
    out->append(data, std::min(n, room));
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

// The first 300 bytes, whitespace runs folded to one space (as QString::simplified did).
std::string shortBody(const std::string &b)
{
    std::string s;
    bool space = false;
    for (char c : b.substr(0, 300)) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = !s.empty();
            continue;
        }
        if (space) s += ' ';
        space = false;
        s += c;
    }
    return s.empty() ? std::string("(empty)") : s;
}

}  // namespace

HttpPoster::HttpPoster(int timeoutSeconds, int retries, ForwardLog *log)
    : m_timeoutSeconds(timeoutSeconds), m_retries(retries), m_log(log)
{
}

int HttpPoster::backoffMs(int retryIndex) const
{
    // Full jitter over an exponentially growing window: 0.5 s, 1 s, 2 s, … capped at 8 s; never below 100 ms.
    const int window = std::min(kBackoffCapMs, kBackoffBaseMs << std::min(retryIndex, 10));
    std::random_device rd;
    return 100 + static_cast<int>(rd() % static_cast<unsigned>(window));
}

HttpPoster::Result HttpPoster::post(const std::string &url, const std::string &body, const std::string &token)
{
    Result r;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CurlHandle c;
    if (!c.h) {
        r.error = "cannot initialise libcurl";
        return r;
    }
    const std::string tokenHeader = "X-Auth-Token: " + token;
    c.headers = curl_slist_append(c.headers, "Content-Type: application/json");
    c.headers = curl_slist_append(c.headers, "Accept-Charset: UTF-8");
    c.headers = curl_slist_append(c.headers, "Expect:");  // no 100-continue round trip
    if (!token.empty()) c.headers = curl_slist_append(c.headers, tokenHeader.c_str());
    const std::string agent = std::string("eos-forward/") + EOS_VERSION;

    curl_easy_setopt(c.h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c.h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c.h, CURLOPT_HTTPHEADER, c.headers);
    curl_easy_setopt(c.h, CURLOPT_POST, 1L);
    curl_easy_setopt(c.h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c.h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(c.h, CURLOPT_TIMEOUT, static_cast<long>(m_timeoutSeconds));
    curl_easy_setopt(c.h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c.h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c.h, CURLOPT_USERAGENT, agent.c_str());
    if (!m_caFile.empty()) {
        // The bundle is replaced by this file, but the system directory stays in use (OpenSSL reads both).
        curl_easy_setopt(c.h, CURLOPT_CAINFO, m_caFile.c_str());
        curl_easy_setopt(c.h, CURLOPT_CAPATH, "/etc/ssl/certs");
    }
    curl_easy_setopt(c.h, CURLOPT_WRITEFUNCTION, collectReply);
    curl_easy_setopt(c.h, CURLOPT_WRITEDATA, &r.replyBody);

    if (m_log->debugEnabled()) {
        m_log->debug("POST " + url + " (" + std::to_string(body.size()) + " bytes, timeout " + std::to_string(m_timeoutSeconds) +
                     " s, up to " + std::to_string(m_retries) + " retries) headers: Content-Type: application/json, X-Auth-Token: " +
                     (token.empty() ? "(none)" : "***"));
        m_log->debug("body: " + body);
    }

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
            const std::string what = errbuf[0] ? errbuf : curl_easy_strerror(rc);
            r.error = "cannot reach " + url + ": " + what;
            m_log->debug("attempt " + std::to_string(r.attempts) + ": " + r.error + " after " + std::to_string(ms) + " ms");
            if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL) return r;  // no retry helps
            if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE) {
                r.error += " (the listener's certificate is not trusted: set EOS_TLS_CERT in the env file to a copy of it, or use a "
                           "certificate from a CA this host trusts)";
                return r;
            }
        } else {
            curl_easy_getinfo(c.h, CURLINFO_RESPONSE_CODE, &r.status);
            m_log->debug("attempt " + std::to_string(r.attempts) + ": HTTP " + std::to_string(r.status) + " after " + std::to_string(ms) +
                         " ms, reply: " + shortBody(r.replyBody));
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
                    r.error = url + " answered " + std::to_string(r.status) + ", a redirect to " + (location ? location : "(none)") +
                              "; set hook_url to the listener's address (POST /wazuh_alert)";
                } else {
                    r.error = url + " rejected the alert: HTTP " + std::to_string(r.status) + " " + shortBody(r.replyBody) +
                              (r.status == 401 || r.status == 403 ? " (check api_key against the listener's WEBHOOK_AUTH_TOKEN)" : "");
                }
                return r;
            }
            r.error = url + " answered HTTP " + std::to_string(r.status) + " " + shortBody(r.replyBody);
            if (r.status == 429 || r.status == 503) {
                curl_off_t retryAfter = -1;
                if (curl_easy_getinfo(c.h, CURLINFO_RETRY_AFTER, &retryAfter) == CURLE_OK && retryAfter >= 0)
                    waitMs = static_cast<int>(std::min<curl_off_t>(retryAfter * 1000, kMaxRetryAfterMs));
            }
        }
        if (attempt >= m_retries) break;
        if (waitMs < 0) waitMs = backoffMs(attempt);
        m_log->debug("retrying in " + std::to_string(waitMs) + " ms (" + std::to_string(attempt + 1) + " of " + std::to_string(m_retries) + ")");
        std::this_thread::sleep_for(std::chrono::milliseconds(waitMs));
    }
    r.outcome = Outcome::Failed;
    r.error += " (gave up after " + std::to_string(r.attempts) + " attempt" + (r.attempts == 1 ? "" : "s") + ")";
    return r;
}

}  // namespace eos::forward
