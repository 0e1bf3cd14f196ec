#include "stages/outbox_claim.h"

#include "core/logging.h"
#include "store/pg_binary_array.h"

#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QSqlError>

#include <algorithm>
#include <cmath>

namespace eos {
namespace {

auto log() { return Logging::get("dispatch"); }


}  // namespace

OutboxClaim::OutboxClaim(QSqlDatabase &db, Settings settings, Prepared prepared)
    : m_db(db), m_settings(std::move(settings)), m_prepared(std::move(prepared))
{
}

bool OutboxClaim::fail(Result &r, const QString &what, const QString &error)
{
    r.failedWhat = what;
    r.error = error;
    return false;
}

OutboxClaim::Result OutboxClaim::claim(const DispatchRoute &r, int want)
{
    Result res;
    auto failed = [&](const QString &what, const QSqlQuery *q) {
        if (q) fail(res, what, q->lastError().text());
        m_db.rollback();
        res.rows.clear();
        return res;
    };
    if (!m_db.transaction()) {
        fail(res, QStringLiteral("begin"), m_db.lastError().text());
        return res;
    }
    // one claimer per route at a time (across daemons): keeps the rate limit and Jira's one-per-key exact
    QSqlQuery &q = m_prepared(QStringLiteral("SELECT pg_advisory_xact_lock(hashtext(?)), "
                                             "(SELECT extract(epoch FROM greatest(next_slot, paused_until) - now()) * 1000 "
                                             "FROM dispatch_routes WHERE route = ?)"));
    q.addBindValue(QStringLiteral("eos_dispatch:") + r.id);
    q.addBindValue(r.id);
    if (!q.exec() || !q.next()) return failed(QStringLiteral("claim lock"), &q);
    const double waitMs = q.value(1).isNull() ? -1 : q.value(1).toDouble();
    q.finish();
    if (waitMs > 0) {
        res.pausedUntilMs = QDateTime::currentMSecsSinceEpoch() + qint64(std::ceil(waitMs));
        m_db.commit();
        return res;
    }
    int individual = want;
    bool digestsOnly = false;
    if (r.digestWindow) {
        // every alert waits until the oldest waiting one is digest_minutes old; then they go out together
        // (one alone goes out as itself)
        bool release = false;
        if (!formWindowDigest(r, &release, res)) return failed({}, nullptr);
        digestsOnly = !release;
        if (release) individual = 1;
    } else if (r.digestThreshold > 0) {
        int recent = 0;
        if (!formDigest(r, &recent, res)) return failed({}, nullptr);
        if (recent >= r.digestThreshold) digestsOnly = true;  // singles wait for the window's digest
        else individual = std::min(want, r.digestThreshold - recent);
    }
    if (r.ratePerSecond > 0) individual = std::min(individual, std::max(1, int(r.ratePerSecond)));
    // candidates: due rows, oldest first; Jira skips agent:rule keys that have a send under way
    const bool jira = r.kind == QLatin1String("jira");
    QSqlQuery &cand = m_prepared(QStringLiteral(
        "SELECT o.id, o.alert_id, o.is_digest, o.outcome_unknown OR o.state = 'sending', o.attempts, COALESCE(o.dedup_key, ''), "
        "COALESCE(o.escalation_id, 0), COALESCE(o.escalated_by, ''), COALESCE(o.escalation_reason, '') "
        "FROM dispatch_outbox o WHERE o.route = ? AND o.next_attempt_at <= now() "
        "AND (o.state IN ('pending', 'failed') OR (o.state = 'sending' AND o.claimed_until < now())) %1 %2 "
        "ORDER BY o.next_attempt_at, o.id LIMIT ? FOR UPDATE SKIP LOCKED")
                  .arg(digestsOnly ? QStringLiteral("AND (o.is_digest OR o.state <> 'pending' OR o.escalation_id IS NOT NULL)") : QString(),
                       jira ? QStringLiteral("AND NOT EXISTS (SELECT 1 FROM dispatch_outbox s WHERE s.route = o.route AND "
                                             "s.dedup_key = o.dedup_key AND s.state = 'sending' AND s.claimed_until >= now() AND s.id <> o.id)")
                            : QString()));
    cand.addBindValue(r.id);
    cand.addBindValue(jira ? individual * 4 : individual);
    if (!cand.exec()) return failed(QStringLiteral("claim"), &cand);
    QSet<QString> keys;
    while (cand.next() && int(res.rows.size()) < individual) {
        Row c;
        c.id = cand.value(0).toLongLong();
        c.alertId = cand.value(1).toLongLong();
        c.digest = cand.value(2).toBool();
        c.unknown = cand.value(3).toBool();
        c.attempts = cand.value(4).toInt();
        c.dedupKey = cand.value(5).toString();
        c.escalationId = cand.value(6).toLongLong();
        c.escalatedBy = cand.value(7).toString();
        c.escalationReason = cand.value(8).toString();
        if (jira && !c.digest && !c.dedupKey.isEmpty()) {
            if (keys.contains(c.dedupKey)) continue;  // its issue is being created: next round comments on it
            keys.insert(c.dedupKey);
        }
        res.rows.push_back(c);
    }
    cand.finish();
    if (res.rows.empty()) {
        m_db.commit();
        return res;
    }
    std::vector<qint64> ids;
    for (const Row &c : res.rows) ids.push_back(c.id);
    QSqlQuery &u = m_prepared(QStringLiteral("UPDATE dispatch_outbox SET state = 'sending', outcome_unknown = outcome_unknown OR state = 'sending', "
                                             "claimed_by = ?, claimed_until = now() + make_interval(secs => %1), "
                                             "first_send_at = COALESCE(first_send_at, now()) WHERE id = ANY(?::int8[])")
                                  .arg(m_settings.leaseSeconds));
    u.addBindValue(m_settings.owner);
    u.addBindValue(PgBinaryArray::int8ArrayLiteral(ids));
    if (!u.exec()) return failed(QStringLiteral("claim"), &u);
    u.finish();
    if (!prefetch(res.rows, res)) return failed({}, nullptr);
    if (r.ratePerSecond > 0) {
        QSqlQuery s(m_db);
        s.prepare(QStringLiteral("INSERT INTO dispatch_routes (route, next_slot) VALUES (?, now() + make_interval(secs => ?)) "
                                 "ON CONFLICT (route) DO UPDATE SET next_slot = greatest(dispatch_routes.next_slot, now()) + "
                                 "make_interval(secs => ?)"));
        const double secs = double(res.rows.size()) / r.ratePerSecond;
        s.addBindValue(r.id);
        s.addBindValue(secs);
        s.addBindValue(secs);
        if (!s.exec()) return failed(QStringLiteral("rate slot"), &s);
        res.pausedUntilMs = QDateTime::currentMSecsSinceEpoch() + qint64(secs * 1000);
    }
    QSqlQuery n(m_db);
    n.exec(QStringLiteral("SELECT pg_notify('dispatch_changed', '')"));
    if (!m_db.commit()) {
        fail(res, QStringLiteral("claim commit"), m_db.lastError().text());
        m_db.rollback();
        res.rows.clear();
    }
    return res;
}

// The route's waiting single rows (not escalations: an analyst's escalation always goes out as itself)
// become one digest row, up to digestMaxAlerts of them, in the caller's claim transaction.
bool OutboxClaim::coalesceIntoDigest(const DispatchRoute &r, const QString &what, int *coalesced, qint64 *digestId, Result &res)
{
    QSqlQuery ins(m_db);
    ins.prepare(QStringLiteral(
        "WITH d AS (INSERT INTO dispatch_outbox (alert_id, route, kind, is_digest, state) VALUES (NULL, ?, ?, true, 'pending') RETURNING id), "
        "m AS (SELECT o.id FROM dispatch_outbox o WHERE o.route = ? AND o.state = 'pending' AND NOT o.is_digest "
        "      AND o.escalation_id IS NULL AND o.next_attempt_at <= now() ORDER BY o.id LIMIT %1 FOR UPDATE SKIP LOCKED) "
        "UPDATE dispatch_outbox o SET state = 'digested', digest_id = d.id FROM d, m WHERE o.id = m.id RETURNING d.id")
                    .arg(m_settings.digestMaxAlerts));
    ins.addBindValue(r.id);
    ins.addBindValue(r.kind);
    ins.addBindValue(r.id);
    if (!ins.exec()) return fail(res, what, ins.lastError().text());
    while (ins.next()) {
        ++*coalesced;
        *digestId = ins.value(0).toLongLong();
    }
    return true;
}

bool OutboxClaim::formDigest(const DispatchRoute &r, int *recentIndividual, Result &res)
{
    // called inside the claim transaction (the route's advisory lock held)
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "SELECT (SELECT count(*) FROM dispatch_outbox WHERE route = ? AND NOT is_digest AND digest_id IS NULL "
        "        AND first_send_at > now() - make_interval(mins => %1)), "
        "       (SELECT count(*) FROM dispatch_outbox WHERE route = ? AND is_digest AND created_at > now() - make_interval(mins => %1)), "
        "       (SELECT count(*) FROM (SELECT 1 FROM dispatch_outbox WHERE route = ? AND state = 'pending' AND NOT is_digest "
        "        AND escalation_id IS NULL AND next_attempt_at <= now() LIMIT 1) x)")
                  .arg(r.digestMinutes));
    q.addBindValue(r.id);
    q.addBindValue(r.id);
    q.addBindValue(r.id);
    if (!q.exec() || !q.next()) return fail(res, QStringLiteral("digest check"), q.lastError().text());
    *recentIndividual = q.value(0).toInt();
    const int recentDigests = q.value(1).toInt();
    const bool waiting = q.value(2).toInt() > 0;
    if (*recentIndividual < r.digestThreshold || !waiting || recentDigests > 0) return true;
    int n = 0;
    qint64 digestId = 0;
    if (!coalesceIntoDigest(r, QStringLiteral("forming a digest"), &n, &digestId, res)) return false;
    if (n > 0) log()->info("outbox: route {}: {} alerts coalesced into digest {} ({} sent singly in the last {} min)", s(r.id), n,
                           digestId, *recentIndividual, r.digestMinutes);
    return true;
}

bool OutboxClaim::formWindowDigest(const DispatchRoute &r, bool *releaseSingle, Result &res)
{
    // called inside the claim transaction (the route's advisory lock held)
    *releaseSingle = false;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT count(*), COALESCE(extract(epoch FROM now() - min(created_at)), 0) FROM dispatch_outbox "
                             "WHERE route = ? AND state = 'pending' AND NOT is_digest AND escalation_id IS NULL AND next_attempt_at <= now()"));
    q.addBindValue(r.id);
    if (!q.exec() || !q.next()) return fail(res, QStringLiteral("digest window check"), q.lastError().text());
    const int waiting = q.value(0).toInt();
    if (waiting == 0 || q.value(1).toDouble() < r.digestMinutes * 60.0) return true;
    if (waiting == 1) {
        *releaseSingle = true;
        return true;
    }
    int n = 0;
    qint64 digestId = 0;
    if (!coalesceIntoDigest(r, QStringLiteral("forming a window digest"), &n, &digestId, res)) return false;
    if (n > 0) log()->info("outbox: route {}: {} alerts of the last {} min in digest {}", s(r.id), n, r.digestMinutes, digestId);
    return true;
}

// Inside the claim transaction: the alerts of the claimed single rows, their LLM text and (Jira) the open
// issue of their agent and rule, in one query. The issue key read here stays right until the send: no other
// row of the same key is claimed while this one is `sending`, by any daemon.
bool OutboxClaim::prefetch(std::vector<Row> &rows, Result &res)
{
    std::vector<qint64> ids;
    for (const Row &c : rows)
        if (!c.digest && c.alertId) ids.push_back(c.id);
    if (ids.empty()) return true;
    QSqlQuery &q = m_prepared(QStringLiteral("SELECT o.id, a.raw::text, a.response_text, j.issue_key, a.alert_hash, ag.os FROM dispatch_outbox o "
                                           "JOIN alerts a ON a.id = o.alert_id LEFT JOIN agents ag ON ag.id = a.agent_id "
                                           "LEFT JOIN dispatch_jira_issues j ON j.route = o.route AND j.dedup_key = o.dedup_key "
                                           "AND j.closed_at IS NULL WHERE o.id = ANY(?::int8[])"));
    q.addBindValue(PgBinaryArray::int8ArrayLiteral(ids));
    if (!q.exec()) return fail(res, QStringLiteral("reading the claimed alerts"), q.lastError().text());
    QHash<qint64, Row *> byId;
    for (Row &c : rows) byId.insert(c.id, &c);
    while (q.next()) {
        Row *c = byId.value(q.value(0).toLongLong());
        if (!c) continue;
        c->prefetched = true;
        c->raw = q.value(1).toString().toUtf8();
        c->summary = q.value(2).toString();
        c->issueKey = q.value(3).toString();
        c->hash = q.value(4).toString();
        c->agentOs = q.value(5).toString();
    }
    q.finish();
    return true;
}

}  // namespace eos
