#include "stages/agent_status_monitor.h"

#include "core/logging.h"
#include "ingest/alert_parser.h"
#include "stages/agent_inventory.h"
#include "store/alert_store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

#include <algorithm>

namespace eos {
namespace {

auto log() { return Logging::get("agent-status"); }

QString wazuhTime(const QDateTime &t)
{
    // Wazuh's own form: 2022-05-11T12:29:19.905+0000
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz+0000"));
}

QByteArray syntheticAlert(int rule, int level, const QString &description, const QString &agentId,
                          const QString &agentName, const QString &agentIp, const QString &manager,
                          const QString &fullLog, const QJsonObject &data, const QDateTime &at)
{
    QJsonObject agent{{QStringLiteral("id"), agentId}, {QStringLiteral("name"), agentName}};
    if (!agentIp.isEmpty()) agent.insert(QStringLiteral("ip"), agentIp);
    QJsonObject alert{
        {QStringLiteral("timestamp"), wazuhTime(at)},
        {QStringLiteral("id"), QStringLiteral("%1.%2").arg(at.toSecsSinceEpoch()).arg(agentId)},
        {QStringLiteral("rule"),
         QJsonObject{{QStringLiteral("level"), level},
                     {QStringLiteral("description"), description},
                     {QStringLiteral("id"), QString::number(rule)},
                     {QStringLiteral("groups"), QJsonArray{QStringLiteral("eos"), QStringLiteral("agent_status")}},
                     {QStringLiteral("firedtimes"), 1},
                     {QStringLiteral("mail"), false}}},
        {QStringLiteral("agent"), agent},
        {QStringLiteral("manager"), QJsonObject{{QStringLiteral("name"), manager.isEmpty() ? QStringLiteral("eos") : manager}}},
        {QStringLiteral("decoder"), QJsonObject{{QStringLiteral("name"), QStringLiteral("eos-agent-status")}}},
        {QStringLiteral("location"), QStringLiteral("eos/agent-status")},
        {QStringLiteral("full_log"), fullLog},
        {QStringLiteral("data"), data},
    };
    return QJsonDocument(alert).toJson(QJsonDocument::Compact);
}

}  // namespace

AgentStatusMonitor::Options AgentStatusMonitor::optionsFrom(const Config &config)
{
    Options o;
    o.syncSeconds = std::max(5, config.intValue(QStringLiteral("WAZUH_AGENT_SYNC_SECONDS"), o.syncSeconds));
    o.offlineMinutes = std::max(0, config.intValue(QStringLiteral("EOS_AGENT_OFFLINE_MINUTES"), o.offlineMinutes));
    o.offlineLevel = std::clamp(config.intValue(QStringLiteral("EOS_AGENT_OFFLINE_LEVEL"), o.offlineLevel), 0, 16);
    return o;
}

AgentStatusMonitor::AgentStatusMonitor(AgentInventory *inventory, std::function<QSqlDatabase &()> db, Options options,
                                       QObject *parent)
    : QObject(parent), m_inventory(inventory), m_db(std::move(db)), m_options(options)
{
}

void AgentStatusMonitor::start()
{
    if (m_timer) return;
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &AgentStatusMonitor::tick);
    // check often whether this daemon's turn has come; the sync itself runs once per interval overall
    m_timer->start(std::max(1000, std::min(m_options.syncSeconds * 1000 / 4, 15000)));
    QTimer::singleShot(0, this, &AgentStatusMonitor::tick);
}

void AgentStatusMonitor::stop()
{
    if (m_timer) m_timer->stop();
}

void AgentStatusMonitor::tick()
{
    if (m_syncing || !claimSchedule()) return;
    runSync();
}

void AgentStatusMonitor::syncNow()
{
    if (m_syncing) return;
    runSync();
}

bool AgentStatusMonitor::claimSchedule()
{
    QSqlDatabase &db = m_db();
    if (!db.isOpen()) return false;
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO eos_schedule AS s (name, last_run) VALUES ('agent_sync', now()) "
        "ON CONFLICT (name) DO UPDATE SET last_run = now() "
        "WHERE s.last_run <= now() - make_interval(secs => ?) RETURNING last_run"));
    // a little early, so the daemon whose turn it is does not just miss it
    q.addBindValue(std::max(1.0, m_options.syncSeconds - 0.5));
    if (!q.exec()) {
        log()->warn("agent sync schedule: {}", s(q.lastError().text()));
        return false;
    }
    return q.next();
}

void AgentStatusMonitor::runSync()
{
    m_syncing = true;
    m_inventory->syncAll([this](bool ok, int agents) {
        m_syncing = false;
        QString err;
        // episodes are evaluated from the table even when the API did not answer: recoveries and repairs
        // of alerts lost in a crash need no API, and a stale table raises nothing new (status unchanged)
        if (!evaluate(&err)) log()->warn("agent status: {}", s(err));
        Q_EMIT synced(ok ? agents : -1, m_lastOffline, m_lastRecovered);
    });
}

bool AgentStatusMonitor::evaluate(QString *error)
{
    m_lastOffline = m_lastRecovered = 0;
    QSqlDatabase &db = m_db();
    if (!db.isOpen()) {
        *error = QStringLiteral("no database connection");
        return false;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();

    // 1. agents disconnected for too long, with no open episode: open one (the unique index decides
    //    between daemons) with its alert
    QSqlQuery cand(db);
    cand.prepare(QStringLiteral(
        "SELECT ag.id, COALESCE(ag.name, ''), COALESCE(ag.ip, ''), ag.last_seen, COALESCE(ag.manager_name, '') "
        "FROM agents ag WHERE ag.status_text = 'disconnected' AND ag.api_found "
        "AND ag.last_seen < now() - make_interval(mins => ?) "
        "AND NOT EXISTS (SELECT 1 FROM agent_offline_episodes e WHERE e.agent_id = ag.id AND e.recovered_at IS NULL)"));
    cand.addBindValue(m_options.offlineMinutes);
    if (!cand.exec()) {
        *error = cand.lastError().text();
        return false;
    }
    struct Row { QString id, name, ip, manager; QDateTime lastSeen; };
    std::vector<Row> offline;
    while (cand.next())
        offline.push_back({cand.value(0).toString(), cand.value(1).toString(), cand.value(2).toString(),
                           cand.value(4).toString(), cand.value(3).toDateTime()});
    for (const Row &r : offline) {
        const QString name = r.name.isEmpty() ? r.id : r.name;
        const QString since = wazuhTime(r.lastSeen);
        const QByteArray json = syntheticAlert(
            kOfflineRule, m_options.offlineLevel, QStringLiteral("Wazuh agent disconnected: %1 (%2)").arg(name, r.id),
            r.id, r.name, r.ip, r.manager,
            QStringLiteral("Wazuh agent %1 (%2) has been disconnected since %3 (last keep-alive), longer than %4 minutes.")
                .arg(name, r.id, since)
                .arg(m_options.offlineMinutes),
            QJsonObject{{QStringLiteral("status"), QStringLiteral("disconnected")},
                        {QStringLiteral("last_keepalive"), since},
                        {QStringLiteral("offline_minutes"), m_options.offlineMinutes}},
            now);
        AlertRecord rec;
        QString msg;
        if (AlertParser::parse(json, &rec, &msg) != AlertParser::Error::None) {
            *error = QStringLiteral("synthetic alert: %1").arg(msg);
            return false;
        }
        QSqlQuery ins(db);
        ins.prepare(QStringLiteral(
            "INSERT INTO agent_offline_episodes (agent_id, disconnected_at, offline_alert, offline_alert_hash) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (agent_id) WHERE recovered_at IS NULL DO NOTHING RETURNING id"));
        ins.addBindValue(r.id);
        ins.addBindValue(r.lastSeen);
        ins.addBindValue(QString::fromUtf8(rec.canonicalJson));
        ins.addBindValue(rec.hash);
        if (!ins.exec()) {
            *error = ins.lastError().text();
            return false;
        }
        if (ins.next()) {
            ++m_lastOffline;
            log()->warn("agent {} ({}) disconnected since {}: alert raised", s(name), s(r.id), s(since));
        }
    }

    // 2. open episodes whose agent is back: close them with a recovery alert
    QSqlQuery back(db);
    if (!back.exec(QStringLiteral(
            "SELECT e.id, ag.id, COALESCE(ag.name, ''), COALESCE(ag.ip, ''), e.disconnected_at, "
            "COALESCE(ag.manager_name, '') FROM agent_offline_episodes e JOIN agents ag ON ag.id = e.agent_id "
            "WHERE e.recovered_at IS NULL AND ag.status_text = 'active'"))) {
        *error = back.lastError().text();
        return false;
    }
    struct Ep { qint64 episode; QString id, name, ip, manager; QDateTime since; };
    std::vector<Ep> recovered;
    while (back.next())
        recovered.push_back({back.value(0).toLongLong(), back.value(1).toString(), back.value(2).toString(),
                             back.value(3).toString(), back.value(5).toString(), back.value(4).toDateTime()});
    for (const Ep &e : recovered) {
        const QString name = e.name.isEmpty() ? e.id : e.name;
        const qint64 minutes = e.since.secsTo(now) / 60;
        const QByteArray json = syntheticAlert(
            kRecoveryRule, m_options.recoveryLevel, QStringLiteral("Wazuh agent reconnected: %1 (%2)").arg(name, e.id),
            e.id, e.name, e.ip, e.manager,
            QStringLiteral("Wazuh agent %1 (%2) is active again after about %3 minutes disconnected.")
                .arg(name, e.id)
                .arg(minutes),
            QJsonObject{{QStringLiteral("status"), QStringLiteral("active")},
                        {QStringLiteral("disconnected_since"), wazuhTime(e.since)},
                        {QStringLiteral("offline_minutes"), minutes}},
            now);
        AlertRecord rec;
        QString msg;
        if (AlertParser::parse(json, &rec, &msg) != AlertParser::Error::None) {
            *error = QStringLiteral("synthetic alert: %1").arg(msg);
            return false;
        }
        QSqlQuery upd(db);
        upd.prepare(QStringLiteral("UPDATE agent_offline_episodes SET recovered_at = now(), recovery_alert = ?, "
                                   "recovery_alert_hash = ? WHERE id = ? AND recovered_at IS NULL RETURNING id"));
        upd.addBindValue(QString::fromUtf8(rec.canonicalJson));
        upd.addBindValue(rec.hash);
        upd.addBindValue(e.episode);
        if (!upd.exec()) {
            *error = upd.lastError().text();
            return false;
        }
        if (upd.next()) {
            ++m_lastRecovered;
            log()->info("agent {} ({}) reconnected: recovery alert raised", s(name), s(e.id));
        }
    }

    // 3. every episode alert of the last day that is not stored yet (just raised, or lost in a crash):
    //    stored now, by hash, so a daemon racing us stores nothing twice
    QSqlQuery missing(db);
    if (!missing.exec(QStringLiteral(
            "SELECT offline_alert FROM agent_offline_episodes e WHERE raised_at > now() - interval '1 day' "
            "AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.alert_hash = e.offline_alert_hash) "
            "UNION ALL SELECT recovery_alert FROM agent_offline_episodes e "
            "WHERE recovered_at > now() - interval '1 day' AND recovery_alert_hash IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.alert_hash = e.recovery_alert_hash)"))) {
        *error = missing.lastError().text();
        return false;
    }
    std::vector<AlertRecord> records;
    while (missing.next()) {
        AlertRecord rec;
        QString msg;
        if (AlertParser::parse(missing.value(0).toString().toUtf8(), &rec, &msg) == AlertParser::Error::None)
            records.push_back(std::move(rec));
    }
    if (!records.empty()) {
        AlertStore::Alerts batch;
        for (const auto &r : records) batch.push_back(&r);
        const AlertStore::Outcome out = AlertStore::insertBatch(db, batch);
        if (!out.ok) {
            *error = QStringLiteral("storing agent status alerts: %1").arg(out.error);
            return false;
        }
    }
    return true;
}

}  // namespace eos
