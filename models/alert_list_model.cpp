#include "alert_list_model.h"

#include "agent_list_model.h"
#include "alert_cells.h"
#include "llm_summary_model.h"
#include "severity_palette.h"

#include "alert_row_sql.h"
#include "db_worker.h"
#include "live_feed.h"
#include "response_listener.h"
#include "core/logging.h"

#include <QColor>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <limits>

namespace eos {
namespace {
auto log() { return Logging::get("console"); }
}  // namespace

AlertListModel::AlertListModel(DbConnectionInfo db, QObject *parent)
    : QAbstractTableModel(parent), m_info(std::move(db)),
      m_pages(std::make_unique<DbWorker>(m_info, QStringLiteral("eos-alert-pages"))), m_zone(QTimeZone::systemTimeZone()),
      m_mitre(m_pages.get(), this)
{
    qRegisterMetaType<eos::AlertRows>("eos::AlertRows");
    m_index = std::make_unique<DbWorker>(m_info, QStringLiteral("eos-alert-index"));
    m_live_feed = std::make_unique<LiveFeed>(m_info);
    connect(m_live_feed.get(), &LiveFeed::rowsArrived, this, &AlertListModel::onLiveRows);
    connect(m_live_feed.get(), &LiveFeed::error, this, &AlertListModel::errorOccurred);
    m_responses = std::make_unique<ResponseListener>(m_info);
    connect(m_responses.get(), &ResponseListener::responsesArrived, this, &AlertListModel::refreshRisks);
    m_tick.setSingleShot(true);
    m_tick.setInterval(30);
    connect(&m_tick, &QTimer::timeout, this, &AlertListModel::flushLive);
}

AlertListModel::~AlertListModel()
{
    m_responses.reset();
    m_live_feed.reset();
    m_index.reset();
    m_pages.reset();
}

void AlertListModel::start()
{
    m_started = true;
    m_responses->start();
    reset(true);
}

void AlertListModel::setFilter(const AlertFilter &filter)
{
    m_filter = filter;
    if (m_started) reset(true);
}

void AlertListModel::refresh()
{
    if (m_started) reset(true);
}

void AlertListModel::setSort(const AlertSort &sort)
{
    if (sort == m_sort) return;
    m_sort = sort;
    Q_EMIT sortChanged(m_sort);
    if (m_started) reset(true);
}

std::optional<AlertSort::Key> AlertListModel::sortKeyForColumn(int column)
{
    switch (column) {
    case TimeColumn: return AlertSort::Key::Time;
    case LevelColumn: return AlertSort::Key::Level;
    case RuleIdColumn: return AlertSort::Key::Rule;
    case AgentColumn: return AlertSort::Key::Agent;
    case SourceIpColumn: return AlertSort::Key::SourceIp;
    case StateColumn: return AlertSort::Key::State;
    case RiskColumn: return AlertSort::Key::Risk;
    default: return std::nullopt;
    }
}

int AlertListModel::columnForSortKey(AlertSort::Key key)
{
    for (int c = 0; c < ColumnCount; ++c)
        if (sortKeyForColumn(c) == key) return c;
    return TimeColumn;
}

QString AlertListModel::columnKey(int column)
{
    switch (column) {
    case TimeColumn: return QStringLiteral("time");
    case LevelColumn: return QStringLiteral("level");
    case RuleIdColumn: return QStringLiteral("rule");
    case DescriptionColumn: return QStringLiteral("description");
    case AgentColumn: return QStringLiteral("agent");
    case SourceIpColumn: return QStringLiteral("srcip");
    case GroupsColumn: return QStringLiteral("groups");
    case MitreColumn: return QStringLiteral("mitre");
    case StateColumn: return QStringLiteral("state");
    case RiskColumn: return QStringLiteral("risk");
    case AssigneeColumn: return QStringLiteral("assignee");
    default: return {};
    }
}

int AlertListModel::columnForKey(const QString &key)
{
    for (int c = 0; c < ColumnCount; ++c)
        if (columnKey(c) == key) return c;
    return -1;
}

void AlertListModel::sort(int column, Qt::SortOrder order)
{
    const auto key = sortKeyForColumn(column);
    if (!key) return;
    AlertSort s;
    s.key = *key;
    s.descending = order == Qt::DescendingOrder;
    setSort(s);
}

void AlertListModel::setLive(bool live)
{
    if (live == m_live) return;
    m_live = live;
    if (live && m_waiting > 0) refresh();
}

void AlertListModel::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone.isValid() ? zone : QTimeZone::systemTimeZone();
    if (rowCount() > 0) Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), {Qt::DisplayRole});
}

void AlertListModel::setTimeFormat(const QString &format)
{
    m_timeFormat = format;
    if (rowCount() > 0) Q_EMIT dataChanged(index(0, TimeColumn), index(rowCount() - 1, TimeColumn), {Qt::DisplayRole});
}

void AlertListModel::setPageSize(int rows) { m_pageSize = std::clamp(rows, 10, 5000); }

void AlertListModel::reset(bool restartLive)
{
    beginResetModel();
    ++m_gen;
    ++m_epoch;
    m_head.clear();
    m_pendingLive.clear();
    m_waiting = 0;
    m_cache.clear();
    m_anchors.clear();
    m_foldedAnchors.clear();
    m_hasBaseFirst = false;
    m_primed = false;
    m_elsewhere = 0;
    m_baseCount = 0;
    m_mitre.forgetUnanswered();  // their lookups are cancelled below with the rest
    m_countExact = false;
    m_endReached = false;
    m_activePageSize = m_pageSize;
    m_where.clear();
    m_binds.clear();
    m_filter.toSql(&m_where, &m_binds);
    endResetModel();
    if (restartLive) m_live_feed->stop();
    // what the old filter or order still has under way is superseded: cancelled in PostgreSQL
    m_pages->cancelAll();
    m_index->cancelAll();
    m_loadTimer.start();

    const quint64 gen = m_gen;
    const QString where = m_where;
    const QVariantList binds = m_binds;
    const int pageSize = m_activePageSize;
    const QString orderBy = m_sort.orderBy(), keyExpr = m_sort.selectKey();
    struct R { qint64 top = 0; AlertRows rows; QString error; };
    m_pages->call<R>(this, [where, binds, pageSize, orderBy, keyExpr](QSqlDatabase &db) {
        R r;
        r.top = alert_sql::maxId(db, &r.error);
        if (r.top < 0) return r;
        r.rows = alert_sql::selectOrdered(db, QStringLiteral("id <= ?"), {r.top}, where, binds, orderBy, keyExpr, pageSize, 0,
                                          &r.error);
        return r;
    }, [this, gen](R r) { onFirstPage(gen, r.top, r.rows, r.error); });
}

void AlertListModel::onFirstPage(quint64 gen, qint64 topId, const AlertRows &rows, const QString &error)
{
    if (gen != m_gen) return;
    if (!error.isEmpty()) {
        log()->warn("cannot load alerts: {}", s(error));
        Q_EMIT errorOccurred(tr("Cannot load alerts: %1").arg(error));
        return;
    }
    m_topId = m_baseTop = topId;
    m_stats.rowsFetched += rows.size();
    ++m_stats.pagesFetched;
    if (!rows.isEmpty()) {
        beginInsertRows({}, 0, int(rows.size()) - 1);
        m_cache.insert(0, rows);
        m_baseCount = int(rows.size());
        endInsertRows();
        m_baseFirst = rows.first();
        m_hasBaseFirst = true;
        m_mitre.learn(rows);
    }
    if (rows.size() < m_activePageSize) {
        m_countExact = true;
        m_endReached = true;
    }
    Q_EMIT firstRowsLoaded(int(rows.size()), m_loadTimer.elapsed());
    if (m_countExact) Q_EMIT countKnown(rowCount());
    m_live_feed->follow(m_gen, m_topId, m_where, m_binds, m_sort.selectKey());
    if (!m_countExact) requestIndex();
}

void AlertListModel::requestIndex()
{
    const quint64 gen = m_gen;
    const QString where = m_where;
    const QVariantList binds = m_binds;
    const int pageSize = m_activePageSize;
    const qint64 top = m_baseTop;
    const int timeoutMs = m_indexTimeoutMs;
    const AlertSort sort = m_sort;
    struct R { AlertRows anchors; qint64 count = 0; QString error; };
    m_index->call<R>(this, [where, binds, pageSize, top, timeoutMs, sort](QSqlDatabase &db) {
        R r;
        if (!db.isOpen()) {
            r.error = tr("The database is not reachable.");
            return r;
        }
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.exec(QStringLiteral("SET statement_timeout = %1").arg(timeoutMs));
        // One scan of the matching rows in the sort's order; keep the key of the first row of every page.
        const QString key = sort.selectKey();
        q.prepare(QStringLiteral("SELECT id, tsus%3 FROM (SELECT id, (extract(epoch FROM alert_ts) * 1000000)::bigint AS tsus%4, "
                                 "row_number() OVER (ORDER BY %5) AS rn FROM alerts "
                                 "WHERE id <= ?%1) s WHERE (rn - 1) % %2 = 0 ORDER BY rn")
                      .arg(where.isEmpty() ? QString() : QStringLiteral(" AND (%1)").arg(where))
                      .arg(pageSize)
                      .arg(key.isEmpty() ? QString() : QStringLiteral(", k"),
                           key.isEmpty() ? QString() : QStringLiteral(", %1 AS k").arg(key), sort.orderBy()));
        q.addBindValue(top);
        for (const auto &b : binds) q.addBindValue(b);
        if (!q.exec()) {
            r.error = q.lastError().text().trimmed();
        } else {
            while (q.next()) {
                AlertRow a;
                a.id = q.value(0).toLongLong();
                a.tsUs = q.value(1).toLongLong();
                if (!key.isEmpty()) a.sortValue = q.value(2);
                r.anchors << a;
            }
            if (!r.anchors.isEmpty()) {
                QVariantList kb;
                const QString after = sort.after(r.anchors.last(), true, &kb);
                QSqlQuery c(db);
                c.prepare(QStringLiteral("SELECT count(*) FROM (SELECT 1 FROM alerts WHERE id <= ? AND %3%1 LIMIT %2) s")
                              .arg(where.isEmpty() ? QString() : QStringLiteral(" AND (%1)").arg(where))
                              .arg(pageSize)
                              .arg(after));
                c.addBindValue(top);
                for (const auto &b : kb) c.addBindValue(b);
                for (const auto &b : binds) c.addBindValue(b);
                if (c.exec() && c.next())
                    r.count = qint64(r.anchors.size() - 1) * pageSize + c.value(0).toLongLong();
                else
                    r.error = c.lastError().text().trimmed();
            }
        }
        QSqlQuery(db).exec(QStringLiteral("SET statement_timeout = 0"));
        return r;
    }, [this, gen](R r) { onIndex(gen, r.anchors, r.count, r.error); });
}

void AlertListModel::onIndex(quint64 gen, const AlertRows &anchors, qint64 count, const QString &error)
{
    if (gen != m_gen) return;
    if (!error.isEmpty()) {
        // too big to index in time (or an error): keep growing with fetchMore from the last loaded row
        log()->info("alert list: no page index ({}); growing on demand", s(error));
        return;
    }
    // pages folded in by rebaseHead() meanwhile sit in front of the indexed ones
    const int head = int(m_head.size());
    m_anchors = m_foldedAnchors + anchors;
    const qint64 total = qint64(m_foldedAnchors.size()) * m_activePageSize + count;
    const int newBase = int(std::min<qint64>(total, std::numeric_limits<int>::max() - head - 1));
    if (newBase > m_baseCount) {
        beginInsertRows({}, head + m_baseCount, head + newBase - 1);
        m_baseCount = newBase;
        endInsertRows();
    } else if (newBase < m_baseCount) {
        beginRemoveRows({}, head + newBase, head + m_baseCount - 1);
        m_baseCount = newBase;
        endRemoveRows();
    }
    m_countExact = true;
    m_endReached = true;
    Q_EMIT countKnown(rowCount());
    if (!m_primed && rowCount() >= kPrimeRows) {
        m_primed = true;
        // in an event of its own: not on top of the load's own work
        QTimer::singleShot(0, this, [this, gen] {
            if (gen == m_gen) primeForInsertsAtTop();
        });
    }
}

// A QTableView keeps one QHeaderView section per row in a QList; the first insert at the top of a list
// loaded by appending has no room in front, so Qt reallocates and copies all of it: ~30–50 ms for a million
// rows, which was the longest stall of the live feed (eos-bench-gui) — every later insert at the top finds
// room left by that growth (Qt grows geometrically at the front; the next reallocation comes after about
// half as many rows again were inserted). One transient row inserted and removed at the top, in an event of
// its own right after the count is known, moves that copy to the load. Nothing is painted in between
// (no event runs): the row reads as empty (the rows below it as themselves), and persistent indexes (the
// selection) shift down and back.
void AlertListModel::primeForInsertsAtTop()
{
    if (rowCount() == 0 || m_priming) return;
    QElapsedTimer took;
    took.start();
    beginInsertRows({}, 0, 0);
    m_priming = true;
    endInsertRows();
    beginRemoveRows({}, 0, 0);
    m_priming = false;
    endRemoveRows();
    ++m_stats.primes;
    m_stats.primeMs = double(took.nsecsElapsed()) / 1e6;
}

int AlertListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_head.size()) + m_baseCount + (m_priming ? 1 : 0);
}

int AlertListModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

bool AlertListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_baseCount > 0 && !m_countExact && !m_endReached;
}

void AlertListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent)) return;
    requestPage(m_baseCount / m_activePageSize);
}

const AlertRow *AlertListModel::rowAt(int row) const
{
    if (m_priming && row-- == 0) return nullptr;  // the transient row of primeForInsertsAtTop(); the rest below it
    if (row < 0) return nullptr;
    if (row < int(m_head.size())) return &m_head[size_t(row)];
    const int b = row - int(m_head.size());
    if (b >= m_baseCount) return nullptr;
    const int page = b / m_activePageSize;
    const int off = b % m_activePageSize;
    if (const AlertRow *r = m_cache.row(page, off)) return r;
    requestPage(page);
    return nullptr;
}

void AlertListModel::requestPage(int page) const
{
    if (page < 0 || m_cache.isRequested(page) || m_cache.contains(page)) return;
    auto *self = const_cast<AlertListModel *>(this);
    QString cond = QStringLiteral("id <= ?");
    QVariantList condBinds{m_baseTop};
    qint64 offset = 0;
    if (page < m_anchors.size()) {
        cond += QStringLiteral(" AND ") + m_sort.after(m_anchors.at(page), true, &condBinds);
    } else if (const AlertRows *prev = page > 0 ? m_cache.rows(page - 1) : nullptr; prev && prev->size() == m_activePageSize) {
        cond += QStringLiteral(" AND ") + m_sort.after(prev->last(), false, &condBinds);
    } else {
        // no anchor near: offset from the first base row (only before the page index arrives)
        offset = qint64(page) * m_activePageSize;
    }
    m_cache.markRequested(page);
    const quint64 gen = m_gen;
    const quint64 epoch = m_epoch;
    const QString where = m_where;
    const QVariantList binds = m_binds;
    const int pageSize = m_activePageSize;
    const QString orderBy = m_sort.orderBy(), keyExpr = m_sort.selectKey();
    struct R { AlertRows rows; QString error; };
    m_pages->call<R>(self, [cond, condBinds, where, binds, pageSize, offset, orderBy, keyExpr](QSqlDatabase &db) {
        R r;
        r.rows = alert_sql::selectOrdered(db, cond, condBinds, where, binds, orderBy, keyExpr, pageSize, offset, &r.error);
        return r;
    }, [self, gen, epoch, page](R r) { self->onPage(gen, epoch, page, r.rows, r.error); });
}

void AlertListModel::onPage(quint64 gen, quint64 epoch, int page, const AlertRows &rows, const QString &error)
{
    if (gen != m_gen || epoch != m_epoch) return;
    m_cache.requestDone(page);
    if (!error.isEmpty()) {
        Q_EMIT errorOccurred(tr("Cannot load alerts: %1").arg(error));
        return;
    }
    m_stats.rowsFetched += rows.size();
    ++m_stats.pagesFetched;
    m_cache.insert(page, rows);
    m_mitre.learn(rows);
    const int head = int(m_head.size());
    const int first = head + page * m_activePageSize;
    if (!m_countExact && page * m_activePageSize == m_baseCount) {
        // growing (fetchMore): the next page extends the list
        if (!rows.isEmpty()) {
            beginInsertRows({}, first, first + int(rows.size()) - 1);
            m_baseCount += int(rows.size());
            endInsertRows();
        }
        if (rows.size() < m_activePageSize) {
            m_endReached = true;
            m_countExact = true;
            Q_EMIT countKnown(rowCount());
        }
    } else if (!rows.isEmpty()) {
        const int last = std::min(first + int(rows.size()), rowCount()) - 1;
        if (last >= first) Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
    }
    m_cache.evictTo(m_maxPages);
    if (!rows.isEmpty()) Q_EMIT rowsLoaded(first, first + int(rows.size()) - 1);
}

void AlertListModel::onLiveRows(quint64 gen, const AlertRows &rows, qint64 highestId)
{
    if (gen != m_gen) return;
    m_topId = std::max(m_topId, highestId);
    if (rows.isEmpty()) return;
    m_stats.rowsFetched += rows.size();
    if (!m_live) {
        m_waiting += int(rows.size());
        Q_EMIT newAlertsWaiting(m_waiting);
        return;
    }
    for (const AlertRow &r : rows) {
        // below the first paged row: its place is inside the pages; never slip it in there. In time order a
        // late arrival (up to kLateSeconds older than the top when the list loaded: clocks and batches of
        // several managers) is still shown, just above the paged part.
        const bool late = m_sort.key == AlertSort::Key::Time && m_sort.descending &&
                          r.tsUs >= m_baseFirst.tsUs - qint64(kLateSeconds) * 1000000;
        if (m_hasBaseFirst && m_sort.compare(r, m_baseFirst) > 0 && !late) ++m_elsewhere;
        else m_pendingLive += r;
    }
    if (m_elsewhere > 0 && m_pendingLive.isEmpty()) Q_EMIT newAlertsElsewhere(m_elsewhere);
    if (!m_pendingLive.isEmpty() && !m_tick.isActive()) m_tick.start();
}

void AlertListModel::flushLive()
{
    if (m_pendingLive.isEmpty()) return;
    const int n = int(m_pendingLive.size());
    QElapsedTimer took;
    took.start();
    // the time they appear: the view's delegate fades their highlight out from it
    m_lastArrivalMs = QDateTime::currentMSecsSinceEpoch();
    for (AlertRow &r : m_pendingLive) r.arrivedMs = m_lastArrivalMs;
    m_mitre.learn(m_pendingLive);
    // in display order; when they all sort above the current top (new alerts in time order), one insert
    std::sort(m_pendingLive.begin(), m_pendingLive.end(),
              [this](const AlertRow &a, const AlertRow &b) { return m_sort.compare(a, b) < 0; });
    const AlertRow *top = !m_head.empty() ? &m_head.front() : (m_hasBaseFirst ? &m_baseFirst : nullptr);
    if (!top || m_sort.compare(m_pendingLive.last(), *top) < 0) {
        beginInsertRows({}, 0, n - 1);
        for (auto it = m_pendingLive.crbegin(); it != m_pendingLive.crend(); ++it) m_head.push_front(*it);
        endInsertRows();
    } else {
        // interleaved with rows shown already (two managers' batches overlap in time): all of them at the top
        // in one insert, then the top region into its order with one layout change, the persistent
        // indexes (the analyst's selection) following their alerts — never a signal per row
        const auto less = [this](const AlertRow &a, const AlertRow &b) { return m_sort.compare(a, b) < 0; };
        beginInsertRows({}, 0, n - 1);
        for (auto it = m_pendingLive.crbegin(); it != m_pendingLive.crend(); ++it) m_head.push_front(*it);
        endInsertRows();
        const auto end = std::upper_bound(m_head.begin() + n, m_head.end(), m_pendingLive.last(), less);
        const int regionEnd = int(end - m_head.begin());
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        const QModelIndexList from = persistentIndexList();
        QList<qint64> ids;
        ids.reserve(from.size());
        for (const QModelIndex &i : from) ids << (i.row() < regionEnd ? m_head[size_t(i.row())].id : 0);
        std::inplace_merge(m_head.begin(), m_head.begin() + n, end, less);
        QHash<qint64, int> at;
        for (int i = 0; i < regionEnd; ++i) at.insert(m_head[size_t(i)].id, i);
        QModelIndexList to;
        to.reserve(from.size());
        for (qsizetype k = 0; k < from.size(); ++k)
            to << (ids[k] != 0 ? index(at.value(ids[k], from[k].row()), from[k].column()) : from[k]);
        changePersistentIndexList(from, to);
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }
    m_pendingLive.clear();
    if (int(m_head.size()) > m_maxHead && m_elsewhere == 0) rebaseHead();  // (timed with the insert)
    ++m_stats.liveInserts;
    m_stats.liveRows += n;
    m_stats.longestLiveInsertMs = std::max(m_stats.longestLiveInsertMs, double(took.nsecsElapsed()) / 1e6);
    m_stats.totalLiveInsertMs += double(took.nsecsElapsed()) / 1e6;
    Q_EMIT rowsPrepended(n);
    Q_EMIT liveUpdated(QDateTime::currentDateTime());
    if (m_elsewhere > 0) Q_EMIT newAlertsElsewhere(m_elsewhere);
    // rows held back below the top would show up inside re-fetched base pages after a fold: reload instead
    // (rarely: only after m_maxHead live rows)
    if (int(m_head.size()) > m_maxHead && m_elsewhere > 0) refresh();
}

void AlertListModel::rebaseHead()
{
    // Fold the oldest whole pages of live rows into the paged part: base pages shift by a whole number
    // of pages, so the page index stays valid; row positions do not change (no model signal needed).
    const int P = m_activePageSize;
    const int H = int(m_head.size());
    const int movePages = H / P;
    if (movePages == 0) return;
    const int m = movePages * P;
    QList<AlertRows> newPages;
    AlertRows newAnchors;
    for (int k = 0; k < movePages; ++k) {
        AlertRows rows;
        rows.reserve(P);
        for (int i = 0; i < P; ++i) rows.append(std::move(m_head[size_t(H - m + k * P + i)]));  // (erased below)
        newAnchors << rows.first();
        newPages << std::move(rows);
    }
    m_head.erase(m_head.begin() + (H - m), m_head.end());
    m_cache.shiftDown(newPages);
    ++m_epoch;  // pages in flight were numbered the old way
    // every matching row up to the newest id seen is in the head or the base now; base pages exclude the
    // head's rows by their keyset (they sort above every anchor)
    m_baseTop = m_topId;
    m_baseFirst = newAnchors.first();
    m_hasBaseFirst = true;
    m_foldedAnchors = newAnchors + m_foldedAnchors;
    if (m_countExact && !m_anchors.isEmpty()) m_anchors = newAnchors + m_anchors;
    else if (m_countExact) m_anchors = newAnchors;
    m_baseCount += m;
    m_cache.evictTo(m_maxPages);
}

qint64 AlertListModel::alertId(int row) const
{
    const AlertRow *r = rowAt(row);
    return r ? r->id : 0;
}

int AlertListModel::rowOfId(qint64 id) const
{
    for (size_t i = 0; i < m_head.size(); ++i)
        if (m_head[i].id == id) return int(i);
    if (const auto at = m_cache.find(id)) return int(m_head.size()) + at->first * m_activePageSize + at->second;
    return -1;
}

bool AlertListModel::isRowLoaded(int row) const
{
    if (row < 0 || row >= rowCount()) return false;
    if (row < int(m_head.size())) return true;
    const int b = row - int(m_head.size());
    const AlertRows *page = m_cache.rows(b / m_activePageSize);
    return page && b % m_activePageSize < page->size();
}

void AlertListModel::ensureLoaded(int first, int last)
{
    first = std::max(first, int(m_head.size()));
    last = std::min(last, rowCount() - 1);
    if (first > last) return;
    const int h = int(m_head.size());
    for (int p = (first - h) / m_activePageSize; p <= (last - h) / m_activePageSize; ++p)
        if (!m_cache.contains(p)) requestPage(p);
}

void AlertListModel::refreshAlerts(const QList<qint64> &idsIn)
{
    if (idsIn.isEmpty()) return;
    // only rows in memory are re-read (a group triage may name 100,000 alerts; pages not loaded are read
    // fresh when they are shown)
    QSet<qint64> loaded;
    for (const AlertRow &r : m_head) loaded.insert(r.id);
    m_cache.forEachRow([&loaded](int, int, const AlertRow &r) { loaded.insert(r.id); });
    QList<qint64> ids;
    for (qint64 id : idsIn)
        if (loaded.contains(id)) ids << id;
    if (ids.isEmpty()) return;
    QStringList list;
    for (qint64 id : ids) list << QString::number(id);
    const QString arr = u'{' + list.join(u',') + u'}';
    const quint64 gen = m_gen;
    struct R { AlertRows rows; QString error; };
    m_pages->call<R>(this, [arr, n = int(ids.size()), keyExpr = m_sort.selectKey()](QSqlDatabase &db) {
        R r;
        r.rows = alert_sql::selectOrdered(db, QStringLiteral("id = ANY(?::bigint[])"), {arr}, {}, {}, QStringLiteral("id"),
                                          keyExpr, n, 0, &r.error);
        return r;
    }, [this, gen](R r) {
        if (gen != m_gen) return;
        m_stats.rowsFetched += r.rows.size();
        QHash<qint64, const AlertRow *> byId;
        for (const auto &row : std::as_const(r.rows)) byId.insert(row.id, &row);
        auto update = [&](AlertRow &row, int viewRow) {
            if (auto f = byId.constFind(row.id); f != byId.constEnd()) {
                const qint64 arrived = row.arrivedMs;
                row = **f;
                row.arrivedMs = arrived;
                Q_EMIT dataChanged(index(viewRow, 0), index(viewRow, ColumnCount - 1));
            }
        };
        for (size_t i = 0; i < m_head.size(); ++i) update(m_head[i], int(i));
        const int head = int(m_head.size());
        m_cache.forEachRow([&](int page, int i, AlertRow &row) { update(row, head + page * m_activePageSize + i); });
    });
}

void AlertListModel::refreshRisks(const QList<qint64> &answeredIds)
{
    if (answeredIds.isEmpty()) return;
    const qint64 highest = *std::max_element(answeredIds.cbegin(), answeredIds.cend());
    const QSet<qint64> named(answeredIds.cbegin(), answeredIds.cend());
    // newest first: a batch holds the oldest waiting alerts up to its highest id, so the rows just below that
    // id come first; bounded, so a long backlog does not re-read every loaded row at every batch
    constexpr int kMaxRows = 500;
    QList<qint64> ids;
    auto consider = [&](const AlertRow &r) {
        if (ids.size() >= kMaxRows) return;
        const bool waiting = r.state == QLatin1String("new") || r.state == QLatin1String("agent_enriched");
        if (named.contains(r.id) || (waiting && r.id <= highest)) ids << r.id;
    };
    for (const AlertRow &r : m_head) consider(r);
    for (int p : m_cache.pageNumbers())
        for (const AlertRow &r : *m_cache.rows(p)) consider(r);
    if (!ids.isEmpty()) refreshAlerts(ids);
}

void AlertListModel::requestDetails(qint64 id)
{
    struct R { QByteArray json; QString fullLog; QString error; bool found = false; QString risk, summary, model; bool valid = true; };
    m_pages->call<R>(this, [id](QSqlDatabase &db) {
        R r;
        if (!db.isOpen()) {
            r.error = tr("The database is not reachable.");
            return r;
        }
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT raw::text, COALESCE(raw->>'full_log', ''), llm_risk, llm_summary, llm_model, COALESCE(llm_valid, true) FROM alerts WHERE id = ?"));
        q.addBindValue(id);
        if (!q.exec()) {
            r.error = q.lastError().text().trimmed();
        } else if (q.next()) {
            r.found = true;
            r.json = q.value(0).toString().toUtf8();
            r.fullLog = q.value(1).toString();
            r.risk = q.value(2).toString();
            r.summary = q.value(3).toString();
            r.model = q.value(4).toString();
            r.valid = q.value(5).toBool();
        } else {
            r.error = tr("Alert %1 no longer exists.").arg(id);
        }
        return r;
    }, [this, id](R r) {
        if (r.found) {
            Q_EMIT detailsReady(id, r.json, r.fullLog);
            Q_EMIT summaryReady(id, r.risk, r.summary, r.model, r.valid);
        }
        else Q_EMIT detailsFailed(id, r.error);
    }, QStringLiteral("details"));
}

AlertListModel::Stats AlertListModel::stats() const
{
    Stats s = m_stats;
    s.cachedRows = qint64(m_head.size());
    s.cachedRows += m_cache.rowCount();
    return s;
}

void AlertListModel::resetStats() { m_stats = Stats(); }

QVariant AlertListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const AlertRow *r = rowAt(index.row());
    if (!r) {
        if (role == Qt::DisplayRole && index.column() == DescriptionColumn) return tr("Loading…");
        if (role == LoadedRole) return false;
        return {};
    }
    const int col = index.column();
    switch (role) {
    case Qt::DisplayRole: return AlertCells::text(*r, col, m_zone, m_timeFormat);
    case Qt::ToolTipRole: return AlertCells::toolTip(*r, col, m_mitre);
    case Qt::BackgroundRole:
        if (col == LevelColumn) return SeverityPalette::background(r->level);
        return {};
    case Qt::ForegroundRole:
        if (col == LevelColumn) return SeverityPalette::text(r->level);
        if (col == RiskColumn && !r->risk.isEmpty()) return LlmSummaryModel::riskColor(r->risk, AgentListModel::paletteIsDark());
        return {};
    case Qt::TextAlignmentRole:
        if (col == LevelColumn || col == RuleIdColumn) return int(Qt::AlignCenter);
        return {};
    case IdRole: return r->id;
    case LevelRole: return r->level;
    case RuleIdRole: return r->ruleId;
    case AgentIdRole: return r->agentId;
    case TimestampRole: return r->tsMs ? QDateTime::fromMSecsSinceEpoch(r->tsMs, QTimeZone::utc()) : QDateTime();
    case TriageStatusRole: return r->triageStatus;
    case AssignedToRole: return r->assignedTo;
    case PipelineStateRole: return r->state;
    case LoadedRole: return true;
    case ArrivedRole: return r->arrivedMs;
    case FilterTermRole: return AlertCells::filterTerm(*r, col);
    default: return {};
    }
}

QVariant AlertListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) return AlertCells::headerToolTip(section);
    if (role == Qt::DisplayRole) return AlertCells::headerTitle(section);
    return {};
}

}  // namespace eos
