// NamPool: requests packed onto as few access managers as hold them (6 each), a further manager only
// when every one is full, and idle managers' kept-alive connections closed by the sweep — counted at a
// local HTTP server that sees every connection open and close.
#include "clients/nam_pool.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <vector>

using eos::NamPool;

namespace {

int threadCount() { return int(QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size()); }

// Minimal HTTP/1.1 server: keeps connections alive, answers each request 200 "{}" at once or, while
// holding, when release() is called. Counts the connections open right now.
class CountingServer : public QObject {
public:
    CountingServer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                ++open;
                ++opened;
                connect(s, &QTcpSocket::disconnected, this, [this, s] {
                    --open;
                    m_held.erase(std::remove(m_held.begin(), m_held.end(), QPointer<QTcpSocket>(s)), m_held.end());
                    s->deleteLater();
                });
                connect(s, &QTcpSocket::readyRead, this, [this, s] { readFrom(s); });
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/x").arg(m_server.serverPort())); }
    void release()
    {
        hold = false;
        for (const auto &s : m_held)
            if (s) answer(s);
        m_held.clear();
    }

    bool hold = false;
    int open = 0;
    int opened = 0;
    int requests = 0;

private:
    void readFrom(QTcpSocket *s)
    {
        QByteArray &buf = m_buf[s];
        buf += s->readAll();
        for (;;) {
            const qsizetype head = buf.indexOf("\r\n\r\n");
            if (head < 0) return;
            qsizetype length = 0;
            for (const QByteArray &line : buf.left(head).split('\n'))
                if (line.toLower().startsWith("content-length:")) length = line.mid(15).trimmed().toLongLong();
            if (buf.size() < head + 4 + length) return;
            buf.remove(0, head + 4 + length);
            ++requests;
            if (hold) m_held.push_back(s);
            else answer(s);
        }
    }
    static void answer(QTcpSocket *s) { s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"); }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buf;
    std::vector<QPointer<QTcpSocket>> m_held;
};

}  // namespace

class TestNamPool : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void packsBeforeMakingManagers()
    {
        NamPool pool(3, {}, 0);
        std::vector<NamPool::Lease> leases;
        for (int i = 0; i < 6; ++i) leases.push_back(pool.acquire());
        QCOMPARE(pool.managers(), 1);
        for (const auto &l : leases) QCOMPARE(l.index, size_t(0));
        leases.push_back(pool.acquire());  // the 7th: a second manager
        QCOMPARE(pool.managers(), 2);
        QCOMPARE(leases.back().index, size_t(1));
        QCOMPARE(pool.load(0), 6);
        QCOMPARE(pool.load(1), 1);
        pool.release(0);  // a slot on the first again: it takes the next one
        QCOMPARE(pool.acquire().index, size_t(0));
        for (int i = 0; i < 11; ++i) pool.acquire();  // 7 + 11: 6 + 6 + 6, the most without queueing
        QCOMPARE(pool.managers(), 3);
        QCOMPARE(pool.load(0) + pool.load(1) + pool.load(2), 18);
        // all full and no more managers allowed: the least loaded queues it
        QCOMPARE(pool.load(2), 6);
        const auto extra = pool.acquire();
        QCOMPARE(pool.managers(), 3);
        QCOMPARE(pool.load(extra.index), 7);
        pool.release(5);  // out of range: ignored
        QCOMPARE(pool.load(0) + pool.load(1) + pool.load(2), 19);
    }

    void configureRunsOnEveryManager()
    {
        int configured = 0;
        NamPool pool(2, [&configured](QNetworkAccessManager *nam) {
            ++configured;
            nam->setRedirectPolicy(QNetworkRequest::SameOriginRedirectPolicy);
        }, 0);
        for (int i = 0; i < 7; ++i) pool.acquire();
        QCOMPARE(configured, 2);
        for (QNetworkAccessManager *nam : pool.all()) QCOMPARE(nam->redirectPolicy(), QNetworkRequest::SameOriginRedirectPolicy);
    }

    // Nine requests at once open nine connections (6 + 3). Once answered they stay open (kept alive);
    // a sweep closes those of managers with nothing under way, and keeps those of a busy one.
    void idleManagersCloseTheirConnections()
    {
        CountingServer server;
        QVERIFY(server.listen());
        NamPool pool(4, {}, 0);
        const int threadsBefore = threadCount();
        int finished = 0;
        auto post = [&] {
            const NamPool::Lease lease = pool.acquire();
            QNetworkReply *reply = lease.nam->post(QNetworkRequest(server.url()), QByteArrayLiteral("{\"a\":1}"));
            connect(reply, &QNetworkReply::finished, this, [&, reply, n = lease.index] {
                pool.release(n);
                ++finished;
                reply->deleteLater();
            });
        };
        server.hold = true;
        for (int i = 0; i < 9; ++i) post();
        QTRY_COMPARE_WITH_TIMEOUT(server.requests, 9, 10000);
        QCOMPARE(server.open, 9);
        QCOMPARE(pool.managers(), 2);
        QCOMPARE(pool.sweepIdle(), 0);  // both busy: nothing closed
        server.release();
        QTRY_COMPARE_WITH_TIMEOUT(finished, 9, 10000);
        QCOMPARE(server.open, 9);  // kept alive for the next requests

        // one request under way on the first manager, none on the second
        server.hold = true;
        post();
        QTRY_COMPARE_WITH_TIMEOUT(server.requests, 10, 10000);
        QCOMPARE(pool.load(0), 1);
        QCOMPARE(pool.sweepIdle(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(server.open, 6, 10000);  // the second manager's 3 closed, the first's 6 kept
        server.release();
        QTRY_COMPARE_WITH_TIMEOUT(finished, 10, 10000);
        QCOMPARE(pool.sweepIdle(60000), 0);  // not idle that long yet
        QCOMPARE(pool.sweepIdle(), 1);       // the first; the second was closed already and not used since
        QTRY_COMPARE_WITH_TIMEOUT(server.open, 0, 10000);
        // each manager ran its HTTP on a thread of its own: gone with its connections
        QTRY_COMPARE_WITH_TIMEOUT(threadCount(), threadsBefore, 10000);
        const int openedBefore = server.opened;
        post();  // a request after the sweep opens a fresh connection and is answered
        QTRY_COMPARE_WITH_TIMEOUT(finished, 11, 10000);
        QCOMPARE(server.opened, openedBefore + 1);
    }

    // The sweep runs by itself on its timer.
    void sweepsOnItsTimer()
    {
        CountingServer server;
        QVERIFY(server.listen());
        NamPool pool(1, {}, 200);
        const NamPool::Lease lease = pool.acquire();
        QNetworkReply *reply = lease.nam->post(QNetworkRequest(server.url()), QByteArrayLiteral("{}"));
        bool done = false;
        connect(reply, &QNetworkReply::finished, this, [&] {
            pool.release(lease.index);
            done = true;
            reply->deleteLater();
        });
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(server.opened, 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(server.open, 0, 10000);
    }
};

QTEST_GUILESS_MAIN(TestNamPool)
#include "test_nam_pool.moc"
