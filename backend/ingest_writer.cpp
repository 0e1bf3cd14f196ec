#include "ingest_writer.h"

#include "alert_parser.h"
#include "alert_store.h"
#include "logging.h"
#include "metrics.h"
#include "spool.h"

#include <QDir>
#include <QElapsedTimer>
#include <QMetaObject>
#include <QRandomGenerator>
#include <QTimer>
#include <QUuid>

namespace eos {
namespace {
auto log() { return Logging::get("ingest"); }
constexpr int kDrainChunk = 2000;
constexpr int kDrainBudgetMs = 200;
constexpr int kMaxBackoffMs = 10000;
}  // namespace

IngestWriter::Options IngestWriter::optionsFrom(const Config &config, const QString &dataDir)
{
    Options o;
    o.batchSize = std::max(1, config.intValue(QStringLiteral("EOS_BATCH_SIZE"), 500));
    o.batchMs = std::max(0, config.intValue(QStringLiteral("EOS_BATCH_MS"), 10));
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
    if (QSqlDatabase::contains(m_connName)) QSqlDatabase::removeDatabase(m_connName);
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

void IngestWriter::flush()
{
    for (;;) {
        std::vector<Pending> batch;
        {
            std::lock_guard lock(m_mutex);
            m_bigWakePending = false;
            qint64 n = 0;
            size_t take = 0;
            while (take < m_queue.size() && n < m_opt.batchSize) n += qint64(m_queue[take++].alerts.size());
            if (take == 0) return;
            batch.assign(std::make_move_iterator(m_queue.begin()), std::make_move_iterator(m_queue.begin() + qsizetype(take)));
            m_queue.erase(m_queue.begin(), m_queue.begin() + qsizetype(take));
            m_queuedAlerts -= n;
        }
        if (m_batchTimer) m_batchTimer->stop();
        processBatch(batch);
    }
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

void IngestWriter::processBatch(std::vector<Pending> &batch)
{
    std::vector<const AlertRecord *> all;
    for (const auto &p : batch)
        for (const auto &a : p.alerts) all.push_back(&a);

    auto &metrics = Metrics::instance();
    QElapsedTimer t;
    t.start();
    AlertStore::Outcome out;
    bool spooled = false;
    QString failure;

    const bool spoolFirst = m_spool && !m_spool->isEmpty();
    if (!spoolFirst && ensureConnection()) {
        out = AlertStore::insertBatch(m_conn, all);
        if (!out.ok && !out.connectionLost) {
            // a statement error with the database up: once more (deadlock, serialization), then give up
            log()->warn("ingest batch failed ({}); retrying once", s(out.error));
            out = AlertStore::insertBatch(m_conn, all);
        }
        if (!out.ok) {
            failure = out.error;
            if (out.connectionLost) {
                m_dbUp = false;
                metrics.databaseUp = 0;
                log()->warn("database connection lost: {}", s(Logging::redact(out.error)));
            }
        }
    } else {
        failure = spoolFirst ? QString() : QStringLiteral("database unreachable");
    }

    if (!out.ok && (spoolFirst || out.connectionLost || !m_dbUp) && m_spool) {
        QString err;
        if (m_spool->append(all, &err)) {
            spooled = true;
            metrics.alertsSpooled += all.size();
            updateSpoolMetrics();
            scheduleDrain(false);
        } else {
            failure = QStringLiteral("%1; spool: %2").arg(failure.isEmpty() ? QStringLiteral("database unreachable") : failure, err);
        }
    } else if (!out.ok && !m_spool) {
        failure = QStringLiteral("%1; no spool configured").arg(failure.isEmpty() ? QStringLiteral("database unreachable") : failure);
    }
    metrics.observeBatchSeconds(double(t.nsecsElapsed()) / 1e9);

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
