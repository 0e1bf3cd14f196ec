// RouteSender: one dispatch route's requests, on a thread of its own. The outbox sender (DispatchSender)
// claims rows, builds their requests and records the answers on its thread, in transactions that take
// milliseconds; each route's HTTP runs here, so an answer starts the route's next request at once instead
// of waiting behind another route's claim or the sender's result writes (bench-dispatch: with Jira and a
// webhook on one thread, the webhook reached 84 % of what its concurrency allows).
//
// It keeps up to `concurrency` requests under way and starts the next queued one as soon as an answer is
// in. After a 429 (Throttled) or a Hold it starts nothing more until the pause ends, so the requests the
// sender handed over ahead do not run into the same refusal. Every answer goes to onAnswer, on this
// thread (the sender posts it to its own). takeBack() returns the requests not started (the sender gives
// their rows back when it stops); detach() drops onAnswer before the route's thread ends, so answers of
// requests cut off by the shutdown reach no one.
#pragma once

#include "clients/dispatch_client.h"

#include <QObject>

#include <deque>
#include <functional>
#include <vector>

class QTimer;

namespace eos {

class RouteSender : public QObject {
    Q_OBJECT
public:
    using Answer = std::function<void(qint64 outboxId, const DispatchResult &)>;
    RouteSender(int concurrency, Answer onAnswer, QObject *parent = nullptr);

    // All on this object's thread.
    void setClient(DispatchClient *client);  // parented to this object
    DispatchClient *client() const { return m_client; }
    void enqueue(std::vector<DispatchRequest> requests);
    std::vector<qint64> takeBack();
    void detach() { m_onAnswer = nullptr; }
    int underWay() const { return m_underWay; }
    int waiting() const { return int(m_queue.size()); }
    bool paused() const;
    // How long a route pauses after this answer: a 429 its Retry-After (1 s without one), a Hold at least
    // 1 s; 0 for any other answer. The outbox sender records the same pause for its claims.
    static int pauseMs(const DispatchResult &result);

private:
    void startMore();
    void answered(qint64 outboxId, const DispatchResult &result);

    int m_concurrency;
    Answer m_onAnswer;
    DispatchClient *m_client = nullptr;
    std::deque<DispatchRequest> m_queue;
    int m_underWay = 0;
    bool m_starting = false;
    qint64 m_pausedUntilMs = 0;
    QTimer *m_resume = nullptr;
};

}  // namespace eos
