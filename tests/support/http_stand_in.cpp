#include "http_stand_in.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace eos::test {

HttpStandIn::HttpStandIn()
{
    m_server.setMissingHandler([this](const QHttpServerRequest &req, QHttpServerResponder &&responder) {
        handle(req, std::move(responder));
    });
}

HttpStandIn::~HttpStandIn() { m_held.clear(); }

bool HttpStandIn::listen(quint16 port)
{
    m_clock.start();
    m_port = m_server.listen(QHostAddress::LocalHost, port);
    return m_port != 0;
}

QUrl HttpStandIn::url(const QString &path) const { return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)); }

void HttpStandIn::setHang(bool hang)
{
    m_hang = hang;
    if (!hang) {
        auto held = std::move(m_held);
        m_held.clear();
        for (auto &f : held) f();
    }
}

void HttpStandIn::failNext(int n, int status, const QByteArray &retryAfter, const QByteArray &body)
{
    for (int i = 0; i < n; ++i) {
        Reply r;
        r.status = status;
        r.body = body.isEmpty() ? QByteArrayLiteral("{\"error\":\"scripted failure\"}") : body;
        if (!retryAfter.isEmpty()) r.headers.append(qMakePair(QByteArray("Retry-After"), retryAfter));
        m_script.append(r);
    }
}

void HttpStandIn::write(QHttpServerResponder &r, const Reply &reply)
{
    r.writeStatusLine(QHttpServerResponder::StatusCode(reply.status));
    r.writeHeader("Content-Type", reply.contentType);
    r.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
    for (const auto &h : reply.headers) r.writeHeader(h.first, h.second);
    r.writeBody(reply.body);
}

void HttpStandIn::handle(const QHttpServerRequest &req, QHttpServerResponder &&responder)
{
    Request r;
    using M = QHttpServerRequest::Method;
    r.method = req.method() == M::Get ? "GET" : req.method() == M::Post ? "POST" : req.method() == M::Put ? "PUT"
             : req.method() == M::Delete ? "DELETE" : "OTHER";
    r.path = req.url().path();
    r.query = req.query();
    for (const auto &h : req.headers()) r.headers.insert(h.first.toLower(), h.second);
    r.body = req.body();
    r.json = QJsonDocument::fromJson(r.body).object();
    r.atMs = m_clock.elapsed();
    requests.append(r);
    const Reply reply = !m_script.isEmpty() ? m_script.takeFirst() : answer(r);
    // a held or delayed answer goes only to a connection still open (the client may have closed it, and
    // the server deleted its socket)
    const QPointer<QTcpSocket> socket(responder.socket());
    auto shared = std::make_shared<QHttpServerResponder>(std::move(responder));
    auto send = [this, shared, socket, reply] {
        if (!socket) return;
        write(*shared, reply);
        ++answered;
    };
    if (m_hang) {
        m_held.push_back(send);
        return;
    }
    if (delayMs > 0) QTimer::singleShot(delayMs, &m_server, send);
    else send();
}

}  // namespace eos::test
