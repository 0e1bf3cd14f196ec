#include "stages/agent_inventory.h"

#include "core/logging.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

namespace eos {
namespace {

auto log() { return Logging::get("enrich"); }

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

// One statement for a whole answer. The API's fields map onto the older pipeline's columns; an agent
// that never connected has no lastKeepAlive; the manager (000) reports 9999-12-31 as its keep-alive.
// (No jsonb `?` operator: Qt's driver would take it for a placeholder.)
const char *kUpsert =
    "INSERT INTO agents AS ag (id, name, ip, os, registered, last_seen, agent_version, register_ip, node_name, "
    "config_sum, merged_sum, group_config_status, status_text, status_code_api, groups, disconnection_time, "
    "manager_name, api_response, api_fetch_timestamp, api_found, status_changed_at) "
    "SELECT e->>'id', e->>'name', e->>'ip', NULLIF(concat_ws(' ', e->'os'->>'name', e->'os'->>'version'), ''), "
    "eos_try_timestamptz(e->>'dateAdd'), eos_try_timestamptz(e->>'lastKeepAlive'), e->>'version', e->>'registerIP', "
    "e->>'node_name', e->>'configSum', e->>'mergedSum', e->>'group_config_status', e->>'status', "
    "CASE WHEN jsonb_typeof(e->'status_code') = 'number' THEN (e->>'status_code')::numeric::int END, "
    "CASE WHEN jsonb_typeof(e->'group') = 'array' THEN e->'group' ELSE '[]'::jsonb END, "
    "CASE WHEN e->>'status' = 'disconnected' THEN eos_try_timestamptz(e->>'lastKeepAlive') END, "
    "e->>'manager', e, now(), true, now() "
    "FROM jsonb_array_elements(?::jsonb) AS e WHERE e->>'id' IS NOT NULL AND e->>'id' <> '' "
    "ON CONFLICT (id) DO UPDATE SET name = COALESCE(EXCLUDED.name, ag.name), ip = COALESCE(EXCLUDED.ip, ag.ip), "
    "os = COALESCE(EXCLUDED.os, ag.os), registered = COALESCE(EXCLUDED.registered, ag.registered), "
    "last_seen = COALESCE(EXCLUDED.last_seen, ag.last_seen), "
    "agent_version = COALESCE(EXCLUDED.agent_version, ag.agent_version), "
    "register_ip = COALESCE(EXCLUDED.register_ip, ag.register_ip), node_name = COALESCE(EXCLUDED.node_name, ag.node_name), "
    "config_sum = EXCLUDED.config_sum, merged_sum = EXCLUDED.merged_sum, group_config_status = EXCLUDED.group_config_status, "
    "status_text = EXCLUDED.status_text, status_code_api = EXCLUDED.status_code_api, groups = EXCLUDED.groups, "
    "disconnection_time = EXCLUDED.disconnection_time, manager_name = COALESCE(EXCLUDED.manager_name, ag.manager_name), "
    "api_response = EXCLUDED.api_response, api_fetch_timestamp = EXCLUDED.api_fetch_timestamp, api_found = true, "
    "status_changed_at = CASE WHEN ag.status_text IS DISTINCT FROM EXCLUDED.status_text THEN now() "
    "ELSE ag.status_changed_at END";

// agents the API does not know (failed_items 1701, or simply absent): remembered as such, so they are
// not asked for at every batch; the alert's own name and IP stay
const char *kNotFound =
    "INSERT INTO agents AS ag (id, api_fetch_timestamp, api_found) "
    "SELECT x, now(), false FROM unnest(?::text[]) AS x "
    "ON CONFLICT (id) DO UPDATE SET api_fetch_timestamp = now(), api_found = false";

}  // namespace

QStringList AgentInventory::selectFields()
{
    return {QStringLiteral("id"),        QStringLiteral("name"),          QStringLiteral("ip"),
            QStringLiteral("status"),    QStringLiteral("status_code"),   QStringLiteral("os"),
            QStringLiteral("version"),   QStringLiteral("lastKeepAlive"), QStringLiteral("dateAdd"),
            QStringLiteral("group"),     QStringLiteral("node_name"),     QStringLiteral("manager"),
            QStringLiteral("registerIP"), QStringLiteral("configSum"),    QStringLiteral("mergedSum"),
            QStringLiteral("group_config_status")};
}

AgentInventory::AgentInventory(WazuhApiClient *client, std::function<QSqlDatabase &()> db, Options options, QObject *parent)
    : QObject(parent), m_client(client), m_db(std::move(db)), m_options(options)
{
}

bool AgentInventory::fresh(const QString &id, qint64 now) const
{
    const auto it = m_fetchedMs.constFind(id);
    return it != m_fetchedMs.constEnd() && now - it.value() < qint64(m_options.staleSeconds) * 1000;
}

bool AgentInventory::apiDown() const { return nowMs() < m_downUntilMs; }

void AgentInventory::noteFetched(const QString &agentId, qint64 fetchedMs)
{
    auto &known = m_fetchedMs[agentId];
    known = std::max(known, fetchedMs);
}

void AgentInventory::ensure(const QStringList &agentIds, std::function<void(bool)> done)
{
    const qint64 now = nowMs();
    QStringList need;
    std::vector<std::shared_ptr<Lookup>> waitOn;
    bool skipped = false;
    QSet<QString> seen;
    for (const QString &id : agentIds) {
        if (id.isEmpty() || seen.contains(id)) continue;
        seen.insert(id);
        if (fresh(id, now)) continue;
        if (auto p = m_pending.value(id)) {
            if (std::find(waitOn.begin(), waitOn.end(), p) == waitOn.end()) waitOn.push_back(p);
            continue;
        }
        if (apiDown()) {
            skipped = true;  // looked up again once the API is back
            continue;
        }
        need << id;
    }
    if (!need.isEmpty()) {
        auto lookup = std::make_shared<Lookup>();
        for (const QString &id : need) {
            lookup->ids.insert(id);
            m_pending.insert(id, lookup);
        }
        waitOn.push_back(lookup);
        ++m_lookups;
        m_client->getAgents(need, selectFields(),
                            [this, lookup](const WazuhApiClient::Result &r) { lookupFinished(lookup, r); });
        // a slow API must not hold the batch: after the deadline it moves on; the answer is still stored
        QTimer::singleShot(m_options.lookupDeadlineMs, this, [lookup] {
            if (lookup->settled) return;
            auto waiters = std::move(lookup->waiters);
            lookup->waiters.clear();
            for (auto &w : waiters) w(false);
        });
    }
    if (waitOn.empty()) {
        done(!skipped);
        return;
    }
    auto remaining = std::make_shared<int>(int(waitOn.size()));
    auto allAnswered = std::make_shared<bool>(!skipped);
    auto shared = std::make_shared<std::function<void(bool)>>(std::move(done));
    for (auto &l : waitOn)
        l->waiters.push_back([remaining, allAnswered, shared](bool ok) {
            if (!ok) *allAnswered = false;
            if (--*remaining == 0) (*shared)(*allAnswered);
        });
}

void AgentInventory::lookupFinished(const std::shared_ptr<Lookup> &lookup, const WazuhApiClient::Result &r)
{
    lookup->settled = true;
    for (const QString &id : lookup->ids)
        if (m_pending.value(id) == lookup) m_pending.remove(id);
    bool ok = r.ok;
    if (ok) {
        QSet<QString> found;
        for (const auto &v : r.items) found.insert(v.toObject().value(QStringLiteral("id")).toString());
        QStringList notFound;
        for (const QString &id : lookup->ids)
            if (!found.contains(id)) notFound << id;
        QString err;
        if (store(r.items, notFound, &err)) {
            const qint64 now = nowMs();
            for (const QString &id : lookup->ids) m_fetchedMs[id] = now;
            for (const QString &id : found) m_fetchedMs[id] = now;
            m_downBackoffMs = 0;
            m_downUntilMs = 0;
        } else {
            ok = false;
            log()->warn("could not store agent details: {}", s(err));
        }
    } else {
        apiFailed(r.error.message());
    }
    auto waiters = std::move(lookup->waiters);
    lookup->waiters.clear();
    for (auto &w : waiters) w(ok);
}

void AgentInventory::apiFailed(const QString &message)
{
    m_downBackoffMs = m_downBackoffMs == 0 ? 5000 : std::min(60000, m_downBackoffMs * 2);
    m_downUntilMs = nowMs() + m_downBackoffMs;
    const qint64 now = nowMs();
    if (now - m_lastWarnMs > 30000) {
        m_lastWarnMs = now;
        log()->warn("Wazuh API did not answer ({}); alerts move on with the agent fields they carry, "
                    "agents are looked up again in {} s",
                    s(message), m_downBackoffMs / 1000);
    }
}

bool AgentInventory::store(const QJsonArray &items, const QStringList &notFound, QString *error)
{
    QSqlDatabase &db = m_db();
    if (!db.isOpen()) {
        *error = QStringLiteral("no database connection");
        return false;
    }
    if (!items.isEmpty()) {
        QSqlQuery q(db);
        q.prepare(QString::fromLatin1(kUpsert));
        q.addBindValue(QString::fromUtf8(QJsonDocument(items).toJson(QJsonDocument::Compact)));
        if (!q.exec()) {
            *error = q.lastError().text();
            return false;
        }
    }
    if (!notFound.isEmpty()) {
        QStringList quoted;
        for (const QString &id : notFound) quoted << u'"' + QString(id).replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\"")) + u'"';
        QSqlQuery q(db);
        q.prepare(QString::fromLatin1(kNotFound));
        q.addBindValue(u'{' + quoted.join(u',') + u'}');
        if (!q.exec()) {
            *error = q.lastError().text();
            return false;
        }
    }
    QSqlQuery n(db);
    n.exec(QStringLiteral("SELECT pg_notify('agent_status', '%1')").arg(items.size()));
    Q_EMIT agentsChanged(int(items.size()));
    return true;
}

void AgentInventory::syncAll(std::function<void(bool, int)> done)
{
    m_client->getAgents({}, selectFields(), [this, done = std::move(done)](const WazuhApiClient::Result &r) {
        if (!r.ok) {
            apiFailed(r.error.message());
            done(false, 0);
            return;
        }
        QString err;
        if (!store(r.items, {}, &err)) {
            log()->warn("could not store the agent inventory: {}", s(err));
            done(false, 0);
            return;
        }
        const qint64 now = nowMs();
        for (const auto &v : r.items) m_fetchedMs[v.toObject().value(QStringLiteral("id")).toString()] = now;
        m_downBackoffMs = 0;
        m_downUntilMs = 0;
        done(true, int(r.items.size()));
    });
}

}  // namespace eos
