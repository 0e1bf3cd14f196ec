// One JSON POST with retries, done synchronously with libcurl (eos-forward runs once per alert, so it
// stays a plain blocking call: no event loop to start). Retries a network error, timeout, 408, 429 and
// 5xx up to `retries` more times with exponential backoff and full jitter; a Retry-After on 429/503
// (seconds or HTTP date) replaces the backoff, capped at kMaxRetryAfterMs. Other 4xx and 3xx are final.
#pragma once

#include <QByteArray>
#include <QString>

#include <spdlog/logger.h>

#include <memory>

namespace eos::forward {

class HttpPoster {
public:
    enum class Outcome { Sent, Rejected, Failed };
    struct Result {
        Outcome outcome = Outcome::Failed;
        long status = 0;        // last HTTP status, 0 when no reply
        QByteArray replyBody;   // last reply body (first 64 KiB)
        QString error;          // for the user; never holds the token
        int attempts = 0;
    };

    static constexpr int kMaxRetryAfterMs = 30000;
    static constexpr int kBackoffBaseMs = 500;
    static constexpr int kBackoffCapMs = 8000;

    HttpPoster(int timeoutSeconds, int retries, std::shared_ptr<spdlog::logger> log);

    // An extra PEM certificate to trust for https (the listener's own, often self-signed), besides the
    // system's CAs.
    void setExtraCaFile(const QString &path) { m_caFile = path; }

    Result post(const QString &url, const QByteArray &body, const QString &token);

private:
    int backoffMs(int retryIndex) const;

    int m_timeoutSeconds;
    int m_retries;
    std::shared_ptr<spdlog::logger> m_log;
    QString m_caFile;
};

}  // namespace eos::forward
