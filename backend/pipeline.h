// The alert pipeline's stages, each on its own thread: run by the daemon and embedded in the GUI.
// Stages claim their work from PostgreSQL, so several pipelines may share one database.
#pragma once

#include "config.h"
#include "db_connection_info.h"

#include <QObject>

#include <memory>
#include <vector>

namespace eos {

class WorkerThread;

class Pipeline : public QObject {
    Q_OBJECT
public:
    Pipeline(Config config, DbConnectionInfo db, QString dataDir, QObject *parent = nullptr);
    ~Pipeline() override;

    bool start(QString *error);
    // Graceful: stop accepting, finish in-flight work, join every thread. Blocks for at most ~8 s.
    void stop();
    bool isRunning() const { return m_running; }

private:
    Config m_config;
    DbConnectionInfo m_db;
    QString m_dataDir;
    bool m_running = false;
    std::vector<std::unique_ptr<WorkerThread>> m_threads;
};

}  // namespace eos
