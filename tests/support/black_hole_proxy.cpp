#include "black_hole_proxy.h"

#include <QHostAddress>
#include <QPointer>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <atomic>

namespace eos::test {

class BlackHoleProxy::Worker : public QObject {
public:
    Worker(QString host, quint16 port) : m_host(std::move(host)), m_targetPort(port) {}

    void listen()
    {
        m_server = new QTcpServer(this);
        m_server->listen(QHostAddress::LocalHost, 0);
        m_port = m_server->serverPort();
        connect(m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server->nextPendingConnection()) accept(client);
        });
    }
    void setBlackHole(bool on)
    {
        m_blackHole = on;
        if (!on)
            for (auto &p : m_pairs) flush(p);
    }

    std::atomic<quint16> m_port{0};
    std::atomic<bool> m_blackHole{false};
    std::atomic<int> m_accepted{0};

private:
    struct Pair {
        QPointer<QTcpSocket> client, server;
        QByteArray toServer, toClient;
    };
    void accept(QTcpSocket *client)
    {
        ++m_accepted;
        auto *server = new QTcpSocket(this);
        client->setParent(this);
        const int i = int(m_pairs.size());
        m_pairs.push_back({client, server, {}, {}});
        connect(client, &QTcpSocket::readyRead, this, [this, i] {
            Pair &p = m_pairs[size_t(i)];
            p.toServer += p.client->readAll();
            flush(p);
        });
        connect(server, &QTcpSocket::readyRead, this, [this, i] {
            Pair &p = m_pairs[size_t(i)];
            p.toClient += p.server->readAll();
            flush(p);
        });
        connect(server, &QTcpSocket::connected, this, [this, i] { flush(m_pairs[size_t(i)]); });
        auto close = [this, i] {
            Pair &p = m_pairs[size_t(i)];
            if (p.client) p.client->disconnectFromHost();
            if (p.server) p.server->disconnectFromHost();
        };
        connect(client, &QTcpSocket::disconnected, this, close);
        connect(server, &QTcpSocket::disconnected, this, close);
        server->connectToHost(m_host, m_targetPort);
    }
    void flush(Pair &p)
    {
        if (m_blackHole) return;
        if (p.server && p.server->state() == QAbstractSocket::ConnectedState && !p.toServer.isEmpty()) {
            p.server->write(p.toServer);
            p.toServer.clear();
        }
        if (p.client && p.client->state() == QAbstractSocket::ConnectedState && !p.toClient.isEmpty()) {
            p.client->write(p.toClient);
            p.toClient.clear();
        }
    }

    QString m_host;
    quint16 m_targetPort;
    QTcpServer *m_server = nullptr;
    std::vector<Pair> m_pairs;
};

BlackHoleProxy::BlackHoleProxy(const QString &targetHost, quint16 targetPort)
    : m_thread(std::make_unique<QThread>())
{
    m_thread->setObjectName(QStringLiteral("black-hole-proxy"));
    m_worker = new Worker(targetHost, targetPort);
    m_worker->moveToThread(m_thread.get());
    QObject::connect(m_thread.get(), &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
    QSemaphore ready;
    QMetaObject::invokeMethod(m_worker, [this, &ready] {
        m_worker->listen();
        ready.release();
    }, Qt::QueuedConnection);
    ready.acquire();
}

BlackHoleProxy::~BlackHoleProxy()
{
    m_thread->quit();
    m_thread->wait();
}

quint16 BlackHoleProxy::port() const { return m_worker->m_port; }
bool BlackHoleProxy::isBlackHole() const { return m_worker->m_blackHole; }
int BlackHoleProxy::connectionsAccepted() const { return m_worker->m_accepted; }

void BlackHoleProxy::setBlackHole(bool on)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, on] { w->setBlackHole(on); }, Qt::BlockingQueuedConnection);
}

}  // namespace eos::test
