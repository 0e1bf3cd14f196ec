// The alert pipeline, each part on its own thread: run by the daemon and embedded in the GUI.
// Stages claim their work from PostgreSQL, so several pipelines may share one database.
//   intake (HTTP listener, alerts.json follower) -> IngestWriter (batches, spool) -> PostgreSQL
//   -> StageRunner(EnrichmentStage): new -> agent_enriched (Wazuh API, agent status)
//   -> StageRunner(LlmStage): agent_enriched -> summarized (NOTIFY new_response) -> later stages
#pragma once

#include "core/config.h"
#include "stages/stage_runner.h"
#include "store/alert_store.h"
#include "store/db_connection_info.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QTimer;

namespace eos {

class IngestWriter;
class Stage;
class WorkerThread;

class Pipeline : public QObject {
    Q_OBJECT
public:
    Pipeline(Config config, DbConnectionInfo db, QString dataDir, QObject *parent = nullptr);
    ~Pipeline() override;

    // schemaReady=false: the database could not be reached yet; alerts are spooled until
    // setSchemaReady(true) (after the migrations ran).
    bool start(QString *error, bool schemaReady = true);
    void setSchemaReady(bool ready);
    // Graceful: stop accepting, finish in-flight work, join every thread. Blocks for at most ~8 s.
    void stop();
    bool isRunning() const { return m_running; }

    // For /healthz and the GUI status bar: database state, spool depth, queue, uptime.
    QJsonObject health() const;
    IngestWriter *ingest() const { return m_ingest; }

    // Watchdog (systemd WatchdogSec): probeThreads() posts a heartbeat into every pipeline thread's event
    // loop; stalledThreads(maxAgeMs) names the threads that have not answered for longer than that (a hung
    // stage, a deadlocked writer), so the daemon stops telling systemd it is alive and gets restarted.
    void probeThreads();
    QStringList stalledThreads(qint64 maxAgeMs) const;
    QObject *workerOf(const QString &threadName) const;  // tests: the worker living on that thread
    quint16 listenerPort() const { return m_listenerPort; }

private:
    bool startIntake(QString *error);
    void startStage(std::unique_ptr<Stage> stage, const QString &threadName,
                    std::optional<StageRunner::Options> options = std::nullopt);
    void watch(const QString &threadName, QObject *worker);
    bool runs(const QString &part) const;  // EOS_PIPELINE_STAGES selects it (or selects all)
    AlertStore::Entry entry() const;       // where new alerts enter: past the stages that only pass them here
    void startDispatch();
    void startStatusReporter();

    Config m_config;
    DbConnectionInfo m_db;
    QString m_dataDir;
    bool m_running = false;
    std::atomic<bool> m_schemaReady{false};  // read by the listener's thread (/readyz)
    qint64 m_startedMs = 0;
    QTimer *m_trimTimer = nullptr;  // hands freed memory back to the system (malloc_trim) once a minute
    quint16 m_listenerPort = 0;
    IngestWriter *m_ingest = nullptr;  // owned by its thread
    std::unique_ptr<WorkerThread> m_ingestThread;
    struct Intake {
        std::unique_ptr<WorkerThread> thread;
        std::function<void()> stop;  // the stage's own graceful stop, run on its thread
    };
    std::vector<Intake> m_intake;  // stopped first
    std::vector<Intake> m_stages;  // enrichment, ...: stopped after ingest
    QStringList m_stageNames;   // the stages this pipeline runs
    QStringList m_knownStages;  // every stage it could run
    QSet<QString> m_selected;   // EOS_PIPELINE_STAGES; empty = all
    std::vector<std::unique_ptr<WorkerThread>> m_otherThreads;
    std::unique_ptr<WorkerThread> m_status;  // StatusReporter: removed from daemon_status first on stop
    struct Heartbeat {
        QString thread;
        QObject *worker = nullptr;
        std::shared_ptr<std::atomic<qint64>> lastMs;
    };
    std::vector<Heartbeat> m_heartbeats;
};

}  // namespace eos
