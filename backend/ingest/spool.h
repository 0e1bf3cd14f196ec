// Append-only on-disk spool for alerts accepted while PostgreSQL is unreachable.
// Segments <dir>/seg-<seq>.spool hold records [0xE5][u32 length][u32 crc32][canonical alert JSON];
// append() returns only after fdatasync, so an alert answered 202 survives kill -9 and power loss.
// A torn record at a segment's end (a crash during append, never acknowledged) ends that segment.
// The drain reads in order; the read position is kept in <dir>/cursor (re-reading after a crash is
// harmless: the database drops duplicates by alert_hash).
#pragma once

#include "store/alert_record.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <memory>
#include <vector>

namespace eos {

class Spool {
public:
    Spool(QString dir, qint64 maxBytes);
    ~Spool();

    bool open(QString *error);
    // Durable on return true. False when the size bound would be exceeded or the disk fails.
    bool append(const std::vector<const AlertRecord *> &alerts, QString *error);

    qint64 depth() const { return m_depth; }  // records not yet drained
    // Bytes of the records not yet drained (what EOS_SPOOL_MAX_MB bounds): goes down as the drain
    // consumes, so a partly drained spool takes new alerts again.
    qint64 bytes() const { return m_bytes; }
    bool isEmpty() const { return m_depth == 0; }
    QString directory() const { return m_dir; }

    struct Chunk {
        std::vector<QByteArray> payloads;
        qint64 nextSegment = 0;
        qint64 nextOffset = 0;
        int skippedCorrupt = 0;
        qint64 bytes = 0;  // record bytes (headers included) the chunk covers
    };
    // Up to maxRecords records from the read position, without consuming them.
    Chunk peek(int maxRecords);
    // Marks a peeked chunk as stored: advances the read position, deletes finished segments.
    void consume(const Chunk &chunk);

private:
    QString segmentPath(qint64 seq) const;
    bool startSegment(QString *error);
    void saveCursor();
    void rescan();

    QString m_dir;
    qint64 m_maxBytes;
    std::vector<qint64> m_segments;  // sequence numbers, ascending
    std::unique_ptr<QFile> m_writer; // the newest segment, opened for append
    qint64 m_writeSeq = 0;
    qint64 m_readSeq = 0;
    qint64 m_readOffset = 0;
    qint64 m_depth = 0;
    qint64 m_bytes = 0;
};

}  // namespace eos
