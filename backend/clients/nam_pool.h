// NamPool: the QNetworkAccessManagers a client spreads its requests over. A manager keeps at most 6
// HTTP/1.1 connections per host alive and queues further requests, so a client that wants more requests
// under way at once needs several. Requests are packed: the first manager carrying fewer than 6 takes the
// next one, and a further manager is made only when every one carries 6 (up to maxManagers; beyond that
// the least loaded queues it). A manager that has had nothing under way for idleCloseMs closes its
// kept-alive connections (checked every idleCloseMs / 2), so the connections a client holds follow what it
// needed in the last seconds (a burst of 64 LLM requests opens 64 connections on 11 managers), not
// the most it ever needed (a daemon's open descriptors stay flat under a steady load). Each manager that
// has made HTTP requests also runs a thread of its own until its connections are closed.
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
                     int idleCloseMs = 5000, QObject *parent = nullptr);  // 0: no timer (sweepIdle() by hand)

    struct Lease {
        QNetworkAccessManager *nam = nullptr;
        size_t index = 0;
    };
    Lease acquire();             // counts one request under way on the manager it returns
    void release(size_t index);  // that request is over

    int managers() const { return int(m_nams.size()); }
    int load(size_t index) const { return index < m_load.size() ? m_load[index] : 0; }
    const std::vector<QNetworkAccessManager *> &all() const { return m_nams; }

    // Managers with nothing under way for at least idleForMs close their kept-alive connections (once per
    // idle spell); returns how many did.
    int sweepIdle(qint64 idleForMs = 0);

private:
    QNetworkAccessManager *make();

    int m_maxManagers;
    std::function<void(QNetworkAccessManager *)> m_configure;
    std::vector<QNetworkAccessManager *> m_nams;
    std::vector<int> m_load;
    std::vector<qint64> m_idleSince;  // ms (steady clock) since its load is 0; -1: busy, or closed since
    int m_idleCloseMs = 0;
    QTimer *m_sweep = nullptr;
};

}  // namespace eos
