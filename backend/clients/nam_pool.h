// NamPool: the QNetworkAccessManagers a client spreads its requests over. A manager keeps at most 6
// HTTP/1.1 connections per host alive and queues further requests, so a client that wants more requests
// under way at once needs several. Requests are packed: the first manager carrying fewer than 6 takes the
// next one, and a further manager is made only when every one carries 6 (up to maxManagers; beyond that
// the least loaded queues it). A manager with nothing under way closes its kept-alive connections at
// the next sweep (every idleSweepMs), so the connections a client holds follow what it needed lately, not
// the most it ever needed (a daemon's open descriptors stay flat under a steady load).
// Lives on its owner's thread.
#pragma once

#include <QObject>

#include <functional>
#include <vector>

class QNetworkAccessManager;
class QTimer;

namespace eos {

class NamPool : public QObject {
    Q_OBJECT
public:
    static constexpr int kPerManager = 6;  // QNetworkAccessManager's HTTP/1.1 connections per host

    // configure runs on each manager made (redirect policy, …)
    explicit NamPool(int maxManagers, std::function<void(QNetworkAccessManager *)> configure = {},
                     int idleSweepMs = 30000, QObject *parent = nullptr);

    struct Lease {
        QNetworkAccessManager *nam = nullptr;
        size_t index = 0;
    };
    Lease acquire();             // counts one request under way on the manager it returns
    void release(size_t index);  // that request is over

    int managers() const { return int(m_nams.size()); }
    int load(size_t index) const { return index < m_load.size() ? m_load[index] : 0; }
    const std::vector<QNetworkAccessManager *> &all() const { return m_nams; }

    // Managers with nothing under way close their kept-alive connections; returns how many did.
    int sweepIdle();

private:
    QNetworkAccessManager *make();

    int m_maxManagers;
    std::function<void(QNetworkAccessManager *)> m_configure;
    std::vector<QNetworkAccessManager *> m_nams;
    std::vector<int> m_load;
    QTimer *m_sweep = nullptr;
};

}  // namespace eos
