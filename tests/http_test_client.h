// Minimal blocking HTTP/1.1 client for the listener tests: writes raw requests on a QTcpSocket (or
// QSslSocket) and reads one response (status, headers, Content-Length body). Deliberately separate
// from the server's parser, so a bug there cannot hide itself.
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace eos::test {

struct HttpReply {
    int status = 0;  // 0: no (complete) response
    QHash<QByteArray, QByteArray> headers;  // lower-case names
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

inline QByteArray postRequest(const QByteArray &path, const QByteArray &body, const QByteArray &token,
                              const QByteArray &extra = {})
{
    QByteArray r = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
    if (!token.isNull()) r += "X-Auth-Token: " + token + "\r\n";
    return r + extra + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// Reads exactly one response (leaves any following bytes in `pending`).
inline HttpReply readReply(QTcpSocket &s, QByteArray *pending, int timeoutMs = 10000)
{
    HttpReply r;
    QElapsedTimer t;
    t.start();
    auto more = [&] {
        if (s.bytesAvailable() == 0 && !s.waitForReadyRead(int(std::max<qint64>(1, timeoutMs - t.elapsed())))) return false;
        *pending += s.readAll();
        return true;
    };
    qsizetype he;
    for (;;) {
        he = pending->indexOf("\r\n\r\n");
        if (he >= 0) {
            // skip interim 1xx answers
            if (pending->startsWith("HTTP/1.1 1")) {
                pending->remove(0, he + 4);
                continue;
            }
            break;
        }
        if (!more()) return r;
    }
    const QList<QByteArray> lines = pending->left(he).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const auto c = lines[i].indexOf(':');
        if (c > 0) r.headers.insert(lines[i].left(c).trimmed().toLower(), lines[i].mid(c + 1).trimmed());
    }
    const qsizetype len = r.headers.value("content-length", "0").toLongLong();
    while (pending->size() < he + 4 + len)
        if (!more()) return r;
    r.status = lines[0].mid(9, 3).toInt();
    r.body = pending->mid(he + 4, len);
    pending->remove(0, he + 4 + len);
    return r;
}

inline HttpReply exchange(QTcpSocket &s, const QByteArray &request, int timeoutMs = 10000)
{
    QByteArray pending;
    s.write(request);
    return readReply(s, &pending, timeoutMs);
}

// True when the peer closes the connection within timeoutMs.
inline bool waitClosed(QTcpSocket &s, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (s.state() == QAbstractSocket::ConnectedState && t.elapsed() < timeoutMs) {
        s.waitForReadyRead(int(std::max<qint64>(1, timeoutMs - t.elapsed())));
        s.readAll();
    }
    return s.state() != QAbstractSocket::ConnectedState;
}

}  // namespace eos::test
