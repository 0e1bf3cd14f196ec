#include "clients/nam_pool.h"

#include <QNetworkAccessManager>
#include <QTimer>

#include <algorithm>

namespace eos {

NamPool::NamPool(int maxManagers, std::function<void(QNetworkAccessManager *)> configure, int idleSweepMs,
                 QObject *parent)
    : QObject(parent), m_maxManagers(std::max(1, maxManagers)), m_configure(std::move(configure))
{
    make();
    if (idleSweepMs > 0) {
        m_sweep = new QTimer(this);
        m_sweep->setInterval(idleSweepMs);
        connect(m_sweep, &QTimer::timeout, this, &NamPool::sweepIdle);
        m_sweep->start();
    }
}

QNetworkAccessManager *NamPool::make()
{
    auto *nam = new QNetworkAccessManager(this);
    if (m_configure) m_configure(nam);
    m_nams.push_back(nam);
    m_load.push_back(0);
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
    return {m_nams[pick], pick};
}

void NamPool::release(size_t index)
{
    if (index < m_load.size() && m_load[index] > 0) --m_load[index];
}

int NamPool::sweepIdle()
{
    int swept = 0;
    for (size_t i = 0; i < m_nams.size(); ++i)
        if (m_load[i] == 0) {
            m_nams[i]->clearConnectionCache();
            ++swept;
        }
    return swept;
}

}  // namespace eos
