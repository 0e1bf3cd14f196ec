// Test and benchmark helper: a local stand-in for the Wazuh server API with state, where Prism (which
// answers the spec's fixed examples) cannot play the part: an inventory of agents whose status the test
// changes, GET /agents answering exactly the agents_list asked for (paged with offset/limit, unknown ids
// in failed_items with code 1701, as Wazuh does), a login that hands out a JWT with an `exp`, request
// counters, and switches to answer 503 ("down") or to hold every answer ("hang"). Real HTTP (QHttpServer)
// on 127.0.0.1; lives on the creating thread, so tests wait with QTRY_* to let it answer.
#pragma once

#include <QHttpServer>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QUrl>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QHttpServerResponder;

namespace eos::test {

class WazuhStandIn {
public:
    struct Agent {
        QString id, name, ip, status = QStringLiteral("active"), os = QStringLiteral("Ubuntu"),
            osVersion = QStringLiteral("22.04.3 LTS"), version = QStringLiteral("Wazuh v4.14.0");
        QStringList groups{QStringLiteral("default")};
        QString lastKeepAlive;  // ISO 8601; empty = now
    };

    WazuhStandIn();
    ~WazuhStandIn();
    bool listen(quint16 port = 0);  // 0: any free port (a fault test reserves one and listens late: "down")
    QUrl url() const;

    void setAgent(const Agent &a) { m_agents[a.id] = a; }
    void setStatus(const QString &id, const QString &status, const QString &lastKeepAlive = {});
    // `count` agents 001..count, named host-001…
    void addAgents(int count);
    void setDown(bool down) { m_down = down; }   // every request: 503 with a Wazuh error body
    void setHang(bool hang);                       // hold every answer until setHang(false)
    // the next n requests get `status` (e.g. 429 with Retry-After, 500) with a Wazuh error body
    void failNext(int n, int status, const QByteArray &retryAfter = {});
    int delayMs = 0;                               // every answer after this long (a slow manager)
    std::atomic<int> scriptedFailures{0};          // answers given from failNext()

    std::atomic<int> requests{0};       // every request, answered or not
    std::atomic<int> logins{0};
    std::atomic<int> agentRequests{0};  // GET /agents
    std::atomic<int> agentsAnswered{0}; // affected items sent
    QStringList badRequests;            // requests that did not carry the token

private:
    void answer(const QHttpServerRequest &req, QHttpServerResponder &responder);
    QHttpServer m_server;
    quint16 m_port = 0;
    QMap<QString, Agent> m_agents;
    bool m_down = false;
    bool m_hang = false;
    std::vector<std::function<void()>> m_held;
    QList<QPair<int, QByteArray>> m_script;  // status, Retry-After
};

}  // namespace eos::test
