#include "ingest/spool.h"

#include "core/logging.h"

#include <QDir>
#include <QSaveFile>

#include <zlib.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace eos {
namespace {
auto log() { return Logging::get("spool"); }
constexpr char kMagic = char(0xE5);
constexpr qint64 kHeader = 9;
constexpr qint64 kSegmentBytes = 64LL << 20;
constexpr quint32 kMaxRecord = 64u << 20;

quint32 crcOf(const QByteArray &b)
{
    return quint32(crc32(0L, reinterpret_cast<const Bytef *>(b.constData()), uInt(b.size())));
}

void putU32(char *p, quint32 v)
{
    for (int i = 0; i < 4; ++i) p[i] = char((v >> (8 * i)) & 0xff);
}

quint32 getU32(const char *p)
{
    quint32 v = 0;
    for (int i = 0; i < 4; ++i) v |= quint32(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
}

void syncDir(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}
}  // namespace

Spool::Spool(QString dir, qint64 maxBytes) : m_dir(std::move(dir)), m_maxBytes(maxBytes) {}

Spool::~Spool() = default;

QString Spool::segmentPath(qint64 seq) const
{
    return m_dir + QStringLiteral("/seg-%1.spool").arg(seq, 12, 10, QLatin1Char('0'));
}

bool Spool::open(QString *error)
{
    if (!QDir().mkpath(m_dir)) {
        *error = QStringLiteral("cannot create the spool directory %1").arg(m_dir);
        return false;
    }
    ::chmod(QFile::encodeName(m_dir).constData(), 0700);  // alerts are sensitive
    m_segments.clear();
    const auto files = QDir(m_dir).entryList({QStringLiteral("seg-*.spool")}, QDir::Files, QDir::Name);
    for (const auto &f : files) m_segments.push_back(f.mid(4, f.size() - 10).toLongLong());
    m_readSeq = m_segments.empty() ? 0 : m_segments.front();
    m_readOffset = 0;
    QFile cur(m_dir + QStringLiteral("/cursor"));
    if (cur.open(QIODevice::ReadOnly)) {
        const auto parts = QString::fromLatin1(cur.readAll()).trimmed().split(u' ');
        if (parts.size() == 2 && std::find(m_segments.begin(), m_segments.end(), parts[0].toLongLong()) != m_segments.end()) {
            m_readSeq = parts[0].toLongLong();
            m_readOffset = parts[1].toLongLong();
        }
    }
    // segments before the cursor were drained already
    while (!m_segments.empty() && m_segments.front() < m_readSeq) {
        QFile::remove(segmentPath(m_segments.front()));
        m_segments.erase(m_segments.begin());
    }
    rescan();
    m_writeSeq = m_segments.empty() ? 1 : m_segments.back() + 1;
    if (m_depth > 0) log()->info("spool holds {} alerts ({} bytes) from an earlier run; draining them first", m_depth, m_bytes);
    return true;
}

void Spool::rescan()
{
    m_depth = 0;
    m_bytes = 0;
    for (qint64 seq : m_segments) {
        QFile f(segmentPath(seq));
        if (!f.open(QIODevice::ReadOnly)) continue;
        qint64 pos = seq == m_readSeq ? m_readOffset : 0;
        char hdr[kHeader];
        while (f.seek(pos) && f.read(hdr, kHeader) == kHeader && hdr[0] == kMagic) {
            const quint32 len = getU32(hdr + 1);
            if (len > kMaxRecord || pos + kHeader + len > f.size()) break;
            ++m_depth;
            m_bytes += kHeader + len;
            pos += kHeader + len;
        }
    }
}

bool Spool::startSegment(QString *error)
{
    m_writer = std::make_unique<QFile>(segmentPath(m_writeSeq));
    // unbuffered: a write the disk refuses (ENOSPC) must fail here and leave nothing in a buffer that a
    // later append (or close) would write after the truncate below, tearing the records that follow it
    if (!m_writer->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        *error = QStringLiteral("cannot create %1: %2").arg(m_writer->fileName(), m_writer->errorString());
        m_writer.reset();
        return false;
    }
    if (m_segments.empty() || m_segments.back() != m_writeSeq) m_segments.push_back(m_writeSeq);
    if (m_segments.size() == 1 && m_depth == 0) {
        m_readSeq = m_writeSeq;
        m_readOffset = 0;
    }
    syncDir(m_dir);
    return true;
}

bool Spool::append(const std::vector<const AlertRecord *> &alerts, QString *error)
{
    QByteArray buf;
    for (const auto *a : alerts) {
        char hdr[kHeader];
        hdr[0] = kMagic;
        putU32(hdr + 1, quint32(a->canonicalJson.size()));
        putU32(hdr + 5, crcOf(a->canonicalJson));
        buf.append(hdr, kHeader);
        buf.append(a->canonicalJson);
    }
    if (m_bytes + buf.size() > m_maxBytes) {
        *error = QStringLiteral("the spool is full (%1 of %2 bytes; EOS_SPOOL_MAX_MB)").arg(m_bytes).arg(m_maxBytes);
        return false;
    }
    if (m_writer && m_writer->size() >= kSegmentBytes) {
        m_writer.reset();
        ++m_writeSeq;
    }
    if (!m_writer && !startSegment(error)) return false;
    const qint64 before = m_writer->size();
    if (m_writer->write(buf) != buf.size() || !m_writer->flush() || ::fdatasync(m_writer->handle()) != 0) {
        *error = QStringLiteral("cannot write the spool %1: %2").arg(m_writer->fileName(), m_writer->errorString());
        // leave no half record behind for later appends to hide behind
        if (::ftruncate(m_writer->handle(), before) != 0) m_writer.reset();
        return false;
    }
    m_bytes += buf.size();
    m_depth += qint64(alerts.size());
    return true;
}

Spool::Chunk Spool::peek(int maxRecords)
{
    Chunk c;
    c.nextSegment = m_readSeq;
    c.nextOffset = m_readOffset;
    auto it = std::find(m_segments.begin(), m_segments.end(), m_readSeq);
    while (it != m_segments.end() && int(c.payloads.size()) < maxRecords) {
        QFile f(segmentPath(*it));
        qint64 pos = *it == c.nextSegment ? c.nextOffset : 0;
        bool segmentEnded = true;
        if (f.open(QIODevice::ReadOnly)) {
            char hdr[kHeader];
            while (int(c.payloads.size()) < maxRecords) {
                if (!f.seek(pos) || f.read(hdr, kHeader) != kHeader) break;
                const quint32 len = getU32(hdr + 1);
                if (hdr[0] != kMagic || len > kMaxRecord || pos + kHeader + len > f.size()) {
                    if (*it != m_writeSeq || !m_writer) {
                        log()->warn("spool segment {}: unreadable record at byte {} (a write torn by a crash, "
                                    "never acknowledged); skipping the rest of that segment", s(f.fileName()), pos);
                    }
                    break;
                }
                QByteArray payload = f.read(len);
                c.bytes += kHeader + len;
                if (payload.size() != qsizetype(len) || crcOf(payload) != getU32(hdr + 5)) {
                    log()->warn("spool segment {}: checksum mismatch at byte {}; skipping that record", s(f.fileName()), pos);
                    ++c.skippedCorrupt;
                } else {
                    c.payloads.push_back(std::move(payload));
                }
                pos += kHeader + len;
            }
            segmentEnded = int(c.payloads.size()) < maxRecords;
        }
        c.nextSegment = *it;
        c.nextOffset = pos;
        if (!segmentEnded) break;
        ++it;
        if (it == m_segments.end()) break;
        c.nextSegment = *it;
        c.nextOffset = 0;
    }
    return c;
}

void Spool::consume(const Chunk &chunk)
{
    // delete every segment wholly before the new read position (but never the one being written)
    while (!m_segments.empty() && m_segments.front() < chunk.nextSegment) {
        QFile::remove(segmentPath(m_segments.front()));
        m_segments.erase(m_segments.begin());
    }
    m_readSeq = chunk.nextSegment;
    m_readOffset = chunk.nextOffset;
    m_depth = std::max<qint64>(0, m_depth - qint64(chunk.payloads.size()) - chunk.skippedCorrupt);
    m_bytes = std::max<qint64>(0, m_bytes - chunk.bytes);
    if (m_depth == 0 && peek(1).payloads.empty()) {
        // all drained: start afresh so the spool does not keep growing
        m_writer.reset();
        for (qint64 seq : m_segments) QFile::remove(segmentPath(seq));
        m_segments.clear();
        ++m_writeSeq;
        m_readSeq = m_writeSeq;
        m_readOffset = 0;
        m_bytes = 0;
        QFile::remove(m_dir + QStringLiteral("/cursor"));
        return;
    }
    if (m_depth == 0 || (chunk.payloads.empty() && chunk.skippedCorrupt == 0))
        rescan();  // the counter was off (a torn or corrupt record): trust the files
    saveCursor();
}

void Spool::saveCursor()
{
    QSaveFile f(m_dir + QStringLiteral("/cursor"));
    if (f.open(QIODevice::WriteOnly)) {
        f.write(QByteArray::number(m_readSeq) + ' ' + QByteArray::number(m_readOffset));
        f.commit();
    }
}

}  // namespace eos
