// eos-console --daemon: the pipeline with no display. SIGTERM/SIGINT stop it gracefully.
#pragma once

#include "core/config.h"

#include <QObject>

#include <memory>
#include <optional>

namespace eos {

class Database;
class Pipeline;

class Daemon : public QObject {
    Q_OBJECT
public:
    explicit Daemon(Config config, QObject *parent = nullptr);
    ~Daemon() override;

    // Loads the configuration (env file + environment) and sets up logging with its secrets redacted;
    // prints the reason and returns nothing when the configuration is unusable (exit 2).
    static std::optional<Config> loadConfig(Config::Mode mode, const QString &explicitFile);
    // The daemon's whole life: start, run the event loop, stop. The exit code.
    static int run(const Config &config);

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
