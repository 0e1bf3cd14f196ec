#include "stages/dispatch_sender.h"

#include "clients/jira_client.h"
#include "clients/slack_client.h"
#include "clients/smtp_client.h"
#include "clients/stackstorm_client.h"
#include "clients/webhook_client.h"
#include "core/logging.h"
#include "core/metrics.h"
#include "core/worker_thread.h"
#include "stages/dispatch_escalation.h"
#include "stages/outbox_claim.h"
#include "stages/outbox_request.h"
#include "stages/outbox_results.h"
#include "stages/route_sender.h"
#include "store/pg_binary_array.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

#include <algorithm>

namespace eos {
namespace {

auto log() { return Logging::get("dispatch"); }

QMutex &factoryMutex()
{
    static QMutex m;
    return m;
}

QHash<QString, DispatchSender::ClientFactory> &factories()
{
    static QHash<QString, DispatchSender::ClientFactory> f = [] {
        QHash<QString, DispatchSender::ClientFactory> h;
        h.insert(QStringLiteral("slack"), [](const DispatchRoute &, const Config &, const DispatchSender::Options &o, QObject *p) -> DispatchClient * {
            return new SlackClient(o.timeoutMs, p);
        });
        h.insert(QStringLiteral("webhook"), [](const DispatchRoute &, const Config &, const DispatchSender::Options &o, QObject *p) -> DispatchClient * {
            return new WebhookClient(o.timeoutMs, p);
        });
        h.insert(QStringLiteral("stackstorm"), [](const DispatchRoute &, const Config &, const DispatchSender::Options &o, QObject *p) -> DispatchClient * {
            return new StackStormClient(o.timeoutMs, p);
        });
        h.insert(QStringLiteral("email"), [](const DispatchRoute &r, const Config &c, const DispatchSender::Options &o, QObject *p) -> DispatchClient * {
            SmtpClient::Options so = SmtpClient::Options::fromConfig(c, o.timeoutMs);
            so.concurrency = r.concurrency;
            return new SmtpClient(so, EmailSettings::fromConfig(c, r.extra), r.id, p);
        });
        h.insert(QStringLiteral("jira"), [](const DispatchRoute &r, const Config &c, const DispatchSender::Options &o, QObject *p) -> DispatchClient * {
            JiraClient::Options jo;
            jo.baseUrl = QUrl(r.hookUrl.isEmpty() ? c.value(QStringLiteral("JIRA_URL")) : r.hookUrl);
            jo.user = r.extra.value(QStringLiteral("user")).toString(c.value(QStringLiteral("JIRA_USER")));
            jo.token = r.apiKey.isEmpty() ? c.value(QStringLiteral("JIRA_API_KEY")) : r.apiKey;
            jo.project = r.extra.value(QStringLiteral("project")).toString(c.value(QStringLiteral("JIRA_PROJECT_KEY")));
            jo.issueType = r.extra.value(QStringLiteral("issue_type")).toString(c.value(QStringLiteral("JIRA_ISSUE_TYPE")));
            const QJsonValue v = r.extra.value(QStringLiteral("api_version"));
            jo.apiVersion = v.isUndefined() ? c.intValue(QStringLiteral("JIRA_API_VERSION"), 2)
                                            : (v.isString() ? v.toString().toInt() : v.toInt());
            if (jo.apiVersion != 3) jo.apiVersion = 2;
            jo.timeoutMs = o.timeoutMs;
            return new JiraClient(jo, p);
        });
        return h;
    }();
    return f;
}


struct DbTimer {
    explicit DbTimer(std::atomic<qint64> &acc) : m_acc(acc) { m_t.start(); }
    ~DbTimer() { m_acc += m_t.nsecsElapsed() / 1000; }
    std::atomic<qint64> &m_acc;
    QElapsedTimer m_t;
};

}  // namespace

void DispatchSender::registerClientFactory(const QString &kind, ClientFactory factory)
{
    QMutexLocker lock(&factoryMutex());
    factories().insert(kind, std::move(factory));
}

DispatchSender::Options DispatchSender::optionsFrom(const Config &config)
{
    Options o;
    o.maxAttempts = std::clamp(config.intValue(QStringLiteral("EOS_DISPATCH_MAX_ATTEMPTS"), o.maxAttempts), 1, 1000);
    o.leaseSeconds = std::clamp(config.intValue(QStringLiteral("EOS_STAGE_LEASE_SECONDS"), o.leaseSeconds), 5, 86400);
    o.timeoutMs = std::clamp(config.intValue(QStringLiteral("EOS_DISPATCH_TIMEOUT_MS"), o.timeoutMs), 500, 600000);
    return o;
}

namespace {

QString randomTag() { return QString::number(QRandomGenerator::global()->generate(), 36); }

DispatchSender::Options withOwner(DispatchSender::Options o, const QString &tag)
{
    if (o.owner.isEmpty())
        o.owner = QStringLiteral("%1:%2:dispatch:%3").arg(QHostInfo::localHostName()).arg(QCoreApplication::applicationPid()).arg(tag);
    return o;
}

}  // namespace

DispatchSender::DispatchSender(DbConnectionInfo db, std::vector<DispatchRoute> routes, Config config, Options options, QObject *parent)
    : QObject(parent), m_info(std::move(db)), m_routes(std::move(routes)), m_config(std::move(config)),
      m_options(withOwner(std::move(options), randomTag())),
      m_results({m_options.owner, m_options.maxAttempts, m_options.baseBackoffMs, m_options.maxBackoffMs})
{
    m_connName = QStringLiteral("eos-dispatch-%1").arg(randomTag());
    m_listenName = m_connName + QStringLiteral("-listen");
}

DispatchSender::~DispatchSender()
{
    stopRouteSenders();
    m_prepared.clear();
    m_db = QSqlDatabase();
    if (QSqlDatabase::contains(m_connName)) QSqlDatabase::removeDatabase(m_connName);
    if (QSqlDatabase::contains(m_listenName)) QSqlDatabase::removeDatabase(m_listenName);
}

int DispatchSender::inFlight() const { return int(m_inFlightRows.size()); }

bool DispatchSender::ensureDb()
{
    if (m_db.isOpen() && m_db.lastError().type() != QSqlError::ConnectionError) return true;
    QString err;
    m_prepared.clear();  // prepared on the connection being replaced
    m_db = m_info.open(m_connName, &err);
    if (!m_db.isOpen()) {
        dbError(QStringLiteral("cannot reach the database"), err);
        return false;
    }
    return true;
}

void DispatchSender::dbError(const QString &what, const QString &error)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastErrorLogMs < 30000) {
        ++m_suppressedErrors;
        return;
    }
    log()->warn("outbox: {}: {}{}", s(what), s(error),
                m_suppressedErrors ? fmt::format(" ({} similar errors in the last 30 s)", m_suppressedErrors) : std::string());
    m_lastErrorLogMs = now;
    m_suppressedErrors = 0;
}

void DispatchSender::start()
{
    if (m_running) return;
    m_running = true;
    for (const DispatchRoute &r : m_routes) {
        RouteRt rt;
        rt.route = &r;
        ClientFactory f;
        {
            QMutexLocker lock(&factoryMutex());
            f = factories().value(r.kind);
        }
        if (f) {
            // answers come back to this thread; the route's requests run on its own
            rt.sender = new RouteSender(r.concurrency, [this, routeId = r.id](qint64 id, const DispatchResult &result) {
                QMetaObject::invokeMethod(this, [this, routeId, id, result] { answered(routeId, id, result); }, Qt::QueuedConnection);
            });
            rt.thread = std::make_unique<WorkerThread>(QStringLiteral("eos-send-%1").arg(r.id), rt.sender);
            rt.thread->start();
            RouteSender *sender = rt.sender;
            QMetaObject::invokeMethod(sender, [&, sender] { sender->setClient(f(r, m_config, m_options, sender)); },
                                      Qt::BlockingQueuedConnection);
            rt.hasClient = true;
        }
        m_rt[r.id] = std::move(rt);
    }
    m_poll = new QTimer(this);
    connect(m_poll, &QTimer::timeout, this, &DispatchSender::wake);
    m_poll->start(m_options.pollMs);
    m_flush = new QTimer(this);
    m_flush->setSingleShot(true);
    m_flush->setInterval(std::max(0, m_options.resultDelayMs));
    connect(m_flush, &QTimer::timeout, this, [this] {
        flushResults();
        wake();  // a recorded result frees its Jira key (and a retry may be due)
    });
    m_renew = new QTimer(this);
    connect(m_renew, &QTimer::timeout, this, &DispatchSender::renewLeases);
    m_renew->start(std::max(1000, m_options.leaseSeconds * 1000 / 3));
    ensureListening();
    QStringList names;
    for (const auto &r : m_routes) names << QStringLiteral("%1 (%2%3)").arg(r.id, r.kind, r.review ? QStringLiteral(", review") : QString());
    log()->info("outbox sender started: routes {}; max {} attempts, lease {} s, owner {}", s(names.join(QStringLiteral(", "))),
                m_options.maxAttempts, m_options.leaseSeconds, s(m_options.owner));
    wake();
}

void DispatchSender::stop(int graceMs)
{
    if (!m_running) return;
    m_running = false;
    if (m_poll) m_poll->stop();
    if (m_renew) m_renew->stop();
    if (m_flush) m_flush->stop();
    // requests handed to a route's sender but not started go back to the queue: given back as they were
    for (auto &[id, rt] : m_rt) {
        if (!rt.sender) continue;
        std::vector<qint64> back;
        RouteSender *sender = rt.sender;
        QMetaObject::invokeMethod(sender, [&back, sender] { back = sender->takeBack(); }, Qt::BlockingQueuedConnection);
        for (auto it = back.rbegin(); it != back.rend(); ++it) {
            auto f = m_inFlightRows.find(*it);
            if (f == m_inFlightRows.end()) continue;
            rt.queue.push_front(f->second.c);
            m_inFlightRows.erase(f);
            rt.inFlight = std::max(0, rt.inFlight - 1);
        }
    }
    // let sends under way finish, so their results are recorded rather than left unknown
    if (!m_inFlightRows.empty()) {
        QEventLoop loop;
        QTimer deadline;
        deadline.setSingleShot(true);
        connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
        connect(this, &DispatchSender::completed, &loop, [this, &loop] {
            if (m_inFlightRows.empty()) loop.quit();
        });
        deadline.start(graceMs);
        loop.exec();
    }
    flushResults();  // answers already in are recorded, never given back as unknown
    const std::vector<qint64> queued = queuedIds();
    if (!queued.empty() && ensureDb()) {
        // claimed but never sent: back to pending as they were
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("UPDATE dispatch_outbox SET state = 'pending', claimed_by = NULL, claimed_until = NULL "
                                 "WHERE claimed_by = ? AND state = 'sending' AND id = ANY(?::int8[])"));
        q.addBindValue(m_options.owner);
        q.addBindValue(PgBinaryArray::int8ArrayLiteral(queued));
        q.exec();
    }
    for (auto &[id, rt] : m_rt) rt.queue.clear();
    if (!m_inFlightRows.empty() && ensureDb()) {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("UPDATE dispatch_outbox SET state = 'pending', outcome_unknown = true, claimed_by = NULL, "
                                 "claimed_until = NULL, next_attempt_at = now() WHERE claimed_by = ? AND state = 'sending'"));
        q.addBindValue(m_options.owner);
        if (q.exec())
            log()->info("outbox: gave back {} send(s) still under way (marked outcome unknown)", q.numRowsAffected());
    }
    m_inFlightRows.clear();
    for (const auto &[id, rt] : m_rt)
        if (rt.claims)
            log()->info("outbox: route {}: {} claims took {} rows, {:.2f} ms each on average", s(id), rt.claims, rt.claimedRows,
                        double(rt.claimMicros) / 1000.0 / double(rt.claims));
    stopRouteSenders();
    log()->info("outbox sender stopped");
}

// The routes' threads end; an answer that comes in meanwhile (a send cut off) reaches no one: its row was
// given back above (outcome unknown).
void DispatchSender::stopRouteSenders()
{
    for (auto &[id, rt] : m_rt) {
        if (!rt.sender) continue;
        RouteSender *sender = rt.sender;
        QMetaObject::invokeMethod(sender, [sender] { sender->detach(); }, Qt::BlockingQueuedConnection);
        rt.thread.reset();  // quits, joins, and deletes the sender and its client on their thread
        rt.sender = nullptr;
        rt.hasClient = false;
        rt.inFlight = 0;
    }
}

void DispatchSender::answered(const QString &routeId, qint64 outboxId, const DispatchResult &result)
{
    auto it = m_inFlightRows.find(outboxId);
    if (it == m_inFlightRows.end()) return;  // given back meanwhile (stopping)
    const Claimed c = it->second.c;
    complete(routeId, c, result);
}

void DispatchSender::ensureListening()
{
    if (QSqlDatabase::contains(m_listenName) && QSqlDatabase::database(m_listenName, false).isOpen()) return;
    QString err;
    QSqlDatabase db = m_info.open(m_listenName, &err);
    if (!db.isOpen()) {
        dbError(QStringLiteral("cannot LISTEN"), err);
        return;
    }
    QSqlDriver *drv = db.driver();
    connect(drv, &QSqlDriver::notification, this, [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &) {
        if (name != QLatin1String("dispatch_outbox")) return;
        for (auto &[id, rt] : m_rt) rt.idleUntilMs = 0;  // new rows: every route may have work again
        wake();
    });
    if (!drv->subscribeToNotification(QStringLiteral("dispatch_outbox")))
        dbError(QStringLiteral("LISTEN dispatch_outbox failed"), drv->lastError().text());
}

void DispatchSender::wake()
{
    if (!m_running || m_wakePending) return;
    m_wakePending = true;
    QTimer::singleShot(0, this, [this] {
        m_wakePending = false;
        pump();
    });
}

void DispatchSender::pump()
{
    if (!m_running || m_pumping) return;
    m_pumping = true;
    ensureListening();
    if (!m_published && ensureDb()) {
        QString err;
        m_published = DispatchEscalation::publish(m_db, m_routes, m_options.owner, &err);
        if (!m_published) dbError(QStringLiteral("publishing the routes for escalations"), err);
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 nextWake = 0;
    // the route's sender gets up to twice its concurrency: what is under way plus the next ones, so an answer
    // starts the next request on the route's thread without waiting for this one
    auto sendQueued = [this](const QString &id, RouteRt &rt) {
        std::vector<DispatchRequest> ready;
        while (rt.inFlight < 2 * rt.route->concurrency && !rt.queue.empty()) {
            const Claimed c = rt.queue.front();
            rt.queue.pop_front();
            DispatchRequest req;
            ++rt.inFlight;
            m_inFlightRows[c.id] = InFlight{id, c};
            if (!buildRequest(rt, c, &req)) {
                DispatchResult r;
                r.kind = DispatchResult::Kind::Dead;
                r.error = QStringLiteral("the alert of this dispatch is gone or unreadable");
                complete(id, c, r);
                continue;
            }
            ready.push_back(std::move(req));
        }
        if (!ready.empty())
            QMetaObject::invokeMethod(rt.sender, [sender = rt.sender, ready = std::move(ready)]() mutable { sender->enqueue(std::move(ready)); },
                                      Qt::QueuedConnection);
    };
    for (auto &[id, rt] : m_rt)
        if (rt.hasClient) sendQueued(id, rt);
    if (m_pending.size() >= 64) flushResults();
    for (auto &[id, rt] : m_rt) {
        if (!rt.hasClient) {
            if (!rt.saidNoClient) {
                log()->warn("outbox: route {} has kind {}, which this build cannot send yet; its rows wait", s(id), s(rt.route->kind));
                rt.saidNoClient = true;
            }
            continue;
        }
        if (rt.pausedUntilMs > now) {
            nextWake = nextWake ? std::min(nextWake, rt.pausedUntilMs) : rt.pausedUntilMs;
            continue;
        }
        // claim ahead (fewer, larger claims: each is a transaction the sends wait for), then send as slots free up
        const int ahead = rt.route->concurrency * 8;
        if (int(rt.queue.size()) <= 2 * rt.route->concurrency && int(rt.queue.size()) + rt.inFlight < ahead &&
            rt.idleUntilMs <= now) {
            QElapsedTimer claimTime;
            claimTime.start();
            const std::vector<Claimed> got = claim(rt, ahead - int(rt.queue.size()) - rt.inFlight);
            ++rt.claims;
            rt.claimMicros += claimTime.nsecsElapsed() / 1000;
            rt.claimedRows += qint64(got.size());
            for (const Claimed &c : got) rt.queue.push_back(c);
            // nothing claimable (every Jira key has a send under way, a digest still filling, a rate slot not
            // yet due): not again at every answer of the other routes. A claim is a transaction (~10 ms with
            // a big outbox) on the thread that handles the answers, and an idle Slack digest route claimed
            // ~20 times a second in bench-dispatch, a third of the sender's time. New rows (NOTIFY
            // dispatch_outbox) end the pause at once; retries, leases and digest windows falling due are
            // found within the poll interval, as before.
            if (got.empty())
                rt.idleUntilMs = now + (rt.inFlight > 0 || !rt.queue.empty() ? 100 : std::min(500, m_options.pollMs));
        }
        sendQueued(id, rt);
        if (rt.pausedUntilMs > now) nextWake = nextWake ? std::min(nextWake, rt.pausedUntilMs) : rt.pausedUntilMs;
    }
    m_pumping = false;
    // a rate slot or a pause ends before the next poll: come back right then
    if (nextWake > now && nextWake - now < m_options.pollMs)
        QTimer::singleShot(int(nextWake - now) + 1, this, &DispatchSender::wake);
}

std::vector<DispatchSender::Claimed> DispatchSender::claim(RouteRt &rt, int want)
{
    if (!ensureDb()) return {};
    DbTimer timer(m_dbMicros);
    OutboxClaim claimer(m_db, {m_options.owner, m_options.leaseSeconds, m_options.digestMaxAlerts},
                        [this](const QString &sql) -> QSqlQuery & { return prepared(sql); });
    OutboxClaim::Result r = claimer.claim(*rt.route, want);
    if (r.pausedUntilMs) rt.pausedUntilMs = r.pausedUntilMs;
    if (!r.failedWhat.isEmpty()) {
        dbError(r.failedWhat, r.error);
        m_prepared.clear();  // prepared on a connection whose transaction failed
    }
    return std::move(r.rows);
}

// A statement prepared once per connection (QPSQL's prepare() is a PREPARE round trip, and a QSqlQuery that
// goes away DEALLOCATEs: two round trips saved per use). Cleared on any failure and on reconnection.
QSqlQuery &DispatchSender::prepared(const QString &sql)
{
    auto it = m_prepared.find(sql);
    if (it != m_prepared.end()) return *it->second;
    auto q = std::make_unique<QSqlQuery>(m_db);
    q->setForwardOnly(true);
    q->prepare(sql);  // a failure shows in exec()
    return *m_prepared.emplace(sql, std::move(q)).first->second;
}

bool DispatchSender::buildRequest(const RouteRt &rt, const Claimed &c, DispatchRequest *req)
{
    DbTimer timer(m_dbMicros);
    QString error;
    const bool ok = OutboxRequest::build(m_db, *rt.route, m_config, c, req, &error);
    if (!error.isEmpty()) dbError(QStringLiteral("reading the alert"), error);
    return ok;
}

void DispatchSender::complete(const QString &routeId, const Claimed &c, const DispatchResult &result)
{
    auto it = m_rt.find(routeId);
    if (it == m_rt.end()) return;
    RouteRt &rt = it->second;
    const bool wasInFlight = m_inFlightRows.erase(c.id) > 0;
    if (wasInFlight) rt.inFlight = std::max(0, rt.inFlight - 1);
    if (!m_running && !wasInFlight) return;
    const int wait = RouteSender::pauseMs(result);
    if (wait > 0) rt.pausedUntilMs = std::max(rt.pausedUntilMs, QDateTime::currentMSecsSinceEpoch() + wait);
    if (result.kind == DispatchResult::Kind::Throttled)
        log()->info("outbox: route {} throttled by the remote (429); pausing {} ms", s(routeId), wait);
    if (result.kind == DispatchResult::Kind::Hold) {
        // the route cannot make its messages (email: a template error): its rows wait, nothing broken goes out
        if (result.error != rt.heldFor) log()->warn("outbox: route {} holds its messages: {}", s(routeId), s(result.error));
        rt.heldFor = result.error;
    } else if (result.kind == DispatchResult::Kind::Sent) {
        if (!rt.heldFor.isEmpty()) log()->info("outbox: route {} sends again", s(routeId));
        rt.heldFor.clear();
    }
    // recorded within resultDelayMs together with whatever else came in meanwhile (stopping: at once)
    m_pending.push_back(Pending{routeId, c, result, {}, false});
    if (!m_running) {
        flushResults();
        return;
    }
    if (!m_flush->isActive()) m_flush->start();
    wake();
}

OutboxResults::Row DispatchSender::resultRow(const Pending &p) const
{
    const auto it = m_rt.find(p.routeId);
    OutboxResults::Row row;
    row.route = it == m_rt.end() ? nullptr : it->second.route;
    row.id = p.c.id;
    row.attempts = p.c.attempts;
    row.digest = p.c.digest;
    row.dedupKey = p.c.dedupKey;
    row.result = p.result;
    return row;
}

// The common case in one statement (OutboxResults::writeAtOnce); false: the batch needs writeResults().
bool DispatchSender::writeResultsAtOnce(std::vector<Pending> &batch)
{
    std::vector<OutboxResults::Row> rows;
    rows.reserve(batch.size());
    for (const Pending &p : batch) rows.push_back(resultRow(p));
    OutboxResults::Failure failure;
    if (!m_results.writeAtOnce(rows, [this](const QString &sql) -> QSqlQuery & { return prepared(sql); }, &failure)) {
        if (!failure.what.isEmpty()) {
            dbError(failure.what, failure.error);
            m_prepared.clear();
        }
        return false;
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i].state = rows[i].state;
    return true;
}

// The results in one transaction (one commit for all of them). False: nothing was recorded.
bool DispatchSender::writeResults(std::vector<Pending> &batch)
{
    if (!ensureDb()) return false;
    DbTimer timer(m_dbMicros);
    std::vector<OutboxResults::Row> rows;
    rows.reserve(batch.size());
    for (const Pending &p : batch) rows.push_back(resultRow(p));
    OutboxResults::Failure failure;
    if (!m_results.writeInTransaction(m_db, rows, &failure)) {
        dbError(failure.what, failure.error);
        return false;
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i].state = rows[i].state;
    return true;
}

void DispatchSender::flushResults()
{
    if (m_pending.empty()) return;
    std::vector<Pending> batch;
    batch.swap(m_pending);
    bool atOnce = false;
    if (ensureDb()) {
        DbTimer timer(m_dbMicros);
        atOnce = writeResultsAtOnce(batch);
    }
    if (atOnce) {
        for (Pending &p : batch) p.written = true;
    } else if (writeResults(batch)) {
        for (Pending &p : batch) p.written = true;
    } else {
        // one by one, each up to three times on a fresh connection; what still fails is left to its lease
        // (the row comes back with outcome_unknown)
        m_prepared.clear();
        m_db = QSqlDatabase();
        for (Pending &p : batch) {
            std::vector<Pending> one{p};
            for (int attempt = 0; attempt < 3 && !p.written; ++attempt) {
                p.written = writeResults(one);
                if (!p.written) {
                    m_prepared.clear();
                    m_db = QSqlDatabase();
                }
            }
            p.state = one.front().state;
        }
    }
    auto &m = Metrics::instance().stage(QStringLiteral("outbox"));
    for (const Pending &p : batch) {
        if (!p.written) continue;
        if (p.state == QLatin1String("sent")) ++m.processed;
        else if (p.state == QLatin1String("dead")) ++m.failed;
        else ++m.retried;
        if (p.state == QLatin1String("dead"))
            log()->warn("outbox: dispatch {} on route {} is dead: {}", p.c.id, s(p.routeId), s(p.result.error));
        Q_EMIT completed(p.routeId, p.c.id, p.state);
    }
}

std::vector<qint64> DispatchSender::queuedIds() const
{
    std::vector<qint64> ids;
    for (const auto &[id, rt] : m_rt)
        for (const Claimed &c : rt.queue) ids.push_back(c.id);
    return ids;
}

void DispatchSender::renewLeases()
{
    std::vector<qint64> ids = queuedIds();
    for (const auto &[id, route] : m_inFlightRows) ids.push_back(id);
    for (const Pending &p : m_pending) ids.push_back(p.c.id);
    if (ids.empty() || !ensureDb()) return;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE dispatch_outbox SET claimed_until = now() + make_interval(secs => %1) "
                             "WHERE id = ANY(?::int8[]) AND claimed_by = ? AND state = 'sending'")
                  .arg(m_options.leaseSeconds));
    q.addBindValue(PgBinaryArray::int8ArrayLiteral(ids));
    q.addBindValue(m_options.owner);
    if (!q.exec()) dbError(QStringLiteral("renewing leases"), q.lastError().text());
}

}  // namespace eos
