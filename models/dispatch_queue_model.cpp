#include "dispatch_queue_model.h"

#include "db_worker.h"
#include "notify_subscription.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QPalette>
#include <QPointer>
#include <QSqlError>
#include <QSqlQuery>

namespace eos {

struct DispatchQueueModel::LiveState {
    QPointer<NotifySubscription> sub;
};

DispatchQueueModel::DispatchQueueModel(DbConnectionInfo db, QString actor, QObject *parent)
    : QAbstractTableModel(parent), m_info(db), m_actor(std::move(actor)), m_liveState(std::make_shared<LiveState>()),
      m_worker(std::make_unique<DbWorker>(std::move(db), QStringLiteral("eos-dispatchq")))
{
    m_coalesce.setSingleShot(true);
    connect(&m_coalesce, &QTimer::timeout, this, &DispatchQueueModel::refresh);
    connect(&m_safetyPoll, &QTimer::timeout, this, &DispatchQueueModel::refresh);
}

DispatchQueueModel::~DispatchQueueModel() = default;

QStringList DispatchQueueModel::states()
{
    return {QStringLiteral("review"), QStringLiteral("pending"), QStringLiteral("sending"), QStringLiteral("sent"),
            QStringLiteral("failed"), QStringLiteral("dead"), QStringLiteral("cancelled"), QStringLiteral("digested")};
}

QString DispatchQueueModel::stateLabel(const QString &state)
{
    if (state == QLatin1String("review")) return tr("Awaiting approval");
    if (state == QLatin1String("pending")) return tr("Pending");
    if (state == QLatin1String("sending")) return tr("Sending");
    if (state == QLatin1String("sent")) return tr("Sent");
    if (state == QLatin1String("failed")) return tr("Failed, will retry");
    if (state == QLatin1String("dead")) return tr("Dead");
    if (state == QLatin1String("cancelled")) return tr("Cancelled");
    if (state == QLatin1String("digested")) return tr("In digest");
    return state;
}

bool DispatchQueueModel::allowed(Action action, const QString &state)
{
    switch (action) {
    case Action::Approve: return state == QLatin1String("review");
    case Action::Retry:
        return state == QLatin1String("failed") || state == QLatin1String("dead") || state == QLatin1String("cancelled") ||
               state == QLatin1String("pending");
    case Action::Cancel:
        return state == QLatin1String("review") || state == QLatin1String("pending") || state == QLatin1String("failed") ||
               state == QLatin1String("dead");
    }
    return false;
}

int DispatchQueueModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int DispatchQueueModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

const DispatchQueueModel::Row *DispatchQueueModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int DispatchQueueModel::rowOfId(qint64 id) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).id == id) return i;
    return -1;
}

QVariant DispatchQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case IdColumn: return tr("ID");
    case CreatedColumn: return tr("Created");
    case RouteColumn: return tr("Route");
    case StateColumn: return tr("State");
    case AttemptsColumn: return tr("Attempts");
    case NextColumn: return tr("Next attempt");
    case AlertColumn: return tr("Alert");
    case RemoteColumn: return tr("Remote ID");
    case ErrorColumn: return tr("Last error");
    }
    return {};
}

QVariant DispatchQueueModel::data(const QModelIndex &index, int role) const
{
    const Row *r = rowAt(index.row());
    if (!r) return {};
    if (role == OutboxIdRole) return r->id;
    if (role == StateRole) return r->state;
    if (role == Qt::ForegroundRole && index.column() == StateColumn) {
        const bool dark = QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
        if (r->state == QLatin1String("dead")) return QColor(dark ? "#ff6b6b" : "#b00020");
        if (r->state == QLatin1String("failed")) return QColor(dark ? "#ffb454" : "#a15c00");
        if (r->state == QLatin1String("sent")) return QColor(dark ? "#6bd68a" : "#1b7f3b");
        if (r->state == QLatin1String("review")) return QColor(dark ? "#7fb2ff" : "#1f5fbf");
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == ErrorColumn) return r->error;
    if (role != Qt::DisplayRole && role != SortRole) return {};
    const bool sort = role == SortRole;
    switch (index.column()) {
    case IdColumn: return sort ? QVariant(r->id) : QVariant(QString::number(r->id));
    case CreatedColumn: return sort ? QVariant(r->created) : QVariant(r->created.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    case RouteColumn: return r->kind == r->route ? r->route : QStringLiteral("%1 (%2)").arg(r->route, r->kind);
    case StateColumn: return sort ? QVariant(r->state) : QVariant(stateLabel(r->state));
    case AttemptsColumn: return r->attempts;
    case NextColumn:
        if (r->state != QLatin1String("failed") && r->state != QLatin1String("pending")) return sort ? QVariant(QDateTime()) : QVariant();
        return sort ? QVariant(r->nextAttempt) : QVariant(r->nextAttempt.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    case AlertColumn:
        if (r->digest) return tr("Digest of %n alert(s)", nullptr, r->digestCount);
        return sort ? QVariant(r->alertId)
                    : QVariant(QStringLiteral("#%1 · %2 · %3 · %4").arg(r->alertId).arg(r->ruleLevel).arg(r->agentName, r->ruleDesc));
    case RemoteColumn: return r->remoteId;
    case ErrorColumn: return r->error.section(u'\n', 0, 0);
    }
    return {};
}

void DispatchQueueModel::setRouteFilter(const QString &route)
{
    if (route == m_route) return;
    m_route = route;
    refresh();
}

void DispatchQueueModel::setStateFilter(const QString &state)
{
    if (state == m_state) return;
    m_state = state;
    refresh();
}

DispatchQueueModel::Loaded DispatchQueueModel::query(QSqlDatabase &db, const QString &route, const QString &state, int limit)
{
    Loaded l;
    if (!db.isOpen()) {
        l.error = tr("The database is not reachable.");
        return l;
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral(
        "SELECT o.id, COALESCE(o.alert_id, 0), o.route, o.kind, o.state, o.is_digest, o.attempts, o.created_at, o.next_attempt_at, "
        "o.sent_at, COALESCE(o.remote_id, ''), COALESCE(o.error, ''), COALESCE(o.response, ''), COALESCE(o.response_status, 0), "
        "COALESCE(jsonb_pretty(o.payload), ''), o.history::text, COALESCE(a.rule_level, 0), COALESCE(a.rule_desc, ''), "
        "COALESCE(a.agent_name, a.agent_id, ''), o.outcome_unknown, "
        "CASE WHEN o.is_digest THEN (SELECT count(*) FROM dispatch_outbox m WHERE m.digest_id = o.id) ELSE 0 END "
        "FROM dispatch_outbox o LEFT JOIN alerts a ON a.id = o.alert_id "
        "WHERE (COALESCE(?, '') = '' OR o.route = ?) AND (COALESCE(?, '') = '' OR o.state = ?) ORDER BY o.id DESC LIMIT %1")
                  .arg(limit));
    q.addBindValue(route);
    q.addBindValue(route);
    q.addBindValue(state);
    q.addBindValue(state);
    if (!q.exec()) {
        l.error = tr("Loading the dispatch queue failed: %1").arg(q.lastError().text());
        return l;
    }
    while (q.next()) {
        Row r;
        r.id = q.value(0).toLongLong();
        r.alertId = q.value(1).toLongLong();
        r.route = q.value(2).toString();
        r.kind = q.value(3).toString();
        r.state = q.value(4).toString();
        r.digest = q.value(5).toBool();
        r.attempts = q.value(6).toInt();
        r.created = q.value(7).toDateTime();
        r.nextAttempt = q.value(8).toDateTime();
        r.sentAt = q.value(9).toDateTime();
        r.remoteId = q.value(10).toString();
        r.error = q.value(11).toString();
        r.response = q.value(12).toString();
        r.responseStatus = q.value(13).toInt();
        r.payload = q.value(14).toString();
        r.history = QJsonDocument::fromJson(q.value(15).toString().toUtf8()).array();
        r.ruleLevel = q.value(16).toInt();
        r.ruleDesc = q.value(17).toString();
        r.agentName = q.value(18).toString();
        r.outcomeUnknown = q.value(19).toBool();
        r.digestCount = q.value(20).toInt();
        l.rows << r;
    }
    if (q.exec(QStringLiteral("SELECT DISTINCT route FROM dispatch_outbox ORDER BY 1")))
        while (q.next()) l.routes << q.value(0).toString();
    return l;
}

void DispatchQueueModel::refresh()
{
    if (m_loading) {
        m_again = true;
        return;
    }
    m_loading = true;
    m_lastLoad.start();
    m_worker->call<Loaded>(
        this, [route = m_route, state = m_state, limit = m_limit](QSqlDatabase &db) { return query(db, route, state, limit); },
        [this](Loaded l) {
            m_loading = false;
            apply(std::move(l));
            if (m_again) {
                m_again = false;
                refresh();
            }
        });
}

void DispatchQueueModel::apply(Loaded l)
{
    if (!l.error.isEmpty()) {
        Q_EMIT errorOccurred(l.error);
        return;
    }
    bool sameIds = l.rows.size() == m_rows.size();
    for (int i = 0; sameIds && i < m_rows.size(); ++i) sameIds = m_rows.at(i).id == l.rows.at(i).id;
    if (sameIds) {
        for (int i = 0; i < m_rows.size(); ++i)
            if (!(m_rows.at(i) == l.rows.at(i))) {
                m_rows[i] = l.rows.at(i);
                Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
            }
    } else {
        beginResetModel();  // the view keeps its selection by outbox id across this
        m_rows = std::move(l.rows);
        endResetModel();
    }
    if (l.routes != m_routes) {
        m_routes = l.routes;
        Q_EMIT routesChanged();
    }
    Q_EMIT loaded();
}

void DispatchQueueModel::scheduleRefresh()
{
    if (m_coalesce.isActive()) return;
    const qint64 since = m_lastLoad.isValid() ? m_lastLoad.elapsed() : qint64(m_coalesceMs);
    m_coalesce.start(int(std::max<qint64>(0, m_coalesceMs - since)));
}

void DispatchQueueModel::startLive(int safetyPollMs, int coalesceMs)
{
    m_coalesceMs = std::max(0, coalesceMs);
    m_safetyPoll.start(std::max(1000, safetyPollMs));
    if (!m_live) {
        m_live = true;
        QObject *host = m_worker->worker();
        DispatchQueueModel *self = this;  // outlives the worker thread (joined in our destructor)
        m_worker->post([host, self, info = m_info, state = m_liveState](QSqlDatabase &) {
            if (state->sub) return;
            auto *sub = new NotifySubscription(info, {QStringLiteral("dispatch_changed"), QStringLiteral("dispatch_outbox")}, host);
            state->sub = sub;
            QObject::connect(sub, &NotifySubscription::notified, self, [self](const QString &, const QString &) {
                if (self->m_live) self->scheduleRefresh();
            }, Qt::QueuedConnection);
            const bool listening = sub->ensure();
            QMetaObject::invokeMethod(self, [self, listening] {
                if (self->m_listening == listening) return;
                self->m_listening = listening;
                Q_EMIT self->listeningChanged(listening);
            }, Qt::QueuedConnection);
        });
        // a lost connection is found and reopened by the safety poll's probe
        connect(&m_safetyPoll, &QTimer::timeout, this, [this] {
            m_worker->post([state = m_liveState](QSqlDatabase &) {
                if (state->sub) state->sub->ensure(true);
            });
        });
    }
    refresh();
}

void DispatchQueueModel::act(Action action, const QList<qint64> &ids, std::function<void(int, QString)> done)
{
    struct Out {
        int changed = 0;
        QString error;
    };
    const QString actor = m_actor;
    m_worker->call<Out>(
        this,
        [action, ids, actor](QSqlDatabase &db) {
            Out o;
            if (!db.isOpen()) {
                o.error = tr("The database is not reachable.");
                return o;
            }
            QString set, from, verb;
            switch (action) {
            case Action::Approve:
                set = QStringLiteral("state = 'pending', next_attempt_at = now()");
                from = QStringLiteral("'review'");
                verb = QStringLiteral("dispatch_approved");
                break;
            case Action::Retry:
                set = QStringLiteral("state = 'pending', next_attempt_at = now(), attempts = 0, error = NULL");
                from = QStringLiteral("'failed','dead','cancelled','pending'");
                verb = QStringLiteral("dispatch_retried");
                break;
            case Action::Cancel:
                set = QStringLiteral("state = 'cancelled'");
                from = QStringLiteral("'review','pending','failed','dead'");
                verb = QStringLiteral("dispatch_cancelled");
                break;
            }
            QString idList;
            for (qint64 id : ids) idList += (idList.isEmpty() ? QString() : QStringLiteral(",")) + QString::number(id);
            if (idList.isEmpty()) return o;
            if (!db.transaction()) {
                o.error = db.lastError().text();
                return o;
            }
            QSqlQuery q(db);
            // the analyst's action in the row's history too
            q.prepare(QStringLiteral("UPDATE dispatch_outbox SET %1, history = history || jsonb_build_array(jsonb_build_object("
                                     "'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), 'result', ?::text, 'by', ?::text)) "
                                     "WHERE id = ANY(?::int8[]) AND state IN (%2) RETURNING id, alert_id, route")
                          .arg(set, from));
            q.addBindValue(verb);
            q.addBindValue(actor);
            q.addBindValue(QStringLiteral("{%1}").arg(idList));
            if (!q.exec()) {
                o.error = q.lastError().text();
                db.rollback();
                return o;
            }
            QStringList changedIds;
            while (q.next()) changedIds << q.value(0).toString();
            o.changed = int(changedIds.size());
            if (!changedIds.isEmpty()) {
                QSqlQuery a(db);
                a.prepare(QStringLiteral(
                    "INSERT INTO audit_log (alert_id, actor, action, details) "
                    "SELECT COALESCE(m.alert_id, o.alert_id), ?, ?, jsonb_build_object('outbox_id', o.id, 'route', o.route) "
                    "FROM dispatch_outbox o LEFT JOIN dispatch_outbox m ON o.is_digest AND m.digest_id = o.id "
                    "WHERE o.id = ANY(?::int8[]) AND COALESCE(m.alert_id, o.alert_id) IS NOT NULL"));
                a.addBindValue(actor);
                a.addBindValue(verb);
                a.addBindValue(QStringLiteral("{%1}").arg(changedIds.join(u',')));
                if (!a.exec() || !q.exec(QStringLiteral("SELECT pg_notify('dispatch_outbox', 'console'), pg_notify('dispatch_changed', '')"))) {
                    o.error = a.lastError().isValid() ? a.lastError().text() : q.lastError().text();
                    db.rollback();
                    return o;
                }
            }
            if (!db.commit()) {
                o.error = db.lastError().text();
                db.rollback();
            }
            return o;
        },
        [this, done](Out o) {
            if (!o.error.isEmpty()) Q_EMIT errorOccurred(tr("The action failed: %1").arg(o.error));
            refresh();
            if (done) done(o.changed, o.error);
        });
}

}  // namespace eos
