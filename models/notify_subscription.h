// LISTEN on PostgreSQL notification channels from a worker thread, on a connection of its own (the
// payload is only a wake-up: consumers catch up from the database). Create it on the thread that will
// own it — e.g. inside a DbWorker job, parented to DbWorker::worker() — so its connection is opened, used
// and closed there; ensure() reopens the connection after it was lost (call it from a periodic poll).
#pragma once

#include "store/db_connection_info.h"

#include <QObject>
#include <QStringList>

namespace eos {

class NotifySubscription : public QObject {
    Q_OBJECT
public:
    NotifySubscription(DbConnectionInfo info, QStringList channels, QObject *parent = nullptr);
    ~NotifySubscription() override;  // closes the connection (on the owning thread)

    // Opens the connection and LISTENs when it is not listening yet; with probe, also checks that a
    // listening connection is still alive (one round trip) and reconnects when it is not. False with
    // *error when the database cannot be reached or LISTEN failed.
    bool ensure(bool probe = false, QString *error = nullptr);
    bool isListening() const { return m_listening; }
    QString connectionName() const { return m_name; }

Q_SIGNALS:
    void notified(const QString &channel, const QString &payload);

private:
    void drop();

    DbConnectionInfo m_info;
    QStringList m_channels;
    QString m_name;
    bool m_listening = false;
};

}  // namespace eos
