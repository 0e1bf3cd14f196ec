// The embedded default: a private PostgreSQL cluster under EOS_DATA_DIR, reachable only through a unix
// socket in its own data directory. initdb on first run, started with the program, stopped with it.
// As root the server runs as an unprivileged account (PostgreSQL refuses root), via runuser.
#pragma once

#include "store/db_connection_info.h"

#include <QLockFile>
#include <QString>
#include <QStringList>

#include <memory>

namespace eos {

class EmbeddedCluster {
public:
    struct Options {
        QString dataDir;      // the cluster lives in dataDir/pgdata
        QString binDir;       // empty = newest /usr/lib/postgresql/*/bin
        QString runAs = QStringLiteral("postgres");  // used only when running as root
        int tcpPort = 0;      // 0 = unix socket only; tests may open 127.0.0.1:port
        bool throwaway = false;  // tests: no fsync, faster initdb
        QString databaseName = QStringLiteral("eos");
    };

    explicit EmbeddedCluster(Options options);
    ~EmbeddedCluster();  // stops the server if this object started it
    EmbeddedCluster(const EmbeddedCluster &) = delete;
    EmbeddedCluster &operator=(const EmbeddedCluster &) = delete;

    // initdb if needed, start (or adopt a server left running by a crashed owner), create the database.
    bool start(QString *error);
    // Fast shutdown (rolls back open transactions, checkpoints); only if we own the server.
    bool stop(QString *error);
    bool isRunning() const;
    // Whether a server runs on pgdata now (postmaster.pid names a live process and its socket exists),
    // asked without pg_ctl: for `eos-console status`/`check`, which never start or adopt the cluster.
    static bool serverAlive(const QString &pgdata);
    // Leave the server running when this object goes away (the test fixture's starter does this).
    void detach();
    bool ownsServer() const { return m_owner; }

    DbConnectionInfo connectionInfo() const;
    QString pgdata() const;
    QString socketDir() const { return pgdata(); }
    bool initializedThisRun() const { return m_initialized; }
    qint64 startMillis() const { return m_startMs; }

    // Finds initdb/pg_ctl; on failure *error names the Debian package to install.
    static QString findBinDir(const QString &configured, QString *error);
    // The account the server runs as: the current user, or when root the configured unprivileged one
    // (created as a system account "eos" if it does not exist and the default was asked for).
    static QString serverAccount(const QString &runAs, QString *error);

private:
    bool run(const QString &program, const QStringList &args, QString *output, int timeoutMs) const;
    bool initdb(QString *error);
    bool writeConfig(QString *error);
    bool prepareDirectories(QString *error);
    bool ensureDatabase(QString *error);

    Options m_opt;
    QString m_binDir;
    QString m_account;  // empty when not root
    bool m_owner = false;
    bool m_initialized = false;
    qint64 m_startMs = 0;
    std::unique_ptr<QLockFile> m_lock;
};

}  // namespace eos
