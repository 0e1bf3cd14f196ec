#include "store/alert_store.h"

#include "store/db_connection_info.h"
#include "store/pg_binary_array.h"

#include <libpq-fe.h>

#include <map>
#include <mutex>
#include <string>

namespace eos {
namespace {

// Each column of the batch is one binary array parameter, zipped back into rows by unnest.
// The alert body goes as text and is cast to jsonb per row: PostgreSQL parses many small documents
// about six times faster than one large one (jsonb_to_recordset over the whole batch).
const QByteArray kInsertAgents = QByteArrayLiteral(
    "INSERT INTO agents (id, name, ip, last_alert_at) "
    "SELECT aid, an, aip, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS x(aid, an, aip) ORDER BY aid "
    "ON CONFLICT (id) DO UPDATE SET name = COALESCE(EXCLUDED.name, agents.name), "
    "ip = COALESCE(EXCLUDED.ip, agents.ip), last_alert_at = EXCLUDED.last_alert_at "
    "WHERE agents.last_alert_at IS NULL OR agents.last_alert_at < EXCLUDED.last_alert_at - interval '1 minute' "
    "OR agents.name IS DISTINCT FROM COALESCE(EXCLUDED.name, agents.name) "
    "OR agents.ip IS DISTINCT FROM COALESCE(EXCLUDED.ip, agents.ip)");

// One statement: the INSERT, and the NOTIFYs of the channels the stages wait on (sent at its commit, only
// for rows added: agent_enriched only when some entered as agent_enriched, not all past the LLM stage as
// summarized), so a batch costs one round trip. Rows without a reserved id ($1 empty
// or shorter) take the next ones from the sequence, in batch order.
const char *const kInsertAlertsName = "eos_insert_alerts";
const QByteArray kInsertAlerts = QByteArrayLiteral(
    "WITH ins AS (INSERT INTO alerts (id, alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, ingest_timestamp, "
    "state, alert_ts, agent_name, groups, src_ip, mitre_ids, location, enriched_at) "
    "SELECT COALESCE(id, nextval(pg_get_serial_sequence('alerts', 'id'))), h, aid, ri, rl, rd, raw::jsonb, now(), "
    "CASE WHEN $14::bool AND rl < $15::int4 THEN 'summarized'::alert_state WHEN $14::bool THEN 'agent_enriched' "
    "ELSE 'new' END, COALESCE(ts::timestamptz, now()), an, g::text[], sip, m::text[], loc, "
    "CASE WHEN $14::bool THEN now() END "
    "FROM unnest($1::int8[], $2::text[], $3::text[], $4::text[], $5::int4[], $6::int4[], $7::text[], $8::text[], "
    "$9::text[], $10::text[], $11::text[], $12::text[], $13::text[]) "
    "AS x(id, h, aid, an, ri, rl, rd, ts, g, sip, m, loc, raw) "
    "ON CONFLICT (alert_hash) DO NOTHING RETURNING id, alert_hash, state = 'summarized' AS s) "
    "SELECT id, alert_hash, s, (SELECT concat(pg_notify('new_alert', max(id)::text)::text, "
    "CASE WHEN $14::bool AND NOT bool_and(s) THEN pg_notify('agent_enriched', (max(id) FILTER (WHERE NOT s))::text)::text END, "
    "CASE WHEN bool_or(s) THEN pg_notify('new_response', (max(id) FILTER (WHERE s))::text)::text END) FROM ins) "
    "FROM ins");

// The inbox (0014_alert_inbox.sql): a lone small batch is committed into a table with no index but its keys and
// no trigger, and acknowledged; kMoveInbox moves it into alerts. Alerts already stored, or waiting in the inbox,
// are not taken again: they count as duplicates (alerts: a scalar subquery, one index probe per alert; as NOT
// EXISTS the generic plan of this prepared statement was a hash anti join over every alert). The rows returned
// have the INSERT's shape (id, hash, summarized), ids 0: no alert row exists yet.
const char *const kInsertInboxName = "eos_insert_inbox";
const QByteArray kInsertInbox = QByteArrayLiteral(
    "INSERT INTO alert_inbox (alert_hash, agent_id, agent_name, agent_ip, rule_id, rule_level, rule_desc, alert_ts, "
    "groups, src_ip, mitre_ids, location, raw) "
    "SELECT h, aid, an, aip, ri, rl, rd, ts, g, sip, m, loc, raw "
    "FROM unnest($1::text[], $2::text[], $3::text[], $4::int4[], $5::int4[], $6::text[], $7::text[], $8::text[], "
    "$9::text[], $10::text[], $11::text[], $12::text[], $13::text[]) "
    "AS x(h, aid, an, ri, rl, rd, ts, g, sip, m, loc, raw, aip) "
    "WHERE (SELECT a.id FROM alerts a WHERE a.alert_hash = x.h) IS NULL "
    "ON CONFLICT (alert_hash) DO NOTHING RETURNING 0::int8, alert_hash, false");

// The same for one alert (a client posting alerts one at a time: nearly every inbox batch), as one row of
// VALUES in text parameters: ~0.2 ms less a commit than unnest over thirteen one-element arrays (measured
// alternately on one connection: 1.15x against 1.45x a one-column INSERT;COMMIT).
const char *const kInsertInboxOneName = "eos_insert_inbox_one";
const QByteArray kInsertInboxOne = QByteArrayLiteral(
    "INSERT INTO alert_inbox (alert_hash, agent_id, agent_name, agent_ip, rule_id, rule_level, rule_desc, alert_ts, "
    "groups, src_ip, mitre_ids, location, raw) "
    "SELECT h, aid, an, aip, ri, rl, rd, ts, g, sip, m, loc, raw "
    "FROM (VALUES ($1::text, $2::text, $3::text, $13::text, $4::int4, $5::int4, $6::text, $7::text, $8::text, $9::text, "
    "$10::text, $11::text, $12::text)) AS x(h, aid, an, aip, ri, rl, rd, ts, g, sip, m, loc, raw) "
    "WHERE (SELECT a.id FROM alerts a WHERE a.alert_hash = x.h) IS NULL "
    "ON CONFLICT (alert_hash) DO NOTHING RETURNING 0::int8, alert_hash, false");

// Moves up to $3 inbox rows (oldest first, skipping rows another mover holds and the seqs in $4) into alerts
// in one statement: their agents upserted as kInsertAgents does, the rows inserted as kInsertAlerts does
// (received_at as their ingest time), the same NOTIFYs. One row back: rows taken, rows inserted (the others
// were stored meanwhile by another path), the highest id inserted.
const char *const kMoveInboxName = "eos_move_inbox";
const QByteArray kMoveInbox = QByteArrayLiteral(
    "WITH m AS (DELETE FROM alert_inbox WHERE seq IN (SELECT seq FROM alert_inbox WHERE seq <> ALL($4::int8[]) "
    "ORDER BY seq LIMIT $3::int4 FOR UPDATE SKIP LOCKED) RETURNING *), "
    "ag AS (INSERT INTO agents (id, name, ip, last_alert_at) "
    "SELECT DISTINCT ON (agent_id) agent_id, agent_name, agent_ip, now() FROM m ORDER BY agent_id, seq DESC "
    "ON CONFLICT (id) DO UPDATE SET name = COALESCE(EXCLUDED.name, agents.name), "
    "ip = COALESCE(EXCLUDED.ip, agents.ip), last_alert_at = EXCLUDED.last_alert_at "
    "WHERE agents.last_alert_at IS NULL OR agents.last_alert_at < EXCLUDED.last_alert_at - interval '1 minute' "
    "OR agents.name IS DISTINCT FROM COALESCE(EXCLUDED.name, agents.name) "
    "OR agents.ip IS DISTINCT FROM COALESCE(EXCLUDED.ip, agents.ip)), "
    "ins AS (INSERT INTO alerts (id, alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, ingest_timestamp, "
    "state, alert_ts, agent_name, groups, src_ip, mitre_ids, location, enriched_at) "
    "SELECT nextval(pg_get_serial_sequence('alerts', 'id')), alert_hash, agent_id, rule_id, rule_level, rule_desc, "
    "raw::jsonb, received_at, "
    "CASE WHEN $1::bool AND rule_level < $2::int4 THEN 'summarized'::alert_state WHEN $1::bool THEN 'agent_enriched' "
    "ELSE 'new' END, COALESCE(alert_ts::timestamptz, received_at), agent_name, groups::text[], src_ip, "
    "mitre_ids::text[], location, CASE WHEN $1::bool THEN now() END "
    "FROM m ORDER BY seq ON CONFLICT (alert_hash) DO NOTHING RETURNING id, state = 'summarized' AS s) "
    "SELECT (SELECT count(*) FROM m), (SELECT count(*) FROM ins), (SELECT COALESCE(max(id), 0) FROM ins), "
    "(SELECT concat(pg_notify('new_alert', max(id)::text)::text, "
    "CASE WHEN $1::bool AND NOT bool_and(s) THEN pg_notify('agent_enriched', (max(id) FILTER (WHERE NOT s))::text)::text END, "
    "CASE WHEN bool_or(s) THEN pg_notify('new_response', (max(id) FILTER (WHERE s))::text)::text END) "
    "FROM ins HAVING count(*) > 0)");

// n fresh ids from the alerts' own sequence (whatever it is called in an upgraded database), in order
const QByteArray kReserveIds = QByteArrayLiteral(
    "SELECT nextval(pg_get_serial_sequence('alerts', 'id')) FROM generate_series(1, $1::int)");

struct Params {
    std::vector<PgBinaryArray> columns;
    std::vector<QByteArray> scalars;  // after the columns, as text (their type is cast in the statement)
    std::vector<const char *> values;
    std::vector<int> lengths, formats;
    std::vector<Oid> types;

    void finish()
    {
        for (auto &c : columns) {
            const QByteArray &b = c.bytes();
            values.push_back(b.constData());
            lengths.push_back(int(b.size()));
            formats.push_back(1);
            types.push_back(c.arrayOid());
        }
        for (const QByteArray &v : scalars) {
            values.push_back(v.constData());
            lengths.push_back(int(v.size()));
            formats.push_back(0);
            types.push_back(0);
        }
    }
};

// one row per distinct agent: the upsert need not see every alert
Params agentParams(const std::vector<const AlertRecord *> &alerts)
{
    Params p;
    using T = PgBinaryArray::Type;
    p.columns = {PgBinaryArray(T::Text), PgBinaryArray(T::Text), PgBinaryArray(T::Text)};
    QSet<QString> seen;
    for (const auto *a : alerts) {
        if (seen.contains(a->agentId)) continue;
        seen.insert(a->agentId);
        p.columns[0].appendText(a->agentId);
        p.columns[1].appendNullableText(a->agentName);
        p.columns[2].appendNullableText(a->agentIp);
    }
    p.finish();
    return p;
}

// The alerts' columns, one binary array each, in the order both INSERTs unnest them: the reserved id (when
// ids is given; NULL: from the sequence), hash, agent id, agent name, rule id, level, description, time,
// groups, source IP, MITRE ids, location, body, and the agent's IP (when agentIp: the inbox's move upserts
// the agent from it).
Params alertColumns(const std::vector<const AlertRecord *> &alerts, const std::vector<qint64> *ids, bool agentIp)
{
    Params p;
    using T = PgBinaryArray::Type;
    const int n = int(alerts.size());
    if (ids) p.columns.emplace_back(T::Int8, n);
    const size_t c0 = p.columns.size();
    for (int c = 0; c < 12; ++c) p.columns.emplace_back(c == 3 || c == 4 ? T::Int4 : T::Text, n);
    if (agentIp) p.columns.emplace_back(T::Text, n);
    for (size_t i = 0; i < alerts.size(); ++i) {
        const AlertRecord *a = alerts[i];
        if (ids && i < ids->size()) p.columns[0].appendInt8((*ids)[i]);
        else if (ids) p.columns[0].appendNull();  // taken from the sequence by the INSERT
        auto *c = &p.columns[c0];
        c[0].appendText(a->hash.toLatin1());
        c[1].appendText(a->agentId);
        c[2].appendNullableText(a->agentName);
        c[3].appendInt(a->ruleId);
        c[4].appendInt(a->ruleLevel);
        c[5].appendNullableText(a->ruleDesc);
        c[6].appendNullableText(a->timestamp);
        c[7].appendText(PgBinaryArray::textArrayLiteral(a->groups));
        c[8].appendNullableText(a->srcIp);
        c[9].appendText(PgBinaryArray::textArrayLiteral(a->mitreIds));
        c[10].appendNullableText(a->location);
        c[11].appendText(a->canonicalJson);
        if (agentIp) c[12].appendNullableText(a->agentIp);
    }
    return p;
}

Params alertParams(const std::vector<const AlertRecord *> &alerts, const std::vector<qint64> &ids,
                   const AlertStore::Entry &entry)
{
    Params p = alertColumns(alerts, &ids, false);
    p.scalars = {entry.enriched ? QByteArrayLiteral("t") : QByteArrayLiteral("f"),
                 QByteArray::number(entry.enriched ? entry.summarizedBelowLevel : 0)};
    p.finish();
    return p;
}

Params inboxParams(const std::vector<const AlertRecord *> &alerts)
{
    Params p = alertColumns(alerts, nullptr, true);
    p.finish();
    return p;
}

// One alert's columns as text parameters, in alertColumns' order (empty texts are NULL, as there)
struct TextParams {
    std::vector<QByteArray> bytes;
    std::vector<const char *> values;
    std::vector<int> lengths, formats;
};

TextParams inboxOneParams(const AlertRecord &a)
{
    TextParams p;
    p.bytes = {a.hash.toLatin1(), a.agentId.toUtf8(), a.agentName.toUtf8(), QByteArray::number(a.ruleId),
               QByteArray::number(a.ruleLevel), a.ruleDesc.toUtf8(), a.timestamp.toUtf8(),
               PgBinaryArray::textArrayLiteral(a.groups), a.srcIp.toUtf8(), PgBinaryArray::textArrayLiteral(a.mitreIds),
               a.location.toUtf8(), a.canonicalJson, a.agentIp.toUtf8()};
    static const bool nullable[13] = {false, false, true, false, false, true, true, false, true, false, true, false, true};
    for (size_t i = 0; i < p.bytes.size(); ++i) {
        p.values.push_back(nullable[i] && p.bytes[i].isEmpty() ? nullptr : p.bytes[i].constData());
        p.lengths.push_back(int(p.bytes[i].size()));
        p.formats.push_back(0);
    }
    return p;
}

// Takes ownership of res. True when it has the wanted status; otherwise records the error.
bool check(PGconn *pg, PGresult *res, ExecStatusType want, AlertStore::Outcome *out)
{
    const bool ok = PQresultStatus(res) == want;
    if (!ok) {
        out->error = QString::fromUtf8(PQresultErrorMessage(res)).trimmed();
        if (out->error.isEmpty()) out->error = QString::fromUtf8(PQerrorMessage(pg)).trimmed();
    }
    PQclear(res);
    return ok;
}

// The sessions the INSERT is prepared on: the connection and its server process (a connection that
// reconnects gets a new one, whose session knows no prepared statements).
struct PreparedSessions {
    std::mutex mutex;
    std::map<std::pair<const PGconn *, std::string>, int> serverPid;  // (connection, statement) -> server process
};

PreparedSessions &preparedSessions()
{
    static PreparedSessions sessions;
    return sessions;
}

void forgetPrepared(const PGconn *pg)
{
    auto &p = preparedSessions();
    std::lock_guard lock(p.mutex);
    for (auto it = p.serverPid.begin(); it != p.serverPid.end();) it = it->first.first == pg ? p.serverPid.erase(it) : std::next(it);
}

// Parsed and planned once per session: a batch of one alert costs the INSERT's execution, not its planning.
bool ensurePrepared(PGconn *pg, const char *name, const QByteArray &sql, const Params &params, QString *error)
{
    const int pid = PQbackendPID(pg);
    auto &p = preparedSessions();
    const auto key = std::make_pair(static_cast<const PGconn *>(pg), std::string(name));
    {
        std::lock_guard lock(p.mutex);
        const auto it = p.serverPid.find(key);
        if (it != p.serverPid.end() && it->second == pid) return true;
    }
    AlertStore::Outcome out;
    PGresult *res = PQprepare(pg, name, sql.constData(), int(params.types.size()), params.types.data());
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const bool exists = state && qstrcmp(state, "42P05") == 0;  // duplicate_prepared_statement: it is there
    if (exists) PQclear(res);
    else if (!check(pg, res, PGRES_COMMAND_OK, &out)) {
        *error = out.error;
        return false;
    }
    std::lock_guard lock(p.mutex);
    p.serverPid[key] = pid;
    return true;
}

PGresult *exec(PGconn *pg, const char *sql, const Params *params)
{
    return params ? PQexecParams(pg, sql, int(params->values.size()), params->types.data(), params->values.data(),
                                 params->lengths.data(), params->formats.data(), 0)
                  : PQexec(pg, sql);
}

bool fail(PGconn *pg, AlertStore::Outcome *out)
{
    if (pg && PQstatus(pg) == CONNECTION_OK) {
        PGresult *res;
        while ((res = PQgetResult(pg))) PQclear(res);  // an abandoned asynchronous statement
        if (PQtransactionStatus(pg) != PQTRANS_IDLE) PQclear(PQexec(pg, "ROLLBACK"));
    }
    out->ok = false;
    out->connectionLost = !AlertStore::alive(pg);
    if (out->error.isEmpty()) out->error = QStringLiteral("not connected");
    return false;
}

}  // namespace

bool AlertStore::alive(PGconn *pg)
{
    if (!pg || PQstatus(pg) != CONNECTION_OK) return false;
    PGresult *res = PQexec(pg, "SELECT 1");
    const bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    PQclear(res);
    return ok;
}

bool AlertStore::alive(QSqlDatabase &db)
{
    return db.isOpen() && alive(DbConnectionInfo::pgConn(db));
}

bool AlertStore::upsertAgents(PGconn *pg, const Alerts &alerts, Outcome *out)
{
    if (!pg || PQstatus(pg) != CONNECTION_OK) return fail(pg, out);
    const Params agents = agentParams(alerts);
    if (!check(pg, exec(pg, kInsertAgents.constData(), &agents), PGRES_COMMAND_OK, out)) return fail(pg, out);
    return true;
}

bool AlertStore::reserveIds(PGconn *pg, int count, std::vector<qint64> *ids, Outcome *out)
{
    if (!pg || PQstatus(pg) != CONNECTION_OK) return fail(pg, out);
    const QByteArray n = QByteArray::number(count);
    const char *values[1] = {n.constData()};
    PGresult *res = PQexecParams(pg, kReserveIds.constData(), 1, nullptr, values, nullptr, nullptr, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != count) {
        if (PQresultStatus(res) == PGRES_TUPLES_OK) out->error = QStringLiteral("the id sequence returned too few values");
        check(pg, res, PGRES_TUPLES_OK, out);
        return fail(pg, out);
    }
    ids->clear();
    ids->reserve(size_t(count));
    for (int i = 0; i < count; ++i) ids->push_back(QByteArray(PQgetvalue(res, i, 0)).toLongLong());
    PQclear(res);
    return true;
}

bool AlertStore::sendInsert(PGconn *pg, const Alerts &alerts, const std::vector<qint64> &ids, Outcome *out,
                            const Entry &entry, bool transaction)
{
    if (!pg || PQstatus(pg) != CONNECTION_OK) return fail(pg, out);
    const Params columns = alertParams(alerts, ids, entry);
    if (!ensurePrepared(pg, kInsertAlertsName, kInsertAlerts, columns, &out->error)) return fail(pg, out);
    out->inTransaction = transaction;
    if (transaction && !check(pg, PQexec(pg, "BEGIN"), PGRES_COMMAND_OK, out)) return fail(pg, out);
    out->maxSummarizedId = 0;
    if (!PQsendQueryPrepared(pg, kInsertAlertsName, int(columns.values.size()), columns.values.data(),
                             columns.lengths.data(), columns.formats.data(), 0)) {
        out->error = QString::fromUtf8(PQerrorMessage(pg)).trimmed();
        return fail(pg, out);
    }
    return true;
}

bool AlertStore::finishInsert(PGconn *pg, Outcome *out)
{
    PGresult *res = PQgetResult(pg);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        if (state && qstrcmp(state, "26000") == 0) forgetPrepared(pg);  // its session lost it: prepared again next time
        check(pg, res, PGRES_TUPLES_OK, out);
        return fail(pg, out);
    }
    const int rows = PQntuples(res);
    out->insertedHashes.reserve(rows);
    for (int i = 0; i < rows; ++i) {
        const qint64 id = QByteArray(PQgetvalue(res, i, 0)).toLongLong();
        out->maxId = std::max(out->maxId, id);
        out->insertedHashes.insert(QString::fromLatin1(PQgetvalue(res, i, 1), PQgetlength(res, i, 1)));
        if (*PQgetvalue(res, i, 2) == 't') out->maxSummarizedId = std::max(out->maxSummarizedId, id);
    }
    PQclear(res);
    // The end of the statement. In autocommit the commit comes after the rows: it can still fail (a deferred
    // trigger, the server shutting down, the connection dropping), and then the rows are not stored.
    bool committed = true;
    while ((res = PQgetResult(pg))) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
            if (committed) check(pg, res, PGRES_COMMAND_OK, out);
            else PQclear(res);
            committed = false;
        } else {
            PQclear(res);
        }
    }
    if (!committed || PQstatus(pg) != CONNECTION_OK) {
        if (out->error.isEmpty()) out->error = QString::fromUtf8(PQerrorMessage(pg)).trimmed();
        out->insertedHashes.clear();
        out->maxId = out->maxSummarizedId = 0;
        return fail(pg, out);
    }
    out->ok = !out->inTransaction;  // autocommit: the rows and the NOTIFYs are committed
    return true;
}

bool AlertStore::sendInbox(PGconn *pg, const Alerts &alerts, Outcome *out)
{
    if (!pg || PQstatus(pg) != CONNECTION_OK) return fail(pg, out);
    out->inTransaction = false;
    out->maxSummarizedId = 0;
    bool sent;
    if (alerts.size() == 1) {
        const TextParams one = inboxOneParams(*alerts.front());
        Params untyped;  // thirteen parameters, their types from the statement's casts
        untyped.types.assign(one.values.size(), 0);
        if (!ensurePrepared(pg, kInsertInboxOneName, kInsertInboxOne, untyped, &out->error)) return fail(pg, out);
        sent = PQsendQueryPrepared(pg, kInsertInboxOneName, int(one.values.size()), one.values.data(), one.lengths.data(),
                                   one.formats.data(), 0);
    } else {
        const Params columns = inboxParams(alerts);
        if (!ensurePrepared(pg, kInsertInboxName, kInsertInbox, columns, &out->error)) return fail(pg, out);
        sent = PQsendQueryPrepared(pg, kInsertInboxName, int(columns.values.size()), columns.values.data(),
                                   columns.lengths.data(), columns.formats.data(), 0);
    }
    if (!sent) {
        out->error = QString::fromUtf8(PQerrorMessage(pg)).trimmed();
        return fail(pg, out);
    }
    return true;
}

AlertStore::Moved AlertStore::moveInbox(PGconn *pg, int limit, const Entry &entry, const std::vector<qint64> &skip)
{
    Moved m;
    Outcome out;
    auto failed = [&] {
        fail(pg, &out);
        m.connectionLost = out.connectionLost;
        m.error = out.error;
        return m;
    };
    if (!pg || PQstatus(pg) != CONNECTION_OK) return failed();
    // all four as text, cast in the statement: $1 enriched, $2 the level below which alerts enter summarized,
    // $3 the limit, $4 the seqs to leave alone
    Params params;
    params.scalars = {entry.enriched ? QByteArrayLiteral("t") : QByteArrayLiteral("f"),
                      QByteArray::number(entry.enriched ? entry.summarizedBelowLevel : 0), QByteArray::number(limit),
                      PgBinaryArray::int8ArrayLiteral(skip).toLatin1()};
    params.finish();
    if (!ensurePrepared(pg, kMoveInboxName, kMoveInbox, params, &out.error)) return failed();
    PGresult *res = PQexecPrepared(pg, kMoveInboxName, int(params.values.size()), params.values.data(), params.lengths.data(),
                                   params.formats.data(), 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        if (state && qstrcmp(state, "26000") == 0) forgetPrepared(pg);
        if (PQresultStatus(res) == PGRES_TUPLES_OK) out.error = QStringLiteral("the inbox move returned no row");
        check(pg, res, PGRES_TUPLES_OK, &out);
        return failed();
    }
    m.taken = QByteArray(PQgetvalue(res, 0, 0)).toInt();
    m.inserted = QByteArray(PQgetvalue(res, 0, 1)).toInt();
    m.maxId = QByteArray(PQgetvalue(res, 0, 2)).toLongLong();
    PQclear(res);
    m.ok = true;
    return m;
}

qint64 AlertStore::oldestInboxSeq(PGconn *pg, const std::vector<qint64> &skip)
{
    if (!pg || PQstatus(pg) != CONNECTION_OK) return 0;
    const QByteArray list = PgBinaryArray::int8ArrayLiteral(skip).toLatin1();
    const char *values[1] = {list.constData()};
    PGresult *res = PQexecParams(pg, "SELECT min(seq) FROM alert_inbox WHERE seq <> ALL($1::int8[])", 1, nullptr, values,
                                 nullptr, nullptr, 0);
    const qint64 seq = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)
                           ? QByteArray(PQgetvalue(res, 0, 0)).toLongLong()
                           : 0;
    PQclear(res);
    return seq;
}

bool AlertStore::commit(PGconn *pg, Outcome *out)
{
    if (!out->inTransaction) return out->ok;
    if (!check(pg, PQexec(pg, "COMMIT"), PGRES_COMMAND_OK, out)) return fail(pg, out);
    out->ok = true;
    return true;
}

// Through libpq on Qt's own connection: each column goes as one binary array parameter (no escaping
// into literals, no UTF-16 round trip of megabytes), which QSqlQuery's QPSQL binding cannot do.
AlertStore::Outcome AlertStore::insertBatch(QSqlDatabase &db, const Alerts &alerts, const Entry &entry)
{
    Outcome r;
    if (alerts.empty()) {
        r.ok = true;
        return r;
    }
    insertWithIds(DbConnectionInfo::pgConn(db), alerts, {}, &r, entry);  // ids from the sequence, in order
    return r;
}

bool AlertStore::insertWithIds(PGconn *pg, const Alerts &alerts, const std::vector<qint64> &ids, Outcome *out,
                               const Entry &entry)
{
    return upsertAgents(pg, alerts, out) && sendInsert(pg, alerts, ids, out, entry) && finishInsert(pg, out);
}

}  // namespace eos
