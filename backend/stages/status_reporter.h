// Every instance running the pipeline (eos-daemon, eos-console --daemon, the console) reports itself in
// the daemon_status table every EOS_STATUS_INTERVAL_S seconds: the stages it runs, its listener, ingest
// and stage figures with rates since the last report, its spool and its last errors. `eos-console status`
// reads that table, so it shows every instance sharing the database from anywhere. An instance running
// ingest also reports its listener's refused requests (figures.listener: TLS, refused in the last minute
// by reason, the last refusals with time, peer and reason; see core/rejection_log.h), which the console's
// status bar shows for whichever instance runs the listener. Runs on its own
// thread (its own connection); a report that fails is logged once and tried again next interval.
#pragma once

#include "store/db_connection_info.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <map>

class QTimer;

namespace eos {

class StatusReporter : public QObject {
    Q_OBJECT
public:
    struct Identity {
        QString instance;   // host:pid:start, unique per process
        QString host;
        qint64 pid = 0;
        QString version;
        QString mode;       // daemon | console
        QDateTime startedAt;
        QStringList stages; // what this instance runs ("ingest", "enrich", …)
        QString listener;   // "127.0.0.1:9000", or why there is none
        bool listenerTls = false;  // the listener speaks HTTPS
    };
    StatusReporter(DbConnectionInfo db, Identity identity, int intervalSeconds, QObject *parent = nullptr);
    ~StatusReporter() override;

    // A fresh identity for this process (host, pid, version, start time, mode from the application type).
    static Identity thisProcess(const QStringList &stages, const QString &listener);

    // The figures a report carries, from the process's Metrics; rates are per second since `previous`.
    // Pure apart from reading the counters: tests call it directly.
    struct Sample {
        qint64 atMs = 0;
        std::map<QString, quint64> counters;  // "ingest.ingested", "stage.enrich.processed", …
    };
    static Sample sample(const QStringList &stages);
    static QJsonObject figures(const Sample &now, const Sample &previous, const QStringList &stages);

public Q_SLOTS:
    void start();       // on the worker's thread (queued)
    bool reportNow();   // one report; false when the database refused it
    void removeSelf();  // on a clean stop: the row goes away (blocking-queued from the pipeline)

private:
    DbConnectionInfo m_db;
    Identity m_id;
    int m_intervalS;
    QTimer *m_timer = nullptr;
    Sample m_previous;
    bool m_failing = false;
    int m_reports = 0;
};

}  // namespace eos
