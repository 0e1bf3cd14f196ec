// Test helper: a TCP proxy in front of a server (PostgreSQL over loopback) that can "black-hole": while
// set, it keeps every connection open and accepts new ones but forwards nothing in either direction,
// as a network path that silently drops packets does (no RST, no FIN: the client just waits). Cleared,
// it delivers what it held and forwards again. Runs on its own thread.
#pragma once

#include <QString>

#include <memory>

class QThread;

namespace eos::test {

class BlackHoleProxy {
public:
    BlackHoleProxy(const QString &targetHost, quint16 targetPort);
    ~BlackHoleProxy();
    BlackHoleProxy(const BlackHoleProxy &) = delete;
    BlackHoleProxy &operator=(const BlackHoleProxy &) = delete;

    quint16 port() const;  // where clients connect (127.0.0.1)
    void setBlackHole(bool on);
    bool isBlackHole() const;
    int connectionsAccepted() const;

    class Worker;

private:
    std::unique_ptr<QThread> m_thread;
    Worker *m_worker = nullptr;
};

}  // namespace eos::test
