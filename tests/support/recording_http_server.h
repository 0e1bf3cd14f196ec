// Test helper: a small real HTTP/1.1 server (QTcpServer) that records every request and answers from a
// script (status, headers, body; or never, to provoke client time-outs), or from a handler that looks at
// the request. Speaks HTTPS after useTls(). Lives on the test's thread: wait with QTRY_* so its events
// run. Header-only, no Q_OBJECT (lambda connections).
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

#include <functional>
#include <memory>

namespace eos::test {

namespace detail {
// A QTcpServer that, once given a TLS configuration, hands out server-side QSslSockets.
class MaybeTlsServer : public QTcpServer {
public:
    bool tls = false;
    QSslConfiguration tlsConfiguration;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        if (!tls) {
            QTcpServer::incomingConnection(descriptor);
            return;
        }
        auto *sock = new QSslSocket(this);
        if (!sock->setSocketDescriptor(descriptor)) {
            delete sock;
            return;
        }
        sock->setSslConfiguration(tlsConfiguration);
        addPendingConnection(sock);
        sock->startServerEncryption();
    }
};
}  // namespace detail

class RecordingHttpServer {
public:
    struct Request {
        QByteArray method, path;
        QHash<QByteArray, QByteArray> headers;  // lower-case names
        QByteArray body;
        qint64 atMs = 0;  // since listen()
    };
    struct Reply {
        int status = 202;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body = "{\"status\":\"accepted\"}";
        bool hang = false;  // read the request, never answer

        // A JSON answer (the body compact), as the scripted servers of the Wazuh, Slack and Jira tests give
        static Reply json(int status, const QJsonObject &body, QList<QPair<QByteArray, QByteArray>> headers = {})
        {
            Reply r;
            r.status = status;
            r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
            r.headers = std::move(headers);
            return r;
        }
    };

    RecordingHttpServer()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
            while (QTcpSocket *sock = m_server.nextPendingConnection()) {
                auto buf = std::make_shared<QByteArray>();
                QObject::connect(sock, &QTcpSocket::disconnected, sock, &QObject::deleteLater);
                QObject::connect(sock, &QTcpSocket::readyRead, sock, [this, sock, buf] {
                    buf->append(sock->readAll());
                    handle(sock, buf.get());
                });
            }
        });
    }

    bool listen()
    {
        m_clock.start();
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }
    QString url(const QString &path = QStringLiteral("/wazuh_alert")) const
    {
        return QStringLiteral("%1://127.0.0.1:%2%3").arg(QLatin1String(m_server.tls ? "https" : "http")).arg(port()).arg(path);
    }
    // HTTPS from now on, with this certificate and its key (call before listen()).
    void useTls(const QSslCertificate &certificate, const QSslKey &key)
    {
        QSslConfiguration c = QSslConfiguration::defaultConfiguration();
        c.setLocalCertificate(certificate);
        c.setPrivateKey(key);
        c.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_server.tlsConfiguration = c;
        m_server.tls = true;
    }
    // Replies used in order; after the script runs out, handler(request) when set, else defaultReply.
    QList<Reply> script;
    Reply defaultReply;
    std::function<Reply(const Request &)> handler;
    QList<Request> requests;

private:
    void handle(QTcpSocket *sock, QByteArray *buf)
    {
        const auto headerEnd = buf->indexOf("\r\n\r\n");
        if (headerEnd < 0) return;
        Request r;
        const QList<QByteArray> lines = buf->left(headerEnd).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        r.method = first.value(0);
        r.path = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const auto colon = lines[i].indexOf(':');
            if (colon > 0) r.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length", "0").toLongLong();
        if (buf->size() < headerEnd + 4 + length) return;  // body not complete yet
        r.body = buf->mid(headerEnd + 4, length);
        buf->remove(0, headerEnd + 4 + length);
        r.atMs = m_clock.elapsed();
        requests.append(r);
        const Reply reply = !script.isEmpty() ? script.takeFirst() : handler ? handler(r) : defaultReply;
        if (reply.hang) return;
        QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + " Scripted\r\n";
        for (const auto &h : reply.headers) out += h.first + ": " + h.second + "\r\n";
        out += "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " +
               QByteArray::number(reply.body.size()) + "\r\n\r\n" + reply.body;
        sock->write(out);
        sock->disconnectFromHost();
    }

    detail::MaybeTlsServer m_server;
    QElapsedTimer m_clock;
};

}  // namespace eos::test
