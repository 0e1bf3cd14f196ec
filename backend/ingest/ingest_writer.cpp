#include "ingest/ingest_writer.h"

#include "ingest/alert_parser.h"
#include "store/alert_store.h"
#include "core/logging.h"
#include "core/metrics.h"
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

namespace eos {
namespace {
auto log() { return Logging::get("ingest"); }
constexpr int kDrainChunk = 2000;
constexpr int kDrainBudgetMs = 200;
constexpr int kMaxBackoffMs = 10000;
constexpr qint64 kAgentRefreshMs = 60000;
}  // namespace

IngestWriter::Options IngestWriter::optionsFrom(const Config &config, const QString &dataDir)
{
    Options o;
    o.batchSize = std::max(1, config.intValue(QStringLiteral("EOS_BATCH_SIZE"), o.batchSize));
    o.batchMs = std::max(0, config.intValue(QStringLiteral("EOS_BATCH_MS"), o.batchMs));
    o.connections = std::clamp(config.intValue(QStringLiteral("EOS_INGEST_CONNECTIONS"), o.connections), 1, 16);
    o.spoolDir = QDir(dataDir).filePath(QStringLiteral("spool"));
    o.spoolMaxBytes = qint64(std::max(0, config.intValue(QStringLiteral("EOS_SPOOL_MAX_MB"), 1024))) << 20;
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
    bool wake = false, big = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopped) {
            IngestResult r;
            r.error = QStringLiteral("the ingest stage is shutting down");
            if (done) done(r);
            return;
        }
        m_queuedAlerts += qint64(alerts.size());
        m_queue.push_back({std::move(alerts), std::move(done)});
        if (!m_wakePending) wake = m_wakePending = true;
        if (m_queuedAlerts >= m_opt.batchSize && !m_bigWakePending) big = m_bigWakePending = true;
    }
    if (big) QMetaObject::invokeMethod(this, &IngestWriter::flush, Qt::QueuedConnection);
    if (wake) QMetaObject::invokeMethod(this, &IngestWriter::onWake, Qt::QueuedConnection);
}

void IngestWriter::start()
{
    m_batchTimer = new QTimer(this);
    m_batchTimer->setSingleShot(true);
    connect(m_batchTimer, &QTimer::timeout, this, &IngestWriter::flush);
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
    updateSpoolMetrics();
    if (m_spool && !m_spool->isEmpty()) drainSpool();  // what an earlier run accepted goes first
    log()->info("ingest ready (batches of up to {} alerts or {} ms; spool {})", m_opt.batchSize, m_opt.batchMs,
                s(m_spool ? m_spool->directory() : QStringLiteral("off")));
}

void IngestWriter::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopped = true;
    }
    if (m_batchTimer) m_batchTimer->stop();
    if (m_drainTimer) m_drainTimer->stop();
    flush();
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
        if (m_queue.empty()) return;
    }
    if (m_batchTimer && !m_batchTimer->isActive()) m_batchTimer->start(m_opt.batchMs);
}

// One batch on its way through one connection.
struct IngestWriter::InFlight {
    std::vector<Pending> batch;
    std::vector<const AlertRecord *> all;
    QSet<QString> hashes;
    std::vector<qint64> ids;
    int conn = 0;
    bool sent = false;  // the INSERT is running
    AlertStore::Outcome out;
    QElapsedTimer timer;
};

std::vector<IngestWriter::Pending> IngestWriter::takeBatch()
{
    std::vector<Pending> batch;
    std::lock_guard lock(m_mutex);
    m_bigWakePending = false;
    qint64 n = 0;
    size_t take = 0;
    while (take < m_queue.size() && n < m_opt.batchSize) n += qint64(m_queue[take++].alerts.size());
    batch.assign(std::make_move_iterator(m_queue.begin()), std::make_move_iterator(m_queue.begin() + qsizetype(take)));
    m_queue.erase(m_queue.begin(), m_queue.begin() + qsizetype(take));
    m_queuedAlerts -= n;
    return batch;
}

// Batches run in parallel only on the plain path: database up, nothing in the spool to go first.
bool IngestWriter::canPipeline()
{
    return !(m_spool && !m_spool->isEmpty()) && ensureConnection();
}

void IngestWriter::flush()
{
    std::deque<std::unique_ptr<InFlight>> inflight;
    std::vector<Pending> held;  // shares an alert with a batch in flight: starts when those are done
    for (;;) {
        while (int(inflight.size()) < m_opt.connections) {
            std::vector<Pending> batch = held.empty() ? takeBatch() : std::move(held);
            held.clear();
            if (batch.empty()) break;
            if (m_batchTimer) m_batchTimer->stop();
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
            inflight.push_back(launch(std::move(batch), conn));
        }
        if (inflight.empty()) {
            if (held.empty()) return;
            continue;
        }
        finish(*inflight.front());
        inflight.pop_front();
    }
}

std::unique_ptr<IngestWriter::InFlight> IngestWriter::launch(std::vector<Pending> batch, int conn)
{
    auto f = std::make_unique<InFlight>();
    f->timer.start();
    f->batch = std::move(batch);
    f->conn = conn;
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
    // agents not upserted in the last minute (as the upsert itself refreshes last_alert_at at most once a minute)
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::vector<const AlertRecord *> agents;
    for (const auto *a : f->all) {
        const auto it = m_knownAgents.constFind(a->agentId);
        if (it == m_knownAgents.cend() || now - it->atMs > kAgentRefreshMs || it->name != a->agentName || it->ip != a->agentIp)
            agents.push_back(a);
    }
    f->sent = (agents.empty() || AlertStore::upsertAgents(pg, agents, &f->out))
              && AlertStore::reserveIds(pg, int(f->all.size()), &f->ids, &f->out) && AlertStore::sendInsert(pg, f->all, f->ids, &f->out);
    if (f->sent)
        for (const auto *a : agents) m_knownAgents.insert(a->agentId, {a->agentName, a->agentIp, now});
    return f;
}

// Completes the oldest batch in flight: waits for its INSERT, commits, answers its requests.
void IngestWriter::finish(InFlight &f)
{
    PGconn *pg = connection(f.conn, false);  // the one its INSERT runs on, even if it has died meanwhile
    if (f.sent && AlertStore::finishInsert(pg, &f.out)) AlertStore::commit(pg, &f.out);
    if (!f.out.ok && !f.out.connectionLost && !f.ids.empty()) {
        // a statement error with the database up: once more (deadlock, lock timeout) with the same ids,
        // which keeps this batch's place in the order; agents included, as the cache may be stale if
        // someone deleted an agent row
        log()->warn("ingest batch failed ({}); retrying once", s(f.out.error));
        m_knownAgents.clear();
        f.out = {};
        AlertStore::insertWithIds(pg, f.all, f.ids, &f.out);
    }
    if (!f.out.ok) m_knownAgents.clear();
    Metrics::instance().observeBatchSeconds(double(f.timer.nsecsElapsed()) / 1e9);
    if (f.out.ok || f.out.connectionLost || f.batch.size() == 1 || f.ids.empty()) {
        settle(f.batch, f.all, f.out);
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
        AlertStore::insertWithIds(pg, part, std::vector<qint64>(f.ids.begin() + from, f.ids.begin() + to), &o);
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
    if (ready && thread()) QMetaObject::invokeMethod(this, [this] { scheduleDrain(false); }, Qt::QueuedConnection);
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
        if (ok) log()->info("database reachable ({})", s(m_db.describe()));
        else log()->warn("database unreachable: {}", s(Logging::redact(err)));
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
    QString failure = m_spool && !m_spool->isEmpty() ? QString() : QStringLiteral("database unreachable");
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
    if (!out.ok && !spooled) log()->error("could not store {} alerts: {}", all.size(), s(Logging::redact(failure)));
    if (inserted > 0) Q_EMIT committed(out.maxId, inserted);
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
        const auto out = AlertStore::insertBatch(m_conn, ptrs);
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
