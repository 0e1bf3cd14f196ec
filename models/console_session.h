// The facade the UI uses: owns the database (embedded or external) and, unless switched off, the
// embedded pipeline running in its own threads. The UI never includes backend headers beyond this.
#pragma once

#include "core/config.h"
#include "store/db_connection_info.h"

#include <QObject>
#include <QString>

#include <memory>

namespace eos {

class Database;
class Pipeline;

class ConsoleSession : public QObject {
    Q_OBJECT
public:
    explicit ConsoleSession(Config config, QObject *parent = nullptr);
    ~ConsoleSession() override;

    bool open(QString *error);
    void close();

    const Config &config() const { return m_config; }
    bool pipelineEnabled() const;
    bool pipelineRunning() const;
    // Why the embedded pipeline is not running although enabled (empty when it runs or is off).
    QString pipelineError() const { return m_pipelineError; }
    bool isEmbeddedDatabase() const;
    QString databaseDescription() const;  // "embedded (/path)" or "user@host:port/db"; never a password
    int schemaVersion() const;
    // Where models open their own connections (each model/worker opens one per thread). Invalid
    // (empty host) before open().
    DbConnectionInfo connectionInfo() const;
    // The analyst recorded in the audit trail: EOS_ANALYST, else the OS user.
    QString analystName() const;

private:
    Config m_config;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Pipeline> m_pipeline;
    QString m_pipelineError;
};

}  // namespace eos
