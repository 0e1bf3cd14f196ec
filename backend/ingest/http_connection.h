// One client connection of the alert listener: reads requests with HttpRequestParser, hands them to
// the HttpHandler (the listener), writes responses, keeps the connection alive between good requests
// and closes it after errors. Requests on one connection are answered in order: while one is waiting
// for its answer (e.g. the ingest stage making it durable) no further bytes are read, so a pipelining
// or flooding client is held back by TCP flow control instead of our memory (the socket's read buffer
// is bounded). Deadlines are checked by the listener's sweep timer (one timer for all connections).
#pragma once

#include "ingest/http_request_parser.h"

#include <QByteArray>
#include <QObject>

#include <memory>
#include <mutex>

class QTcpSocket;

namespace eos {

class HttpConnection;

// Lets code on another thread (the ingest sink's `done`) reach a connection that may be gone:
// lock `mutex`, and post to `connection` only when it is still set. The connection clears it when
// it is destroyed; an event posted to it before then is dropped by Qt with it.
struct HttpConnectionHandle {
    std::mutex mutex;
    HttpConnection *connection = nullptr;
};

class HttpHandler {
public:
    virtual ~HttpHandler() = default;
    // Headers are complete, no body read yet. Return false after answering (e.g. 401/404/413): the
    // connection closes without reading the body.
    virtual bool onHeaders(HttpConnection *c) = 0;
    // The whole request is there; answer now or later with respond() (from the connection's thread).
    virtual void onRequest(HttpConnection *c) = 0;
    virtual void onClosed(HttpConnection *c) = 0;
    // The parser refused the request (status 400/413/431/501/505); the connection answers it itself.
    virtual void onProtocolError(HttpConnection *c, int status) = 0;
};

class HttpConnection : public QObject {
    Q_OBJECT
public:
    struct Options {
        HttpRequestParser::Limits limits;
        int timeoutMs = 10000;       // a whole request (head and body), and idle keep-alive
        int headerTimeoutMs = 3000;  // the request head, from its first byte (or from connect, for the first request)
    };
    HttpConnection(QTcpSocket *socket, HttpHandler *handler, Options options, QObject *parent = nullptr);
    ~HttpConnection() override;

    void begin();  // starts reading
    const HttpRequestParser &request() const { return m_parser; }
    // Identifies the request being answered (a late answer for an earlier one is ignored).
    quint64 requestSerial() const { return m_serial; }
    std::shared_ptr<HttpConnectionHandle> handle() const { return m_handle; }
    QTcpSocket *socket() const { return m_socket; }
    bool isWaiting() const { return m_state == State::Waiting; }

    // extraHeaders: complete "Name: value\r\n" lines. Statuses >= 400 close the connection.
    void respond(int status, QByteArrayView contentType, QByteArrayView body, QByteArrayView extraHeaders = {});
    void respondJson(int status, QByteArrayView json, QByteArrayView extraHeaders = {})
    {
        respond(status, "application/json", json, extraHeaders);
    }

    // Called by the listener's sweep timer with the monotonic clock in ms.
    void checkDeadline(qint64 nowMs);
    // Shutdown: close now if idle, else after the current request has been answered.
    void closeWhenIdle();
    void abort();

    static const char *reasonPhrase(int status);
    static qint64 nowMs();  // monotonic clock used for deadlines

private:
    enum class State { Reading, Waiting, Lingering, Closed };
    void onReadyRead();
    void processInput();
    bool readSome();
    void startClosing();
    void finishLinger();
    void armIdleDeadline();

    QTcpSocket *m_socket;
    HttpHandler *m_handler;
    Options m_opt;
    HttpRequestParser m_parser;
    std::shared_ptr<HttpConnectionHandle> m_handle;
    QByteArray m_out;
    State m_state = State::Reading;
    quint64 m_serial = 0;
    qint64 m_deadlineMs = 0;  // 0: none
    qint64 m_requestStartMs = 0;
    qint64 m_lingerDiscarded = 0;
    bool m_requestStarted = false;
    bool m_bodyPending = false;
    bool m_closeWhenIdle = false;
    bool m_inProcess = false;
    bool m_plainTcp = true;
    bool m_writeShutDown = false;
};

}  // namespace eos
