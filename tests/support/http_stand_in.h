// Test and benchmark helper: the common part of the local stand-ins for dispatch targets (Slack, Jira,
// StackStorm, webhooks). A real HTTP server (QHttpServer on 127.0.0.1) that records every request and
// answers through answer() (each stand-in speaks its service's protocol), after delayMs when set (the
// benchmark's 50 ms services), or answers the next failures from a script (429 with Retry-After, 5xx),
// or holds every answer (hang) so a test can kill a daemon in the middle of a send. Lives on the
// creating thread: tests wait with QTRY_* so it can answer.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QHttpServer>
#include <QJsonObject>
#include <QList>
#include <QUrl>
#include <QUrlQuery>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QHttpServerResponder;

namespace eos::test {

class HttpStandIn {
public:
    struct Request {
        QByteArray method;
        QString path;
        QUrlQuery query;
        QHash<QByteArray, QByteArray> headers;  // lower-case names
        QByteArray body;
        QJsonObject json;                        // the body, when it is a JSON object
        qint64 atMs = 0;                         // since listen()
    };
    struct Reply {
        int status = 200;
        QByteArray body;
        QByteArray contentType = "application/json";
        QList<QPair<QByteArray, QByteArray>> headers;
    };

    HttpStandIn();
    virtual ~HttpStandIn();
    bool listen(quint16 port = 0);  // 0: any free port (a fault test reserves one and listens late: "down")
    QUrl url(const QString &path = {}) const;

    int delayMs = 0;                       // every answer after this long
    void setHang(bool hang);               // hold every answer until setHang(false)
    // the next n requests get this answer instead of the service's own
    void failNext(int n, int status, const QByteArray &retryAfter = {}, const QByteArray &body = {});

    QList<Request> requests;               // every request, in arrival order
    std::atomic<int> answered{0};
    int held() const { return int(m_held.size()); }

protected:
    virtual Reply answer(const Request &request) = 0;
    qint64 elapsedMs() const { return m_clock.elapsed(); }

private:
    void handle(const QHttpServerRequest &req, QHttpServerResponder &&responder);
    static void write(QHttpServerResponder &r, const Reply &reply);

    QHttpServer m_server;
    quint16 m_port = 0;
    QElapsedTimer m_clock;
    bool m_hang = false;
    std::vector<std::function<void()>> m_held;
    QList<Reply> m_script;
};

}  // namespace eos::test
