#include "stages/outbox_results.h"

#include "core/backoff.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>

#include <algorithm>

namespace eos {

OutboxResults::OutboxResults(Policy policy) : m_policy(std::move(policy)) {}

int OutboxResults::maxAttempts(const DispatchRoute &route) const
{
    return route.maxAttempts > 0 ? route.maxAttempts : m_policy.maxAttempts;
}

int OutboxResults::backoffMs(int attempts, int retryAfterMs) const
{
    return Backoff::jitteredMs(attempts, m_policy.baseBackoffMs, m_policy.maxBackoffMs, retryAfterMs);
}

// One row's statements, inside the transaction writeInTransaction() opened. False: a statement failed (the
// caller rolls back).
bool OutboxResults::record(QSqlDatabase &db, Row &row, Failure *failure) const
{
    const DispatchRoute &r = *row.route;
    const DispatchResult &result = row.result;
    QString *state = &row.state;
    auto abort = [failure](const QString &what, const QSqlQuery &q) {
        *failure = {what, q.lastError().text()};
        return false;
    };
    using K = DispatchResult::Kind;
    const bool counts = result.kind != K::Throttled && result.kind != K::Hold;
    const int attempts = row.attempts + (counts ? 1 : 0);
    int delayMs = 0;
    if (result.kind == K::Sent) *state = QStringLiteral("sent");
    else if (result.kind == K::Dead || (counts && attempts >= maxAttempts(r))) *state = QStringLiteral("dead");
    else {
        *state = QStringLiteral("failed");
        delayMs = result.kind == K::Throttled || result.kind == K::Hold ? std::max(result.retryAfterMs, 1000)
                                                                         : backoffMs(row.attempts, result.retryAfterMs);
    }
    // a time-out or a lost connection: the remote may have acted on it
    const bool unknownNext = result.kind == K::Retry && result.httpStatus == 0;
    const QString error = result.kind == K::Sent ? QString() : (result.error.isEmpty() ? QStringLiteral("unknown error") : result.error.left(2000));
    const QJsonObject hist{{QStringLiteral("at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                           {QStringLiteral("status"), result.httpStatus},
                           {QStringLiteral("result"), *state},
                           {QStringLiteral("action"), result.action},
                           {QStringLiteral("error"), error},
                           {QStringLiteral("by"), m_policy.owner}};
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "UPDATE dispatch_outbox SET state = ?, attempts = ?, claimed_by = NULL, claimed_until = NULL, "
        "next_attempt_at = now() + make_interval(secs => ?::float8 / 1000), outcome_unknown = ?, "
        "sent_at = CASE WHEN ? = 'sent' THEN now() ELSE sent_at END, remote_id = COALESCE(NULLIF(?, ''), remote_id), "
        "response_status = ?, response = ?, error = NULLIF(?, ''), payload = COALESCE(?::jsonb, payload), "
        "history = history || jsonb_build_array(?::jsonb) "
        "WHERE id = ? AND claimed_by = ? AND state = 'sending' RETURNING alert_id, is_digest"));
    q.addBindValue(*state);
    q.addBindValue(attempts);
    q.addBindValue(delayMs);
    q.addBindValue(unknownNext);
    q.addBindValue(*state);
    q.addBindValue(result.remoteId);
    q.addBindValue(result.httpStatus ? QVariant(result.httpStatus) : QVariant(QMetaType::fromType<int>()));
    q.addBindValue(QString::fromUtf8(result.response.left(8000)));
    q.addBindValue(error);
    const bool jsonPayload = !result.payload.isEmpty() && QJsonDocument::fromJson(result.payload).isObject();
    q.addBindValue(jsonPayload ? QVariant(QString::fromUtf8(result.payload)) : QVariant(QMetaType::fromType<QString>()));
    q.addBindValue(QString::fromUtf8(QJsonDocument(hist).toJson(QJsonDocument::Compact)));
    q.addBindValue(row.id);
    q.addBindValue(m_policy.owner);
    if (!q.exec()) return abort(QStringLiteral("recording a result"), q);
    if (!q.next()) {
        // our lease was taken over (we were too slow) or an analyst cancelled meanwhile: nothing to record
        *state = QStringLiteral("lost");
        return true;
    }
    if (result.kind == K::Throttled) {
        QSqlQuery p(db);
        p.prepare(QStringLiteral("INSERT INTO dispatch_routes (route, paused_until) VALUES (?, now() + make_interval(secs => ?::float8 / 1000)) "
                                 "ON CONFLICT (route) DO UPDATE SET paused_until = greatest(dispatch_routes.paused_until, EXCLUDED.paused_until)"));
        p.addBindValue(r.id);
        p.addBindValue(delayMs);
        if (!p.exec()) return abort(QStringLiteral("pausing the route"), p);
    }
    if (result.kind == K::Sent && r.kind == QLatin1String("jira") && !row.digest && !row.dedupKey.isEmpty()) {
        if (!result.closedIssueKey.isEmpty()) {
            QSqlQuery cl(db);
            cl.prepare(QStringLiteral("UPDATE dispatch_jira_issues SET closed_at = now() WHERE route = ? AND issue_key = ? AND closed_at IS NULL"));
            cl.addBindValue(r.id);
            cl.addBindValue(result.closedIssueKey);
            if (!cl.exec()) return abort(QStringLiteral("closing a Jira issue"), cl);
        }
        QSqlQuery j(db);
        if (result.action == QLatin1String("commented")) {
            j.prepare(QStringLiteral("UPDATE dispatch_jira_issues SET comments = comments + 1 WHERE route = ? AND issue_key = ?"));
            j.addBindValue(r.id);
            j.addBindValue(result.remoteId);
        } else {
            j.prepare(QStringLiteral("INSERT INTO dispatch_jira_issues (route, dedup_key, issue_key, outbox_id) VALUES (?, ?, ?, ?) "
                                     "ON CONFLICT DO NOTHING"));
            j.addBindValue(r.id);
            j.addBindValue(row.dedupKey);
            j.addBindValue(result.remoteId);
            j.addBindValue(row.id);
        }
        if (!j.exec()) return abort(QStringLiteral("tracking the Jira issue"), j);
    }
    if (*state == QLatin1String("dead")) {
        // in the alert's history (for a digest: each member's)
        QSqlQuery a(db);
        a.prepare(QStringLiteral(
            "INSERT INTO audit_log (alert_id, actor, action, reason, details) "
            "SELECT x.alert_id, 'eos:dispatch', 'dispatch_dead', ?, jsonb_build_object('route', ?::text, 'outbox_id', ?::int8, 'attempts', ?::int) "
            "FROM dispatch_outbox x WHERE (x.id = ? AND x.alert_id IS NOT NULL) OR x.digest_id = ?"));
        a.addBindValue(error);
        a.addBindValue(r.id);
        a.addBindValue(row.id);
        a.addBindValue(attempts);
        a.addBindValue(row.id);
        a.addBindValue(row.id);
        if (!a.exec()) return abort(QStringLiteral("auditing a dead dispatch"), a);
    }
    return true;
}

// The common case in one statement (its own transaction, one round trip): sends, retries and Jira's
// issue tracking for rows that opened or commented on an issue; prepared once per connection. Rows that
// need more (dead: audited; throttled: the route paused; Jira found its tracked issue closed) take
// writeResults' statement-by-statement path. Each row's update is guarded as there: claimed_by = me and
// state = sending, so a row whose lease was taken over records nothing ("lost").
bool OutboxResults::writeAtOnce(std::vector<Row> &batch, const Prepared &prepared, Failure *failure) const
{
    using K = DispatchResult::Kind;
    *failure = {};
    QJsonArray rows;
    for (Row &p : batch) {
        if (!p.route) return false;
        const DispatchRoute &r = *p.route;
        const DispatchResult &result = p.result;
        // dead, throttled, held (email: not counted as an attempt) and closed Jira issues: statement by statement
        if (result.kind == K::Dead || result.kind == K::Throttled || result.kind == K::Hold || !result.closedIssueKey.isEmpty())
            return false;
        const int attempts = p.attempts + 1;
        if (result.kind != K::Sent && attempts >= maxAttempts(r)) return false;  // dead: audited on the other path
        p.state = result.kind == K::Sent ? QStringLiteral("sent") : QStringLiteral("failed");
        const int delayMs = result.kind == K::Sent ? 0 : backoffMs(p.attempts, result.retryAfterMs);
        const QString error = result.kind == K::Sent ? QString() : (result.error.isEmpty() ? QStringLiteral("unknown error") : result.error.left(2000));
        const QJsonDocument payload = result.payload.isEmpty() ? QJsonDocument() : QJsonDocument::fromJson(result.payload);
        const bool track = result.kind == K::Sent && r.kind == QLatin1String("jira") && !p.digest && !p.dedupKey.isEmpty();
        rows.append(QJsonObject{
            {QStringLiteral("id"), p.id},
            {QStringLiteral("state"), p.state},
            {QStringLiteral("attempts"), attempts},
            {QStringLiteral("delay_ms"), delayMs},
            {QStringLiteral("unknown"), result.kind == K::Retry && result.httpStatus == 0},
            {QStringLiteral("remote_id"), result.remoteId},
            {QStringLiteral("status"), result.httpStatus ? QJsonValue(result.httpStatus) : QJsonValue()},
            {QStringLiteral("response"), QString::fromUtf8(result.response.left(8000))},
            {QStringLiteral("error"), error},
            {QStringLiteral("payload"), payload.isObject() ? QJsonValue(payload.object()) : QJsonValue()},
            {QStringLiteral("hist"), QJsonObject{{QStringLiteral("at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                                                 {QStringLiteral("status"), result.httpStatus},
                                                 {QStringLiteral("result"), p.state},
                                                 {QStringLiteral("action"), result.action},
                                                 {QStringLiteral("error"), error},
                                                 {QStringLiteral("by"), m_policy.owner}}},
            {QStringLiteral("action"), result.action},
            {QStringLiteral("track"), track}});
    }
    QSqlQuery &q = prepared(QStringLiteral(
                "WITH v AS (SELECT * FROM jsonb_to_recordset(?::jsonb) AS x(id int8, state text, attempts int, delay_ms float8, "
                "           unknown bool, remote_id text, status int, response text, error text, payload jsonb, hist jsonb, "
                "           action text, track bool)), "
                "upd AS (UPDATE dispatch_outbox o SET state = v.state, attempts = v.attempts, claimed_by = NULL, claimed_until = NULL, "
                "        next_attempt_at = now() + make_interval(secs => v.delay_ms / 1000), outcome_unknown = v.unknown, "
                "        sent_at = CASE WHEN v.state = 'sent' THEN now() ELSE o.sent_at END, "
                "        remote_id = COALESCE(NULLIF(v.remote_id, ''), o.remote_id), response_status = v.status, response = v.response, "
                "        error = NULLIF(v.error, ''), payload = COALESCE(v.payload, o.payload), "
                "        history = o.history || jsonb_build_array(v.hist) "
                "        FROM v WHERE o.id = v.id AND o.claimed_by = ? AND o.state = 'sending' "
                "        RETURNING o.id, o.route, o.dedup_key, v.remote_id, v.action, v.track), "
                "jc AS (UPDATE dispatch_jira_issues j SET comments = j.comments + c.n "
                "       FROM (SELECT route, remote_id, count(*) AS n FROM upd WHERE track AND action = 'commented' GROUP BY 1, 2) c "
                "       WHERE j.route = c.route AND j.issue_key = c.remote_id), "
                "ji AS (INSERT INTO dispatch_jira_issues (route, dedup_key, issue_key, outbox_id) "
                "       SELECT route, dedup_key, remote_id, id FROM upd WHERE track AND action IS DISTINCT FROM 'commented' "
                "       ON CONFLICT DO NOTHING) "
                "SELECT upd.id FROM upd, (SELECT pg_notify('dispatch_changed', '')) n"));
    q.addBindValue(QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact)));
    q.addBindValue(m_policy.owner);
    if (!q.exec()) {
        *failure = {QStringLiteral("recording results"), q.lastError().text()};
        return false;
    }
    QSet<qint64> recorded;
    while (q.next()) recorded.insert(q.value(0).toLongLong());
    q.finish();
    for (Row &p : batch)
        if (!recorded.contains(p.id)) p.state = QStringLiteral("lost");  // lease taken over, or cancelled
    return true;
}

// The results in one transaction (one commit for all of them).
bool OutboxResults::writeInTransaction(QSqlDatabase &db, std::vector<Row> &rows, Failure *failure) const
{
    *failure = {};
    if (!db.transaction()) {
        *failure = {QStringLiteral("begin"), db.lastError().text()};
        return false;
    }
    for (Row &row : rows) {
        if (!row.route) {
            row.state = QStringLiteral("lost");
            continue;
        }
        if (!record(db, row, failure)) {
            db.rollback();
            return false;
        }
    }
    QSqlQuery n(db);
    if (!n.exec(QStringLiteral("SELECT pg_notify('dispatch_changed', '')"))) {
        *failure = {QStringLiteral("notify"), n.lastError().text()};
        db.rollback();
        return false;
    }
    if (!db.commit()) {
        *failure = {QStringLiteral("commit"), db.lastError().text()};
        db.rollback();
        return false;
    }
    return true;
}

}  // namespace eos
