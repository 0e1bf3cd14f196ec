// The local inventory of Wazuh agents: the `agents` table (the older pipeline's columns, filled from the
// Wazuh API's fields), kept fresh from GET /agents. Enrichment asks it for a batch's agents and it looks
// up only those it does not know or knows too long (one request for all of them, never one per alert);
// the status sync reads every agent, a page at a time.
//
// The API being down never stalls the pipeline: a lookup gives up after `lookupDeadlineMs` (the request
// goes on and its answer is still stored), and after a failure the inventory stops asking for a while
// (growing from 5 s to a minute), answering at once; agents left unanswered are looked up again later.
// Lives on its stage's thread and writes on that thread's connection.
#pragma once

#include "clients/wazuh_api_client.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QSqlDatabase>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

namespace eos {

class AgentInventory : public QObject {
    Q_OBJECT
public:
    struct Options {
        int staleSeconds = 300;        // a row older than this is looked up again for a batch
        int lookupDeadlineMs = 10000;  // a batch waits at most this long for the API
    };
    // The fields asked for (GET /agents select=…): what the agents table keeps.
    static QStringList selectFields();

    AgentInventory(WazuhApiClient *client, std::function<QSqlDatabase &()> db, Options options, QObject *parent = nullptr);

    // Calls done(true) once every given agent has fresh details in the agents table, done(false) when
    // the API could not answer for some (they stay as they are and are looked up again later).
    void ensure(const QStringList &agentIds, std::function<void(bool answered)> done);
    // Every agent, paged: all rows upserted, NOTIFY agent_status. done(ok, agents read).
    void syncAll(std::function<void(bool ok, int agents)> done);
    // What the database says (e.g. another daemon fetched it): fetched at this time (ms since epoch).
    void noteFetched(const QString &agentId, qint64 fetchedMs);

    int lookupsSent() const { return m_lookups; }
    bool apiDown() const;

Q_SIGNALS:
    void agentsChanged(int count);  // rows upserted from an API answer

private:
    struct Lookup {
        QSet<QString> ids;
        std::vector<std::function<void(bool)>> waiters;
        bool settled = false;
    };
    void lookupFinished(const std::shared_ptr<Lookup> &lookup, const WazuhApiClient::Result &result);
    bool store(const QJsonArray &items, const QStringList &notFound, QString *error);
    void apiFailed(const QString &message);
    bool fresh(const QString &id, qint64 nowMs) const;

    WazuhApiClient *m_client;
    std::function<QSqlDatabase &()> m_db;
    Options m_options;
    QHash<QString, qint64> m_fetchedMs;
    QHash<QString, std::shared_ptr<Lookup>> m_pending;
    qint64 m_downUntilMs = 0;
    int m_downBackoffMs = 0;
    qint64 m_lastWarnMs = 0;
    int m_lookups = 0;
};

}  // namespace eos
