#include "response_listener.h"

#include "db_worker.h"
#include "notify_subscription.h"

#include <QPointer>

#include <algorithm>
#include <utility>

namespace eos {

struct ResponseListener::Shared {
    QPointer<NotifySubscription> sub;  // lives on the worker thread
};

ResponseListener::ResponseListener(DbConnectionInfo db, QObject *parent)
    : QObject(parent), m_info(std::move(db)), m_shared(std::make_shared<Shared>())
{
    m_coalesce.setSingleShot(true);
    connect(&m_coalesce, &QTimer::timeout, this, &ResponseListener::emitArrived);
    connect(&m_probe, &QTimer::timeout, this, &ResponseListener::probe);
}

ResponseListener::~ResponseListener()
{
    m_worker.reset();  // joins the thread; the subscription (its child) closes its connection there
}

void ResponseListener::start(int coalesceMs, int probeMs)
{
    m_coalesce.setInterval(std::max(0, coalesceMs));
    m_probe.start(std::max(1000, probeMs));
    m_active = true;
    if (!m_worker) m_worker = std::make_unique<DbWorker>(m_info, QStringLiteral("eos-responses"));
    QObject *host = m_worker->worker();
    ResponseListener *self = this;  // outlives the worker thread (joined in our destructor)
    m_worker->post([host, self, info = m_info, shared = m_shared](QSqlDatabase &) {
        if (!shared->sub) {
            auto *sub = new NotifySubscription(info, {QStringLiteral("new_response")}, host);
            shared->sub = sub;
            QObject::connect(sub, &NotifySubscription::notified, self,
                             [self](const QString &, const QString &payload) { self->arrived(payload); }, Qt::QueuedConnection);
        }
        const bool listening = shared->sub->ensure();
        QMetaObject::invokeMethod(self, [self, listening] {
            if (self->m_listening == listening) return;
            self->m_listening = listening;
            Q_EMIT self->listeningChanged(listening);
        }, Qt::QueuedConnection);
    });
}

void ResponseListener::stop()
{
    m_active = false;
    m_probe.stop();
    m_coalesce.stop();
    m_ids.clear();
}

void ResponseListener::probe()
{
    if (!m_worker) return;
    ResponseListener *self = this;
    m_worker->post([self, shared = m_shared](QSqlDatabase &) {
        const bool listening = shared->sub && shared->sub->ensure(true);
        QMetaObject::invokeMethod(self, [self, listening] {
            if (self->m_listening == listening) return;
            self->m_listening = listening;
            Q_EMIT self->listeningChanged(listening);
        }, Qt::QueuedConnection);
    });
}

void ResponseListener::arrived(const QString &payload)
{
    if (!m_active) return;
    bool ok = false;
    const qint64 id = payload.trimmed().toLongLong(&ok);
    const qint64 key = ok && id > 0 ? id : kAnyAlert;
    if (!m_ids.contains(key)) m_ids << key;
    if (!m_coalesce.isActive()) m_coalesce.start();
}

void ResponseListener::emitArrived()
{
    if (m_ids.isEmpty() || !m_active) return;
    const QList<qint64> ids = std::exchange(m_ids, {});
    Q_EMIT responsesArrived(ids);
}

}  // namespace eos
