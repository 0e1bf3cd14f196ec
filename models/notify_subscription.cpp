#include "notify_subscription.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace eos {

NotifySubscription::NotifySubscription(DbConnectionInfo info, QStringList channels, QObject *parent)
    : QObject(parent), m_info(std::move(info)), m_channels(std::move(channels)),
      m_name(QStringLiteral("listen-") + QUuid::createUuid().toString(QUuid::Id128).left(12))
{
}

NotifySubscription::~NotifySubscription() { drop(); }

void NotifySubscription::drop()
{
    m_listening = false;
    if (!QSqlDatabase::contains(m_name)) return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.driver()) db.driver()->disconnect(this);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
}

bool NotifySubscription::ensure(bool probe, QString *error)
{
    if (m_listening) {
        if (!probe) return true;
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        QSqlQuery q(db);
        if (db.isOpen() && q.exec(QStringLiteral("SELECT 1"))) return true;
        drop();  // the connection was lost: LISTEN again on a new one
    }
    QString err;
    QSqlDatabase db = m_info.open(m_name, &err);
    if (!db.isOpen()) {
        if (error) *error = err;
        drop();
        return false;
    }
    QSqlDriver *drv = db.driver();
    connect(drv, &QSqlDriver::notification, this,
            [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                if (m_channels.contains(name)) Q_EMIT notified(name, payload.toString());
            });
    for (const QString &channel : m_channels) {
        if (!drv->subscribeToNotification(channel)) {
            if (error) *error = QStringLiteral("LISTEN %1: %2").arg(channel, drv->lastError().text());
            drop();
            return false;
        }
    }
    m_listening = true;
    return true;
}

}  // namespace eos
