// RouteSender: one route's requests with at most `concurrency` under way, the next one started the moment an
// answer is in, nothing started during a 429's or a Hold's pause, takeBack() of what has not started,
// detach(), clients that answer synchronously, and a sender destroyed with requests under way. The client
// here is a scripted DispatchClient that keeps each request's `done` so the test answers when it chooses
// (the real clients and their HTTP are tested in tests/clients and through DispatchSender).
#include "stages/route_sender.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

using eos::DispatchClient;
using eos::DispatchRequest;
using eos::DispatchResult;
using eos::RouteSender;

namespace {

class ScriptedClient : public DispatchClient {
public:
    struct Started {
        qint64 id;
        qint64 atMs;
    };
    explicit ScriptedClient(std::shared_ptr<QElapsedTimer> clock, bool answerAtOnce = false, int *destroyed = nullptr)
        : m_clock(std::move(clock)), m_atOnce(answerAtOnce), m_destroyed(destroyed)
    {
    }
    ~ScriptedClient() override
    {
        // like a client whose replies are aborted while it is destroyed: every open request is answered
        for (auto &[id, done] : open) {
            DispatchResult r;
            r.kind = DispatchResult::Kind::Retry;
            r.error = QStringLiteral("aborted");
            done(r);
        }
        if (m_destroyed) ++*m_destroyed;
    }
    QString kind() const override { return QStringLiteral("scripted"); }
    void send(const DispatchRequest &request, std::function<void(DispatchResult)> done) override
    {
        started.push_back({request.outboxId, m_clock->elapsed()});
        if (m_atOnce) {
            DispatchResult r;
            r.kind = DispatchResult::Kind::Sent;
            done(r);
            return;
        }
        open.emplace(request.outboxId, std::move(done));
    }
    void answer(qint64 id, DispatchResult::Kind kind = DispatchResult::Kind::Sent, int retryAfterMs = -1)
    {
        auto it = open.find(id);
        QVERIFY2(it != open.end(), qPrintable(QStringLiteral("request %1 is not under way").arg(id)));
        auto done = std::move(it->second);
        open.erase(it);
        DispatchResult r;
        r.kind = kind;
        r.retryAfterMs = retryAfterMs;
        done(r);
    }
    std::vector<Started> started;
    std::map<qint64, std::function<void(DispatchResult)>> open;

private:
    std::shared_ptr<QElapsedTimer> m_clock;
    bool m_atOnce;
    int *m_destroyed;
};

std::vector<DispatchRequest> requests(qint64 from, qint64 to)
{
    std::vector<DispatchRequest> out;
    for (qint64 id = from; id <= to; ++id) {
        DispatchRequest r;
        r.outboxId = id;
        r.routeId = QStringLiteral("hook");
        out.push_back(r);
    }
    return out;
}

struct Answers {
    std::vector<std::pair<qint64, DispatchResult::Kind>> got;
    RouteSender::Answer callback()
    {
        return [this](qint64 id, const DispatchResult &r) { got.emplace_back(id, r.kind); };
    }
};

// a route's sender with a scripted client, and what reached its onAnswer
struct Rig {
    Answers answers;
    RouteSender sender;
    ScriptedClient *client;
    Rig(int concurrency, std::shared_ptr<QElapsedTimer> clock, bool answerAtOnce = false)
        : sender(concurrency, answers.callback()), client(new ScriptedClient(std::move(clock), answerAtOnce))
    {
        sender.setClient(client);
    }
};

}  // namespace

class TestRouteSender : public QObject {
    Q_OBJECT
    std::shared_ptr<QElapsedTimer> m_clock = std::make_shared<QElapsedTimer>();

private Q_SLOTS:
    void init() { m_clock->start(); }

    void keepsConcurrencyAndStartsTheNextAtOnce()
    {
        Rig rig(3, m_clock);
        auto &[answers, sender, client] = rig;
        QCOMPARE(client->parent(), &sender);
        sender.enqueue(requests(1, 10));
        QCOMPARE(sender.underWay(), 3);
        QCOMPARE(sender.waiting(), 7);
        QCOMPARE(client->started.size(), size_t(3));
        QCOMPARE(client->started[0].id, 1);
        QCOMPARE(client->started[2].id, 3);
        // an answer starts the next request in the same call, in order
        client->answer(2);
        QCOMPARE(answers.got.size(), size_t(1));
        QCOMPARE(answers.got[0].first, 2);
        QCOMPARE(client->started.size(), size_t(4));
        QCOMPARE(client->started[3].id, 4);
        QCOMPARE(sender.underWay(), 3);
        // more arriving while the slots are full wait
        sender.enqueue(requests(11, 12));
        QCOMPARE(sender.waiting(), 8);
        // drain: every request answered exactly once, never more than three at once
        while (!client->open.empty()) {
            QVERIFY(client->open.size() <= 3);
            client->answer(client->open.begin()->first);
        }
        QCOMPARE(answers.got.size(), size_t(12));
        std::vector<qint64> ids;
        for (const auto &[id, kind] : answers.got) ids.push_back(id);
        std::sort(ids.begin(), ids.end());
        for (qint64 i = 0; i < 12; ++i) QCOMPARE(ids[size_t(i)], i + 1);
        QCOMPARE(sender.underWay(), 0);
        QCOMPARE(sender.waiting(), 0);
    }

    void pausesAfterA429UntilRetryAfter()
    {
        Rig rig(2, m_clock);
        auto &[answers, sender, client] = rig;
        sender.enqueue(requests(1, 5));
        QCOMPARE(sender.underWay(), 2);
        const qint64 throttledAt = m_clock->elapsed();
        client->answer(1, DispatchResult::Kind::Throttled, 300);
        QCOMPARE(answers.got.back().second, DispatchResult::Kind::Throttled);
        QVERIFY(sender.paused());
        // nothing starts during the pause, not even when another answer frees a slot
        client->answer(2);
        QCOMPARE(client->started.size(), size_t(2));
        QCOMPARE(sender.underWay(), 0);
        QCOMPARE(sender.waiting(), 3);
        // then the waiting ones go out, not before Retry-After
        QTRY_COMPARE_WITH_TIMEOUT(client->started.size(), size_t(4), 10000);
        QVERIFY2(client->started[2].atMs - throttledAt >= 299,
                 qPrintable(QStringLiteral("started %1 ms after the 429").arg(client->started[2].atMs - throttledAt)));
        QVERIFY(!sender.paused());
    }

    void aHoldPausesAtLeastOneSecond()
    {
        Rig rig(1, m_clock);
        auto &[answers, sender, client] = rig;
        sender.enqueue(requests(1, 2));
        const qint64 heldAt = m_clock->elapsed();
        client->answer(1, DispatchResult::Kind::Hold, 10);  // a Hold waits at least 1 s, whatever it asks
        QCOMPARE(client->started.size(), size_t(1));
        QTRY_COMPARE_WITH_TIMEOUT(client->started.size(), size_t(2), 10000);
        QVERIFY2(client->started[1].atMs - heldAt >= 999, qPrintable(QString::number(client->started[1].atMs - heldAt)));
    }

    void takeBackReturnsWhatHasNotStarted()
    {
        Rig rig(2, m_clock);
        auto &[answers, sender, client] = rig;
        sender.enqueue(requests(1, 6));
        const std::vector<qint64> back = sender.takeBack();
        QCOMPARE(back, (std::vector<qint64>{3, 4, 5, 6}));
        QCOMPARE(sender.waiting(), 0);
        // the two under way still answer; nothing taken back starts
        client->answer(1);
        client->answer(2);
        QCOMPARE(client->started.size(), size_t(2));
        QCOMPARE(answers.got.size(), size_t(2));
    }

    void detachedAnswersReachNoOne()
    {
        Rig rig(1, m_clock);
        auto &[answers, sender, client] = rig;
        sender.enqueue(requests(1, 2));
        sender.detach();
        client->answer(1);
        QVERIFY(answers.got.empty());
        QCOMPARE(client->started.size(), size_t(2));  // the route still works off what it holds
    }

    void synchronousClientsDrainWithoutRecursion()
    {
        Rig rig(2, m_clock, true);
        auto &[answers, sender, client] = rig;
        sender.enqueue(requests(1, 500));
        QCOMPARE(answers.got.size(), size_t(500));
        QCOMPARE(client->started.size(), size_t(500));
        QCOMPARE(sender.underWay(), 0);
        QCOMPARE(answers.got.front().first, 1);
        QCOMPARE(answers.got.back().first, 500);
    }

    void destroyedWithRequestsUnderWay()
    {
        Answers answers;
        int destroyed = 0;
        {
            RouteSender sender(3, answers.callback());
            sender.setClient(new ScriptedClient(m_clock, false, &destroyed));
            sender.enqueue(requests(1, 5));
            QCOMPARE(sender.underWay(), 3);
        }
        // the client went with its sender; its aborted requests' answers reached no one
        QCOMPARE(destroyed, 1);
        QVERIFY(answers.got.empty());
    }

    void noClientSendsNothing()
    {
        Answers answers;
        RouteSender sender(2, answers.callback());
        sender.enqueue(requests(1, 3));
        QCOMPARE(sender.underWay(), 0);
        QCOMPARE(sender.waiting(), 3);
        auto *client = new ScriptedClient(m_clock);
        sender.setClient(client);
        sender.enqueue({});
        QCOMPARE(client->started.size(), size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestRouteSender)
#include "test_route_sender.moc"
