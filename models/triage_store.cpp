#include "triage_store.h"

#include "core/logging.h"

#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

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

TriageStore::Result TriageStore::apply(Action action, const QList<qint64> &alertIds, const QString &reasonIn)
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
    if (!ensureOpen(&r.error)) {
        r.error = tr("Cannot reach the database: %1").arg(r.error);
        return r;
    }
    QSqlDatabase db = QSqlDatabase::database(m_connName, false);
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
        setBinds << m_actor;
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
    q.addBindValue(m_actor);
    q.addBindValue(actionName(action));
    q.addBindValue(nullableText(reason));
    if (!q.exec()) {
        r.error = tr("The triage action failed: %1").arg(q.lastError().text().trimmed());
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
    log()->info("{} {}: {} alert(s) changed, {} not found", s(m_actor), s(actionName(action)), r.changed.size(),
                r.missing.size());
    if (!r.changed.isEmpty()) Q_EMIT alertsChanged(r.changed);
    return r;
}

QList<TriageStore::HistoryEntry> TriageStore::history(qint64 alertId, QString *error)
{
    QList<HistoryEntry> out;
    QString err;
    if (!ensureOpen(&err)) {
        if (error) *error = err;
        return out;
    }
    QSqlQuery q(QSqlDatabase::database(m_connName, false));
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

}  // namespace eos
