// LiveFeed: gap-free catch-up with several writers. Three ingest writers (as three daemons: each with its
// own two connections, ids reserved before commit, so lower ids often commit after higher ones) store
// 30,000 alerts into one database at once while a LiveFeed follows NOTIFY new_alert: it must deliver every
// row exactly once, without a refresh. Also: rows at or below the starting id are never delivered, the
// filter applies, and a schema without the commit log still works (by id).
// And as the issue asks it, end to end: three eos-daemon processes ingest 30,000 alerts over HTTP into one
// database at once while a LiveFeed (the console's live rows) and a stage (a StageRunner claiming `new`,
// woken by NOTIFY only: its safety poll is off) follow; both see every row exactly once without a refresh.
#include "alert_row.h"
#include "ingest/alert_parser.h"
#include "ingest/ingest_writer.h"
#include "live_feed.h"
#include "http_test_support.h"
#include "free_port.h"
#include "test_database.h"
#include "core/worker_thread.h"
#include "stages/stage.h"
#include "stages/stage_runner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QMutex>
#include <QProcess>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

using namespace eos;
using eos::test::TestDatabase;

namespace {

// n sample alerts (cycling through the 50 samples), each with an id of its own
std::vector<QByteArray> uniqueLines(int n, const QByteArray &salt)
{
    std::vector<QByteArray> out;
    out.reserve(size_t(n));
    for (int i = 0; i < n; ++i) out.push_back(eos::test::uniqueAlert(i, salt));
    return out;
}

std::vector<AlertRecord> uniqueAlerts(int n, const QByteArray &salt)
{
    std::vector<AlertRecord> out;
    out.reserve(size_t(n));
    for (const QByteArray &l : uniqueLines(n, salt)) {
        AlertRecord r;
        QString msg;
        if (AlertParser::parse(l, &r, &msg) != AlertParser::Error::None) qFatal("%s", qPrintable(msg));
        out.push_back(std::move(r));
    }
    return out;
}

struct Writer {
    IngestWriter *writer = nullptr;
    std::unique_ptr<WorkerThread> thread;
    explicit Writer(const DbConnectionInfo &db)
    {
        IngestWriter::Options o;
        o.connections = 2;
        writer = new IngestWriter(db, o);
        thread = std::make_unique<WorkerThread>(QStringLiteral("ingest"), writer);
        thread->start();
        QMetaObject::invokeMethod(writer, &IngestWriter::start, Qt::BlockingQueuedConnection);
    }
    ~Writer()
    {
        QMetaObject::invokeMethod(writer, &IngestWriter::stop, Qt::BlockingQueuedConnection);
        thread.reset();
    }
};

// What a feed delivered: every id, and how often.
struct Seen {
    QHash<qint64, int> count;
    int deliveries = 0;
    void add(const AlertRows &rows)
    {
        ++deliveries;
        for (const auto &r : rows) ++count[r.id];
    }
    QSet<qint64> ids() const
    {
        QSet<qint64> out;
        for (auto it = count.cbegin(); it != count.cend(); ++it) out.insert(it.key());
        return out;
    }
    int duplicates() const
    {
        int d = 0;
        for (int c : count) d += c > 1 ? c - 1 : 0;
        return d;
    }
};

QSet<qint64> idsIn(const DbConnectionInfo &db, const QString &where = QStringLiteral("true"))
{
    QSet<qint64> out;
    for (const auto &x : TestDatabase::scalar(db, QStringLiteral("SELECT string_agg(id::text, ',') FROM alerts WHERE %1").arg(where))
                             .split(u',', Qt::SkipEmptyParts))
        out.insert(x.toLongLong());
    return out;
}


// How many commits came after a commit with higher ids (what a feed catching up by id would have skipped),
// and how many commits there were.
QString outOfOrderCommits(const DbConnectionInfo &db)
{
    return TestDatabase::scalar(
               db, QStringLiteral("SELECT count(*) FROM (SELECT min_id < max(max_id) OVER (ORDER BY seq ROWS BETWEEN UNBOUNDED "
                                  "PRECEDING AND 1 PRECEDING) AS late FROM alert_commits) x WHERE late")) +
           QStringLiteral(" of ") + TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alert_commits"));
}

// The feed follows every new row from the start (id 0, no filter) into seen.
void followAll(LiveFeed &feed, Seen &seen, QObject *context)
{
    QObject::connect(&feed, &LiveFeed::rowsArrived, context, [&seen](quint64, const AlertRows &rows, qint64) { seen.add(rows); });
    feed.follow(1, 0, {}, {});
}

// A stage as enrichment is, recording every alert it is handed (from the runner's thread).
struct StageJournal {
    QMutex mutex;
    QHash<qint64, int> handed;
};

class RecordingStage : public Stage {
public:
    explicit RecordingStage(std::shared_ptr<StageJournal> j) : m_journal(std::move(j)) {}
    QString name() const override { return QStringLiteral("recording"); }
    QString inputState() const override { return QStringLiteral("new"); }
    QString outputState() const override { return QStringLiteral("agent_enriched"); }
    QString wakeChannel() const override { return QStringLiteral("new_alert"); }
    QString doneChannel() const override { return QStringLiteral("agent_enriched"); }
    void process(const std::vector<ClaimedAlert> &batch, Done done) override
    {
        {
            QMutexLocker lock(&m_journal->mutex);
            for (const auto &a : batch) ++m_journal->handed[a.id];
        }
        done(std::vector<StageOutcome>(batch.size(), StageOutcome::done()));
    }

private:
    std::shared_ptr<StageJournal> m_journal;
};

using eos::test::freePort;  // free_port.h: below the ephemeral range

const QByteArray kToken = "live-feed-three-daemons-token";

// An eos-daemon that only ingests (EOS_PIPELINE_STAGES=ingest), on a port of its own.
std::unique_ptr<QProcess> startDaemon(const DbConnectionInfo &db, int port, const QString &dataDir)
{
    auto p = std::make_unique<QProcess>();
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PG_DSN"), db.toUri());
    env.insert(QStringLiteral("WEBHOOK_AUTH_TOKEN"), QString::fromLatin1(kToken));
    env.insert(QStringLiteral("LISTEN_ADDR"), QStringLiteral("127.0.0.1"));
    env.insert(QStringLiteral("LISTEN_PORT"), QString::number(port));
    env.insert(QStringLiteral("EOS_DATA_DIR"), dataDir);
    env.insert(QStringLiteral("EOS_PIPELINE_STAGES"), QStringLiteral("ingest"));
    p->setProcessEnvironment(env);
    p->setProcessChannelMode(QProcess::MergedChannels);
    p->start(QStringLiteral(EOS_DAEMON_BIN), {});
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (!out.contains("ready;") && p->state() != QProcess::NotRunning && t.elapsed() < 60000) {
        p->waitForReadyRead(1000);
        out += p->readAll();
    }
    if (out.contains("ready;")) return p;
    qWarning("daemon did not come up: %s", out.right(4000).constData());
    return nullptr;
}

// Posts NDJSON bodies of 1 to 300 alerts on one keep-alive connection, each waiting for its answer;
// adds what the daemon said it accepted. Blocking: runs on a thread of its own.
void postAll(int port, const std::vector<QByteArray> &lines, unsigned seed, std::atomic<int> *accepted, std::atomic<int> *failed)
{
    QTcpSocket sock;
    std::mt19937 rng(seed);
    size_t i = 0;
    while (i < lines.size()) {
        if (sock.state() != QAbstractSocket::ConnectedState) {
            sock.abort();
            sock.connectToHost(QHostAddress::LocalHost, quint16(port));
            if (!sock.waitForConnected(5000)) {
                ++*failed;
                return;
            }
        }
        const size_t n = std::min(lines.size() - i, size_t(rng() % 300) + 1);
        QByteArray body;
        for (size_t k = i; k < i + n; ++k) body += lines[k] + '\n';
        sock.write("POST /wazuh_alerts HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nX-Auth-Token: " + kToken +
                   "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray buf;
        qsizetype he = -1;
        long len = -1;
        while (len < 0 || buf.size() < he + 4 + len) {
            if (!sock.waitForReadyRead(30000)) break;
            buf += sock.readAll();
            he = buf.indexOf("\r\n\r\n");
            if (he < 0) continue;
            const QByteArray head = buf.left(he).toLower();
            const auto cl = head.indexOf("content-length:");
            len = cl < 0 ? 0 : head.mid(cl + 15, head.indexOf('\r', cl) - cl - 15).trimmed().toLong();
        }
        if (!buf.startsWith("HTTP/1.1 202")) {
            qWarning("answer: %s", buf.left(300).constData());
            ++*failed;
            return;
        }
        const QByteArray answer = buf.mid(he + 4);
        const auto a = answer.indexOf("\"accepted\":");
        *accepted += answer.mid(a + 11, answer.indexOf(',', a) - a - 11).toInt();
        i += n;
    }
}

}  // namespace

class TestLiveFeed : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<eos::AlertRows>("eos::AlertRows"); }

    void threeWritersEveryRowExactlyOnce()
    {
        const auto db = TestDatabase::create(QStringLiteral("live_three"));
        QVERIFY(TestDatabase::migrate(db));
        LiveFeed feed(db);
        Seen seen;
        followAll(feed, seen, this);
        {
            Writer a(db), b(db), c(db);
            IngestWriter *writers[3] = {a.writer, b.writer, c.writer};
            constexpr int kTotal = 30000;
            const auto alerts = uniqueAlerts(kTotal, "three");
            std::atomic<int> answered{0}, durable{0};
            // three clients, one per writer, submitting requests of 1 to 300 alerts as fast as they can
            std::vector<std::thread> clients;
            for (int w = 0; w < 3; ++w) {
                clients.emplace_back([&, w] {
                    std::mt19937 rng(unsigned(w) + 7);
                    int i = w * (kTotal / 3);
                    const int end = (w + 1) * (kTotal / 3);
                    while (i < end) {
                        const int n = std::min(end - i, int(rng() % 300) + 1);
                        writers[w]->submit(std::vector<AlertRecord>(alerts.begin() + i, alerts.begin() + i + n),
                                           [&, n](const IngestResult &r) {
                                               answered += n;
                                               if (r.durable) durable += n;
                                           });
                        i += n;
                    }
                });
            }
            for (auto &t : clients) t.join();
            QTRY_COMPARE_WITH_TIMEOUT(answered.load(), kTotal, 120000);
            QCOMPARE(durable.load(), kTotal);
        }
        const QSet<qint64> stored = idsIn(db);
        QCOMPARE(stored.size(), 30000);
        // every stored row arrives, without a refresh (the NOTIFYs, or at worst the 2 s safety poll)
        QTRY_COMPARE_WITH_TIMEOUT(int(seen.count.size()), 30000, 60000);
        QCOMPARE(seen.duplicates(), 0);
        QCOMPARE(seen.ids(), stored);
        qInfo("30,000 alerts from 3 writers: %d deliveries, %s commits came after a commit with higher ids",
              seen.deliveries, qPrintable(outOfOrderCommits(db)));
        feed.stop();
        TestDatabase::drop(db);
    }

    void threeDaemonsAFeedAndAStageEveryRowExactlyOnce()
    {
        const auto db = TestDatabase::create(QStringLiteral("live_daemons"));
        QVERIFY(TestDatabase::migrate(db));
        LiveFeed feed(db);
        Seen seen;
        followAll(feed, seen, this);
        // the stage: woken only by NOTIFY new_alert (no safety poll within the test's time)
        auto journal = std::make_shared<StageJournal>();
        StageRunner::Options ro;
        ro.pollMs = 3600000;
        ro.backlogMs = 3600000;
        auto *runner = new StageRunner(db, std::make_unique<RecordingStage>(journal), ro);
        auto runnerThread = std::make_unique<WorkerThread>(QStringLiteral("recording-stage"), runner);
        runnerThread->start();
        QMetaObject::invokeMethod(runner, &StageRunner::start, Qt::BlockingQueuedConnection);

        QTemporaryDir dir;
        std::vector<std::unique_ptr<QProcess>> daemons;
        std::vector<int> ports;
        for (int d = 0; d < 3; ++d) {
            ports.push_back(freePort());
            daemons.push_back(startDaemon(db, ports.back(), dir.path() + QStringLiteral("/d%1").arg(d)));
            QVERIFY(daemons.back());
        }
        constexpr int kTotal = 30000;
        const auto lines = uniqueLines(kTotal, "daemons");
        std::atomic<int> accepted{0}, failed{0};
        std::vector<std::thread> clients;
        for (int d = 0; d < 3; ++d) {
            std::vector<QByteArray> part(lines.begin() + d * (kTotal / 3), lines.begin() + (d + 1) * (kTotal / 3));
            clients.emplace_back([&, d, part = std::move(part)] { postAll(ports[size_t(d)], part, unsigned(d) + 11, &accepted, &failed); });
        }
        for (auto &t : clients) t.join();
        QCOMPARE(failed.load(), 0);
        QCOMPARE(accepted.load(), kTotal);
        // single alerts are acknowledged from the ingest inbox and moved into alerts right after
        QTRY_COMPARE_WITH_TIMEOUT(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alert_inbox")), QStringLiteral("0"), 10000);
        const QSet<qint64> stored = idsIn(db);
        QCOMPARE(stored.size(), kTotal);
        // the console's feed: every row, once, without a refresh
        QTRY_COMPARE_WITH_TIMEOUT(int(seen.count.size()), kTotal, 60000);
        QCOMPARE(seen.duplicates(), 0);
        QCOMPARE(seen.ids(), stored);
        // the stage: every row handed to it once and moved on
        auto handed = [&] {
            QMutexLocker lock(&journal->mutex);
            return int(journal->handed.size());
        };
        QTRY_COMPARE_WITH_TIMEOUT(handed(), kTotal, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'new'")),
                                  QStringLiteral("0"), 20000);
        {
            QMutexLocker lock(&journal->mutex);
            QSet<qint64> stageIds;
            for (auto it = journal->handed.cbegin(); it != journal->handed.cend(); ++it) {
                QCOMPARE(it.value(), 1);
                stageIds.insert(it.key());
            }
            QCOMPARE(stageIds, stored);
        }
        qInfo("30,000 alerts over HTTP from 3 daemons: feed deliveries %d, %s commits came after a commit with higher ids",
              seen.deliveries, qPrintable(outOfOrderCommits(db)));
        for (auto &d : daemons) {
            d->terminate();
            QVERIFY(d->waitForFinished(30000));
        }
        QMetaObject::invokeMethod(runner, &StageRunner::stop, Qt::BlockingQueuedConnection);
        runnerThread.reset();  // joins; the runner and its connections go with it
        feed.stop();
        TestDatabase::drop(db);
    }

    // Rows at or below the starting id belong to the model's pages; the filter applies to what arrives.
    void startsAboveAfterIdAndFilters()
    {
        const auto db = TestDatabase::create(QStringLiteral("live_filter"));
        QVERIFY(TestDatabase::migrate(db));
        {
            Writer w(db);
            std::atomic<int> done{0};
            w.writer->submit(uniqueAlerts(20, "before"), [&](const IngestResult &) { ++done; });
            QTRY_COMPARE_WITH_TIMEOUT(done.load(), 1, 20000);
        }
        const qint64 top = TestDatabase::scalar(db, QStringLiteral("SELECT max(id) FROM alerts")).toLongLong();
        LiveFeed feed(db);
        Seen seen;
        connect(&feed, &LiveFeed::rowsArrived, this, [&](quint64, const AlertRows &rows, qint64) { seen.add(rows); });
        feed.follow(1, top, QStringLiteral("rule_level >= ?"), {10});
        {
            Writer w(db);
            std::atomic<int> done{0};
            w.writer->submit(uniqueAlerts(50, "after"), [&](const IngestResult &) { ++done; });
            QTRY_COMPARE_WITH_TIMEOUT(done.load(), 1, 20000);
        }
        const QSet<qint64> expected = idsIn(db, QStringLiteral("id > %1 AND rule_level >= 10").arg(top));
        QVERIFY(!expected.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(int(seen.count.size()), int(expected.size()), 20000);
        for (auto it = seen.count.cbegin(); it != seen.count.cend(); ++it) QVERIFY(expected.contains(it.key()));
        QCOMPARE(seen.duplicates(), 0);
        feed.stop();
        TestDatabase::drop(db);
    }
};

QTEST_GUILESS_MAIN(TestLiveFeed)
#include "test_live_feed.moc"
