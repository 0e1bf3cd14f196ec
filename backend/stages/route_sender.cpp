#include "stages/route_sender.h"

#include <QDateTime>
#include <QPointer>
#include <QTimer>

#include <algorithm>

namespace eos {

RouteSender::RouteSender(int concurrency, Answer onAnswer, QObject *parent)
    : QObject(parent), m_concurrency(std::max(1, concurrency)), m_onAnswer(std::move(onAnswer))
{
    m_resume = new QTimer(this);
    m_resume->setSingleShot(true);
    m_resume->setTimerType(Qt::PreciseTimer);
    connect(m_resume, &QTimer::timeout, this, &RouteSender::startMore);
}

void RouteSender::setClient(DispatchClient *client)
{
    m_client = client;
    if (m_client) m_client->setParent(this);
}

void RouteSender::enqueue(std::vector<DispatchRequest> requests)
{
    for (DispatchRequest &r : requests) m_queue.push_back(std::move(r));
    startMore();
}

std::vector<qint64> RouteSender::takeBack()
{
    std::vector<qint64> ids;
    ids.reserve(m_queue.size());
    for (const DispatchRequest &r : m_queue) ids.push_back(r.outboxId);
    m_queue.clear();
    return ids;
}

int RouteSender::pauseMs(const DispatchResult &result)
{
    switch (result.kind) {
    case DispatchResult::Kind::Throttled: return result.retryAfterMs >= 0 ? result.retryAfterMs : 1000;
    case DispatchResult::Kind::Hold: return std::max(result.retryAfterMs, 1000);
    default: return 0;
    }
}

bool RouteSender::paused() const { return m_pausedUntilMs > QDateTime::currentMSecsSinceEpoch(); }

void RouteSender::startMore()
{
    if (!m_client || m_starting) return;
    m_starting = true;
    while (m_underWay < m_concurrency && !m_queue.empty() && !paused()) {
        DispatchRequest req = std::move(m_queue.front());
        m_queue.pop_front();
        ++m_underWay;
        const qint64 id = req.outboxId;
        // done may run synchronously (a request the client refuses at once) or after this object is gone
        // (its client's replies are aborted while it is destroyed): only a live receiver counts it
        QPointer<RouteSender> self(this);
        m_client->send(req, [self, id](DispatchResult r) {
            if (self) self->answered(id, r);
        });
    }
    m_starting = false;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!m_queue.empty() && m_pausedUntilMs > now && !m_resume->isActive()) m_resume->start(int(m_pausedUntilMs - now) + 1);
}

void RouteSender::answered(qint64 outboxId, const DispatchResult &result)
{
    m_underWay = std::max(0, m_underWay - 1);
    if (const int wait = pauseMs(result); wait > 0)  // nothing more starts before it ends
        m_pausedUntilMs = std::max(m_pausedUntilMs, QDateTime::currentMSecsSinceEpoch() + wait);
    if (m_onAnswer) m_onAnswer(outboxId, result);
    // the next request at once (from a client that answered synchronously, inside startMore's loop, the
    // loop itself goes on)
    startMore();
}

}  // namespace eos
