// Folds the alert count deltas into alert_rollup (0013_alert_rollup.sql) every few seconds, on a thread
// of the pipeline, so readers sum few delta rows. Several daemons on one database may all run it: one
// folds at a time (an advisory lock), the others skip that turn.
#pragma once

#include "store/db_connection_info.h"

#include <QObject>
#include <QTimer>

namespace eos {

class RollupFolder : public QObject {
    Q_OBJECT
public:
    explicit RollupFolder(DbConnectionInfo db, int intervalMs = 2000, QObject *parent = nullptr);
    ~RollupFolder() override;

public Q_SLOTS:
    void start();  // call on the worker's thread (queued)
    void runOnce();

Q_SIGNALS:
    void folded(qint64 keys);  // after each turn that folded (keys moved; 0 when there was nothing)

private:
    DbConnectionInfo m_db;
    int m_intervalMs;
    QTimer *m_timer = nullptr;
    bool m_warned = false;
};

}  // namespace eos
