// RejectionLog: refused requests per reason in the last minute (per-second buckets that expire), the
// last ones in a bounded ring (a burst from one peer is one counted line), and the JSON that
// daemon_status carries read back the same.
#include "core/rejection_log.h"

#include <QJsonArray>
#include <QTest>

using namespace eos;

class TestRejectionLog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { RejectionLog::instance().reset(); }

    void lastMinuteExpires()
    {
        auto &log = RejectionLog::instance();
        const qint64 t0 = 1'700'000'000'000;
        log.record(QStringLiteral("auth"), 401, QStringLiteral("10.0.0.1"), 1, t0);
        log.record(QStringLiteral("auth"), 401, QStringLiteral("10.0.0.2"), 2, t0 + 10'000);
        log.record(QStringLiteral("too_large"), 413, QStringLiteral("10.0.0.3"), 1, t0 + 30'000);
        auto m = log.lastMinute(t0 + 30'000);
        QCOMPARE(m.value(QStringLiteral("auth")), qint64(3));
        QCOMPARE(m.value(QStringLiteral("too_large")), qint64(1));
        // 60 s after the first: it has left the window, the later ones not
        m = log.lastMinute(t0 + 60'000);
        QCOMPARE(m.value(QStringLiteral("auth")), qint64(2));
        m = log.lastMinute(t0 + 95'000);
        QVERIFY(!m.contains(QStringLiteral("auth")));
        QCOMPARE(m.value(QStringLiteral("too_large")), qint64(0));
        // a bucket reused a minute later starts from zero
        log.record(QStringLiteral("bad_json"), 400, QStringLiteral("10.0.0.4"), 1, t0 + 120'000);
        m = log.lastMinute(t0 + 120'000);
        QCOMPARE(m.size(), 1);
        QCOMPARE(m.value(QStringLiteral("bad_json")), qint64(1));
    }

    void recentIsBoundedAndCoalesced()
    {
        auto &log = RejectionLog::instance();
        const qint64 t0 = 1'700'000'000'000;
        // a flood from one peer within a second: one line, counted
        for (int i = 0; i < 500; ++i) log.record(QStringLiteral("auth"), 401, QStringLiteral("203.0.113.9"), 1, t0 + i);
        auto recent = log.recent();
        QCOMPARE(recent.size(), 1);
        QCOMPARE(recent.at(0).count, qint64(500));
        QCOMPARE(recent.at(0).peer, QStringLiteral("203.0.113.9"));
        // different peers are separate lines; the ring keeps the newest kRecent
        for (int i = 0; i < 80; ++i)
            log.record(QStringLiteral("bad_json"), 400, QStringLiteral("10.1.0.%1").arg(i), 1, t0 + 2000 + i);
        recent = log.recent();
        QCOMPARE(recent.size(), RejectionLog::kRecent);
        QCOMPARE(recent.last().peer, QStringLiteral("10.1.0.79"));
        QCOMPARE(recent.first().peer, QStringLiteral("10.1.0.%1").arg(80 - RejectionLog::kRecent));
        QCOMPARE(log.lastMinute(t0 + 3000).value(QStringLiteral("auth")), qint64(500));
    }

    void jsonRoundTrip()
    {
        auto &log = RejectionLog::instance();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        log.record(QStringLiteral("auth"), 401, QStringLiteral("192.0.2.1"), 1, now - 1000);
        log.record(QStringLiteral("overloaded"), 503, QStringLiteral("192.0.2.2"), 4, now);
        const QJsonObject o = log.toJson(now);
        QCOMPARE(o.value(QStringLiteral("recent")).toArray().size(), 2);
        const auto minute = RejectionLog::lastMinuteFromJson(o);
        QCOMPARE(minute.value(QStringLiteral("auth")), qint64(1));
        QCOMPARE(minute.value(QStringLiteral("overloaded")), qint64(4));
        const auto recent = RejectionLog::recentFromJson(o);
        QCOMPARE(recent.size(), 2);
        QCOMPARE(recent.at(0).atMs, now - 1000);
        QCOMPARE(recent.at(1).status, 503);
        QCOMPARE(recent.at(1).count, qint64(4));
        QCOMPARE(recent.at(1).reason, QStringLiteral("overloaded"));
        QVERIFY(RejectionLog::recentFromJson(QJsonObject()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRejectionLog)
#include "test_rejection_log.moc"
