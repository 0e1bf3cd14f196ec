#include "alert_store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <cstdio>

namespace eos {
namespace {

void appendJsonString(QByteArray &o, const QString &s)
{
    o += '"';
    const QByteArray u = s.toUtf8();
    for (char c : u) {
        switch (c) {
        case '"': o += "\\\""; break;
        case '\\': o += "\\\\"; break;
        case '\n': o += "\\n"; break;
        case '\r': o += "\\r"; break;
        case '\t': o += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned char>(c));
                o += buf;
            } else {
                o += c;
            }
        }
    }
    o += '"';
}

void appendNullableString(QByteArray &o, const QString &s)
{
    if (s.isEmpty()) o += "null";
    else appendJsonString(o, s);
}

void appendStringArray(QByteArray &o, const QStringList &l)
{
    o += '[';
    for (qsizetype i = 0; i < l.size(); ++i) {
        if (i) o += ',';
        appendJsonString(o, l[i]);
    }
    o += ']';
}

const QString kInsertAgents = QStringLiteral(
    "INSERT INTO agents (id, name, ip, last_alert_at) "
    "SELECT DISTINCT ON (aid) aid, an, aip, now() "
    "FROM jsonb_to_recordset(?::jsonb) AS x(aid text, an text, aip text) ORDER BY aid "
    "ON CONFLICT (id) DO UPDATE SET name = COALESCE(EXCLUDED.name, agents.name), "
    "ip = COALESCE(EXCLUDED.ip, agents.ip), last_alert_at = EXCLUDED.last_alert_at "
    "WHERE agents.last_alert_at IS NULL OR agents.last_alert_at < EXCLUDED.last_alert_at - interval '1 minute' "
    "OR agents.name IS DISTINCT FROM COALESCE(EXCLUDED.name, agents.name) "
    "OR agents.ip IS DISTINCT FROM COALESCE(EXCLUDED.ip, agents.ip)");

const QString kInsertAlerts = QStringLiteral(
    "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, ingest_timestamp, state, "
    "alert_ts, agent_name, groups, src_ip, mitre_ids, location) "
    "SELECT h, aid, ri, rl, rd, raw, now(), 'new', COALESCE(ts, now()), an, g, sip, m, loc "
    "FROM jsonb_to_recordset(?::jsonb) AS x(h text, aid text, an text, ri int, rl int, rd text, ts timestamptz, "
    "g text[], sip text, m text[], loc text, raw jsonb) "
    "ON CONFLICT (alert_hash) DO NOTHING RETURNING id, alert_hash");

}  // namespace

QByteArray AlertStore::toRecordsetJson(const std::vector<const AlertRecord *> &alerts)
{
    QByteArray o;
    qsizetype est = 2;
    for (const auto *a : alerts) est += a->canonicalJson.size() + 400;
    o.reserve(est);
    o += '[';
    bool first = true;
    for (const auto *a : alerts) {
        if (!first) o += ',';
        first = false;
        o += "{\"h\":\"";
        o += a->hash.toLatin1();
        o += "\",\"aid\":";
        appendJsonString(o, a->agentId);
        o += ",\"an\":";
        appendNullableString(o, a->agentName);
        o += ",\"aip\":";
        appendNullableString(o, a->agentIp);
        o += ",\"ri\":" + QByteArray::number(a->ruleId) + ",\"rl\":" + QByteArray::number(a->ruleLevel) + ",\"rd\":";
        appendNullableString(o, a->ruleDesc);
        o += ",\"ts\":";
        appendNullableString(o, a->timestamp);
        o += ",\"g\":";
        appendStringArray(o, a->groups);
        o += ",\"sip\":";
        appendNullableString(o, a->srcIp);
        o += ",\"m\":";
        appendStringArray(o, a->mitreIds);
        o += ",\"loc\":";
        appendNullableString(o, a->location);
        o += ",\"raw\":";
        o += a->canonicalJson;
        o += '}';
    }
    o += ']';
    return o;
}

// Distinct agents only: the upsert should not parse every alert body a second time.
static QByteArray toAgentsJson(const std::vector<const AlertRecord *> &alerts)
{
    QByteArray o("[");
    QSet<QString> seen;
    for (const auto *a : alerts) {
        if (seen.contains(a->agentId)) continue;
        seen.insert(a->agentId);
        if (seen.size() > 1) o += ',';
        o += "{\"aid\":";
        appendJsonString(o, a->agentId);
        o += ",\"an\":";
        appendNullableString(o, a->agentName);
        o += ",\"aip\":";
        appendNullableString(o, a->agentIp);
        o += '}';
    }
    o += ']';
    return o;
}

bool AlertStore::alive(QSqlDatabase &db)
{
    if (!db.isOpen()) return false;
    QSqlQuery q(db);
    return q.exec(QStringLiteral("SELECT 1")) && q.next();
}

AlertStore::Outcome AlertStore::insertBatch(QSqlDatabase &db, const std::vector<const AlertRecord *> &alerts)
{
    Outcome r;
    if (alerts.empty()) {
        r.ok = true;
        return r;
    }
    auto fail = [&](const QSqlError &e) {
        r.error = e.text().trimmed();
        db.rollback();
        r.connectionLost = !alive(db);
        return r;
    };
    if (!db.isOpen() || !db.transaction()) {
        r.error = db.lastError().text().trimmed();
        r.connectionLost = true;
        return r;
    }
    QSqlQuery agents(db);
    agents.prepare(kInsertAgents);
    agents.addBindValue(QString::fromUtf8(toAgentsJson(alerts)));
    if (!agents.exec()) return fail(agents.lastError());

    QSqlQuery ins(db);
    ins.setForwardOnly(true);
    ins.prepare(kInsertAlerts);
    ins.addBindValue(QString::fromUtf8(toRecordsetJson(alerts)));
    if (!ins.exec()) return fail(ins.lastError());
    while (ins.next()) {
        r.maxId = std::max(r.maxId, ins.value(0).toLongLong());
        r.insertedHashes.insert(ins.value(1).toString());
    }
    if (r.maxId > 0) {
        QSqlQuery n(db);
        if (!n.exec(QStringLiteral("SELECT pg_notify('new_alert', '%1')").arg(r.maxId))) return fail(n.lastError());
    }
    if (!db.commit()) return fail(db.lastError());
    r.ok = true;
    return r;
}

}  // namespace eos
