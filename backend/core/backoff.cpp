#include "core/backoff.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace eos {

int Backoff::jitteredMs(int attempts, int baseMs, int maxMs, int retryAfterMs)
{
    const double cap = std::min<double>(maxMs, double(baseMs) * std::pow(2.0, std::max(0, attempts)));
    const int lo = std::max(1, baseMs / 2);
    const int hi = std::max(lo + 1, int(cap));
    const int jittered = lo + int(QRandomGenerator::global()->bounded(hi - lo));
    return std::max(jittered, retryAfterMs);
}

}  // namespace eos
