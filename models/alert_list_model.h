// Live Alerts: a table model over PostgreSQL that never loads the whole table (Wireshark's
// packet_list_model / qBittorrent's transfer list ideas).
//
// * Ordered by AlertSort: the alert's own time (alert_ts), newest first, by default, or any sortable
//   column's key then time then id (sort(), setSort()), in the database. Rows are fetched in pages of pageSize()
//   on demand (data() on a row that is not loaded asks for its page and shows a placeholder until it
//   arrives; the view repaints on dataChanged). At most maxCachedPages() pages stay in memory (LRU).
// * Opening/filtering: first the top page (fast; rows visible at once), then in the background a
//   "page index": the sort key of the first row of every page of the filtered result, from one index
//   scan. It gives the exact row count and makes any page — the middle or the end of a million rows — a
//   keyset query ((key, alert_ts, id) <= anchor ORDER BY … LIMIT pageSize). If the index takes longer than indexTimeoutMs(),
//   the model falls back to growing with canFetchMore()/fetchMore() (keyset from the last loaded row).
// * Live: a dedicated connection LISTENs on new_alert (the payload is only a wake-up); new rows
//   (id > last seen, matching the filter) are coalesced per tick (liveTickMs()); those that sort above the
//   first paged row are inserted in their place at the top (one beginInsertRows when they all go first),
//   then rowsPrepended(n) is emitted so the view can keep the analyst's position. A live row that sorts
//   further down (a backfill of last week's alerts in time order) is not slipped into the middle of the
//   pages: newAlertsElsewhere(n) counts them and refresh() shows them. In time order, a late arrival up
//   to kLateSeconds older than the list's first paged row is shown just above the paged part instead.
// * Risk: LLM answers (NOTIFY new_response, ResponseListener) re-read the loaded rows still waiting for
//   the LLM stage (and a regenerated alert), so the Risk column fills in live.
// * All SQL runs on worker threads (eos::DbWorker / LiveFeed); the GUI thread only copies results.
#pragma once

#include "alert_filter.h"
#include "alert_page_cache.h"
#include "alert_row.h"
#include "alert_sort.h"
#include "mitre_names.h"
#include "store/db_connection_info.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTimeZone>
#include <QTimer>

#include <deque>
#include <optional>
#include <memory>

namespace eos {

class DbWorker;
class LiveFeed;
class ResponseListener;

class AlertListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, LevelColumn, RuleIdColumn, DescriptionColumn, AgentColumn, SourceIpColumn,
                  GroupsColumn, MitreColumn, StateColumn, RiskColumn, AssigneeColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        IdRole = Qt::UserRole + 1,  // qint64 alerts.id
        LevelRole,                  // int rule_level
        RuleIdRole,                 // int
        AgentIdRole,                // QString
        TimestampRole,              // QDateTime (UTC)
        TriageStatusRole,           // QString: acknowledged, false_positive, escalated or empty
        AssignedToRole,             // QString
        PipelineStateRole,          // QString alert_state
        LoadedRole,                 // bool: the row's page is in memory (false = placeholder)
        FilterTermRole,             // QString: the filter term for this cell's value ("rule:5710"), or empty
        ArrivedRole,                // qint64: when a live row was inserted (ms since the epoch), 0 for paged rows
    };
    Q_ENUM(Role)

    // Level colours (BackgroundRole/ForegroundRole of LevelColumn) come from SeverityPalette.

    static constexpr int kLateSeconds = 60;
    // From this many rows on, the model primes its views for inserts at the top once the count is known.
    static constexpr int kPrimeRows = 50000;

    explicit AlertListModel(DbConnectionInfo db, QObject *parent = nullptr);
    ~AlertListModel() override;

    // QAbstractItemModel
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    // Header clicks: sorts by the column's key (sortKeyForColumn); columns without one are ignored.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    void fetchMore(const QModelIndex &parent) override;

    // Starts (or restarts) the model: the first page, the page index and the live feed.
    void start();
    void setFilter(const AlertFilter &filter);  // resets the model and reloads
    AlertFilter filter() const { return m_filter; }
    void refresh();                             // reload with the same filter
    void setSort(const AlertSort &sort);        // resets the model and reloads in this order
    AlertSort sortOrder() const { return m_sort; }
    static std::optional<AlertSort::Key> sortKeyForColumn(int column);
    static int columnForSortKey(AlertSort::Key key);
    // Stable names of the columns ("time", "level", …, "assignee"): the column layout saved in QSettings and
    // in saved views refers to columns by these, so adding a column never shifts a saved layout.
    static QString columnKey(int column);
    static int columnForKey(const QString &key);  // -1 when unknown
    void setLive(bool live);                    // pause/resume live inserts (paused: newCount grows)
    bool isLive() const { return m_live; }

    // Time column: local time zone by default (QTimeZone::systemTimeZone()); format "yyyy-MM-dd HH:mm:ss".
    void setTimeZone(const QTimeZone &zone);
    QTimeZone timeZone() const { return m_zone; }
    void setTimeFormat(const QString &format);

    qint64 alertId(int row) const;              // 0 when the row is not loaded
    int rowOfId(qint64 id) const;               // -1 when not loaded
    bool isRowLoaded(int row) const;
    // Loads the pages of rows [first, last] now (views call data() anyway; used for prefetch/tests).
    void ensureLoaded(int first, int last);
    // Re-reads these alerts (e.g. after triage) and emits dataChanged for their loaded rows.
    void refreshAlerts(const QList<qint64> &ids);
    // LLM answers were stored (new_response payloads: a batch's highest id, or a regenerated alert):
    // re-reads the loaded rows they may concern (still before the LLM stage, id up to the highest; or named).
    void refreshRisks(const QList<qint64> &answeredIds);

    // The detail pane: the alert's whole JSON and full_log, fetched on a worker; answered by detailsReady.
    void requestDetails(qint64 id);

    // True when the row count is exact (page index loaded or end reached by fetchMore).
    bool isCountExact() const { return m_countExact; }
    qint64 newestId() const { return m_topId; }
    // Live rows above the paged part (rows [0, headRowCount()) ), and when the last of them was inserted
    // (ms since the epoch, 0 = none yet): the view repaints only that region while their highlight fades.
    int headRowCount() const { return int(m_head.size()); }
    qint64 lastArrivalMs() const { return m_lastArrivalMs; }
    // MITRE technique names as Wazuh's rules name them (rule.mitre.technique), learnt in the background
    // from one alert per technique id seen; the MITRE column's tooltip shows them.
    QString mitreTechniqueName(const QString &techniqueId) const { return m_mitre.name(techniqueId); }

    // Tuning and instrumentation (tests, bench).
    void setPageSize(int rows);                 // default 200; takes effect on the next reset
    int pageSize() const { return m_pageSize; }
    void setMaxCachedPages(int pages) { m_maxPages = pages; }
    int maxCachedPages() const { return m_maxPages; }
    void setLiveTickMs(int ms) { m_tick.setInterval(ms); }
    int liveTickMs() const { return m_tick.interval(); }
    void setIndexTimeoutMs(int ms) { m_indexTimeoutMs = ms; }
    // Live rows kept outside the pages before whole pages of them are folded into the paged part.
    void setMaxLiveHead(int rows) { m_maxHead = std::max(rows, 1); }
    int indexTimeoutMs() const { return m_indexTimeoutMs; }
    struct Stats {
        qint64 rowsFetched = 0;   // alert rows read from the database (pages + live + refresh)
        qint64 pagesFetched = 0;
        qint64 liveInserts = 0;   // beginInsertRows calls for live rows
        qint64 liveRows = 0;
        qint64 cachedRows = 0;
        double longestLiveInsertMs = 0;  // GUI-thread time of the slowest live insert (incl. views' reaction)
        double totalLiveInsertMs = 0;
        int primes = 0;           // primeForInsertsAtTop() runs (once per load of a large list)
        double primeMs = 0;       // GUI-thread time of the last one
    };
    Stats stats() const;
    void resetStats();

Q_SIGNALS:
    // After every live insert at the top: n rows were prepended (the view keeps its position by
    // scrolling n rows down unless it is at the top).
    void rowsPrepended(int n);
    // The first page of a (re)load is in: "time to first rows".
    void firstRowsLoaded(int rows, qint64 elapsedMs);
    // The page index arrived: the count is exact now.
    void countKnown(int rows);
    // A page arrived (rows [first, last]).
    void rowsLoaded(int first, int last);
    // Live rows arrived while paused (setLive(false)); refresh() shows them.
    void newAlertsWaiting(int count);
    // Live rows that sort below the top of the list (not inserted; refresh() shows them), counted since
    // the last reset.
    void newAlertsElsewhere(int count);
    void sortChanged(const eos::AlertSort &sort);
    void detailsReady(qint64 id, const QByteArray &json, const QString &fullLog);
    // With detailsReady: the LLM triage's risk and summary of the alert (empty when it has none).
    void summaryReady(qint64 id, const QString &risk, const QString &summary, const QString &model, bool valid);
    void detailsFailed(qint64 id, const QString &error);
    // A database error the UI should show (a message for the analyst; no secrets).
    void errorOccurred(const QString &message);
    void liveUpdated(const QDateTime &when);

private:
    void reset(bool restartLive);
    const AlertRow *rowAt(int row) const;
    void requestPage(int page) const;
    void onFirstPage(quint64 gen, qint64 topId, const AlertRows &rows, const QString &error);
    void onIndex(quint64 gen, const AlertRows &anchors, qint64 count, const QString &error);
    void onPage(quint64 gen, quint64 epoch, int page, const AlertRows &rows, const QString &error);
    void requestIndex();
    void onLiveRows(quint64 gen, const AlertRows &rows, qint64 highestId);
    void flushLive();
    void rebaseHead();

    DbConnectionInfo m_info;
    std::unique_ptr<DbWorker> m_pages;  // first page, pages, details
    std::unique_ptr<DbWorker> m_index;  // page index (may take a while on huge filtered results)
    std::unique_ptr<LiveFeed> m_live_feed;
    std::unique_ptr<ResponseListener> m_responses;  // new_response: the Risk column

    AlertFilter m_filter;
    AlertSort m_sort;
    QString m_where;
    QVariantList m_binds;
    quint64 m_gen = 0;
    quint64 m_epoch = 0;      // bumped when base pages are renumbered (rebaseHead): in-flight pages are stale
    int m_pageSize = 200;
    int m_activePageSize = 200;
    int m_maxPages = 300;
    int m_indexTimeoutMs = 15000;
    int m_maxHead = 20000;
    bool m_live = true;
    bool m_started = false;

    // rows = m_head (live rows, newest first) followed by base rows (id <= m_baseTop, in pages)
    std::deque<AlertRow> m_head;
    AlertRows m_pendingLive;  // arrived, not yet inserted (coalesced per tick)
    int m_waiting = 0;        // live rows held back while paused
    qint64 m_topId = 0;       // highest id known to the model (live feed continues after it)
    qint64 m_baseTop = 0;     // base rows have id <= m_baseTop
    int m_baseCount = 0;      // rows in the base part (exact when m_countExact)
    bool m_countExact = false;
    bool m_endReached = false;  // fetchMore mode: the last page came back short
    AlertRows m_anchors;        // m_anchors[k] = the first row (its sort key) of base page k (empty until the index arrives)
    AlertRows m_foldedAnchors;  // anchors of live pages folded into the base before the index arrived
    AlertRow m_baseFirst;       // the first base row (live rows above it go to the head)
    bool m_hasBaseFirst = false;
    bool m_primed = false;      // this load's views were primed for inserts at the top
    bool m_priming = false;     // inside primeForInsertsAtTop(): one transient row 0
    void primeForInsertsAtTop();
    int m_elsewhere = 0;        // live rows that sort below the top (not shown until refresh)
    mutable AlertPageCache m_cache;  // the paged part's pages in memory (rowAt() marks them used, asks for more)
    QElapsedTimer m_loadTimer;
    QTimer m_tick;
    QTimeZone m_zone;
    QString m_timeFormat = QStringLiteral("yyyy-MM-dd HH:mm:ss");
    mutable Stats m_stats;
    qint64 m_lastArrivalMs = 0;
    MitreNames m_mitre;  // technique names for the MITRE column's tooltip
};

}  // namespace eos
