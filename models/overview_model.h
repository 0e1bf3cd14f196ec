// The Overview page's numbers: for a time range (the filter's last:/after:/before: terms), the alerts
// over time stacked by severity band (AlertHistogram's query), the top rules, agents and source IPs,
// the MITRE tactics, and the counts per triage state and per pipeline stage. All aggregate queries in
// the database, on the overview's own worker (never the GUI thread); a newer request cancels the one
// under way. Live: a LISTEN on new_alert (and the stages' new_response / dispatch_changed) schedules a
// refresh, at most one per minIntervalMs (default 5 s), and only while the page is active — an inactive
// overview remembers that it is stale and refreshes when it becomes active again.
//
// Every item carries the filter term that lists its alerts in Live Alerts (rule:5710, agent:001,
// data.srcip:10.0.0.5, rule.mitre.tactic:"Credential Access", triage:acknowledged, state:new,
// level:8..11); clickThroughFilter() adds the range's terms.
#pragma once

#include "alert_filter.h"
#include "alert_histogram.h"
#include "store/db_connection_info.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace eos {

class DbWorker;

class OverviewModel : public QObject {
    Q_OBJECT
public:
    struct Item {
        QString key;     // rule id, agent id, IP, tactic, triage or pipeline state
        QString label;   // rule description, agent name, …  (may be empty)
        qint64 count = 0;
        QString term;    // the Live Alerts filter term for it
        bool operator==(const Item &o) const { return key == o.key && label == o.label && count == o.count && term == o.term; }
    };
    struct Result {
        quint64 generation = 0;
        int parts = 0;                      // the Part values computed
        AlertHistogram::Result histogram;   // buckets over the range, per severity band; totals per band
        qint64 total = 0;                   // alerts in the range
        QList<Item> topRules, topAgents, topSourceIps;  // at most topN each, most alerts first
        QList<Item> tactics;                // every tactic seen, most alerts first
        QList<Item> triageStates;           // none, acknowledged, false_positive, escalated (each, zeros included)
        QList<Item> pipelineStages;         // new, agent_enriched, summarized, sent, failed, archived (each)
        qint64 elapsedMs = 0;               // database time (the longer of the two parts)
        QStringList timings;                // "histogram 120 ms", … (each aggregate's time; the bench prints them)
        QString error;
        bool isEmpty() const { return total == 0; }
    };

    explicit OverviewModel(DbConnectionInfo db, QObject *parent = nullptr);
    ~OverviewModel() override;

    // The range as filter terms ("last:24h", "after:… before:…", "" for all time). False (and nothing
    // changes) when the terms do not parse or hold anything but time terms.
    bool setRangeTerms(const QString &terms, QString *error = nullptr);
    QString rangeTerms() const { return m_rangeTerms; }
    AlertFilter rangeFilter() const { return m_range; }
    // "agent:001 last:24h": an item's term with the range's terms, as Live Alerts takes it.
    QString clickThroughFilter(const QString &term) const;

    void refresh();            // now (cancels one under way)
    void scheduleRefresh();    // live: now when due, else once the interval has passed
    void setMinIntervalMs(int ms) { m_throttle.setInterval(ms); }
    int minIntervalMs() const { return m_throttle.interval(); }
    // Active: live refreshes run; inactive: they are remembered and run on activation.
    void setActive(bool active);
    bool isActive() const { return m_active; }
    // Listens for new alerts (new_alert, new_response, dispatch_changed) and polls every pollMs as a
    // safety net (triage changes send no notification). Idempotent.
    void startLive(int pollMs = 30000);
    bool isListening() const { return m_listening; }

    Result result() const { return m_result; }
    bool isLoading() const { return m_loading; }
    int refreshes() const { return m_refreshes; }
    int topN() const { return m_topN; }
    void setTopN(int n) { m_topN = std::max(1, n); }

    // The aggregates in two parts that run at once on two connections: the time index's
    // (alerts_ts_cover_idx, 0012: histogram, rules, agents, source IPs,
    // triage and pipeline states, MITRE tactics).
    enum Part { TimeIndexPart = 1, StatesPart = 2, AllParts = 3 };
    // Runs the aggregates of `parts` on db (the workers; tests and the bench call it directly).
    static Result query(QSqlDatabase &db, const AlertFilter &range, int topN, int targetBuckets = 168, int parts = AllParts);
    // Buckets the histogram aims at for a range: per minute up to 6 hours, per hour up to a week, about
    // 120 beyond (and for all time).
    static int targetBucketsFor(const AlertFilter &range);
    // The result of both parts (b's states and tactics into a).
    static Result merge(Result a, const Result &b);
    // Display names (translated) of triage and pipeline states.
    static QString triageLabel(const QString &state);
    static QString stageLabel(const QString &state);

Q_SIGNALS:
    void updated(const eos::OverviewModel::Result &result);
    void loadingChanged(bool loading);
    void listeningChanged(bool listening);

private:
    void notified();

    struct Shared;
    DbConnectionInfo m_info;
    std::shared_ptr<Shared> m_shared;
    std::unique_ptr<DbWorker> m_worker;   // the time index's part
    std::unique_ptr<DbWorker> m_worker2;  // the states' part
    std::unique_ptr<DbWorker> m_listener;
    std::optional<Result> m_pending;      // the first part of the refresh under way
    AlertFilter m_range;
    QString m_rangeTerms;
    Result m_result;
    quint64 m_gen = 0;
    int m_topN = 10;
    int m_refreshes = 0;
    bool m_dirty = false;
    bool m_active = true;
    bool m_loading = false;
    bool m_listening = false;
    QTimer m_throttle;
    QTimer m_poll;
};

}  // namespace eos
