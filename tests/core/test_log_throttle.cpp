// LogThrottle: at most one message an interval, and the next one says how many were held back.
#include "core/log_throttle.h"

#include <QTest>

using eos::LogThrottle;

class TestLogThrottle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneAnIntervalWithTheCountHeldBack()
    {
        LogThrottle t;
        qint64 held = -1;
        QVERIFY(t.allow(1000, 10000, &held));  // the first always goes
        QCOMPARE(held, 0);
        held = -1;
        for (qint64 ms = 1001; ms < 11000; ms += 1000) QVERIFY(!t.allow(ms, 10000, &held));
        QCOMPARE(held, -1);  // untouched while held back
        QVERIFY(t.allow(11000, 10000, &held));
        QCOMPARE(held, 10);
        QVERIFY(!t.allow(11001, 10000, &held));
        QVERIFY(t.allow(30000, 10000, &held));
        QCOMPARE(held, 1);
        QVERIFY(t.allow(50000, 10000, &held));  // nothing in between
        QCOMPARE(held, 0);
    }

    void aZeroIntervalHoldsNothingBack()
    {
        LogThrottle t;
        qint64 held = 0;
        for (int i = 0; i < 5; ++i) QVERIFY(t.allow(42, 0, &held));
        QCOMPARE(held, 0);
    }
};

QTEST_GUILESS_MAIN(TestLogThrottle)
#include "test_log_throttle.moc"
