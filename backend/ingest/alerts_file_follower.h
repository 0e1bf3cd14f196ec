// Follows Wazuh's alerts.json (one JSON alert per line; EOS_ALERTS_FILE) on the manager host and hands the
// alerts to an IngestSink: the lossless alternative to integratord, which drops alerts while its script is
// slow or failing.
//
// - Position: a state file <stateDir>/alerts-file-follower.json holds {path, dev, inode, head, offset}. It is
//   written (QSaveFile, atomically) only after every alert before `offset` was reported durable by the
//   sink, so a crash re-reads at most the unconfirmed tail (and the store's alert_hash dedup absorbs it).
//   `head` is a SHA-256 of the file's first bytes (up to 1 KiB): inode numbers are reused after a delete,
//   so a new file with the old inode is not mistaken for the old one.
// - Restart: same file (dev+inode) and size >= offset → resume there. Another file at the path (rotated
//   while stopped): the old file is looked for by inode under the path's directory (Wazuh moves it to
//   alerts/<year>/<month>/); found, its rest is read first. Wazuh compresses it soon after rotating: a *.gz
//   there whose decompressed first bytes match `head` is unpacked into the state directory (the copy is
//   unlinked once open) and its rest read the same way. Neither found → the new file from its start, with a
//   warning. A shorter file (truncated) → start at its beginning, with a warning.
// - Rotation while running (file renamed/moved, a new one created at the path): the old file is read to
//   its end through the open descriptor first, then the new one is opened from offset 0. Truncation in
//   place (size < our position) restarts at offset 0.
// - A last line without its newline waits until it is complete (except at the end of a rotated-away
//   file, where nothing more will come). Lines that are not valid Wazuh alerts are logged with their
//   offset and skipped; overlong lines (> maxLineBytes) likewise.
// - Backpressure: at most maxInFlight alerts submitted and not yet confirmed; reading pauses above it.
//   A batch the sink reports not durable is submitted again after a backoff.
// - Change detection: QFileSystemWatcher on the file and its directory, plus a polling timer (pollMs) that
//   also covers file systems without inotify.
// Lives on its own thread (WorkerThread); start()/stop() run there. Call stop() before destroying it.
#pragma once

#include "store/alert_record.h"
#include "ingest/ingest_sink.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

class QFile;
class QFileSystemWatcher;
class QTimer;

namespace eos {

class AlertsFileFollower : public QObject {
    Q_OBJECT
public:
    struct Options {
        int pollMs = 250;
        int batchSize = 500;        // alerts per submit() at most
        int maxInFlight = 5000;     // alerts submitted but not yet confirmed durable
        qint64 readChunk = 1 << 20; // bytes per read()
        qint64 maxLineBytes = 8LL << 20;
        int stateSaveMs = 200;      // coalesce state writes
        int minLevel = 0;           // alerts with rule.level below this are skipped (EOS_MIN_LEVEL, as the listener)
        int stopWaitMs = 30000;     // stop() waits this long for submitted batches to be confirmed
    };

    AlertsFileFollower(QString path, QString stateDir, IngestSink *sink, QObject *parent = nullptr);
    AlertsFileFollower(QString path, QString stateDir, IngestSink *sink, Options options, QObject *parent = nullptr);
    ~AlertsFileFollower() override;

    QString stateFilePath() const;

    // Counters, readable from any thread.
    qint64 linesSubmitted() const { return m_linesSubmitted.load(); }
    qint64 badLines() const { return m_badLines.load(); }
    qint64 belowMinLevel() const { return m_belowMinLevel.load(); }
    qint64 committedOffset() const { return m_committedOffsetPublic.load(); }
    qint64 rotations() const { return m_rotations.load(); }

public Q_SLOTS:
    void start();
    // Stops reading, waits (up to stopWaitMs, 30 s) for submitted batches to be confirmed, saves the state.
    // A confirmation that arrives later (the sink still holds the batch) finds the follower gone through
    // its handle and is dropped: those alerts are read again at the next start.
    void stop();

Q_SIGNALS:
    // Emitted on the follower's thread after the state file was written.
    void stateSaved(qint64 inode, qint64 offset);

private:
    struct FileId {
        quint64 dev = 0, inode = 0;
        bool operator==(const FileId &o) const { return dev == o.dev && inode == o.inode; }
        bool operator!=(const FileId &o) const { return !(*this == o); }
    };
    struct Batch {
        FileId file;
        qint64 endOffset = 0;
        std::vector<AlertRecord> alerts;  // kept for a re-submit when the sink fails
        bool done = false, durable = false;
        int attempts = 0;
    };

    void check();
    bool openCurrent(bool atStartup);
    // Reads what is there and hands on complete lines; false when backpressure stopped it early.
    bool readAvailable(bool finalRead);
    bool processBufferedLines();
    bool underBudget();
    void handleLine(const QByteArray &line, qint64 lineOffset);
    void flushBatch();
    void submitBatch(const std::shared_ptr<Batch> &b);
    void onBatchSettled();
    void advanceCommitted();
    void saveState();
    void loadState();
    void closeFile();
    static bool statPath(const QString &path, FileId *id, qint64 *size);
    // A file under dir (recursively) that is the saved file (device, inode and head); empty when none.
    QString findSavedFile(const QString &dir);
    QString restoreCompressedSavedFile(const QString &dir);
    // The same file as the saved state: device and inode, and (inodes get reused) the same first bytes.
    bool isSavedFile(QFile &f, const FileId &id);
    static QByteArray headHash(QFile &f, qint64 len);

    const QString m_path;
    const QString m_stateDir;
    IngestSink *const m_sink;
    const Options m_opt;

    QFile *m_file = nullptr;
    FileId m_fileId;
    qint64 m_readPos = 0;     // next byte to read from m_file
    qint64 m_lineStart = 0;   // file offset of m_buffer's first byte
    QByteArray m_buffer;      // bytes read but not yet a complete line
    bool m_discarding = false;  // inside an overlong line: skip to the next newline
    std::vector<AlertRecord> m_pending;
    qint64 m_pendingEnd = 0;   // file offset just past the lines in m_pending
    qint64 m_queuedEnd = 0;    // end offset of the last batch queued for the current file

    // rotation seen while the old file may still be written: switch once it is drained
    bool m_rotationSeen = false;
    QElapsedTimer m_rotationClock;
    bool m_missingLogged = false;

    // state from disk (start-up)
    FileId m_savedId;
    qint64 m_savedOffset = -1;
    QByteArray m_savedHead;     // SHA-256 (hex) of the saved file's first m_savedHeadLen bytes
    qint64 m_savedHeadLen = 0;
    // the same fingerprint for the current file, grown up to kHeadBytes as it is committed
    static constexpr qint64 kHeadBytes = 1024;
    FileId m_headId;
    QByteArray m_headHash;
    qint64 m_headLen = 0;

    // committed position (follower thread)
    FileId m_committedId;
    qint64 m_committedOffset = 0;
    bool m_stateDirty = false;

    // What the sink's `done` holds instead of `this` (it may run after the follower is destroyed, e.g.
    // when stop() gave up waiting and the ingest writer commits the batch later): lock `mutex`, touch
    // the follower only while `follower` is set. The destructor clears it under the lock.
    struct Handle {
        std::mutex mutex;
        AlertsFileFollower *follower = nullptr;
    };
    std::shared_ptr<Handle> m_handle;
    void onSinkDone(const std::shared_ptr<Batch> &b, int n, const IngestResult &r);

    std::mutex m_mutex;  // guards m_batches' done/durable flags and m_inFlight
    std::condition_variable m_settled;
    std::deque<std::shared_ptr<Batch>> m_batches;  // in file order
    int m_inFlight = 0;  // alerts

    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_pollTimer = nullptr;
    QTimer *m_saveTimer = nullptr;
    QTimer *m_retryTimer = nullptr;
    bool m_running = false;
    bool m_checkQueued = false;

    std::atomic<qint64> m_linesSubmitted{0};
    std::atomic<qint64> m_badLines{0};
    std::atomic<qint64> m_belowMinLevel{0};
    std::atomic<qint64> m_committedOffsetPublic{0};
    std::atomic<qint64> m_rotations{0};
};

}  // namespace eos
