#include "ingest/ingest_writer.h"

#include "ingest/alert_parser.h"
#include "ingest/inbox_mover.h"
#include "store/alert_store.h"
#include "core/logging.h"
#include "core/metrics.h"
#include "core/worker_thread.h"
#include "ingest/spool.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QMetaObject>
#include <QRandomGenerator>
#include <QTimer>
#include <QUuid>

#include <deque>

#include <libpq-fe.h>
#include <malloc.h>

namespace eos {
namespace {
auto log() { return Logging::get("ingest"); }
constexpr int kDrainChunk = 2000;
constexpr int kDrainBudgetMs = 200;
constexpr int kMaxBackoffMs = 10000;
constexpr size_t kFastLaneAlerts = 4;           // submissions this small go ahead of bulk ones
constexpr qint64 kPerAlertOverhead = 512;       // AlertRecord's QStrings beside the canonical JSON
constexpr qint64 kTrimAfterBytes = 16LL << 20;  // hand memory back once a burst this big drained
constexpr qint64 kLogIntervalMs = 10000;

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }
}  // namespace

qint64 IngestWriter::sizeOf(const std::vector<AlertRecord> &alerts)
{
    qint64 n = 0;
    for (const auto &a : alerts) n += a.canonicalJson.size() + kPerAlertOverhead;
    return n;
}

IngestWriter::Options IngestWriter::optionsFrom(const Config &config, const QString &dataDir)
{
    Options o;
    o.batchSize = std::max(1, config.intValue(QStringLiteral("EOS_BATCH_SIZE"), o.batchSize));
    o.batchMs = std::max(0, config.intValue(QStringLiteral("EOS_BATCH_MS"), o.batchMs));
    o.connections = std::clamp(config.intValue(QStringLiteral("EOS_INGEST_CONNECTIONS"), o.connections), 1, 16);
    o.spoolDir = QDir(dataDir).filePath(QStringLiteral("spool"));
    o.spoolMaxBytes = qint64(std::max(0, config.intValue(QStringLiteral("EOS_SPOOL_MAX_MB"), 1024))) << 20;
    o.queueMax = std::max(1, config.intValue(QStringLiteral("EOS_INGEST_QUEUE_MAX"), int(o.queueMax)));
    // bytes: ~640 bytes an alert on average (the samples), at least 16 MiB
    o.queueMaxBytes = std::max<qint64>(16LL << 20, o.queueMax * 640);
    o.inboxMaxAlerts = std::clamp(config.intValue(QStringLiteral("EOS_INGEST_INBOX_MAX"), 32), 0, 1000);
    return o;
}

IngestWriter::IngestWriter(DbConnectionInfo db, Options options, QObject *parent)
    : QObject(parent), m_db(std::move(db)), m_opt(std::move(options)),
      m_connName(QStringLiteral("eos-ingest-") + QUuid::createUuid().toString(QUuid::Id128))
{
}

IngestWriter::~IngestWriter()
{
    m_conn = QSqlDatabase();
    m_extra.clear();
    if (QSqlDatabase::contains(m_connName)) QSqlDatabase::removeDatabase(m_connName);
    for (int i = 1; i < m_opt.connections; ++i) {
        const QString name = m_connName + QStringLiteral("-%1").arg(i);
        if (QSqlDatabase::contains(name)) QSqlDatabase::removeDatabase(name);
    }
}

qint64 IngestWriter::queued() const
{
    std::lock_guard lock(m_mutex);
    return m_queuedAlerts;
}

void IngestWriter::submit(std::vector<AlertRecord> alerts, Done done)
{
    const qint64 bytes = sizeOf(alerts);
    const auto n = qint64(alerts.size());
    const bool fast = alerts.size() <= kFastLaneAlerts;
    bool wake = false, refused = false, stopped = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopped) {
            stopped = true;
        } else {
            // the bound, with a little room kept for single alerts so a bulk flood cannot starve them;
            // one submission bigger than the bound still goes when the queue is empty
            const qint64 roomAlerts = m_opt.queueMax + (fast ? std::max<qint64>(100, m_opt.queueMax / 100) : 0);
            const qint64 roomBytes = m_opt.queueMaxBytes + (fast ? (1LL << 20) : 0);
            refused = m_queuedAlerts > 0 && (m_queuedAlerts + n > roomAlerts || m_queuedBytes + bytes > roomBytes);
            if (!refused) {
                if (m_queuedAlerts == 0) m_oldestQueued.start();
                m_queuedAlerts += n;
                m_queuedBytes += bytes;
                m_peakBytes = std::max(m_peakBytes, m_queuedBytes);
                (fast ? m_fast : m_queue).push_back({std::move(alerts), std::move(done), bytes});
                if (!m_wakePending) wake = m_wakePending = true;
            }
        }
    }
    if (stopped || refused) {
        IngestResult r;
        if (stopped) {
            r.error = QStringLiteral("the ingest stage is shutting down");
        } else {
            r.overloaded = true;
            r.error = QStringLiteral("the ingest queue is full (EOS_INGEST_QUEUE_MAX=%1 alerts, %2 MiB)")
                          .arg(m_opt.queueMax)
                          .arg(m_opt.queueMaxBytes >> 20);
            Metrics::instance().addRejected(QStringLiteral("overloaded"), std::uint64_t(n));
            qint64 held = 0;
            bool logIt;
            {
                std::lock_guard lock(m_overloadLogMutex);
                logIt = m_overloadLog.allow(nowMs(), kLogIntervalMs, &held);
            }
            if (logIt)
                log()->warn("{}; refusing new alerts until it drains{}", s(r.error),
                            held ? fmt::format(" ({} more refusals since the last message)", held) : std::string());
        }
        if (done) done(r);
        return;
    }
    if (wake) QMetaObject::invokeMethod(this, &IngestWriter::onWake, Qt::QueuedConnection);
}

void IngestWriter::start()
{
    m_drainTimer = new QTimer(this);
    m_drainTimer->setSingleShot(true);
    connect(m_drainTimer, &QTimer::timeout, this, &IngestWriter::drainSpool);

    if (!m_opt.spoolDir.isEmpty()) {
        m_spool = std::make_unique<Spool>(m_opt.spoolDir, m_opt.spoolMaxBytes);
        if (!m_spool->open(&m_spoolError)) {
            log()->error("spool unavailable: {}", s(m_spoolError));
            m_spool.reset();
        }
    }
    ensureConnection();
    if (m_schemaReady) startMover();
    updateSpoolMetrics();
    if (m_spool && !m_spool->isEmpty()) drainSpool();  // what an earlier run accepted goes first
    log()->info("ingest ready (group commit, batches of up to {} alerts, {} ms cap under load; queue bound {} alerts; spool {})",
                m_opt.batchSize, m_opt.batchMs, m_opt.queueMax, s(m_spool ? m_spool->directory() : QStringLiteral("off")));
}

void IngestWriter::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopped = true;
    }
    if (m_drainTimer) m_drainTimer->stop();
    flush();
    if (m_mover) {
        // what this writer put in the inbox goes into alerts before the end (what cannot, stays for the next start)
        QMetaObject::invokeMethod(m_mover, &InboxMover::stop, Qt::BlockingQueuedConnection);
        m_moverThread.reset();  // quits and joins; deletes the mover
        m_mover = nullptr;
    }
    if (m_conn.isOpen()) m_conn.close();
    for (auto &c : m_extra)
        if (c.isOpen()) c.close();
    log()->info("ingest stopped{}", m_spool && !m_spool->isEmpty()
                                        ? fmt::format(" ({} alerts stay in the spool for the next start)", m_spool->depth())
                                        : std::string());
}

void IngestWriter::onWake()
{
    {
        std::lock_guard lock(m_mutex);
        m_wakePending = false;
        if (m_queue.empty() && m_fast.empty()) return;
    }
    flush();  // group commit: nothing is in flight now (flush returns only when all is done), so go at once
}

void IngestWriter::startMover()
{
    if (m_mover || m_opt.inboxMaxAlerts <= 0) return;
    InboxMover::Options o;
    o.batchSize = m_opt.batchSize;
    o.entry = m_opt.entry;
    m_mover = new InboxMover(m_db, o);
    connect(m_mover, &InboxMover::moved, this, &IngestWriter::committed, Qt::QueuedConnection);
    m_moverThread = std::make_unique<WorkerThread>(QStringLiteral("eos-inbox"), m_mover);
    m_moverThread->start();
    QMetaObject::invokeMethod(m_mover, &InboxMover::start, Qt::QueuedConnection);
}

// One batch on its way through one connection.
struct IngestWriter::InFlight {
    std::vector<Pending> batch;
    std::vector<const AlertRecord *> all;
    QSet<QString> hashes;
    std::vector<qint64> ids;
    int conn = 0;
    bool sent = false;  // the INSERT is running
    bool inbox = false; // into alert_inbox (acknowledged there, moved by the InboxMover)
    AlertStore::Outcome out;
    QElapsedTimer timer;
};

std::vector<IngestWriter::Pending> IngestWriter::takeBatch()
{
    std::vector<Pending> batch;
    std::lock_guard lock(m_mutex);
    qint64 n = 0, bytes = 0;
    for (auto *q : {&m_fast, &m_queue}) {
        size_t take = 0;
        while (take < q->size() && n < m_opt.batchSize) {
            n += qint64((*q)[take].alerts.size());
            bytes += (*q)[take].bytes;
            ++take;
        }
        batch.insert(batch.end(), std::make_move_iterator(q->begin()), std::make_move_iterator(q->begin() + qsizetype(take)));
        q->erase(q->begin(), q->begin() + qsizetype(take));
    }
    m_queuedAlerts -= n;
    m_queuedBytes -= bytes;
    if (m_queuedAlerts > 0) m_oldestQueued.start();  // what is left has waited since now
    return batch;
}

// Hands memory back to the system once a burst has drained (glibc keeps freed heap otherwise).
void IngestWriter::releaseMemoryAfterBurst()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_queuedAlerts > 0 || m_peakBytes < kTrimAfterBytes) return;
        m_peakBytes = 0;
        m_queue.shrink_to_fit();
        m_fast.shrink_to_fit();
    }
    malloc_trim(0);
}

// Batches go to PostgreSQL whenever it is up, also while the spool drains (the drain runs between them;
// ids are assigned at insert, so drained alerts simply get newer ids than the ones sent meanwhile).
bool IngestWriter::canPipeline()
{
    return ensureConnection();
}

void IngestWriter::flush()
{
    std::deque<std::unique_ptr<InFlight>> inflight;
    std::vector<Pending> held;  // shares an alert with a batch in flight: starts when those are done
    for (;;) {
        while (int(inflight.size()) < m_opt.connections) {
            if (held.empty() && !inflight.empty()) {
                // group commit: a part batch waits for the batch in flight to finish (then goes with what
                // arrived meanwhile), unless a whole batch is queued or it has waited batchMs already
                std::lock_guard lock(m_mutex);
                if (m_queuedAlerts < m_opt.batchSize && !(m_queuedAlerts > 0 && m_oldestQueued.isValid()
                                                          && m_oldestQueued.elapsed() >= m_opt.batchMs))
                    break;
            }
            std::vector<Pending> batch = held.empty() ? takeBatch() : std::move(held);
            held.clear();
            if (batch.empty()) break;
            if (!inflight.empty()) {
                bool overlap = false;
                for (const auto &p : batch)
                    for (const auto &a : p.alerts)
                        for (const auto &f : inflight) overlap = overlap || f->hashes.contains(a.hash);
                if (overlap) {
                    held = std::move(batch);
                    break;
                }
            }
            if (!inflight.empty() && !m_dbUp) {  // a batch just lost the database: no reconnecting under the others
                held = std::move(batch);
                break;
            }
            if (!canPipeline()) {
                if (!inflight.empty()) {  // finish what is in flight first, in order
                    held = std::move(batch);
                    break;
                }
                divert(batch);
                continue;
            }
            // a connection no batch in flight is using
            auto busy = [&inflight](int c) {
                return std::any_of(inflight.begin(), inflight.end(), [c](const auto &f) { return f->conn == c; });
            };
            int conn = 0;
            while (busy(conn)) ++conn;
            // a lone small batch: the database is idle, so its 202 waits only for the inbox row's commit
            size_t n = 0;
            for (const auto &p : batch) n += p.alerts.size();
            const bool inbox = m_mover && inflight.empty() && n <= size_t(m_opt.inboxMaxAlerts);
            inflight.push_back(launch(std::move(batch), conn, !inflight.empty(), inbox));
        }
        if (inflight.empty()) {
            if (held.empty()) {
                releaseMemoryAfterBurst();
                return;
            }
            continue;
        }
        finish(*inflight.front());
        inflight.pop_front();
    }
}

// Ids are reserved first, in arrival order. A batch alone is one statement in autocommit (a small one: into
// the inbox); one sent while others are in flight runs in a transaction finish() commits after theirs.
std::unique_ptr<IngestWriter::InFlight> IngestWriter::launch(std::vector<Pending> batch, int conn, bool pipelined, bool inbox)
{
    auto f = std::make_unique<InFlight>();
    f->timer.start();
    f->batch = std::move(batch);
    f->conn = conn;
    f->inbox = inbox;
    for (const auto &p : f->batch)
        for (const auto &a : p.alerts) {
            f->all.push_back(&a);
            f->hashes.insert(a.hash);
        }
    PGconn *pg = connection(conn);
    if (!pg) {
        f->out.error = QStringLiteral("cannot open ingest connection %1").arg(conn);
        f->out.connectionLost = true;
        return f;
    }
    if (inbox) {
        f->sent = AlertStore::sendInbox(pg, f->all, &f->out);
        return f;
    }
    const qint64 now = nowMs();
    const std::vector<const AlertRecord *> agents = m_knownAgents.toUpsert(f->all, now);
    f->sent = (agents.empty() || AlertStore::upsertAgents(pg, agents, &f->out))
              && AlertStore::reserveIds(pg, int(f->all.size()), &f->ids, &f->out)
              && AlertStore::sendInsert(pg, f->all, f->ids, &f->out, m_opt.entry, pipelined);
    if (f->sent) m_knownAgents.remember(agents, now);
    return f;
}

// Completes the oldest batch in flight: waits for its INSERT (committed with it), answers its requests.
void IngestWriter::finish(InFlight &f)
{
    PGconn *pg = connection(f.conn, false);  // the one its INSERT runs on, even if it has died meanwhile
    if (f.sent && AlertStore::finishInsert(pg, &f.out)) AlertStore::commit(pg, &f.out);
    if (f.inbox && !f.out.ok && !f.out.connectionLost) {
        // the inbox refused them with the database up (it never should): straight into alerts instead
        qint64 held = 0;
        if (m_inboxLog.allow(nowMs(), kLogIntervalMs, &held))
            log()->warn("ingest inbox failed ({}); storing directly{}", s(f.out.error),
                        held ? fmt::format(" ({} more since the last message)", held) : std::string());
        f.inbox = false;
        f.out = {};
        AlertStore::insertWithIds(pg, f.all, {}, &f.out, m_opt.entry);
    }
    if (!f.out.ok && !f.out.connectionLost && !f.ids.empty()) {
        // a statement error with the database up: once more (deadlock, lock timeout) with the same ids,
        // which keeps this batch's place in the order; agents included, as the cache may be stale if
        // someone deleted an agent row
        log()->warn("ingest batch failed ({}); retrying once", s(f.out.error));
        m_knownAgents.clear();
        f.out = {};
        AlertStore::insertWithIds(pg, f.all, f.ids, &f.out, m_opt.entry);
    }
    if (!f.out.ok) m_knownAgents.clear();
    Metrics::instance().observeBatchSeconds(double(f.timer.nsecsElapsed()) / 1e9);
    if (f.out.ok || f.out.connectionLost || f.batch.size() == 1 || f.ids.empty()) {
        const bool moveNow = f.inbox && f.out.ok && !f.out.insertedHashes.isEmpty();
        settle(f.batch, f.all, f.out);
        if (moveNow) m_mover->wake();
        return;
    }
    // still refused: perhaps by one request's alerts. Each request on its own (with its share of the
    // batch's ids, so the order holds), so the others are not refused along with it.
    log()->warn("ingest batch of {} requests refused ({}); storing each request on its own", f.batch.size(), s(f.out.error));
    size_t off = 0;
    for (auto &p : f.batch) {
        const auto from = qsizetype(off), to = qsizetype(off + p.alerts.size());
        off += p.alerts.size();
        const std::vector<const AlertRecord *> part(f.all.begin() + from, f.all.begin() + to);
        AlertStore::Outcome o;
        AlertStore::insertWithIds(pg, part, std::vector<qint64>(f.ids.begin() + from, f.ids.begin() + to), &o,
                                  m_opt.entry);
        std::vector<Pending> one;
        one.push_back(std::move(p));
        settle(one, part, o);
    }
}

// After the database answered (or did not): a lost connection sends the alerts to the spool; then
// every request of the batch gets its result.
void IngestWriter::settle(std::vector<Pending> &batch, const std::vector<const AlertRecord *> &all, AlertStore::Outcome &out)
{
    QString failure = out.error;
    bool spooled = false;
    if (!out.ok && out.connectionLost) {
        if (m_dbUp) log()->warn("database connection lost: {}", s(Logging::redact(out.error)));
        m_dbUp = false;
        Metrics::instance().databaseUp = 0;
        spooled = spoolBatch(all, &failure);
    }
    deliver(batch, all, out, spooled, failure);
}

void IngestWriter::setSchemaReady(bool ready)
{
    m_schemaReady = ready;
    if (ready && thread())
        QMetaObject::invokeMethod(this, [this] {
            if (m_drainTimer) startMover();  // (after start(); start() starts it itself)
            scheduleDrain(false);
        }, Qt::QueuedConnection);
}

bool IngestWriter::ensureConnection()
{
    if (!m_schemaReady) return false;
    if (m_conn.isOpen() && m_dbUp) return true;
    QString err;
    m_conn = QSqlDatabase();  // drop our handle first so the old connection can be removed cleanly
    m_conn = m_db.open(m_connName, &err);
    const bool ok = m_conn.isOpen();
    if (ok != m_dbUp.load()) {
        // back after an outage: the other connections are dead too (their sockets may not know it yet)
        if (ok)
            for (auto &c : m_extra)
                if (c.isOpen()) c.close();
        if (ok) log()->info("database reachable ({})", s(m_db.describe()));
        else log()->warn("database unreachable: {}", s(Logging::redact(err)));
    }
    else if (!ok) {
        // still down: every failed attempt is worth knowing (a password changed after start-up shows up only
        // here), but at most once an interval, with how many attempts failed in between
        qint64 held = 0;
        if (m_reconnectLog.allow(nowMs(), kLogIntervalMs, &held))
            log()->warn("database still unreachable: {}{}", s(Logging::redact(err)),
                        held ? fmt::format(" ({} more failed attempts since the last message)", held) : std::string());
    }
    m_dbUp = ok;
    Metrics::instance().databaseUp = ok ? 1 : 0;
    return ok;
}

PGconn *IngestWriter::connection(int i, bool reopen)
{
    if (i == 0) {
        if (!reopen) return m_conn.isOpen() ? DbConnectionInfo::pgConn(m_conn) : nullptr;
        return ensureConnection() ? DbConnectionInfo::pgConn(m_conn) : nullptr;
    }
    if (m_extra.size() < size_t(i)) m_extra.resize(size_t(i));
    QSqlDatabase &c = m_extra[size_t(i - 1)];
    PGconn *pg = c.isOpen() ? DbConnectionInfo::pgConn(c) : nullptr;
    if (!reopen || (pg && PQstatus(pg) == CONNECTION_OK)) return pg;
    QString err;
    c = QSqlDatabase();
    c = m_db.open(m_connName + QStringLiteral("-%1").arg(i), &err);
    if (!c.isOpen()) {
        log()->warn("cannot open ingest connection {}: {}", i, s(Logging::redact(err)));
        return nullptr;
    }
    return DbConnectionInfo::pgConn(c);
}

bool IngestWriter::spoolBatch(const std::vector<const AlertRecord *> &all, QString *failure)
{
    if (!m_spool) {
        *failure = QStringLiteral("%1; no spool configured").arg(failure->isEmpty() ? QStringLiteral("database unreachable") : *failure);
        return false;
    }
    QString err;
    if (!m_spool->append(all, &err)) {
        *failure = QStringLiteral("%1; spool: %2").arg(failure->isEmpty() ? QStringLiteral("database unreachable") : *failure, err);
        return false;
    }
    Metrics::instance().alertsSpooled += all.size();
    updateSpoolMetrics();
    scheduleDrain(false);
    return true;
}

// The spool holds older alerts that must go first, or the database is unreachable: to the spool.
void IngestWriter::divert(std::vector<Pending> &batch)
{
    std::vector<const AlertRecord *> all;
    for (const auto &p : batch)
        for (const auto &a : p.alerts) all.push_back(&a);
    QElapsedTimer t;
    t.start();
    QString failure = QStringLiteral("database unreachable");
    const bool spooled = spoolBatch(all, &failure);
    Metrics::instance().observeBatchSeconds(double(t.nsecsElapsed()) / 1e9);
    AlertStore::Outcome none;
    deliver(batch, all, none, spooled, failure);
}

void IngestWriter::deliver(std::vector<Pending> &batch, const std::vector<const AlertRecord *> &all,
                           AlertStore::Outcome &out, bool spooled, const QString &failure)
{
    auto &metrics = Metrics::instance();
    int inserted = 0;
    for (auto &p : batch) {
        IngestResult r;
        if (out.ok) {
            r.durable = true;
            for (const auto &a : p.alerts) {
                if (out.insertedHashes.remove(a.hash)) ++r.accepted;
                else ++r.duplicates;
            }
            inserted += r.accepted;
            metrics.alertsIngested += std::uint64_t(r.accepted);
            metrics.alertsDuplicate += std::uint64_t(r.duplicates);
        } else if (spooled) {
            r.durable = true;
            r.spooled = true;
            r.accepted = int(p.alerts.size());
        } else {
            r.error = failure;
            metrics.addRejected(QStringLiteral("unavailable"), p.alerts.size());
        }
        if (p.done) p.done(r);
    }
    if (!out.ok && !spooled) {
        qint64 held = 0;
        if (m_storeErrorLog.allow(nowMs(), kLogIntervalMs, &held))
            log()->error("could not store {} alerts: {}{}", all.size(), s(Logging::redact(failure)),
                         held ? fmt::format(" ({} more batches failed since the last message)", held) : std::string());
    }
    if (inserted > 0 && out.maxId > 0) Q_EMIT committed(out.maxId, inserted);  // (inbox rows: when moved)
}

void IngestWriter::scheduleDrain(bool failed)
{
    if (!m_drainTimer) return;
    if (failed) m_drainBackoffMs = m_drainBackoffMs ? std::min(kMaxBackoffMs, m_drainBackoffMs * 2) : 500;
    else if (m_drainTimer->isActive()) return;
    const int base = failed ? m_drainBackoffMs : std::max(m_drainBackoffMs, 250);
    const int jitter = int(QRandomGenerator::global()->bounded(base / 5 + 1));  // up to +20 %
    m_drainTimer->start(base + jitter);
}

void IngestWriter::drainSpool()
{
    if (!m_spool || m_spool->isEmpty()) return;
    if (!ensureConnection()) {
        scheduleDrain(true);
        return;
    }
    QElapsedTimer budget;
    budget.start();
    auto &metrics = Metrics::instance();
    while (!m_spool->isEmpty() && budget.elapsed() < kDrainBudgetMs) {
        Spool::Chunk chunk = m_spool->peek(kDrainChunk);
        std::vector<AlertRecord> records;
        records.reserve(chunk.payloads.size());
        for (const auto &p : chunk.payloads) {
            AlertRecord rec;
            QString msg;
            if (AlertParser::parse(p, &rec, &msg) == AlertParser::Error::None) records.push_back(std::move(rec));
            else log()->error("spool record is not a valid alert ({}); dropped", s(msg));
        }
        std::vector<const AlertRecord *> ptrs;
        for (const auto &r : records) ptrs.push_back(&r);
        const auto out = AlertStore::insertBatch(m_conn, ptrs, m_opt.entry);
        if (!out.ok) {
            if (out.connectionLost) m_dbUp = false;
            log()->warn("spool drain paused: {}", s(Logging::redact(out.error)));
            scheduleDrain(true);
            return;
        }
        m_spool->consume(chunk);
        metrics.alertsIngested += std::uint64_t(out.insertedHashes.size());
        metrics.alertsDuplicate += std::uint64_t(ptrs.size() - size_t(out.insertedHashes.size()));
        updateSpoolMetrics();
        if (!out.insertedHashes.isEmpty()) Q_EMIT committed(out.maxId, int(out.insertedHashes.size()));
        if (chunk.payloads.empty() && chunk.skippedCorrupt == 0) break;  // nothing readable left
    }
    m_drainBackoffMs = 0;
    if (!m_spool->isEmpty()) m_drainTimer->start(0);  // more to do: yield to new arrivals first
    else log()->info("spool drained; writing to PostgreSQL directly again");
}

void IngestWriter::updateSpoolMetrics()
{
    const qint64 d = m_spool ? m_spool->depth() : 0;
    m_spoolDepth = d;
    Metrics::instance().spoolDepth = d;
    Metrics::instance().spoolBytes = m_spool ? m_spool->bytes() : 0;
}

}  // namespace eos
