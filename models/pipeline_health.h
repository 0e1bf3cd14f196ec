// Pipeline health for the status bar, sampled every intervalMs on a worker thread (never the GUI's):
//  - alerts/s (from the ids the database hands out, so it works for an embedded pipeline and for daemons
//    filling a shared database alike);
//  - the instances running the pipeline on this database (daemon_status rows refreshed within three of
//    their intervals, migration 0009): which stages they run and their listeners (address, or why none),
//    so the status bar says where alerts can come in and which stages actually run — also when the
//    console itself runs no pipeline and a separate daemon does;
//  - the listeners' refused requests: per reason in the last minute and the last refusals (time, peer,
//    reason), from each instance's report (figures.listener); this process's own listener is read live
//    (core/rejection_log.h) rather than from its last report;
//  - the backlog per stage (alerts in each not-yet-final alert_state, counted up to a cap), failed alerts,
//    dispatch items waiting for an analyst's review and failed AI summaries (the sidebar's counts);
//  - the on-disk spool depth (in-process Metrics; 0 when no pipeline runs in this process).
#pragma once

#include "store/db_connection_info.h"

#include <QDateTime>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace eos {

class DbWorker;

class PipelineHealth : public QObject {
    Q_OBJECT
public:
    // One instance (eos-daemon, eos-console --daemon, a console running the pipeline) sharing the database.
    struct Instance {
        QString instance;      // host:pid:start
        QString host;
        qint64 pid = 0;
        QString mode;          // daemon | console
        QStringList stages;    // "ingest", "enrich", "llm", "dispatch", "respond"
        QString listener;      // "0.0.0.0:9000", or why it is not listening ("not running: …", "not run here …")
        bool tls = false;
        bool self = false;     // this process
        bool listening() const;          // the listener field is an address
        QString listenerUrl() const;     // "http://0.0.0.0:9000" (empty when not listening)
    };
    struct Rejection {
        qint64 atMs = 0;
        QString peer;
        int status = 0;
        QString reason;        // core/rejection_log.h's reasons
        qint64 count = 1;
        QString host;          // the instance's host (several instances may listen)
    };
    struct Sample {
        bool databaseUp = false;
        double alertsPerSecond = 0;
        QMap<QString, qint64> backlog;   // state -> count (new, agent_enriched, summarized, failed)
        bool backlogCapped = false;      // some count reached backlogCap()
        qint64 spoolDepth = 0;
        qint64 newestId = 0;
        QList<Instance> instances;       // live ones, oldest first
        QMap<QString, qint64> rejectedLastMinute;  // reason -> requests (or NDJSON lines), all listeners
        QList<Rejection> recentRejections;         // newest first, at most RejectionLog::kRecent
        qint64 dispatchReview = 0;       // dispatch items waiting for an analyst's approval (capped)
        qint64 llmFailed = 0;            // alerts the AI summary stage gave up on (capped)
        QDateTime sampledAt;
        QString error;
        qint64 enrichmentBacklog() const { return backlog.value(QStringLiteral("new")); }  // waiting for enrichment
        qint64 failed() const { return backlog.value(QStringLiteral("failed")); }           // a stage gave up on them
        bool stageRunning(const QString &stage) const;  // some live instance runs it
        QList<Instance> listeners() const;              // live instances whose listener is up
        qint64 rejectedTotal() const;                   // in the last minute, every reason
    };

    explicit PipelineHealth(DbConnectionInfo db, QObject *parent = nullptr);
    ~PipelineHealth() override;

    void start(int intervalMs = 2000);
    void stop();
    void sampleNow();  // an extra sample at once (skipped while one runs)
    Sample last() const { return m_last; }
    static qint64 backlogCap() { return 100000; }
    // The stages whose backlog the status bar shows, in pipeline order, and the alert_state each takes.
    static QStringList backlogStages() { return {QStringLiteral("enrich"), QStringLiteral("llm"), QStringLiteral("dispatch")}; }
    static QString inputState(const QString &stage);
    static QString stageLabel(const QString &stage);          // "Enrichment", "AI summary", "Dispatch" (translated)
    static QString reasonShort(const QString &reason);        // "401 token" (translated)
    static QString reasonLabel(const QString &reason);        // "401 wrong or missing X-Auth-Token" (translated)
    // "2,140 alerts/s · backlog new 12, summarized 3 · spool 0" (translated by the caller's tr context)
    static QString describe(const Sample &s);

Q_SIGNALS:
    void sampled(const eos::PipelineHealth::Sample &sample);

private:
    void sample();

    std::unique_ptr<DbWorker> m_worker;
    QTimer m_timer;
    Sample m_last;
    qint64 m_prevId = -1;
    qint64 m_prevMs = 0;
    bool m_busy = false;
};

}  // namespace eos
