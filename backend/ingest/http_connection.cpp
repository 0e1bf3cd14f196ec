#include "ingest/http_connection.h"

#include <QDateTime>
#include <QLocale>
#include <QSslSocket>
#include <QTcpSocket>

#include <chrono>
#include <ctime>

#include <sys/socket.h>

namespace eos {
namespace {

constexpr qsizetype kReadChunk = 64 * 1024;
constexpr qint64 kReadBuffer = 4 * kReadChunk;  // the socket's own buffer, bounded
// After answering a request whose body was not read (401/413/… decided on the headers), closing at
// once would make the kernel reset the connection because of the unread bytes, and a reset can
// destroy our answer before the client reads it. So the connection "lingers": our side is shut down
// (FIN after the answer), up to kLingerMaxBytes more are read and thrown away, then reading stops
// (TCP flow control holds the client back) until the client closes or kLingerMaxMs pass.
constexpr qint64 kLingerMaxBytes = 256 * 1024;
constexpr int kLingerMaxMs = 2000;

// "Date:" header value, formatted once per second per thread.
QByteArray httpDate()
{
    thread_local std::time_t cachedAt = 0;
    thread_local QByteArray cached;
    const std::time_t now = std::time(nullptr);
    if (now != cachedAt) {
        cachedAt = now;
        cached = QLocale::c()
                     .toString(QDateTime::fromSecsSinceEpoch(now, Qt::UTC), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
                     .toLatin1();
    }
    return cached;
}

}  // namespace

qint64 HttpConnection::nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

const char *HttpConnection::reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

HttpConnection::HttpConnection(QTcpSocket *socket, HttpHandler *handler, Options options, QObject *parent)
    : QObject(parent), m_socket(socket), m_handler(handler), m_opt(options), m_parser(options.limits),
      m_handle(std::make_shared<HttpConnectionHandle>())
{
    m_handle->connection = this;
    m_socket->setParent(this);
    m_plainTcp = qobject_cast<QSslSocket *>(socket) == nullptr;
}

HttpConnection::~HttpConnection()
{
    std::lock_guard lock(m_handle->mutex);
    m_handle->connection = nullptr;
}

void HttpConnection::begin()
{
    // bounded read buffer: a client that sends faster than we handle requests is slowed by TCP
    m_socket->setReadBufferSize(kReadBuffer);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(m_socket, &QIODevice::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QAbstractSocket::disconnected, this, [this] {
        if (m_state == State::Closed) return;
        m_state = State::Closed;
        m_handler->onClosed(this);
    });
    connect(m_socket, &QIODevice::bytesWritten, this, [this] {
        if (m_state == State::Lingering && m_plainTcp && !m_writeShutDown && m_socket->bytesToWrite() == 0) {
            // everything we answered is with the kernel: tell the client we are done, keep reading
            // (and discarding) for a moment so unread request bytes do not turn into a reset that
            // could destroy the answer before the client reads it
            m_writeShutDown = true;
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        }
    });
    armIdleDeadline();
    // a new connection owes its first request head within the header deadline (slowloris holds slots
    // by connecting and then sending nothing, or a byte now and then)
    m_deadlineMs = nowMs() + std::min(m_opt.headerTimeoutMs, m_opt.timeoutMs);
    if (m_socket->bytesAvailable() > 0) processInput();
}

void HttpConnection::armIdleDeadline()
{
    m_requestStarted = false;
    m_deadlineMs = nowMs() + m_opt.timeoutMs;
}

void HttpConnection::onReadyRead()
{
    if (m_state == State::Reading) {
        processInput();
    } else if (m_state == State::Lingering) {
        if (m_lingerDiscarded < kLingerMaxBytes) m_lingerDiscarded += m_socket->skip(m_socket->bytesAvailable());
    }
    // Waiting: leave the bytes in the (bounded) socket buffer until the answer is out
}

bool HttpConnection::readSome()
{
    const qint64 avail = m_socket->bytesAvailable();
    if (avail <= 0) return false;
    const qsizetype n = qsizetype(std::min<qint64>(avail, kReadChunk));
    char *p = m_parser.appendSpace(n);
    const qint64 got = m_socket->read(p, n);
    m_parser.commitAppend(qsizetype(std::max<qint64>(got, 0)));
    if (got > 0 && !m_requestStarted && m_parser.started()) {
        // a request began: its head has a short deadline of its own, the whole request a longer one
        m_requestStarted = true;
        m_requestStartMs = nowMs();
        const qint64 head = m_requestStartMs + std::min(m_opt.headerTimeoutMs, m_opt.timeoutMs);
        // the first request of a connection also keeps the deadline it got at connect
        m_deadlineMs = m_serial == 0 && m_deadlineMs > 0 ? std::min(m_deadlineMs, head) : head;
    }
    return got > 0;
}

void HttpConnection::processInput()
{
    if (m_inProcess) return;
    m_inProcess = true;
    while (m_state == State::Reading) {
        const auto st = m_parser.advance();
        if (st == HttpRequestParser::Status::NeedMore) {
            if (!readSome()) break;
            continue;
        }
        if (st == HttpRequestParser::Status::Error) {
            const QByteArray msg = QByteArray(R"({"error":")") + m_parser.errorMessage() + "\"}";
            m_bodyPending = true;  // whatever follows is unread
            m_handler->onProtocolError(this, m_parser.errorStatus());
            respondJson(m_parser.errorStatus(), msg);
            break;
        }
        if (st == HttpRequestParser::Status::HeadersComplete) {
            m_bodyPending = true;
            m_deadlineMs = (m_requestStarted ? m_requestStartMs : nowMs()) + m_opt.timeoutMs;
            if (!m_handler->onHeaders(this)) break;  // answered (and closing)
            if (m_parser.expectContinue()) m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            continue;
        }
        // Complete
        m_bodyPending = false;
        m_state = State::Waiting;
        m_deadlineMs = 0;  // the ingest stage always answers; no client deadline while it works
        ++m_serial;
        m_handler->onRequest(this);  // may respond right away; then the loop goes on (pipelining)
    }
    m_inProcess = false;
}

void HttpConnection::respond(int status, QByteArrayView contentType, QByteArrayView body, QByteArrayView extraHeaders)
{
    if (m_state != State::Reading && m_state != State::Waiting) return;
    const bool close = status >= 400 || m_bodyPending || !m_parser.keepAlive() || m_closeWhenIdle;
    m_out.resize(0);
    m_out.append("HTTP/1.1 ").append(QByteArray::number(status)).append(' ').append(reasonPhrase(status)).append("\r\n");
    m_out.append("Date: ").append(httpDate()).append("\r\n");
    if (status != 204) {
        if (!contentType.isEmpty()) m_out.append("Content-Type: ").append(contentType).append("\r\n");
        m_out.append("Content-Length: ").append(QByteArray::number(body.size())).append("\r\n");
    }
    if (close) m_out.append("Connection: close\r\n");
    else if (m_parser.versionMinor() == 0) m_out.append("Connection: keep-alive\r\n");
    m_out.append(extraHeaders);
    m_out.append("\r\n");
    if (status != 204) m_out.append(body);
    m_socket->write(m_out);
    m_socket->flush();  // on the wire now, not at the socket's next write notification (a turn of the event loop)

    if (close) {
        startClosing();
        return;
    }
    m_parser.reset();
    m_state = State::Reading;
    armIdleDeadline();
    if (m_closeWhenIdle && !m_parser.started()) {
        startClosing();
        return;
    }
    if (!m_inProcess) processInput();  // an asynchronous answer: go on with buffered/pipelined bytes
}

void HttpConnection::startClosing()
{
    // Is the client still sending? (a refused body, or our read buffer full so the kernel may hold
    // more). Bytes we already read do not matter: only unread ones turn a close into a reset.
    const bool unread = m_parser.bodyStillExpected() || m_socket->bytesAvailable() >= kReadBuffer;
    m_parser.clear();
    m_state = State::Lingering;
    m_deadlineMs = nowMs() + std::min(m_opt.timeoutMs, kLingerMaxMs);
    if (!unread) {
        m_socket->disconnectFromHost();  // orderly close once the answer is written
        return;
    }
    if (m_plainTcp) {
        m_socket->flush();
        if (m_socket->bytesToWrite() == 0 && !m_writeShutDown) {
            m_writeShutDown = true;
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        }
        onReadyRead();  // discard what is already buffered
    } else {
        m_socket->disconnectFromHost();  // TLS: close_notify after the pending answer
    }
}

void HttpConnection::finishLinger()
{
    if (m_state == State::Closed) return;
    abort();
}

void HttpConnection::abort()
{
    if (m_state == State::Closed) return;
    m_socket->abort();
    if (m_state != State::Closed) {
        m_state = State::Closed;
        m_handler->onClosed(this);
    }
}

void HttpConnection::checkDeadline(qint64 now)
{
    if (m_deadlineMs == 0 || now < m_deadlineMs) return;
    switch (m_state) {
    case State::Reading:
        if (m_requestStarted) {
            m_bodyPending = true;
            respondJson(408, R"({"error":"request not completed in time"})");
        } else {
            abort();  // idle keep-alive connection
        }
        break;
    case State::Lingering: finishLinger(); break;
    default: break;
    }
}

void HttpConnection::closeWhenIdle()
{
    m_closeWhenIdle = true;
    if (m_state == State::Reading && !m_requestStarted && !m_parser.started()) abort();
}

}  // namespace eos
