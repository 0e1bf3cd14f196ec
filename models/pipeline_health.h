// Pipeline health for the status bar, sampled every intervalMs on a worker thread: alerts/s (from the
// ids the database hands out, so it works for an embedded pipeline and for daemons filling a shared
// database alike), the backlog per stage (alerts in each not-yet-final alert_state, counted up to a cap;
// read from the database, so a pure console on a shared database sees the daemons' backlog too) and the
// on-disk spool depth (in-process Metrics; 0 when no pipeline runs in this process).
#pragma once

#include "store/db_connection_info.h"

#include <QDateTime>
#include <QMap>
#include <QObject>
#include <QTimer>

#include <memory>

namespace eos {

class DbWorker;

class PipelineHealth : public QObject {
    Q_OBJECT
public:
    struct Sample {
        bool databaseUp = false;
        double alertsPerSecond = 0;
        QMap<QString, qint64> backlog;   // state -> count (new, agent_enriched, summarized, failed)
        bool backlogCapped = false;      // some count reached backlogCap()
        qint64 spoolDepth = 0;
        qint64 newestId = 0;
        QDateTime sampledAt;
        QString error;
        qint64 enrichmentBacklog() const { return backlog.value(QStringLiteral("new")); }  // waiting for enrichment
        qint64 failed() const { return backlog.value(QStringLiteral("failed")); }           // a stage gave up on them
    };

    explicit PipelineHealth(DbConnectionInfo db, QObject *parent = nullptr);
    ~PipelineHealth() override;

    void start(int intervalMs = 2000);
    void stop();
    Sample last() const { return m_last; }
    static qint64 backlogCap() { return 100000; }
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
