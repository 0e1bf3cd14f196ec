// One JSON POST with retries, done synchronously with libcurl (eos-forward runs once per alert, so it
// stays a plain blocking call: no event loop to start). Retries a network error, timeout, 408, 429 and
// 5xx up to `retries` more times with exponential backoff and full jitter; a Retry-After on 429/503
// (seconds or HTTP date) replaces the backoff, capped at kMaxRetryAfterMs. Other 4xx and 3xx are final.
#pragma once

#include "forward_log.h"

#include <string>

namespace eos::forward {

class HttpPoster {
public:
    enum class Outcome { Sent, Rejected, Failed };
    struct Result {
        Outcome outcome = Outcome::Failed;
        long status = 0;        // last HTTP status, 0 when no reply
        std::string replyBody;  // last reply body (first 64 KiB)
        std::string error;      // for the user; never holds the token
        int attempts = 0;
    };

    static constexpr int kMaxRetryAfterMs = 30000;
    static constexpr int kBackoffBaseMs = 500;
    static constexpr int kBackoffCapMs = 8000;

    HttpPoster(int timeoutSeconds, int retries, ForwardLog *log);

    // An extra PEM certificate to trust for https (the listener's own, often self-signed), besides the
    // system's CAs.
    void setExtraCaFile(const std::string &path) { m_caFile = path; }

    Result post(const std::string &url, const std::string &body, const std::string &token);

private:
    int backoffMs(int retryIndex) const;

    int m_timeoutSeconds;
    int m_retries;
    ForwardLog *m_log;
    std::string m_caFile;
};

}  // namespace eos::forward
