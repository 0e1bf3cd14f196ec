#include "ingest/alerts_file_follower.h"

#include "ingest/alert_parser.h"
#include "core/logging.h"
#include "core/metrics.h"

#include <QDateTime>
#include <QDir>
#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimer>

#include <sys/stat.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>

namespace eos {
namespace {

auto logger() { return Logging::get("follower"); }

}  // namespace

AlertsFileFollower::AlertsFileFollower(QString path, QString stateDir, IngestSink *sink, QObject *parent)
    : AlertsFileFollower(std::move(path), std::move(stateDir), sink, Options{}, parent)
{
}

AlertsFileFollower::AlertsFileFollower(QString path, QString stateDir, IngestSink *sink, Options options, QObject *parent)
    : QObject(parent), m_path(std::move(path)), m_stateDir(std::move(stateDir)), m_sink(sink), m_opt(options),
      m_handle(std::make_shared<Handle>())
{
    m_handle->follower = this;
}

AlertsFileFollower::~AlertsFileFollower()
{
    if (m_running) stop();
    {
        std::lock_guard lock(m_handle->mutex);  // waits for a `done` running right now
        m_handle->follower = nullptr;
    }
    closeFile();
}

QString AlertsFileFollower::stateFilePath() const
{
    return QDir(m_stateDir).filePath(QStringLiteral("alerts-file-follower.json"));
}

bool AlertsFileFollower::statPath(const QString &path, FileId *id, qint64 *size)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0) return false;
    id->dev = st.st_dev;
    id->inode = st.st_ino;
    *size = st.st_size;
    return true;
}

QByteArray AlertsFileFollower::headHash(QFile &f, qint64 len)
{
    if (len <= 0 || !f.seek(0)) return {};
    const QByteArray head = f.read(len);
    if (head.size() != len) return {};
    return QCryptographicHash::hash(head, QCryptographicHash::Sha256).toHex();
}

bool AlertsFileFollower::isSavedFile(QFile &f, const FileId &id)
{
    if (id != m_savedId) return false;
    return m_savedHeadLen <= 0 || headHash(f, m_savedHeadLen) == m_savedHead;
}

QString AlertsFileFollower::findSavedFile(const QString &dir)
{
    QDirIterator it(dir, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    for (int seen = 0; it.hasNext() && seen < 100000; ++seen) {
        const QString p = it.next();
        struct stat st {};
        if (::stat(QFile::encodeName(p).constData(), &st) != 0) continue;
        const FileId id{static_cast<quint64>(st.st_dev), static_cast<quint64>(st.st_ino)};
        if (id != m_savedId) continue;
        QFile f(p);
        if (f.open(QIODevice::ReadOnly | QIODevice::Unbuffered) && isSavedFile(f, id)) return p;
    }
    return {};
}

// The saved file, rotated and gzip'ed while Eos was stopped: the *.gz under `dir` whose decompressed head
// matches the saved one, unpacked whole into the state directory (offsets stay the original file's).
// Returns the unpacked copy's path, or empty.
QString AlertsFileFollower::restoreCompressedSavedFile(const QString &dir)
{
    if (m_savedHeadLen <= 0 || m_savedHead.isEmpty()) return {};
    QDirIterator it(dir, {QStringLiteral("*.gz")}, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    for (int seen = 0; it.hasNext() && seen < 100000; ++seen) {
        const QString gzPath = it.next();
        gzFile gz = gzopen(QFile::encodeName(gzPath).constData(), "rb");
        if (!gz) continue;
        QByteArray head(m_savedHeadLen, Qt::Uninitialized);
        const int got = gzread(gz, head.data(), unsigned(head.size()));
        if (got != head.size() || QCryptographicHash::hash(head, QCryptographicHash::Sha256).toHex() != m_savedHead) {
            gzclose(gz);
            continue;
        }
        if (!QDir().mkpath(m_stateDir)) {
            gzclose(gz);
            return {};
        }
        const QString copy = QDir(m_stateDir).filePath(QStringLiteral("rotated-alerts.json"));
        QFile out(copy);
        bool ok = out.open(QIODevice::WriteOnly | QIODevice::Truncate) && out.write(head) == head.size();
        QByteArray buf(1 << 20, Qt::Uninitialized);
        int n = 0;
        while (ok && (n = gzread(gz, buf.data(), unsigned(buf.size()))) > 0) ok = out.write(buf.constData(), n) == n;
        int zerr = Z_OK;
        const char *zmsg = gzerror(gz, &zerr);
        ok = ok && n == 0 && zerr == Z_OK;
        gzclose(gz);
        out.close();
        if (!ok || out.size() < m_savedOffset) {
            logger()->warn("{} looks like the rotated {} but cannot be unpacked{} ({})", s(gzPath), s(m_path),
                           out.size() < m_savedOffset ? " past the saved offset" : "",
                           zerr != Z_OK && zmsg ? zmsg : s(out.errorString()));
            QFile::remove(copy);
            continue;
        }
        logger()->info("{} was rotated and compressed while Eos was stopped: unpacked {} ({} bytes) to read its rest",
                       s(m_path), s(gzPath), out.size());
        return copy;
    }
    return {};
}

void AlertsFileFollower::start()
{
    if (m_running) return;
    m_running = true;
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(m_opt.pollMs);
    connect(m_pollTimer, &QTimer::timeout, this, &AlertsFileFollower::check);
    m_saveTimer = new QTimer(this);
    m_saveTimer->setSingleShot(true);
    m_saveTimer->setInterval(m_opt.stateSaveMs);
    connect(m_saveTimer, &QTimer::timeout, this, &AlertsFileFollower::saveState);
    m_watcher = new QFileSystemWatcher(this);
    auto queueCheck = [this] {
        if (m_checkQueued || !m_running) return;
        m_checkQueued = true;
        QMetaObject::invokeMethod(this, &AlertsFileFollower::check, Qt::QueuedConnection);
    };
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, queueCheck);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, queueCheck);
    const QString dir = QFileInfo(m_path).absolutePath();
    if (QFileInfo(dir).isDir()) m_watcher->addPath(dir);

    loadState();
    logger()->info("following {} (state {})", s(m_path), s(stateFilePath()));
    m_pollTimer->start();
    check();
}

void AlertsFileFollower::stop()
{
    if (!m_running) return;
    m_running = false;
    if (m_pollTimer) m_pollTimer->stop();
    if (m_saveTimer) m_saveTimer->stop();
    delete m_watcher;
    m_watcher = nullptr;
    flushBatch();  // complete lines already read go to the sink too
    {
        std::unique_lock lock(m_mutex);
        if (!m_settled.wait_for(lock, std::chrono::milliseconds(m_opt.stopWaitMs), [this] { return m_inFlight == 0; }))
            logger()->warn("stopping with {} alerts not yet confirmed by the store; they are read again at the next start",
                           m_inFlight);
    }
    advanceCommitted();
    saveState();
    closeFile();
    logger()->info("stopped following {} at offset {}", s(m_path), m_committedOffset);
}

void AlertsFileFollower::closeFile()
{
    delete m_file;
    m_file = nullptr;
}

void AlertsFileFollower::loadState()
{
    QFile f(stateFilePath());
    if (!f.open(QIODevice::ReadOnly)) return;  // first start
    QJsonParseError err{};
    const QJsonObject o = QJsonDocument::fromJson(f.readAll(), &err).object();
    if (err.error != QJsonParseError::NoError || !o.contains(QStringLiteral("offset"))) {
        logger()->warn("ignoring unreadable state file {}: {}", s(f.fileName()), s(err.errorString()));
        return;
    }
    if (o.value(QStringLiteral("path")).toString() != m_path) {
        logger()->info("state file {} is for {}, not {}; starting fresh", s(f.fileName()),
                       s(o.value(QStringLiteral("path")).toString()), s(m_path));
        return;
    }
    m_savedId.dev = o.value(QStringLiteral("dev")).toString().toULongLong();
    m_savedId.inode = o.value(QStringLiteral("inode")).toString().toULongLong();
    m_savedOffset = std::max<qint64>(0, o.value(QStringLiteral("offset")).toInteger());
    m_savedHeadLen = o.value(QStringLiteral("headLen")).toInteger();
    m_savedHead = o.value(QStringLiteral("head")).toString().toLatin1();
}

void AlertsFileFollower::saveState()
{
    if (!m_stateDirty && QFileInfo::exists(stateFilePath())) return;
    if (m_committedId.inode == 0) return;
    if (!QDir().mkpath(m_stateDir)) {
        logger()->error("cannot create the state directory {}", s(m_stateDir));
        return;
    }
    qint64 headLen = 0;
    QByteArray head;
    if (m_file && m_committedId == m_fileId) {
        if (m_headId != m_fileId) {
            m_headId = m_fileId;
            m_headLen = 0;
            m_headHash.clear();
        }
        const qint64 want = std::min(kHeadBytes, m_committedOffset);
        if (want > m_headLen) {
            m_headHash = headHash(*m_file, want);
            m_headLen = m_headHash.isEmpty() ? 0 : want;
        }
        headLen = m_headLen;
        head = m_headHash;
    }
    QJsonObject o{{QStringLiteral("path"), m_path},
                  {QStringLiteral("headLen"), headLen},
                  {QStringLiteral("head"), QString::fromLatin1(head)},
                  {QStringLiteral("dev"), QString::number(m_committedId.dev)},
                  {QStringLiteral("inode"), QString::number(m_committedId.inode)},
                  {QStringLiteral("offset"), m_committedOffset},
                  {QStringLiteral("savedAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    QSaveFile f(stateFilePath());
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(o).toJson(QJsonDocument::Compact)) < 0 || !f.commit()) {
        logger()->error("cannot write the state file {}: {}", s(stateFilePath()), s(f.errorString()));
        return;
    }
    m_stateDirty = false;
    m_committedOffsetPublic.store(m_committedOffset);
    Q_EMIT stateSaved(static_cast<qint64>(m_committedId.inode), m_committedOffset);
}

bool AlertsFileFollower::openCurrent(bool atStartup)
{
    auto f = std::make_unique<QFile>(m_path);
    if (!f->open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        if (!m_missingLogged) logger()->info("waiting for {}: {}", s(m_path), s(f->errorString()));
        m_missingLogged = true;
        return false;
    }
    m_missingLogged = false;
    struct stat st {};
    if (::fstat(f->handle(), &st) != 0) return false;
    FileId id{static_cast<quint64>(st.st_dev), static_cast<quint64>(st.st_ino)};
    qint64 pos = 0;
    if (atStartup && m_savedOffset >= 0) {
        const bool same = isSavedFile(*f, id);
        if (same && st.st_size >= m_savedOffset) {
            pos = m_savedOffset;
            logger()->info("resuming {} at offset {}", s(m_path), pos);
        } else if (same) {
            logger()->warn("{} is shorter ({} bytes) than the saved position {}: truncated while Eos was stopped; "
                           "reading it from the start",
                           s(m_path), static_cast<qint64>(st.st_size), m_savedOffset);
        } else {
            // Rotated while we were stopped. Wazuh moves alerts.json to alerts/<year>/<month>/ossec-alerts-<day>.json:
            // when the old file is still there, finish it first (the rotation logic then switches to the new one).
            const QString dir = QFileInfo(m_path).absolutePath();
            QString old = findSavedFile(dir);
            const bool unpacked = old.isEmpty() && !(old = restoreCompressedSavedFile(dir)).isEmpty();
            struct stat ost {};
            auto of = std::make_unique<QFile>(old);
            const bool opened = !old.isEmpty() && of->open(QIODevice::ReadOnly | QIODevice::Unbuffered);
            if (unpacked) QFile::remove(old);  // the open descriptor keeps it readable; nothing is left behind
            if (opened && ::fstat(of->handle(), &ost) == 0 && ost.st_size >= m_savedOffset) {
                logger()->info("{} was rotated while Eos was stopped; reading the rest of the old file {} from offset {} "
                               "first",
                               s(m_path), s(old), m_savedOffset);
                f = std::move(of);
                st = ost;
                pos = m_savedOffset;
            } else {
                logger()->warn("{} was replaced (rotated) while Eos was stopped and the old file was not found "
                               "(removed, or compressed with other tools); reading the new file from the start. Alerts the old file "
                               "received after offset {} were not read: import that file if needed",
                               s(m_path), m_savedOffset);
            }
        }
    }
    m_savedOffset = -1;
    id = {static_cast<quint64>(st.st_dev), static_cast<quint64>(st.st_ino)};
    m_file = f.release();
    m_fileId = id;
    m_readPos = m_lineStart = m_pendingEnd = m_queuedEnd = pos;
    m_buffer.clear();
    m_discarding = false;
    m_rotationSeen = false;
    if (m_watcher) {
        m_watcher->removePath(m_path);
        m_watcher->addPath(m_path);
    }
    // A marker batch moves the committed position to the new file once everything before it is durable.
    auto marker = std::make_shared<Batch>();
    marker->file = id;
    marker->endOffset = pos;
    marker->done = marker->durable = true;
    {
        std::lock_guard lock(m_mutex);
        m_batches.push_back(marker);
    }
    advanceCommitted();
    return true;
}

void AlertsFileFollower::check()
{
    m_checkQueued = false;
    if (!m_running) return;
    if (!m_file && !openCurrent(m_savedOffset >= 0)) return;

    struct stat st {};
    if (::fstat(m_file->handle(), &st) == 0 && st.st_size < m_readPos) {
        flushBatch();
        logger()->warn("{} was truncated ({} bytes, we were at {}); reading it from the start", s(m_path),
                       static_cast<qint64>(st.st_size), m_readPos);
        m_readPos = m_lineStart = m_pendingEnd = m_queuedEnd = 0;
        m_buffer.clear();
        m_discarding = false;
        m_headId = {};
        auto marker = std::make_shared<Batch>();
        marker->file = m_fileId;
        marker->done = marker->durable = true;
        std::lock_guard lock(m_mutex);
        m_batches.push_back(marker);
    }
    // drained: all bytes read and every complete line handed on (backpressure may hold some back)
    const bool drained = readAvailable(false) && ::fstat(m_file->handle(), &st) == 0 && m_readPos >= st.st_size;

    FileId pathId;
    qint64 pathSize = 0;
    const bool exists = statPath(m_path, &pathId, &pathSize);
    if (!exists || pathId != m_fileId) {
        if (!m_rotationSeen) {
            m_rotationSeen = true;
            m_rotationClock.start();
            logger()->info("{} was rotated; finishing the old file", s(m_path));
        }
        // Switch once the old file is drained and had a poll interval to receive a last write.
        if (exists && drained && m_rotationClock.elapsed() >= m_opt.pollMs) {
            readAvailable(true);
            flushBatch();
            closeFile();
            m_rotations.fetch_add(1);
            if (openCurrent(false)) readAvailable(false);
        }
    }
    flushBatch();
}

bool AlertsFileFollower::underBudget()
{
    std::lock_guard lock(m_mutex);
    return m_inFlight + static_cast<qint64>(m_pending.size()) < m_opt.maxInFlight;
}

bool AlertsFileFollower::processBufferedLines()
{
    qsizetype start = 0;
    bool budget = true;
    for (qsizetype nl = m_buffer.indexOf('\n'); nl >= 0; nl = m_buffer.indexOf('\n', start)) {
        if (!(budget = underBudget())) break;  // backpressure: the rest waits in m_buffer
        if (m_discarding) m_discarding = false;  // the tail of an overlong line
        else handleLine(QByteArray::fromRawData(m_buffer.constData() + start, nl - start), m_lineStart + start);
        start = nl + 1;
        if (static_cast<int>(m_pending.size()) >= m_opt.batchSize) {
            m_pendingEnd = m_lineStart + start;
            flushBatch();
        }
    }
    m_lineStart += start;
    m_buffer.remove(0, start);
    m_pendingEnd = m_lineStart;
    if (budget && m_buffer.size() > m_opt.maxLineBytes) {
        if (!m_discarding) {
            logger()->warn("{}: skipped a line at offset {} longer than {} bytes", s(m_path), m_lineStart, m_opt.maxLineBytes);
            m_badLines.fetch_add(1);
        }
        m_discarding = true;
        m_lineStart += m_buffer.size();
        m_buffer.clear();
        m_pendingEnd = m_lineStart;
    }
    return budget;
}

bool AlertsFileFollower::readAvailable(bool finalRead)
{
    if (!m_file) return false;
    for (;;) {
        if (!processBufferedLines()) return false;
        if (!m_file->seek(m_readPos)) break;
        const QByteArray data = m_file->read(m_opt.readChunk);
        if (data.isEmpty()) break;
        m_readPos += data.size();
        m_buffer.append(data);
    }
    if (finalRead && !m_buffer.isEmpty()) {
        // the old file after rotation: nothing more will be appended to its last line
        if (!m_discarding) handleLine(m_buffer, m_lineStart);
        m_lineStart += m_buffer.size();
        m_buffer.clear();
        m_discarding = false;
        m_pendingEnd = m_lineStart;
    }
    return true;  // everything available was read
}

void AlertsFileFollower::handleLine(const QByteArray &raw, qint64 lineOffset)
{
    const QByteArray line = raw.trimmed();
    if (line.isEmpty()) return;
    AlertRecord rec;
    QString message;
    const auto err = AlertParser::parse(line, &rec, &message);
    if (err != AlertParser::Error::None) {
        const qint64 n = m_badLines.fetch_add(1) + 1;
        Metrics::instance().addRejected(err == AlertParser::Error::BadJson ? QStringLiteral("bad_json")
                                                                          : QStringLiteral("not_wazuh"));
        // every bad line is skipped; the log names the first ones, then one in a thousand (a wrong file floods)
        if (n <= 20 || n % 1000 == 0)
            logger()->warn("{}: skipped the line at offset {}: {}{}", s(m_path), lineOffset, s(message),
                           n == 20 ? " (further bad lines are logged once per 1000)" : "");
        return;
    }
    Metrics::instance().alertsReceived.fetch_add(1, std::memory_order_relaxed);
    if (rec.ruleLevel < m_opt.minLevel) {
        m_belowMinLevel.fetch_add(1);
        Metrics::instance().addRejected(QStringLiteral("below_min_level"));
        return;
    }
    m_pending.push_back(std::move(rec));
}

void AlertsFileFollower::flushBatch()
{
    if (!m_file) return;
    if (m_pending.empty() && m_pendingEnd == m_queuedEnd) return;
    m_queuedEnd = m_pendingEnd;
    auto b = std::make_shared<Batch>();
    b->file = m_fileId;
    b->endOffset = m_pendingEnd;
    b->alerts = std::move(m_pending);
    m_pending.clear();
    if (b->alerts.empty()) {  // only blank or skipped lines: nothing to store, the position still moves
        b->done = b->durable = true;
        {
            std::lock_guard lock(m_mutex);
            m_batches.push_back(b);
        }
        advanceCommitted();
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_batches.push_back(b);
    }
    m_linesSubmitted.fetch_add(static_cast<qint64>(b->alerts.size()));
    submitBatch(b);
}

void AlertsFileFollower::submitBatch(const std::shared_ptr<Batch> &b)
{
    const int n = static_cast<int>(b->alerts.size());
    {
        std::lock_guard lock(m_mutex);
        b->done = false;
        ++b->attempts;
        m_inFlight += n;
    }
    m_sink->submit(b->alerts, [handle = m_handle, b, n](const IngestResult &r) {
        // on the sink's thread, perhaps after this follower was destroyed: only through the handle
        std::lock_guard hl(handle->mutex);
        if (AlertsFileFollower *f = handle->follower) f->onSinkDone(b, n, r);
    });
}

void AlertsFileFollower::onSinkDone(const std::shared_ptr<Batch> &b, int n, const IngestResult &r)
{
    {
        std::lock_guard lock(m_mutex);
        b->done = true;
        b->durable = r.durable;
        if (!r.durable) logger()->warn("the store did not take {} alerts from {}: {}; retrying", n, s(m_path), s(r.error));
        m_inFlight -= n;
        // posted before waking stop(), so the event exists (or is discarded with us) and never outlives us
        QMetaObject::invokeMethod(this, &AlertsFileFollower::onBatchSettled, Qt::QueuedConnection);
        m_settled.notify_all();
    }
}

void AlertsFileFollower::onBatchSettled()
{
    advanceCommitted();
    if (!m_running) return;
    std::vector<std::shared_ptr<Batch>> failed;
    {
        std::lock_guard lock(m_mutex);
        for (auto &b : m_batches)
            if (b->done && !b->durable) {
                b->done = false;  // claimed for a re-submit
                failed.push_back(b);
            }
    }
    for (const auto &b : failed) {
        const int delayMs = std::min(30000, 500 << std::min(b->attempts, 6));
        QTimer::singleShot(delayMs, this, [this, b] {
            if (m_running) submitBatch(b);
            else {
                std::lock_guard lock(m_mutex);
                b->done = true;  // left unconfirmed: read again at the next start
            }
        });
    }
    if (!m_checkQueued) {
        m_checkQueued = true;
        QMetaObject::invokeMethod(this, &AlertsFileFollower::check, Qt::QueuedConnection);
    }
}

void AlertsFileFollower::advanceCommitted()
{
    bool moved = false;
    {
        std::lock_guard lock(m_mutex);
        while (!m_batches.empty() && m_batches.front()->done && m_batches.front()->durable) {
            const auto &b = m_batches.front();
            if (m_committedId != b->file || m_committedOffset != b->endOffset) moved = true;
            m_committedId = b->file;
            m_committedOffset = b->endOffset;
            m_batches.pop_front();
        }
    }
    if (!moved) return;
    m_stateDirty = true;
    if (m_running && m_saveTimer && !m_saveTimer->isActive()) m_saveTimer->start();
}

}  // namespace eos
