#include "clients/nam_pool.h"

#include <QNetworkAccessManager>
#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>

namespace eos {

namespace {
qint64 nowMs()
{
    static const QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}
}  // namespace

NamPool::NamPool(int maxManagers, std::function<void(QNetworkAccessManager *)> configure, int idleCloseMs,
                 QObject *parent)
    : QObject(parent), m_maxManagers(std::max(1, maxManagers)), m_configure(std::move(configure)),
      m_idleCloseMs(std::max(0, idleCloseMs))
{
    make();
    if (m_idleCloseMs > 0) {
        m_sweep = new QTimer(this);
        m_sweep->setInterval(std::max(50, m_idleCloseMs / 2));
        connect(m_sweep, &QTimer::timeout, this, [this] { sweepIdle(m_idleCloseMs); });
        m_sweep->start();
    }
}

QNetworkAccessManager *NamPool::make()
{
    auto *nam = new QNetworkAccessManager(this);
    if (m_configure) m_configure(nam);
    m_nams.push_back(nam);
    m_load.push_back(0);
    m_idleSince.push_back(-1);  // nothing to close yet
    return nam;
}

NamPool::Lease NamPool::acquire()
{
    size_t pick = m_load.size();
    for (size_t i = 0; i < m_load.size() && pick == m_load.size(); ++i)
        if (m_load[i] < kPerManager) pick = i;
    if (pick == m_load.size()) {
        if (int(m_nams.size()) < m_maxManagers) {
            make();
            pick = m_nams.size() - 1;
        } else {
            pick = size_t(std::min_element(m_load.begin(), m_load.end()) - m_load.begin());
        }
    }
    ++m_load[pick];
    m_idleSince[pick] = -1;
    return {m_nams[pick], pick};
}

void NamPool::release(size_t index)
{
    if (index >= m_load.size() || m_load[index] == 0) return;
    if (--m_load[index] == 0) m_idleSince[index] = nowMs();
}

int NamPool::sweepIdle(qint64 idleForMs)
{
    const qint64 now = nowMs();
    int swept = 0;
    for (size_t i = 0; i < m_nams.size(); ++i)
        if (m_load[i] == 0 && m_idleSince[i] >= 0 && now - m_idleSince[i] >= idleForMs) {
            m_nams[i]->clearConnectionCache();  // its connections, and the thread that ran them
            m_idleSince[i] = -1;
            ++swept;
        }
    return swept;
}

}  // namespace eos
