// Tells the console when LLM answers were stored: LISTEN new_response on a connection of its own, on a
// worker thread (no SQL on the GUI thread), delivered on the owner's thread, coalesced. The LLM stage
// notifies once per committed batch with the batch's highest alert id as the payload; a regeneration from
// the AI Summaries view notifies with its alert's id. The subscription is probed periodically and made
// again after a lost connection. Used by the Live Alerts model to refresh its Risk column.
#pragma once

#include "store/db_connection_info.h"

#include <QList>
#include <QObject>
#include <QTimer>

#include <limits>
#include <memory>

namespace eos {

class DbWorker;

class ResponseListener : public QObject {
    Q_OBJECT
public:
    // A payload that is not an alert id (older writers, a bare NOTIFY) stands for "any alert".
    static constexpr qint64 kAnyAlert = std::numeric_limits<qint64>::max();

    explicit ResponseListener(DbConnectionInfo db, QObject *parent = nullptr);
    ~ResponseListener() override;

    // Starts listening (again after stop()). Notifications within coalesceMs come as one signal.
    void start(int coalesceMs = 250, int probeMs = 15000);
    void stop();
    bool isListening() const { return m_listening; }

Q_SIGNALS:
    // The payloads' alert ids since the last signal, in arrival order, without repeats.
    void responsesArrived(const QList<qint64> &alertIds);
    void listeningChanged(bool listening);

private:
    void arrived(const QString &payload);
    void emitArrived();
    void probe();

    struct Shared;
    DbConnectionInfo m_info;
    std::shared_ptr<Shared> m_shared;
    std::unique_ptr<DbWorker> m_worker;
    QTimer m_coalesce;
    QTimer m_probe;
    QList<qint64> m_ids;
    bool m_active = false;
    bool m_listening = false;
};

}  // namespace eos
