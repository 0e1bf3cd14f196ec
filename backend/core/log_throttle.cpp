#include "core/log_throttle.h"

namespace eos {

bool LogThrottle::allow(qint64 nowMs, qint64 intervalMs, qint64 *heldBack)
{
    if (m_lastMs >= 0 && nowMs - m_lastMs < intervalMs) {
        ++m_held;
        return false;
    }
    *heldBack = m_held;
    m_held = 0;
    m_lastMs = nowMs;
    return true;
}

}  // namespace eos
