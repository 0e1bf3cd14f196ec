#include "alert_store.h"

#include "db_connection_info.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <cstdio>

#include <libpq-fe.h>

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

// "aid":…,"an":…,"aip":… — the agent columns, read by both statements' jsonb_to_recordset
void appendAgentFields(QByteArray &o, const AlertRecord &a)
{
    o += "\"aid\":";
    appendJsonString(o, a.agentId);
    o += ",\"an\":";
    appendNullableString(o, a.agentName);
    o += ",\"aip\":";
    appendNullableString(o, a.agentIp);
}

const QByteArray kInsertAgents = QByteArrayLiteral(
    "INSERT INTO agents (id, name, ip, last_alert_at) "
    "SELECT DISTINCT ON (aid) aid, an, aip, now() "
    "FROM jsonb_to_recordset($1::jsonb) AS x(aid text, an text, aip text) ORDER BY aid "
    "ON CONFLICT (id) DO UPDATE SET name = COALESCE(EXCLUDED.name, agents.name), "
    "ip = COALESCE(EXCLUDED.ip, agents.ip), last_alert_at = EXCLUDED.last_alert_at "
    "WHERE agents.last_alert_at IS NULL OR agents.last_alert_at < EXCLUDED.last_alert_at - interval '1 minute' "
    "OR agents.name IS DISTINCT FROM COALESCE(EXCLUDED.name, agents.name) "
    "OR agents.ip IS DISTINCT FROM COALESCE(EXCLUDED.ip, agents.ip)");

const QByteArray kInsertAlerts = QByteArrayLiteral(
    "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, ingest_timestamp, state, "
    "alert_ts, agent_name, groups, src_ip, mitre_ids, location) "
    "SELECT h, aid, ri, rl, rd, raw, now(), 'new', COALESCE(ts, now()), an, g, sip, m, loc "
    "FROM jsonb_to_recordset($1::jsonb) AS x(h text, aid text, an text, ri int, rl int, rd text, ts timestamptz, "
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
        o += "\",";
        appendAgentFields(o, *a);
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
        o += '{';
        appendAgentFields(o, *a);
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

// Through libpq on Qt's own connection: the batch document goes as one real $1 parameter (no escaping
// into a literal, no UTF-16 round trip of megabytes), which QSqlQuery's QPSQL binding cannot do.
AlertStore::Outcome AlertStore::insertBatch(QSqlDatabase &db, const std::vector<const AlertRecord *> &alerts)
{
    Outcome r;
    if (alerts.empty()) {
        r.ok = true;
        return r;
    }
    PGconn *pg = DbConnectionInfo::pgConn(db);
    if (!pg || PQstatus(pg) != CONNECTION_OK) {
        r.error = pg ? QString::fromUtf8(PQerrorMessage(pg)).trimmed() : QStringLiteral("not connected");
        r.connectionLost = true;
        return r;
    }
    auto run = [&](const char *sql, const QByteArray *param, ExecStatusType want) -> PGresult * {
        const char *values[1] = {param ? param->constData() : nullptr};
        const int lengths[1] = {param ? int(param->size()) : 0};
        PGresult *res = param ? PQexecParams(pg, sql, 1, nullptr, values, lengths, nullptr, 0) : PQexec(pg, sql);
        if (PQresultStatus(res) != want) {
            r.error = QString::fromUtf8(PQresultErrorMessage(res)).trimmed();
            if (r.error.isEmpty()) r.error = QString::fromUtf8(PQerrorMessage(pg)).trimmed();
            PQclear(res);
            return nullptr;
        }
        return res;
    };
    auto fail = [&] {
        if (PQstatus(pg) == CONNECTION_OK && PQtransactionStatus(pg) != PQTRANS_IDLE) PQclear(PQexec(pg, "ROLLBACK"));
        r.connectionLost = PQstatus(pg) != CONNECTION_OK || !alive(db);
        return r;
    };

    PGresult *res = run("BEGIN", nullptr, PGRES_COMMAND_OK);
    if (!res) return fail();
    PQclear(res);
    const QByteArray agentsDoc = toAgentsJson(alerts);
    res = run(kInsertAgents.constData(), &agentsDoc, PGRES_COMMAND_OK);
    if (!res) return fail();
    PQclear(res);
    const QByteArray doc = toRecordsetJson(alerts);
    res = run(kInsertAlerts.constData(), &doc, PGRES_TUPLES_OK);
    if (!res) return fail();
    const int rows = PQntuples(res);
    r.insertedHashes.reserve(rows);
    for (int i = 0; i < rows; ++i) {
        r.maxId = std::max(r.maxId, QByteArray(PQgetvalue(res, i, 0)).toLongLong());
        r.insertedHashes.insert(QString::fromLatin1(PQgetvalue(res, i, 1), PQgetlength(res, i, 1)));
    }
    PQclear(res);
    if (r.maxId > 0) {
        const QByteArray notify = "SELECT pg_notify('new_alert', '" + QByteArray::number(r.maxId) + "')";
        res = run(notify.constData(), nullptr, PGRES_TUPLES_OK);
        if (!res) return fail();
        PQclear(res);
    }
    res = run("COMMIT", nullptr, PGRES_COMMAND_OK);
    if (!res) return fail();
    PQclear(res);
    r.ok = true;
    return r;
}

}  // namespace eos
