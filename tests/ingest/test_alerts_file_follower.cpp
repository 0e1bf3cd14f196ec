// AlertsFileFollower against real PostgreSQL through the real IngestWriter: appends, partial lines, bad
// lines, rotation mid-stream, truncation, restart from the saved offset; plus backpressure and re-submits
// with a sink that holds its confirmations (the IngestSink contract, no database involved there).
#include "ingest/alert_parser.h"
#include "ingest/alerts_file_follower.h"
#include "ingest/ingest_writer.h"
#include "store/migrator.h"
#include "test_database.h"
#include "core/worker_thread.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <atomic>
#include <memory>
#include <mutex>

using namespace eos;
using eos::test::TestDatabase;

namespace {

QList<QByteArray> sampleLines()
{
    QFile f(QStringLiteral(EOS_TEST_DATA_DIR "/follower_alerts_300.ndjson"));
    if (!f.open(QIODevice::ReadOnly)) qFatal("missing follower_alerts_300.ndjson");
    QList<QByteArray> out;
    for (const QByteArray &l : f.readAll().split('\n'))
        if (!l.trimmed().isEmpty()) out.append(l.trimmed());
    return out;
}

// Distinct alerts (by dedup hash) among lines [from, to): what `alerts` must hold.
int distinct(const QList<QByteArray> &lines, qsizetype from, qsizetype to)
{
    QSet<QString> hashes;
    for (qsizetype i = from; i < to; ++i) {
        AlertRecord r;
        QString msg;
        if (AlertParser::parse(lines[i], &r, &msg) == AlertParser::Error::None) hashes.insert(r.hash);
    }
    return static_cast<int>(hashes.size());
}

bool append(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append)) return false;
    const bool ok = f.write(bytes) == bytes.size();
    f.close();
    return ok;
}

QByteArray joinLines(const QList<QByteArray> &lines, qsizetype from, qsizetype to)
{
    QByteArray out;
    for (qsizetype i = from; i < to; ++i) out += lines[i] + '\n';
    return out;
}


// Rotates `path` as Wazuh does: moved to <dir>/2026/Nov/ossec-alerts-<day>.json. Returns the new path,
// empty on failure.
QString rotateAway(const QTemporaryDir &tmp, const QString &path, int day)
{
    const QString rotated = tmp.filePath(QStringLiteral("2026/Nov/ossec-alerts-%1.json").arg(day));
    if (!QDir().mkpath(QFileInfo(rotated).absolutePath()) || !QFile::rename(path, rotated)) return {};
    return rotated;
}

int rows(const DbConnectionInfo &db) { return TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts")).toInt(); }

// A sink that keeps confirmations until released; counts what is outstanding.
class HoldingSink : public IngestSink {
public:
    void submit(std::vector<AlertRecord> alerts, Done done) override
    {
        std::lock_guard lock(m);
        outstanding += static_cast<int>(alerts.size());
        maxOutstanding = std::max(maxOutstanding, outstanding);
        submitted += static_cast<int>(alerts.size());
        held.push_back({static_cast<int>(alerts.size()), std::move(done)});
    }
    // Confirms everything held; the first `failBatches` of them as not durable.
    void releaseAll(int failBatches = 0)
    {
        std::vector<std::pair<int, Done>> now;
        {
            std::lock_guard lock(m);
            now.swap(held);
        }
        for (auto &h : now) {
            IngestResult r;
            r.durable = failBatches-- <= 0;
            if (r.durable) r.accepted = h.first;
            else r.error = QStringLiteral("scripted failure");
            {
                std::lock_guard lock(m);
                outstanding -= h.first;
                if (r.durable) confirmed += h.first;
            }
            h.second(r);
        }
    }
    int heldBatches()
    {
        std::lock_guard lock(m);
        return static_cast<int>(held.size());
    }
    std::mutex m;
    std::vector<std::pair<int, Done>> held;
    int outstanding = 0, maxOutstanding = 0, submitted = 0, confirmed = 0;
};

}  // namespace

class TestAlertsFileFollower : public QObject {
    Q_OBJECT

    QList<QByteArray> m_lines;

    // Both clean up on scope exit too, so a failed check does not leave threads running.
    struct Rig {
        DbConnectionInfo db;
        IngestWriter *writer = nullptr;
        std::unique_ptr<WorkerThread> writerThread;
        Rig() = default;
        Rig(Rig &&) = default;
        ~Rig() { if (writerThread) stopRig(*this); }
    };
    struct Running {
        AlertsFileFollower *follower = nullptr;
        std::unique_ptr<WorkerThread> thread;
        Running() = default;
        Running(Running &&) = default;
        ~Running() { if (thread) stopFollower(*this); }
    };

    static Rig startRig(const QString &hint)
    {
        Rig r;
        r.db = TestDatabase::create(hint);
        if (!TestDatabase::migrate(r.db)) qFatal("migration failed");
        IngestWriter::Options o;
        o.batchSize = 200;
        o.batchMs = 5;
        r.writer = new IngestWriter(r.db, o);
        r.writerThread = std::make_unique<WorkerThread>(QStringLiteral("ingest"), r.writer);
        r.writerThread->start();
        QMetaObject::invokeMethod(r.writer, &IngestWriter::start, Qt::BlockingQueuedConnection);
        return r;
    }
    static void stopRig(Rig &r)
    {
        QMetaObject::invokeMethod(r.writer, &IngestWriter::stop, Qt::BlockingQueuedConnection);
        r.writerThread.reset();
        TestDatabase::drop(r.db);
    }
    static Running startFollower(const QString &path, const QString &stateDir, IngestSink *sink,
                                 AlertsFileFollower::Options o = {})
    {
        o.pollMs = 50;
        o.stateSaveMs = 20;
        Running f;
        f.follower = new AlertsFileFollower(path, stateDir, sink, o);
        f.thread = std::make_unique<WorkerThread>(QStringLiteral("follower"), f.follower);
        f.thread->start();
        QMetaObject::invokeMethod(f.follower, &AlertsFileFollower::start, Qt::QueuedConnection);
        return f;
    }
    static void stopFollower(Running &f)
    {
        QMetaObject::invokeMethod(f.follower, &AlertsFileFollower::stop, Qt::BlockingQueuedConnection);
        f.thread.reset();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_lines = sampleLines();
        QCOMPARE(m_lines.size(), 300);
    }

    void appendedLinesAppear()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("alerts.json"));
        QVERIFY(append(path, joinLines(m_lines, 0, 50)));
        Rig rig = startRig(QStringLiteral("follower_append"));
        Running f = startFollower(path, tmp.filePath(QStringLiteral("state")), rig.writer);
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 50), 10000);
        for (int i = 50; i < 120; i += 10) QVERIFY(append(path, joinLines(m_lines, i, i + 10)));
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 120), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(f.follower->committedOffset(), QFileInfo(path).size(), 5000);
        QCOMPARE(f.follower->badLines(), 0);
        stopFollower(f);
        // the state names this file and the end of it
        QFile state(tmp.filePath(QStringLiteral("state/alerts-file-follower.json")));
        QVERIFY(state.open(QIODevice::ReadOnly));
        const QByteArray st = state.readAll();
        QVERIFY(st.contains("\"offset\":" + QByteArray::number(QFileInfo(path).size())));
        stopRig(rig);
    }

    // stop() gives up waiting while the database stalls, the follower is destroyed, and only then does the
    // ingest writer commit the batch and run its confirmation: that must not touch the follower (it held a
    // raw `this` before: a use-after-free, caught by ASan). The alerts are still stored; the follower's
    // saved offset stays before them, so they would be read again (and deduplicated) at the next start.
    void confirmationAfterTheFollowerIsGone()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("alerts.json"));
        QVERIFY(append(path, joinLines(m_lines, 0, 40)));
        Rig rig = startRig(QStringLiteral("follower_gone"));
        // a second connection holds an exclusive lock on alerts: the writer's INSERT waits on it
        QString err;
        {
            QSqlDatabase locker = rig.db.open(QStringLiteral("locker"), &err);
            QVERIFY2(locker.isOpen(), qPrintable(err));
            QSqlQuery q(locker);
            QVERIFY(q.exec(QStringLiteral("BEGIN")));
            QVERIFY(q.exec(QStringLiteral("LOCK TABLE alerts IN ACCESS EXCLUSIVE MODE")));
            AlertsFileFollower::Options o;
            o.stopWaitMs = 300;
            Running f = startFollower(path, tmp.filePath(QStringLiteral("state")), rig.writer, o);
            QTRY_VERIFY_WITH_TIMEOUT(f.follower->linesSubmitted() > 0, 10000);
            // the INSERT is waiting for the lock
            QTRY_VERIFY_WITH_TIMEOUT(TestDatabase::scalar(rig.db, QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE "
                                                                              "wait_event_type = 'Lock' AND datname = current_database()"))
                                             .toInt() > 0,
                                     10000);
            stopFollower(f);  // gives up after 300 ms and destroys the follower with its thread
            QVERIFY(!f.thread);
            QVERIFY(q.exec(QStringLiteral("ROLLBACK")));  // the writer commits now and runs the confirmation
        }
        QSqlDatabase::removeDatabase(QStringLiteral("locker"));
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 40), 10000);
        // the writer is still healthy: a later batch from a new follower is stored too
        QVERIFY(append(path, joinLines(m_lines, 40, 60)));
        Running g = startFollower(path, tmp.filePath(QStringLiteral("state")), rig.writer);
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 60), 10000);
        stopFollower(g);
        stopRig(rig);
    }

    void partialLineWaitsAndBadLinesAreSkipped()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("alerts.json"));
        const QByteArray third = m_lines[2];
        QVERIFY(append(path, m_lines[0] + "\nthis is not json\n" + m_lines[1] + "\n{\"not\":\"a wazuh alert\"}\n\n" +
                                 third.left(40)));
        Rig rig = startRig(QStringLiteral("follower_partial"));
        Running f = startFollower(path, tmp.filePath(QStringLiteral("state")), rig.writer);
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), 2, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(f.follower->badLines(), qint64(2), 5000);
        QTest::qWait(300);  // several polls: the partial line must still wait
        QCOMPARE(rows(rig.db), 2);
        const qint64 beforePartial = QFileInfo(path).size() - 40;
        QTRY_COMPARE_WITH_TIMEOUT(f.follower->committedOffset(), beforePartial, 5000);
        QVERIFY(append(path, third.mid(40)));
        QTest::qWait(200);
        QCOMPARE(rows(rig.db), 2);  // still no newline
        QVERIFY(append(path, "\n"));
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), 3, 10000);
        QCOMPARE(f.follower->badLines(), qint64(2));  // skipped once, not retried
        const QString thirdId = QJsonDocument::fromJson(third).object().value(QStringLiteral("id")).toString();
        QVERIFY(!thirdId.isEmpty());
        QCOMPARE(TestDatabase::scalar(rig.db, QStringLiteral("SELECT count(*) FROM alerts WHERE raw->>'id' = '%1'").arg(thirdId)),
                 QStringLiteral("1"));
        stopFollower(f);
        stopRig(rig);
    }

    void rotationMidStream()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("alerts.json"));
        QVERIFY(append(path, joinLines(m_lines, 0, 60)));
        Rig rig = startRig(QStringLiteral("follower_rotate"));
        Running f = startFollower(path, tmp.filePath(QStringLiteral("state")), rig.writer);
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 60), 10000);
        // Burst, then rotate at once (as Wazuh: rename, new file): the old file's tail, including a last line
        // without its newline, can only be read through the descriptor the follower still holds.
        QVERIFY(append(path, joinLines(m_lines, 60, 150) + m_lines[150]));
        QVERIFY(!rotateAway(tmp, path, 23).isEmpty());
        QVERIFY(append(path, joinLines(m_lines, 151, 200)));
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 200), 15000);
        QCOMPARE(f.follower->rotations(), qint64(1));
        QVERIFY(append(path, joinLines(m_lines, 200, 230)));
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 230), 10000);
        QCOMPARE(f.follower->linesSubmitted(), qint64(230));  // every line read exactly once
        QTRY_COMPARE_WITH_TIMEOUT(f.follower->committedOffset(), QFileInfo(path).size(), 5000);
        stopFollower(f);
        stopRig(rig);
    }

    void restartResumesFromSavedOffset()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("alerts.json"));
        const QString stateDir = tmp.filePath(QStringLiteral("state"));
        QVERIFY(append(path, joinLines(m_lines, 0, 100)));
        Rig rig = startRig(QStringLiteral("follower_restart"));
        Running a = startFollower(path, stateDir, rig.writer);
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 100), 10000);
        stopFollower(a);
        // written while Eos was down, the last line still incomplete
        QVERIFY(append(path, joinLines(m_lines, 100, 150) + m_lines[150].left(30)));
        Running b = startFollower(path, stateDir, rig.writer);
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 150), 10000);
        QCOMPARE(b.follower->linesSubmitted(), qint64(50));  // nothing read twice
        QVERIFY(append(path, m_lines[150].mid(30) + "\n"));
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 151), 10000);
        QCOMPARE(b.follower->linesSubmitted(), qint64(51));
        stopFollower(b);
        // written and rotated while stopped (as Wazuh does): the rest of the old file, found by its inode in
        // alerts/<year>/<month>/, is read first, then the new file from its start
        QVERIFY(append(path, joinLines(m_lines, 151, 156)));
        QVERIFY(!rotateAway(tmp, path, 22).isEmpty());
        QVERIFY(append(path, joinLines(m_lines, 156, 160)));
        Running c = startFollower(path, stateDir, rig.writer);
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 160), 10000);
        QCOMPARE(c.follower->linesSubmitted(), qint64(9));
        QTRY_COMPARE_WITH_TIMEOUT(c.follower->rotations(), qint64(1), 5000);
        stopFollower(c);
        // rotated while stopped and the old file gone (removed): the new file from its start
        QVERIFY(append(path, joinLines(m_lines, 160, 165)));
        QVERIFY(QFile::remove(path));  // its lines 160-164 are lost with it, as the warning says
        QVERIFY(append(path, joinLines(m_lines, 165, 170)));
        Running d = startFollower(path, stateDir, rig.writer);
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 160) + distinct(m_lines, 165, 170), 10000);
        QCOMPARE(d.follower->linesSubmitted(), qint64(5));
        stopFollower(d);
        stopRig(rig);
    }

    // Wazuh rotates alerts.json into alerts/<year>/<month>/ and gzips it soon after. Rotated and compressed
    // while Eos was stopped: the rest of the old file is unpacked and read before the new file, and the
    // unpacked copy does not stay behind.
    void compressedRotationWhileStopped()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("alerts.json"));
        const QString stateDir = tmp.filePath(QStringLiteral("state"));
        QVERIFY(append(path, joinLines(m_lines, 0, 80)));
        Rig rig = startRig(QStringLiteral("follower_gz"));
        Running a = startFollower(path, stateDir, rig.writer);
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 80), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(a.follower->committedOffset(), QFileInfo(path).size(), 5000);
        stopFollower(a);
        QVERIFY(append(path, joinLines(m_lines, 80, 110)));  // written while stopped, then rotated
        const QString rotated = rotateAway(tmp, path, 23);
        QVERIFY(!rotated.isEmpty());
        QCOMPARE(QProcess::execute(QStringLiteral("gzip"), {rotated}), 0);
        QVERIFY(!QFile::exists(rotated) && QFile::exists(rotated + QStringLiteral(".gz")));
        QVERIFY(append(path, joinLines(m_lines, 110, 125)));
        Running b = startFollower(path, stateDir, rig.writer);
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 125), 10000);
        QCOMPARE(b.follower->linesSubmitted(), qint64(45));  // the old file's 30 unread lines, the new file's 15
        QTRY_COMPARE_WITH_TIMEOUT(b.follower->rotations(), qint64(1), 5000);
        QTRY_COMPARE_WITH_TIMEOUT(b.follower->committedOffset(), QFileInfo(path).size(), 5000);
        QCOMPARE(QDir(stateDir).entryList({QStringLiteral("*.json")}, QDir::Files), QStringList{QStringLiteral("alerts-file-follower.json")});
        stopFollower(b);
        stopRig(rig);
    }

    void truncationRestartsAtZero()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("alerts.json"));
        QVERIFY(append(path, joinLines(m_lines, 0, 50)));
        Rig rig = startRig(QStringLiteral("follower_truncate"));
        Running f = startFollower(path, tmp.filePath(QStringLiteral("state")), rig.writer);
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 50), 10000);
        {
            QFile t(path);
            QVERIFY(t.open(QIODevice::WriteOnly | QIODevice::Truncate));  // same inode, size 0
            t.write(joinLines(m_lines, 50, 60));
        }
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 60), 10000);
        QCOMPARE(f.follower->linesSubmitted(), qint64(60));
        QTRY_COMPARE_WITH_TIMEOUT(f.follower->committedOffset(), QFileInfo(path).size(), 5000);
        stopFollower(f);
        stopRig(rig);
    }

    void backpressureBoundsInFlight()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("alerts.json"));
        QVERIFY(append(path, joinLines(m_lines, 0, 300)));
        HoldingSink sink;
        AlertsFileFollower::Options o;
        o.batchSize = 25;
        o.maxInFlight = 60;
        Running f = startFollower(path, tmp.filePath(QStringLiteral("state")), &sink, o);
        QTRY_VERIFY_WITH_TIMEOUT(sink.heldBatches() > 0, 5000);
        QTest::qWait(300);
        {
            std::lock_guard lock(sink.m);
            QVERIFY2(sink.submitted <= 60 + 25, qPrintable(QString::number(sink.submitted)));  // reading paused
        }
        QCOMPARE(f.follower->committedOffset(), qint64(0));  // nothing confirmed, nothing saved
        // the first batch fails once: it is submitted again and the position waits for it
        sink.releaseAll(1);
        for (int i = 0; i < 200 && [&] { std::lock_guard l(sink.m); return sink.confirmed; }() < 300; ++i) {
            QTest::qWait(25);
            sink.releaseAll();
        }
        {
            std::lock_guard lock(sink.m);
            QCOMPARE(sink.confirmed, 300);
            QVERIFY2(sink.maxOutstanding <= 60 + 25, qPrintable(QString::number(sink.maxOutstanding)));
        }
        QTRY_COMPARE_WITH_TIMEOUT(f.follower->committedOffset(), QFileInfo(path).size(), 5000);
        stopFollower(f);
    }

    void minLevelFiltersLikeTheListener()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("alerts.json"));
        QVERIFY(append(path, joinLines(m_lines, 0, 40)));
        int atLeast7 = 0;
        for (qsizetype i = 0; i < 40; ++i)
            if (QJsonDocument::fromJson(m_lines[i]).object().value(QStringLiteral("rule")).toObject().value(QStringLiteral("level")).toInt() >= 7)
                ++atLeast7;
        QVERIFY(atLeast7 > 0 && atLeast7 < 40);
        Rig rig = startRig(QStringLiteral("follower_minlevel"));
        AlertsFileFollower::Options o;
        o.minLevel = 7;
        Running f = startFollower(path, tmp.filePath(QStringLiteral("state")), rig.writer, o);
        QTRY_COMPARE_WITH_TIMEOUT(f.follower->committedOffset(), QFileInfo(path).size(), 10000);
        QCOMPARE(rows(rig.db), atLeast7);
        QCOMPARE(f.follower->belowMinLevel(), qint64(40 - atLeast7));
        QCOMPARE(TestDatabase::scalar(rig.db, QStringLiteral("SELECT count(*) FROM alerts WHERE rule_level < 7")), QStringLiteral("0"));
        stopFollower(f);
        stopRig(rig);
    }

    // The daemon with EOS_ALERTS_FILE: rotation, kill -9 mid-stream and a restart lose nothing.
    void daemonFollowsAlertsFile()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("alerts.json"));
        const QString emptyEnv = tmp.filePath(QStringLiteral("empty.env"));
        QVERIFY(append(emptyEnv, "# nothing\n"));
        QVERIFY(append(path, joinLines(m_lines, 0, 100)));
        const auto db = TestDatabase::create(QStringLiteral("follower_daemon"));
        auto dropDb = qScopeGuard([&] { TestDatabase::drop(db); });
        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        env.insert(QStringLiteral("HOME"), tmp.path());
        env.insert(QStringLiteral("EOS_ENV_FILE"), emptyEnv);
        env.insert(QStringLiteral("PG_DSN"), db.toUri());
        env.insert(QStringLiteral("EOS_DATA_DIR"), tmp.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("EOS_ALERTS_FILE"), path);
        env.insert(QStringLiteral("EOS_BATCH_MS"), QStringLiteral("5"));
        // a sanitizer build's daemon gets the suite's sanitizer options (suppressions, exit codes)
        for (const char *v : {"ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS"})
            if (qEnvironmentVariableIsSet(v)) env.insert(QString::fromLatin1(v), qEnvironmentVariable(v));
        auto startDaemon = [&](QProcess &p) {
            p.setProcessEnvironment(env);
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("--daemon")});
            return p.waitForStarted(5000);
        };
        auto dbRows = [&] { return rows(db); };

        QProcess first;
        QVERIFY(startDaemon(first));
        QTRY_COMPARE_WITH_TIMEOUT(dbRows(), distinct(m_lines, 0, 100), 20000);
        // rotation as Wazuh does it
        QVERIFY(append(path, joinLines(m_lines, 100, 150)));
        QVERIFY(!rotateAway(tmp, path, 23).isEmpty());
        QVERIFY(append(path, joinLines(m_lines, 150, 200)));
        QTRY_COMPARE_WITH_TIMEOUT(dbRows(), distinct(m_lines, 0, 200), 15000);
        // kill -9 while alerts arrive
        for (int i = 200; i < 260; i += 20) QVERIFY(append(path, joinLines(m_lines, i, i + 20)));
        ::kill(static_cast<pid_t>(first.processId()), SIGKILL);
        QVERIFY(first.waitForFinished(5000));
        QVERIFY(append(path, joinLines(m_lines, 260, 300)));  // written while it is down
        QProcess second;
        QVERIFY(startDaemon(second));
        QTRY_COMPARE_WITH_TIMEOUT(dbRows(), distinct(m_lines, 0, 300), 20000);
        second.terminate();
        QVERIFY2(second.waitForFinished(15000), second.readAll().constData());
        const QByteArray said = second.readAll();
        QVERIFY2(second.exitCode() == 0, qPrintable(QStringLiteral("exit code %1:\n%2").arg(second.exitCode()).arg(QString::fromUtf8(said.right(20000)))));
        QFile state(tmp.filePath(QStringLiteral("data/state/alerts-file-follower.json")));
        QVERIFY(state.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(state.readAll()).object().value(QStringLiteral("offset")).toInteger(),
                 QFileInfo(path).size());
        QCOMPARE(dbRows(), distinct(m_lines, 0, 300));
    }

    void waitsForTheFileToAppear()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("alerts.json"));
        Rig rig = startRig(QStringLiteral("follower_appear"));
        Running f = startFollower(path, tmp.filePath(QStringLiteral("state")), rig.writer);
        QTest::qWait(150);
        QVERIFY(append(path, joinLines(m_lines, 0, 5)));
        QTRY_COMPARE_WITH_TIMEOUT(rows(rig.db), distinct(m_lines, 0, 5), 10000);
        stopFollower(f);
        stopRig(rig);
    }
};

QTEST_GUILESS_MAIN(TestAlertsFileFollower)
#include "test_alerts_file_follower.moc"
