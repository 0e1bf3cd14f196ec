// Backoff: exponential with full jitter between base/2 and base * 2^attempts, capped, never before
// Retry-After; the draws spread over the range (not one fixed value).
#include "core/backoff.h"

#include <QSet>
#include <QTest>

using eos::Backoff;

class TestBackoff : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void withinTheRangeOfEachAttempt()
    {
        for (int attempts = 0; attempts < 12; ++attempts) {
            const int hi = std::min(60000, 1000 * (1 << attempts));
            for (int i = 0; i < 200; ++i) {
                const int ms = Backoff::jitteredMs(attempts, 1000, 60000);
                QVERIFY2(ms >= 500 && ms <= hi, qPrintable(QStringLiteral("attempt %1: %2 ms").arg(attempts).arg(ms)));
            }
        }
    }

    void spreadsItsDraws()
    {
        QSet<int> seen;
        int sum = 0;
        for (int i = 0; i < 400; ++i) {
            const int ms = Backoff::jitteredMs(4, 1000, 600000);  // [500, 16000]
            seen.insert(ms / 1000);
            sum += ms;
        }
        QVERIFY2(seen.size() >= 10, "draws should cover most of the range's seconds");
        const double mean = sum / 400.0;
        QVERIFY2(mean > 6000 && mean < 10500, qPrintable(QString::number(mean)));  // about (500 + 16000) / 2
    }

    void neverBeforeRetryAfter()
    {
        for (int i = 0; i < 50; ++i) {
            QCOMPARE(Backoff::jitteredMs(0, 1000, 60000, 90000), 90000);
            QVERIFY(Backoff::jitteredMs(3, 1000, 60000, 10) >= 500);
        }
    }

    void degenerateSettings()
    {
        QVERIFY(Backoff::jitteredMs(0, 0, 0) >= 1);            // never zero: no hammering
        QVERIFY(Backoff::jitteredMs(-3, 1000, 60000) <= 1000);  // negative attempts read as 0
        QVERIFY(Backoff::jitteredMs(1000, 1000, 60000) <= 60000);
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "test_backoff.moc"
