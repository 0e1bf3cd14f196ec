#include "wazuh_stand_in.h"
#include "wazuh_token.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

namespace eos::test {
namespace {

QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }

}  // namespace

WazuhStandIn::WazuhStandIn()
{
    m_server.route(QStringLiteral("/security/user/authenticate"), QHttpServerRequest::Method::Post,
                   [this](const QHttpServerRequest &req, QHttpServerResponder &&responder) { answer(req, responder); });
    m_server.route(QStringLiteral("/agents"), QHttpServerRequest::Method::Get,
                   [this](const QHttpServerRequest &req, QHttpServerResponder &&responder) { answer(req, responder); });
}

WazuhStandIn::~WazuhStandIn() { m_held.clear(); }

bool WazuhStandIn::listen(quint16 port)
{
    m_port = m_server.listen(QHostAddress::LocalHost, port);
    return m_port != 0;
}

QUrl WazuhStandIn::url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port)); }

void WazuhStandIn::setStatus(const QString &id, const QString &status, const QString &lastKeepAlive)
{
    auto &a = m_agents[id];
    a.id = id;
    a.status = status;
    a.lastKeepAlive = lastKeepAlive;
}

void WazuhStandIn::addAgents(int count)
{
    for (int i = 1; i <= count; ++i) {
        Agent a;
        a.id = QStringLiteral("%1").arg(i, 3, 10, QLatin1Char('0'));
        a.name = QStringLiteral("host-%1").arg(a.id);
        a.ip = QStringLiteral("10.0.%1.%2").arg(i / 250).arg(i % 250 + 1);
        a.groups = {QStringLiteral("default"), QStringLiteral("web")};
        m_agents[a.id] = a;
    }
}

void WazuhStandIn::setHang(bool hang)
{
    m_hang = hang;
    if (!hang) {
        auto held = std::move(m_held);
        m_held.clear();
        for (auto &f : held) f();
    }
}

void WazuhStandIn::failNext(int n, int status, const QByteArray &retryAfter)
{
    for (int i = 0; i < n; ++i) m_script.append(qMakePair(status, retryAfter));
}

void WazuhStandIn::answer(const QHttpServerRequest &req, QHttpServerResponder &responder)
{
    using Status = QHttpServerResponder::StatusCode;
    ++requests;
    if (!m_script.isEmpty()) {
        const auto [code, retryAfter] = m_script.takeFirst();
        ++scriptedFailures;
        const QByteArray body = json({{QStringLiteral("title"), code == 429 ? QStringLiteral("Too Many Requests") : QStringLiteral("Internal Error")},
                                      {QStringLiteral("detail"), QStringLiteral("scripted failure")},
                                      {QStringLiteral("error"), code}});
        responder.writeStatusLine(Status(code));
        responder.writeHeader("Content-Type", "application/json");
        responder.writeHeader("Content-Length", QByteArray::number(body.size()));
        if (!retryAfter.isEmpty()) responder.writeHeader("Retry-After", retryAfter);
        responder.writeBody(body);
        return;
    }
    const QString path = req.url().path();
    QByteArray body;
    Status status = Status::Ok;
    if (m_down) {
        status = Status::ServiceUnavailable;
        body = json({{QStringLiteral("title"), QStringLiteral("Service Unavailable")},
                     {QStringLiteral("detail"), QStringLiteral("the stand-in is down")},
                     {QStringLiteral("error"), 503}});
    } else if (path == QLatin1String("/security/user/authenticate")) {
        ++logins;
        body = json({{QStringLiteral("data"), QJsonObject{{QStringLiteral("token"),
                                                           QString::fromLatin1(wazuhJwt(900))}}},
                     {QStringLiteral("error"), 0}});
    } else {
        ++agentRequests;
        if (!req.value("Authorization").startsWith("Bearer ")) badRequests << req.url().toString();
        const QUrlQuery q(req.url());
        const QStringList wanted = q.queryItemValue(QStringLiteral("agents_list"), QUrl::FullyDecoded)
                                       .split(u',', Qt::SkipEmptyParts);
        const int offset = q.queryItemValue(QStringLiteral("offset")).toInt();
        const int limit = q.hasQueryItem(QStringLiteral("limit")) ? q.queryItemValue(QStringLiteral("limit")).toInt() : 500;
        QList<Agent> selected;
        QJsonArray failed;
        QStringList missing;
        if (wanted.isEmpty()) {
            selected = m_agents.values();
        } else {
            for (const QString &id : wanted) {
                if (m_agents.contains(id)) selected << m_agents[id];
                else missing << id;
            }
        }
        if (!missing.isEmpty())
            failed.append(QJsonObject{
                {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), 1701},
                                                      {QStringLiteral("message"), QStringLiteral("Agent does not exist")},
                                                      {QStringLiteral("remediation"), QStringLiteral("Please, use `GET /agents?select=id,name` to find all available agents")}}},
                {QStringLiteral("id"), QJsonArray::fromStringList(missing)}});
        QJsonArray items;
        const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        for (int i = offset; i < selected.size() && i < offset + limit; ++i) {
            const Agent &a = selected[i];
            QJsonObject o{{QStringLiteral("id"), a.id},
                          {QStringLiteral("name"), a.name},
                          {QStringLiteral("status"), a.status},
                          {QStringLiteral("status_code"), a.status == QLatin1String("active") ? 0 : 1},
                          {QStringLiteral("os"), QJsonObject{{QStringLiteral("name"), a.os},
                                                             {QStringLiteral("version"), a.osVersion},
                                                             {QStringLiteral("platform"), QStringLiteral("ubuntu")}}},
                          {QStringLiteral("version"), a.version},
                          {QStringLiteral("lastKeepAlive"), a.lastKeepAlive.isEmpty() ? now : a.lastKeepAlive},
                          {QStringLiteral("dateAdd"), QStringLiteral("2026-01-05T10:00:00Z")},
                          {QStringLiteral("group"), QJsonArray::fromStringList(a.groups)},
                          {QStringLiteral("node_name"), QStringLiteral("node01")},
                          {QStringLiteral("manager"), QStringLiteral("wazuh-manager")},
                          {QStringLiteral("registerIP"), QStringLiteral("any")},
                          {QStringLiteral("configSum"), QStringLiteral("ab73af41699f13fdd81903b5f23d8d00")},
                          {QStringLiteral("mergedSum"), QStringLiteral("9a016508cea1e997ab8569f5cfab30f5")},
                          {QStringLiteral("group_config_status"), QStringLiteral("synced")}};
            if (!a.ip.isEmpty()) o.insert(QStringLiteral("ip"), a.ip);
            items.append(o);
        }
        agentsAnswered += int(items.size());
        const int err = failed.isEmpty() ? 0 : (items.isEmpty() ? 1 : 2);
        body = json({{QStringLiteral("data"), QJsonObject{{QStringLiteral("affected_items"), items},
                                                          {QStringLiteral("total_affected_items"), int(selected.size())},
                                                          {QStringLiteral("total_failed_items"), int(missing.size())},
                                                          {QStringLiteral("failed_items"), failed}}},
                     {QStringLiteral("message"), QStringLiteral("All selected agents information was returned")},
                     {QStringLiteral("error"), err}});
    }
    // a held or delayed answer goes only to a connection still open: the client (a daemon being stopped)
    // may have closed it meanwhile, and the server deletes its socket (ASan: SEGV in test_fault_remote)
    const QPointer<QTcpSocket> socket(responder.socket());
    if (m_hang) {
        auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
        m_held.push_back([held, socket, body, status] {
            if (socket) held->write(body, "application/json", status);
        });
        return;
    }
    if (delayMs > 0) {
        auto later = std::make_shared<QHttpServerResponder>(std::move(responder));
        QTimer::singleShot(delayMs, &m_server, [later, socket, body, status] {
            if (socket) later->write(body, "application/json", status);
        });
        return;
    }
    responder.write(body, "application/json", status);
}

}  // namespace eos::test
