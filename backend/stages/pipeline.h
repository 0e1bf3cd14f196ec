// The alert pipeline, each part on its own thread: run by the daemon and embedded in the GUI.
// Stages claim their work from PostgreSQL, so several pipelines may share one database.
//   intake (HTTP listener, alerts.json follower) -> IngestWriter (batches, spool) -> PostgreSQL
//   -> StageRunner(EnrichmentStage): new -> agent_enriched (Wazuh API, agent status) -> later stages
#pragma once

#include "core/config.h"
#include "store/db_connection_info.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

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
    quint16 listenerPort() const { return m_listenerPort; }

private:
    bool startIntake(QString *error);
    void startStage(std::unique_ptr<Stage> stage, const QString &threadName);
    void startDispatch();

    Config m_config;
    DbConnectionInfo m_db;
    QString m_dataDir;
    bool m_running = false;
    qint64 m_startedMs = 0;
    quint16 m_listenerPort = 0;
    IngestWriter *m_ingest = nullptr;  // owned by its thread
    std::unique_ptr<WorkerThread> m_ingestThread;
    struct Intake {
        std::unique_ptr<WorkerThread> thread;
        std::function<void()> stop;  // the stage's own graceful stop, run on its thread
    };
    std::vector<Intake> m_intake;  // stopped first
    std::vector<Intake> m_stages;  // enrichment, ...: stopped after ingest
    QStringList m_stageNames;
    std::vector<std::unique_ptr<WorkerThread>> m_otherThreads;
};

}  // namespace eos
