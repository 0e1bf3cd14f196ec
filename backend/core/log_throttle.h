// A message that can repeat at every request (an outage, a full queue) is logged at most once an interval,
// with how many were held back since the last one: "… (867 more since the last message)". Not thread-safe:
// one per thread, or behind the caller's mutex.
#pragma once

#include <QtGlobal>

namespace eos {

class LogThrottle {
public:
    // True when the message may be logged now; *heldBack: how many were held back since the last one.
    bool allow(qint64 nowMs, qint64 intervalMs, qint64 *heldBack);

private:
    qint64 m_lastMs = -1;
    qint64 m_held = 0;
};

}  // namespace eos
