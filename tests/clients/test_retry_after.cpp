// RetryAfter: delay-seconds and the three HTTP date forms (RFC 9110 §5.6.7) become a delay from now;
// what is absent, negative or unreadable is -1, a date in the past is 0.
#include "clients/retry_after.h"

#include <QLocale>
#include <QTest>

using eos::RetryAfter;

class TestRetryAfter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void delaySeconds()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(RetryAfter::ms("1", now), 1000);
        QCOMPARE(RetryAfter::ms(" 120 ", now), 120000);
        QCOMPARE(RetryAfter::ms("0", now), 0);
        QCOMPARE(RetryAfter::ms("86400", now), 86400000);
    }

    void absentOrUnreadable()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(RetryAfter::ms("", now), -1);
        QCOMPARE(RetryAfter::ms("   ", now), -1);
        QCOMPARE(RetryAfter::ms("soon", now), -1);
        QCOMPARE(RetryAfter::ms("-5", now), -1);
        QCOMPARE(RetryAfter::ms("1.5", now), -1);  // delay-seconds is an integer
        QCOMPARE(RetryAfter::ms("Wed, 32 Oct 2015 07:28:00 GMT", now), -1);
    }

    void httpDates()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDateTime at = now.addSecs(30);
        const QLocale c = QLocale::c();
        const QByteArray imf = c.toString(at, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
        const qint64 ms = RetryAfter::ms(imf, now);
        QVERIFY2(ms > 28000 && ms <= 30000, qPrintable(QString::fromLatin1(imf) + ' ' + QString::number(ms)));
        const QByteArray rfc850 = c.toString(at, QStringLiteral("dddd, dd-MMM-yy HH:mm:ss 'GMT'")).toLatin1();
        QVERIFY(std::abs(RetryAfter::ms(rfc850, now) - ms) < 1000);
        const QByteArray asctime = c.toString(at, QStringLiteral("ddd MMM d HH:mm:ss yyyy")).toLatin1();
        QVERIFY(std::abs(RetryAfter::ms(asctime, now) - ms) < 1000);
    }

    void aDateInThePastIsNow()
    {
        QCOMPARE(RetryAfter::ms("Wed, 21 Oct 2015 07:28:00 GMT", QDateTime::currentDateTimeUtc()), 0);
    }

    void aDateIsReadAsGmtWhateverTheLocalZone()
    {
        // the same instant from a clock whose local zone is not UTC: the delay does not move by the offset
        const QDateTime now(QDate(2026, 12, 2), QTime(12, 0, 0), Qt::UTC);
        QCOMPARE(RetryAfter::ms("Wed, 02 Dec 2026 12:01:00 GMT", now), 60000);
        QCOMPARE(RetryAfter::ms("Wed, 02 Dec 2026 12:01:00 GMT", now.toOffsetFromUtc(3600)), 60000);
    }
};

QTEST_GUILESS_MAIN(TestRetryAfter)
#include "test_retry_after.moc"
