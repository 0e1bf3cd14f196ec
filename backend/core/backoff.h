// Backoff: the delay before the next attempt of a retried operation (stages, dispatch): exponential with
// full jitter, uniform in [base/2, base * 2^attempts] capped at maxMs, and never before the remote's
// Retry-After. Jitter keeps many daemons' retries of one outage from arriving together.
#pragma once

namespace eos {

class Backoff {
public:
    // attempts: how many were made before (0: the first retry); retryAfterMs < 0: none given
    static int jitteredMs(int attempts, int baseMs, int maxMs, int retryAfterMs = -1);
};

}  // namespace eos
