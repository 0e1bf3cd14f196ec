// eos-console --daemon: the pipeline with no display. SIGTERM/SIGINT stop it gracefully.
#pragma once

#include "core/config.h"

#include <QObject>

#include <memory>

namespace eos {

class Database;
class Pipeline;

class Daemon : public QObject {
    Q_OBJECT
public:
    explicit Daemon(Config config, QObject *parent = nullptr);
    ~Daemon() override;

    // Returns false (with a message logged) when it cannot start; the caller exits non-zero.
    bool start();
    // Stop accepting, finish in-flight work, stop the embedded cluster. Then quits the event loop.
    void shutdown(int signo);

private:
    void retryDatabase();
    void startWatchdog();

    Config m_config;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Pipeline> m_pipeline;
    bool m_stopping = false;
    int m_retryMs = 0;
    bool m_watchdogStalled = false;
};

}  // namespace eos
