#include "triage_store.h"

#include "core/logging.h"
#include "db_worker.h"

#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QJsonArray>
#include <QSqlQuery>
#include <QElapsedTimer>
#include <QThread>
#include <QUuid>

#include <algorithm>

#include <pwd.h>
#include <unistd.h>

namespace eos {
namespace {
auto log() { return Logging::get("triage"); }

QString idArray(const QList<qint64> &ids)
{
    QStringList s;
    s.reserve(ids.size());
    for (qint64 id : ids) s << QString::number(id);
    return u'{' + s.join(u',') + u'}';
}

QVariant nullableText(const QString &s) { return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s); }
}  // namespace

QString TriageStore::Result::summary() const
{
    if (!ok) return error;
    QString verb;
    switch (action) {
    case Action::Acknowledge: verb = QObject::tr("Acknowledged %n alert(s)", nullptr, int(changed.size())); break;
    case Action::FalsePositive: verb = QObject::tr("Marked %n alert(s) as false positive", nullptr, int(changed.size())); break;
    case Action::Escalate: verb = QObject::tr("Escalated %n alert(s)", nullptr, int(changed.size())); break;
    case Action::AssignToMe: verb = QObject::tr("Assigned %n alert(s) to you", nullptr, int(changed.size())); break;
    case Action::Unassign: verb = QObject::tr("Unassigned %n alert(s)", nullptr, int(changed.size())); break;
    case Action::Reopen: verb = QObject::tr("Reopened %n alert(s)", nullptr, int(changed.size())); break;
    }
    if (!missing.isEmpty()) verb += QObject::tr(" (%n not found)", nullptr, int(missing.size()));
    return verb;
}

TriageStore::TriageStore(DbConnectionInfo db, QString actor, QObject *parent)
    : QObject(parent), m_info(std::move(db)), m_actor(std::move(actor)),
      m_connName(QStringLiteral("triage-") + QUuid::createUuid().toString(QUuid::Id128).left(12))
{
    if (m_actor.trimmed().isEmpty()) m_actor = QStringLiteral("unknown");
}

TriageStore::~TriageStore()
{
    m_worker.reset();  // joins its thread (and closes its connection) first
    if (QSqlDatabase::contains(m_connName)) {
        { QSqlDatabase db = QSqlDatabase::database(m_connName, false); db.close(); }
        QSqlDatabase::removeDatabase(m_connName);
    }
}

QString TriageStore::actorFromConfig(const Config &config)
{
    const QString configured = config.value(QStringLiteral("EOS_ANALYST")).trimmed();
    if (!configured.isEmpty()) return configured;
    if (const passwd *pw = ::getpwuid(::geteuid()); pw && pw->pw_name && *pw->pw_name)
        return QString::fromLocal8Bit(pw->pw_name);
    for (const char *var : {"USER", "LOGNAME"}) {
        const QString v = qEnvironmentVariable(var);
        if (!v.isEmpty()) return v;
    }
    return QStringLiteral("unknown");
}

bool TriageStore::reasonRequired(Action action) { return action == Action::FalsePositive || action == Action::Escalate; }

QString TriageStore::actionName(Action action)
{
    switch (action) {
    case Action::Acknowledge: return QStringLiteral("acknowledge");
    case Action::FalsePositive: return QStringLiteral("false_positive");
    case Action::Escalate: return QStringLiteral("escalate");
    case Action::AssignToMe: return QStringLiteral("assign");
    case Action::Unassign: return QStringLiteral("unassign");
    case Action::Reopen: return QStringLiteral("reopen");
    }
    return {};
}

bool TriageStore::ensureOpen(QString *error)
{
    if (QSqlDatabase::contains(m_connName)) {
        QSqlDatabase db = QSqlDatabase::database(m_connName, false);
        if (db.isOpen()) return true;
    }
    QSqlDatabase db = m_info.open(m_connName, error);
    return db.isOpen();
}

TriageStore::Result TriageStore::apply(Action action, const QList<qint64> &alertIds, const QString &reason)
{
    QString err;
    if (!ensureOpen(&err)) {
        Result r;
        r.action = action;
        r.error = tr("Cannot reach the database: %1").arg(err);
        return r;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connName, false);
    Result r = apply(db, m_actor, action, alertIds, reason);
    if (r.ok && !r.changed.isEmpty()) Q_EMIT alertsChanged(r.changed);
    return r;
}

quint64 TriageStore::applyAsync(Action action, const QList<qint64> &alertIds, const QString &reason)
{
    const quint64 ticket = ++m_nextTicket;
    ++m_pendingActions;
    worker()->call<Result>(this, [actor = m_actor, action, alertIds, reason](QSqlDatabase &db) {
        // queued while the database cannot be reached; sent only over a working connection, never
        // retried after it was sent (a lost answer is reported, not applied twice)
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < kQueueSeconds * 1000) {
            if (db.isOpen() && QSqlQuery(db).exec(QStringLiteral("SELECT 1"))) break;  // waits while the server is silent
            db.close();
            QThread::msleep(500);
            db.open();
        }
        return apply(db, actor, action, alertIds, reason);
    }, [this, ticket](Result r) {
        --m_pendingActions;
        Q_EMIT applied(ticket, r);
        if (r.ok && !r.changed.isEmpty()) Q_EMIT alertsChanged(r.changed);
    });
    return ticket;
}

quint64 TriageStore::applyMatchingAsync(Action action, const QString &where, const QVariantList &binds, const QString &reason)
{
    const quint64 ticket = ++m_nextTicket;
    ++m_pendingActions;
    worker()->call<Result>(this, [actor = m_actor, action, where, binds, reason](QSqlDatabase &db) {
        QElapsedTimer waited;  // queued while the database cannot be reached, as applyAsync
        waited.start();
        while (waited.elapsed() < kQueueSeconds * 1000) {
            if (db.isOpen() && QSqlQuery(db).exec(QStringLiteral("SELECT 1"))) break;
            db.close();
            QThread::msleep(500);
            db.open();
        }
        return applyMatching(db, actor, action, where, binds, reason);
    }, [this, ticket](Result r) {
        --m_pendingActions;
        Q_EMIT applied(ticket, r);
        if (r.ok && !r.changed.isEmpty()) Q_EMIT alertsChanged(r.changed);
    });
    return ticket;
}

TriageStore::Result TriageStore::applyMatching(QSqlDatabase &db, const QString &actor, Action action, const QString &where,
                                               const QVariantList &binds, const QString &reason)
{
    Result r;
    r.action = action;
    if (where.trimmed().isEmpty()) {
        r.error = tr("No alert selected.");
        return r;
    }
    if (reasonRequired(action) && reason.trimmed().isEmpty()) return apply(db, actor, action, {0}, reason);  // its message
    if (!db.isOpen()) {
        r.error = tr("Cannot reach the database: %1; nothing was changed").arg(db.lastError().text().trimmed());
        return r;
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id FROM alerts WHERE %1 ORDER BY id").arg(where));
    for (const auto &b : binds) q.addBindValue(b);
    if (!q.exec()) {
        r.error = tr("The triage action failed: %1").arg(q.lastError().text().trimmed());
        return r;
    }
    QList<qint64> ids;
    while (q.next()) ids << q.value(0).toLongLong();
    if (ids.isEmpty()) {
        r.ok = true;  // nothing left to act on (deleted by retention meanwhile)
        return r;
    }
    return apply(db, actor, action, ids, reason);
}

TriageStore::Result TriageStore::apply(QSqlDatabase &db, const QString &actor, Action action, const QList<qint64> &alertIds,
                                       const QString &reasonIn)
{
    Result r;
    r.action = action;
    const QString reason = reasonIn.trimmed();
    if (alertIds.isEmpty()) {
        r.error = tr("No alert selected.");
        return r;
    }
    if (reasonRequired(action) && reason.isEmpty()) {
        r.error = action == Action::FalsePositive ? tr("A reason is required to mark alerts as false positive.")
                                                  : tr("A reason is required to escalate alerts.");
        return r;
    }
    if (!db.isOpen()) {
        r.error = tr("Cannot reach the database: %1; nothing was changed").arg(db.lastError().text().trimmed());
        return r;
    }
    QString set;
    QVariantList setBinds;
    switch (action) {
    case Action::Acknowledge:
    case Action::FalsePositive:
    case Action::Escalate:
        set = QStringLiteral("triage_status = ?, triage_reason = ?, triaged_at = now()");
        setBinds << (action == Action::Acknowledge ? QStringLiteral("acknowledged")
                     : action == Action::FalsePositive ? QStringLiteral("false_positive") : QStringLiteral("escalated"))
                 << nullableText(reason);
        break;
    case Action::Reopen:
        set = QStringLiteral("triage_status = NULL, triage_reason = ?, triaged_at = now()");
        setBinds << nullableText(reason);
        break;
    case Action::AssignToMe:
        set = QStringLiteral("assigned_to = ?");
        setBinds << actor;
        break;
    case Action::Unassign:
        set = QStringLiteral("assigned_to = NULL");
        break;
    }
    // One statement: lock, update, and write one audit row per changed alert with before/after.
    const QString sql = QStringLiteral(
        "WITH old AS (SELECT id, triage_status, assigned_to FROM alerts WHERE id = ANY(?::bigint[]) FOR UPDATE), "
        "upd AS (UPDATE alerts a SET %1 FROM old WHERE a.id = old.id "
        "        RETURNING a.id, old.triage_status AS from_status, a.triage_status AS to_status, "
        "                  old.assigned_to AS from_assigned, a.assigned_to AS to_assigned), "
        "ins AS (INSERT INTO audit_log (alert_id, actor, action, reason, details) "
        "        SELECT id, ?, ?, ?, jsonb_strip_nulls(jsonb_build_object('from', from_status, 'to', to_status, "
        "               'assigned_from', from_assigned, 'assigned_to', to_assigned)) FROM upd RETURNING alert_id) "
        "SELECT alert_id FROM ins ORDER BY alert_id").arg(set);
    if (!db.transaction()) {
        r.error = tr("Cannot start a transaction: %1").arg(db.lastError().text());
        return r;
    }
    QSqlQuery q(db);
    q.prepare(sql);
    q.addBindValue(idArray(alertIds));
    for (const auto &b : setBinds) q.addBindValue(b);
    q.addBindValue(actor);
    q.addBindValue(actionName(action));
    q.addBindValue(nullableText(reason));
    if (!q.exec()) {
        r.error = q.lastError().type() == QSqlError::ConnectionError
                      ? tr("The connection to the database was lost during the triage action; check the alert's "
                           "history before repeating it: %1").arg(q.lastError().text().trimmed())
                      : tr("The triage action failed: %1").arg(q.lastError().text().trimmed());
        db.rollback();
        log()->warn("triage {} on {} alerts failed: {}", s(actionName(action)), alertIds.size(), s(q.lastError().text()));
        return r;
    }
    QSet<qint64> changed;
    while (q.next()) {
        r.changed << q.value(0).toLongLong();
        changed.insert(r.changed.last());
    }
    if (!db.commit()) {
        r.error = tr("Cannot commit the triage action: %1").arg(db.lastError().text());
        r.changed.clear();
        db.rollback();
        return r;
    }
    for (qint64 id : alertIds)
        if (!changed.contains(id) && !r.missing.contains(id)) r.missing << id;
    r.ok = true;
    log()->info("{} {}: {} alert(s) changed, {} not found", s(actor), s(actionName(action)), r.changed.size(),
                r.missing.size());
    return r;
}

QList<TriageStore::HistoryEntry> TriageStore::history(qint64 alertId, QString *error)
{
    QString err;
    if (!ensureOpen(&err)) {
        if (error) *error = err;
        return {};
    }
    QSqlDatabase db = QSqlDatabase::database(m_connName, false);
    return history(db, alertId, error);
}

void TriageStore::requestHistory(qint64 alertId)
{
    struct R { QList<HistoryEntry> entries; QString error; };
    worker()->call<R>(this, [alertId](QSqlDatabase &db) {
        R r;
        r.entries = history(db, alertId, &r.error);
        return r;
    }, [this, alertId](R r) { Q_EMIT historyReady(alertId, r.entries, r.error); }, QStringLiteral("history"));
}

QList<TriageStore::HistoryEntry> TriageStore::history(QSqlDatabase &db, qint64 alertId, QString *error)
{
    QList<HistoryEntry> out;
    if (!db.isOpen()) {
        if (error) *error = tr("The database is not reachable.");
        return out;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT id, at, actor, action, COALESCE(reason, ''), details::text FROM audit_log "
                             "WHERE alert_id = ? ORDER BY at, id"));
    q.addBindValue(alertId);
    if (!q.exec()) {
        if (error) *error = q.lastError().text();
        return out;
    }
    while (q.next()) {
        HistoryEntry e;
        e.id = q.value(0).toLongLong();
        e.at = q.value(1).toDateTime();
        e.actor = q.value(2).toString();
        e.action = q.value(3).toString();
        e.reason = q.value(4).toString();
        e.details = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object();
        out << e;
    }
    return out;
}

DbWorker *TriageStore::worker()
{
    if (!m_worker) m_worker = std::make_unique<DbWorker>(m_info, QStringLiteral("eos-triage"));
    return m_worker.get();
}

QString TriageStore::channelForState(const QString &state)
{
    if (state == QLatin1String("new")) return QStringLiteral("new_alert");
    if (state == QLatin1String("agent_enriched")) return QStringLiteral("agent_enriched");
    if (state == QLatin1String("summarized")) return QStringLiteral("new_response");
    return {};
}

TriageStore::RetryResult TriageStore::retry(QSqlDatabase &db, const QString &actor, const QList<qint64> &alertIds)
{
    RetryResult r;
    if (alertIds.isEmpty()) {
        r.error = tr("No alert selected.");
        return r;
    }
    if (!db.isOpen()) {
        r.error = tr("Cannot reach the database: %1").arg(db.lastError().text());
        return r;
    }
    if (!db.transaction()) {
        r.error = tr("Cannot start a transaction: %1").arg(db.lastError().text());
        return r;
    }
    auto fail = [&](const QString &what, const QSqlQuery &q) {
        r.error = tr("The retry failed: %1").arg(q.lastError().text().trimmed());
        db.rollback();
        log()->warn("retry of {} alerts failed ({}): {}", alertIds.size(), s(what), s(q.lastError().text()));
        return r;
    };
    // One statement: lock the failed ones, put them back into the state they failed from with a clean
    // slate for the stage (no attempts, no error, no lease left behind), and write one audit row each
    // (which stage had given up, and why).
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "WITH old AS (SELECT id, failed_stage, stage_error FROM alerts "
        "             WHERE id = ANY(?::bigint[]) AND state = 'failed' AND failed_from IS NOT NULL FOR UPDATE), "
        "upd AS (UPDATE alerts a SET state = a.failed_from, failed_from = NULL, failed_stage = NULL, stage_attempts = 0, "
        "               next_attempt_at = NULL, stage_error = NULL "
        "        FROM old WHERE a.id = old.id AND a.state = 'failed' AND a.failed_from IS NOT NULL "
        "        RETURNING a.id, a.state::text AS state, old.failed_stage, old.stage_error), "
        "lease AS (DELETE FROM stage_leases l USING upd WHERE l.alert_id = upd.id), "
        "ins AS (INSERT INTO audit_log (alert_id, actor, action, details) "
        "        SELECT id, ?, 'stage_retry', jsonb_strip_nulls(jsonb_build_object('stage', failed_stage, 'to', state, "
        "               'error', stage_error)) FROM upd RETURNING alert_id) "
        "SELECT id, state FROM upd ORDER BY id"));
    q.addBindValue(idArray(alertIds));
    q.addBindValue(actor);
    if (!q.exec()) return fail(QStringLiteral("update"), q);
    QMap<QString, qint64> highest;  // state -> highest id
    QSet<qint64> retried;
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        r.retried << id;
        retried.insert(id);
        qint64 &h = highest[q.value(1).toString()];
        h = std::max(h, id);
    }
    // the stage that consumes each state is woken (delivered at commit); it claims by state anyway
    for (auto it = highest.cbegin(); it != highest.cend(); ++it) {
        const QString channel = channelForState(it.key());
        if (channel.isEmpty()) continue;
        QSqlQuery n(db);
        n.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
        n.addBindValue(channel);
        n.addBindValue(QString::number(it.value()));
        if (!n.exec()) return fail(QStringLiteral("notify"), n);
        r.notified.insert(channel, it.value());
    }
    if (!db.commit()) {
        r.error = tr("Cannot commit the retry: %1").arg(db.lastError().text());
        db.rollback();
        r.retried.clear();
        r.notified.clear();
        return r;
    }
    for (qint64 id : alertIds)
        if (!retried.contains(id) && !r.skipped.contains(id)) r.skipped << id;
    r.ok = true;
    log()->info("{} retried {} failed alert(s), {} skipped", s(actor), r.retried.size(), r.skipped.size());
    return r;
}

void TriageStore::retryAsync(const QList<qint64> &alertIds)
{
    worker()->call<RetryResult>(this, [actor = m_actor, alertIds](QSqlDatabase &db) { return retry(db, actor, alertIds); },
                                [this](RetryResult r) {
                                    Q_EMIT retryFinished(r);
                                    if (r.ok && !r.retried.isEmpty()) Q_EMIT alertsChanged(r.retried);
                                });
}

TriageStore::StageStatus TriageStore::stageStatus(QSqlDatabase &db, qint64 alertId)
{
    StageStatus st;
    st.id = alertId;
    if (!db.isOpen()) {
        st.error = tr("The database is not reachable.");
        return st;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT a.state::text, COALESCE(a.failed_stage, ''), COALESCE(a.failed_from::text, ''), "
                             "COALESCE(a.stage_error, ''), a.stage_attempts, COALESCE(a.agent_id, ''), "
                             "COALESCE(g.api_found, g.status_text IS NOT NULL OR g.os IS NOT NULL), g.api_found IS FALSE, "
                             ""
                             "COALESCE(g.name, ''), COALESCE(g.ip, ''), COALESCE(g.os, ''), COALESCE(g.agent_version, ''), "
                             "COALESCE(g.status_text, ''), COALESCE(g.groups::text, ''), g.last_seen "
                             "FROM alerts a LEFT JOIN agents g ON g.id = a.agent_id WHERE a.id = ?"));
    q.addBindValue(alertId);
    if (!q.exec()) {
        st.error = q.lastError().text().trimmed();
        return st;
    }
    if (!q.next()) return st;
    st.found = true;
    st.state = q.value(0).toString();
    st.failedStage = q.value(1).toString();
    st.failedFrom = q.value(2).toString();
    st.stageError = q.value(3).toString();
    st.attempts = q.value(4).toInt();
    st.agentId = q.value(5).toString();
    st.agentKnown = q.value(6).toBool();
    st.agentUnknownToApi = q.value(7).toBool();
    st.agentName = q.value(8).toString();
    st.agentIp = q.value(9).toString();
    st.agentOs = q.value(10).toString();
    st.agentVersion = q.value(11).toString();
    st.agentStatus = q.value(12).toString();
    const QJsonArray groups = QJsonDocument::fromJson(q.value(13).toString().toUtf8()).array();
    for (const auto &g : groups)
        if (g.isString()) st.agentGroups << g.toString();
    st.agentLastKeepAlive = q.value(14).toDateTime();
    return st;
}

void TriageStore::requestStageStatus(qint64 alertId)
{
    worker()->call<StageStatus>(this, [alertId](QSqlDatabase &db) { return stageStatus(db, alertId); },
                                [this](StageStatus st) { Q_EMIT stageStatusReady(st); }, QStringLiteral("stage"));
}

QString TriageStore::describe(const RetryResult &r)
{
    if (!r.ok) return tr("Retry failed: %1").arg(r.error);
    QString out = r.retried.isEmpty() ? tr("No failed alert to retry")
                                      : tr("Sent %n alert(s) back to their stage", nullptr, int(r.retried.size()));
    if (!r.skipped.isEmpty() && !r.retried.isEmpty())
        out += tr(" (%n not failed, left as they were)", nullptr, int(r.skipped.size()));
    return out;
}

}  // namespace eos
