// A TCP port on 127.0.0.1 for a server a test starts later (an embedded PostgreSQL, a daemon's listener), or
// stops and starts again on the same port: free now, and below the kernel's ephemeral range
// (ip_local_port_range), so that meanwhile no client socket of a test running beside it takes it as its
// local port. (A port from bind(0) is ephemeral: PostgreSQL once failed to start on one with "Address
// already in use".) Header-only.
#pragma once

#include <QFile>
#include <QHostAddress>
#include <QTcpServer>

#include <algorithm>
#include <random>

namespace eos::test {

inline int freePort()
{
    static std::mt19937 rng{std::random_device{}()};
    int ephemeralLow = 32768;
    QFile range(QStringLiteral("/proc/sys/net/ipv4/ip_local_port_range"));
    if (range.open(QIODevice::ReadOnly)) {
        const int low = range.readAll().simplified().split(' ').value(0).toInt();
        if (low > 2048) ephemeralLow = low;
    }
    std::uniform_int_distribution<int> pick(std::max(1024, ephemeralLow - 12000), ephemeralLow - 1);
    for (int attempt = 0; attempt < 200; ++attempt) {
        const int port = pick(rng);
        QTcpServer s;
        if (s.listen(QHostAddress::LocalHost, quint16(port))) return port;
    }
    QTcpServer s;  // (every pick taken: an ephemeral one rather than none)
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

}  // namespace eos::test
