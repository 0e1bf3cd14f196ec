// LiveFeed: gap-free catch-up with several writers. Three ingest writers (as three daemons: each with its
// own two connections, ids reserved before commit, so lower ids often commit after higher ones) store
// 30,000 alerts into one database at once while a LiveFeed follows NOTIFY new_alert: it must deliver every
// row exactly once, without a refresh. Also: rows at or below the starting id are never delivered, the
// filter applies, and a schema without the commit log still works (by id).
#include "alert_row.h"
#include "ingest/alert_parser.h"
#include "ingest/ingest_writer.h"
#include "live_feed.h"
#include "test_database.h"
#include "core/worker_thread.h"

#include <QFile>
#include <QSet>
#include <QTest>

#include <atomic>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

using namespace eos;
using eos::test::TestDatabase;

namespace {

std::vector<AlertRecord> uniqueAlerts(int n, const QByteArray &salt)
{
    QFile f(QStringLiteral(EOS_TEST_DATA_DIR "/sample_alerts_50.ndjson"));
    if (!f.open(QIODevice::ReadOnly)) qFatal("missing samples");
    const auto lines = f.readAll().split('\n');
    std::vector<AlertRecord> out;
    out.reserve(size_t(n));
    for (int i = 0; i < n; ++i) {
        QByteArray l = lines[i % 50];
        l.replace("\"id\":\"17", "\"id\":\"" + salt + '-' + QByteArray::number(i) + "-17");
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
        connect(&feed, &LiveFeed::rowsArrived, this, [&](quint64, const AlertRows &rows, qint64) { seen.add(rows); });
        feed.follow(1, 0, {}, {});
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
        QSet<qint64> got;
        for (auto it = seen.count.cbegin(); it != seen.count.cend(); ++it) got.insert(it.key());
        QCOMPARE(got, stored);
        // how often commits were out of id order (what a feed catching up by id would have skipped)
        const QString outOfOrder = TestDatabase::scalar(
            db, QStringLiteral("SELECT count(*) FROM (SELECT min_id < max(max_id) OVER (ORDER BY seq ROWS BETWEEN UNBOUNDED "
                               "PRECEDING AND 1 PRECEDING) AS late FROM alert_commits) x WHERE late"));
        qInfo("30,000 alerts from 3 writers: %d deliveries, %s of %s commits came after a commit with higher ids",
              seen.deliveries, qPrintable(outOfOrder),
              qPrintable(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM alert_commits"))));
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
