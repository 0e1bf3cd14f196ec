#include "agent_list_model.h"

#include "db_worker.h"
#include "notify_subscription.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QPalette>
#include <QPointer>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <limits>

namespace eos {
namespace {

const QString kChannel = QStringLiteral("agent_status");

// Wazuh reports the manager's lastKeepAlive as 9999-12-31: a time that far ahead means "not applicable".
bool plausible(const QDateTime &t, const QDateTime &now) { return t.isValid() && t <= now.addDays(1); }

}  // namespace

struct AgentListModel::LiveState {
    QPointer<NotifySubscription> sub;
};

AgentListModel::AgentListModel(DbConnectionInfo db, QObject *parent)
    : QAbstractTableModel(parent), m_info(db), m_liveState(std::make_shared<LiveState>()),
      m_worker(std::make_unique<DbWorker>(std::move(db), QStringLiteral("eos-agents")))
{
    m_coalesce.setSingleShot(true);
    connect(&m_coalesce, &QTimer::timeout, this, &AgentListModel::refresh);
    connect(&m_safetyPoll, &QTimer::timeout, this, &AgentListModel::refresh);
    // "3 min ago" moves on by itself: repaint that column every minute, no query
    m_minuteTick.setInterval(60 * 1000);
    connect(&m_minuteTick, &QTimer::timeout, this, [this] {
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, SinceColumn), index(int(m_rows.size()) - 1, SinceColumn), {Qt::DisplayRole});
    });
    m_minuteTick.start();
}

AgentListModel::~AgentListModel() = default;

QList<AgentListModel::Agent> AgentListModel::query(QSqlDatabase &db, QString *error)
{
    QList<Agent> out;
    if (!db.isOpen()) {
        *error = QObject::tr("The database is not reachable.");
        return out;
    }
    // The 24 h counts: one range scan of alerts_alert_ts_idx, grouped (hash aggregate) — not one count
    // per agent.
    QSqlQuery q(db);
    q.setForwardOnly(true);
    const bool ok = q.exec(QStringLiteral(
        "WITH c AS (SELECT agent_id, count(*) AS n, max(alert_ts) AS last_at FROM alerts "
        "           WHERE alert_ts >= now() - interval '24 hours' GROUP BY agent_id) "
        "SELECT a.id, COALESCE(a.name, (SELECT x.agent_name FROM alerts x WHERE x.agent_id = a.id ORDER BY x.id DESC LIMIT 1)), "
        "       COALESCE(a.ip, a.register_ip), a.os, a.agent_version, a.status_text, a.last_seen, a.groups::text, "
        "       COALESCE(c.n, 0), COALESCE(c.last_at, a.last_alert_at), a.node_name, COALESCE(a.api_found, true), "
        "       a.status_changed_at "
        "FROM agents a LEFT JOIN c ON c.agent_id = a.id "
        "ORDER BY a.id"));
    if (!ok) {
        *error = q.lastError().text();
        return out;
    }
    while (q.next()) {
        Agent a;
        a.id = q.value(0).toString();
        a.name = q.value(1).toString();
        a.ip = q.value(2).toString();
        a.os = q.value(3).toString();
        a.version = q.value(4).toString();
        a.status = q.value(5).toString();
        a.lastKeepAlive = q.value(6).toDateTime();
        const QJsonDocument groups = QJsonDocument::fromJson(q.value(7).toString().toUtf8());
        for (const auto &g : groups.array())
            if (!g.toString().isEmpty()) a.groups << g.toString();
        a.alerts24h = q.value(8).toLongLong();
        a.lastAlertAt = q.value(9).toDateTime();
        a.node = q.value(10).toString();
        a.apiFound = q.value(11).toBool();
        a.statusChangedAt = q.value(12).toDateTime();
        out << a;
    }
    // the model merges by id in this order (the database's collation may order differently)
    std::sort(out.begin(), out.end(), [](const Agent &x, const Agent &y) { return x.id < y.id; });
    return out;
}

void AgentListModel::refresh()
{
    if (m_inFlight) {  // one load at a time; the one asked for now runs when this one is back
        m_again = true;
        return;
    }
    m_inFlight = true;
    m_coalesce.stop();
    m_lastLoad.start();
    ++m_loadsStarted;
    struct R { QList<Agent> agents; QString error; bool listening = false; };
    const bool live = m_live;
    m_worker->call<R>(this, [live, state = m_liveState](QSqlDatabase &db) {
        R r;
        r.agents = query(db, &r.error);
        // the safety net of live updates: a lost LISTEN connection is noticed and opened again here
        if (live && state->sub) r.listening = state->sub->ensure(true);
        return r;
    }, [this, live](R r) {
        m_inFlight = false;
        if (live && m_live && r.listening != m_listening) {
            m_listening = r.listening;
            Q_EMIT listeningChanged(m_listening);
        }
        if (!r.error.isEmpty()) Q_EMIT errorOccurred(tr("Cannot load the agents: %1").arg(r.error));
        else {
            setAgents(std::move(r.agents));
            Q_EMIT loaded(int(m_all.size()));
        }
        if (m_again) {
            m_again = false;
            scheduleRefresh();
        }
    });
}

void AgentListModel::scheduleRefresh()
{
    if (m_inFlight) {
        m_again = true;
        return;
    }
    if (m_coalesce.isActive()) return;  // notifications until then are served by the same load
    const qint64 since = m_lastLoad.isValid() ? m_lastLoad.elapsed() : qint64(m_coalesceMs);
    m_coalesce.start(int(std::max<qint64>(0, m_coalesceMs - since)));
}

void AgentListModel::startLive(int safetyPollMs, int coalesceMs)
{
    m_coalesceMs = std::max(0, coalesceMs);
    m_safetyPoll.start(std::max(1000, safetyPollMs));
    if (!m_live) {
        m_live = true;
        QObject *host = m_worker->worker();
        AgentListModel *self = this;  // outlives the worker thread (the worker is joined in our destructor)
        m_worker->post([host, self, info = m_info, state = m_liveState](QSqlDatabase &) {
            if (state->sub) return;
            auto *sub = new NotifySubscription(info, {kChannel}, host);
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
    }
    refresh();
}

void AgentListModel::stopLive()
{
    m_live = false;
    m_safetyPoll.stop();
    m_coalesce.stop();
}

bool AgentListModel::matches(const Agent &a, const QStringList &words) const
{
    if (words.isEmpty()) return true;
    const QString hay = QStringList{a.id, a.name, a.ip, a.os, a.version, a.status, statusLabel(statusKey(a)),
                                    a.groups.join(u' '), a.node}.join(u'\n');
    for (const auto &w : words)
        if (!hay.contains(w, Qt::CaseInsensitive)) return false;
    return true;
}

void AgentListModel::setAgents(QList<Agent> agents)
{
    const QMap<QString, int> before = statusCounts();
    m_all = std::move(agents);
    applyFilter();
    if (statusCounts() != before) Q_EMIT statusCountsChanged();
}

// Brings m_rows to the filtered m_all in place: both are ordered by id, so one merge walk finds the
// agents that went (removed), came (inserted) and changed (dataChanged) — never a reset, so persistent
// indexes (the view's selection and current row) survive.
void AgentListModel::applyFilter()
{
    const QStringList words = m_filterText.split(u' ', Qt::SkipEmptyParts);
    QList<Agent> next;
    next.reserve(m_all.size());
    for (const Agent &a : std::as_const(m_all))
        if (matches(a, words)) next << a;
    qsizetype i = 0, j = 0;
    while (i < m_rows.size() || j < next.size()) {
        if (j >= next.size() || (i < m_rows.size() && m_rows.at(i).id < next.at(j).id)) {
            qsizetype end = i + 1;  // a run of agents that went
            while (end < m_rows.size() && (j >= next.size() || m_rows.at(end).id < next.at(j).id)) ++end;
            beginRemoveRows({}, int(i), int(end - 1));
            m_rows.remove(i, end - i);
            endRemoveRows();
            continue;
        }
        if (i >= m_rows.size() || next.at(j).id < m_rows.at(i).id) {
            qsizetype end = j + 1;  // a run of agents that came
            while (end < next.size() && (i >= m_rows.size() || next.at(end).id < m_rows.at(i).id)) ++end;
            beginInsertRows({}, int(i), int(i + (end - j) - 1));
            for (qsizetype k = j; k < end; ++k) m_rows.insert(i + (k - j), next.at(k));
            endInsertRows();
            i += end - j;
            j = end;
            continue;
        }
        if (!(m_rows.at(i) == next.at(j))) {
            m_rows[i] = next.at(j);
            Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
        }
        ++i;
        ++j;
    }
}

void AgentListModel::setFilterText(const QString &text)
{
    if (text == m_filterText) return;
    m_filterText = text;
    applyFilter();
}

QStringList AgentListModel::statusOrder()
{
    return {QStringLiteral("active"), QStringLiteral("disconnected"), QStringLiteral("pending"),
            QStringLiteral("never_connected"), QString()};
}

QString AgentListModel::statusKey(const Agent &agent)
{
    const QString s = agent.status.trimmed().toLower();
    return statusOrder().contains(s) ? s : QString();
}

QString AgentListModel::statusLabel(const QString &status)
{
    if (status == QLatin1String("active")) return tr("Active");
    if (status == QLatin1String("disconnected")) return tr("Disconnected");
    if (status == QLatin1String("pending")) return tr("Pending");
    if (status == QLatin1String("never_connected")) return tr("Never connected");
    return tr("Unknown");
}

QColor AgentListModel::statusColor(const QString &status, bool dark)
{
    // GitHub Primer's success / danger / attention / muted foregrounds: AA contrast on white and on
    // the dark theme's base alike
    if (status == QLatin1String("active")) return dark ? QColor(0x3f, 0xb9, 0x50) : QColor(0x1a, 0x7f, 0x37);
    if (status == QLatin1String("disconnected")) return dark ? QColor(0xf8, 0x51, 0x49) : QColor(0xcf, 0x22, 0x2e);
    if (status == QLatin1String("pending")) return dark ? QColor(0xd2, 0x99, 0x22) : QColor(0x9a, 0x67, 0x00);
    return dark ? QColor(0x8b, 0x94, 0x9e) : QColor(0x6e, 0x77, 0x81);
}

bool AgentListModel::paletteIsDark()
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) return false;
    return QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
}

QString AgentListModel::timeSince(const QDateTime &when, const QDateTime &now)
{
    if (!plausible(when, now)) return {};
    const qint64 secs = std::max<qint64>(0, when.secsTo(now));
    if (secs < 60) return tr("just now");
    if (secs < 3600) return tr("%n min ago", nullptr, int(secs / 60));
    if (secs < 48 * 3600) return tr("%n h ago", nullptr, int(secs / 3600));
    return tr("%n day(s) ago", nullptr, int(secs / 86400));
}

QMap<QString, int> AgentListModel::statusCounts() const
{
    QMap<QString, int> out;
    for (const Agent &a : m_all) ++out[statusKey(a)];
    return out;
}

QString AgentListModel::statusSummary() const
{
    const QMap<QString, int> counts = statusCounts();
    const QLocale loc;
    QStringList parts;
    for (const QString &s : statusOrder())
        if (counts.value(s) > 0) parts << QStringLiteral("%1 %2").arg(statusLabel(s), loc.toString(counts.value(s)));
    return parts.isEmpty() ? tr("No agents") : parts.join(QStringLiteral(" · "));
}

int AgentListModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }
int AgentListModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AgentListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Agent &a = agent(index.row());
    auto orPlaceholder = [](const QString &s) { return s.trimmed().isEmpty() ? placeholder() : s; };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn: return a.id;
        case NameColumn:
            if (a.isManager()) return a.name.isEmpty() ? tr("Wazuh manager") : tr("%1 (manager)").arg(a.name);
            return orPlaceholder(a.name);
        case IpColumn: return orPlaceholder(a.ip);
        case OsColumn: return orPlaceholder(a.os);
        case VersionColumn: return orPlaceholder(a.version);
        case StatusColumn:
            if (!a.apiFound && statusKey(a).isEmpty()) return tr("Not in Wazuh");
            return statusLabel(statusKey(a));
        case LastKeepAliveColumn: {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            return plausible(a.lastKeepAlive, now) ? a.lastKeepAlive.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                                   : placeholder();
        }
        case SinceColumn: return orPlaceholder(timeSince(a.lastKeepAlive, QDateTime::currentDateTimeUtc()));
        case GroupsColumn: return orPlaceholder(a.groups.join(QStringLiteral(", ")));
        case NodeColumn: return orPlaceholder(a.node);
        case Alerts24hColumn: return QLocale().toString(a.alerts24h);
        }
        return {};
    case Qt::ForegroundRole:
    case StatusColorRole:
        if (index.column() == StatusColumn || role == StatusColorRole) return statusColor(statusKey(a), paletteIsDark());
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case NameColumn:
            if (a.isManager()) return tr("Agent 000 is the Wazuh manager itself");
            return {};
        case StatusColumn:
            if (!a.apiFound) return tr("The Wazuh API does not know this agent (removed or never registered there)");
            if (a.status.isEmpty()) return tr("Not fetched from the Wazuh API yet");
            if (a.statusChangedAt.isValid())
                return tr("%1 since %2").arg(statusLabel(statusKey(a)),
                                             a.statusChangedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
            return {};
        case LastKeepAliveColumn:
        case SinceColumn:
            if (a.isManager()) return tr("The manager sends no keep-alives");
            if (!a.lastKeepAlive.isValid()) return tr("No keep-alive received yet");
            return {};
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Alerts24hColumn) return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (index.column()) {
        case Alerts24hColumn: return a.alerts24h;
        case LastKeepAliveColumn: return a.lastKeepAlive;
        case SinceColumn:  // youngest keep-alive first; none at all last
            return a.lastKeepAlive.isValid() ? -a.lastKeepAlive.toMSecsSinceEpoch() : std::numeric_limits<qint64>::max();
        case StatusColumn: return int(statusOrder().indexOf(statusKey(a)));
        }
        return data(index, Qt::DisplayRole);
    case AgentIdRole: return a.id;
    case AlertCountRole: return a.alerts24h;
    case FilterTextRole: return QStringLiteral("agent:") + a.id;
    case StatusRole: return a.status;
    case IsManagerRole: return a.isManager();
    default: return {};
    }
}

QVariant AgentListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole && section == SinceColumn) return tr("Time since the last keep-alive");
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case IdColumn: return tr("ID");
    case NameColumn: return tr("Name");
    case IpColumn: return tr("IP");
    case OsColumn: return tr("OS");
    case VersionColumn: return tr("Version");
    case StatusColumn: return tr("Status");
    case LastKeepAliveColumn: return tr("Last keep-alive");
    case SinceColumn: return tr("Since");
    case GroupsColumn: return tr("Groups");
    case NodeColumn: return tr("Node");
    case Alerts24hColumn: return tr("Alerts (24 h)");
    }
    return {};
}

}  // namespace eos
