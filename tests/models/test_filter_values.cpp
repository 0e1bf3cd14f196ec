// FilterValues: times (ISO with or without milliseconds or zone, a date alone, "yyyy-MM-dd HH:mm") read and
// written back the same; durations in every unit and back in the largest whole one; ranges with ".." (and
// "-" only where allowed); JSON paths as a containment document and as an SQL/JSON path, with quotes in keys
// escaped and paths that are not paths refused.
#include "filter_values.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using eos::FilterValues;

class TestFilterValues : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void timesRoundTrip()
    {
        for (const QString &v : {QStringLiteral("2026-12-01"), QStringLiteral("2026-12-01T08:30:00"),
                                 QStringLiteral("2026-12-01T08:30:00Z"), QStringLiteral("2026-12-01T08:30:00.250Z"),
                                 QStringLiteral("2026-12-01T08:30:00+01:00")}) {
            const auto t = FilterValues::parseTime(v);
            QVERIFY2(t, qPrintable(v));
            QCOMPARE(FilterValues::formatTime(*t), v);
        }
        const auto date = FilterValues::parseTime(QStringLiteral("2026-12-01"));
        QCOMPARE(date->time(), QTime(0, 0));  // a date alone: its local midnight
        QCOMPARE(date->timeSpec(), Qt::LocalTime);
        const auto minutes = FilterValues::parseTime(QStringLiteral("2026-12-01 08:30"));
        QVERIFY(minutes);
        QCOMPARE(minutes->time(), QTime(8, 30));
        QVERIFY(!FilterValues::parseTime(QStringLiteral("yesterday")));
        QVERIFY(!FilterValues::parseTime(QStringLiteral("2026-13-01")));
    }

    void durations()
    {
        QCOMPARE(FilterValues::parseDuration(QStringLiteral("90s")), 90);
        QCOMPARE(FilterValues::parseDuration(QStringLiteral("15m")), 900);
        QCOMPARE(FilterValues::parseDuration(QStringLiteral("2H")), 7200);
        QCOMPARE(FilterValues::parseDuration(QStringLiteral("7d")), 604800);
        QCOMPARE(FilterValues::parseDuration(QStringLiteral("1w")), 604800);
        QCOMPARE(FilterValues::parseDuration(QStringLiteral("15")), 0);
        QCOMPARE(FilterValues::parseDuration(QStringLiteral("-5m")), 0);
        QCOMPARE(FilterValues::parseDuration(QStringLiteral("1y")), 0);
        QCOMPARE(FilterValues::parseDuration(QStringLiteral("9999999999d")), 0);  // ten digits: not a duration
        QCOMPARE(FilterValues::formatDuration(604800), QStringLiteral("1w"));
        QCOMPARE(FilterValues::formatDuration(86400 * 3), QStringLiteral("3d"));
        QCOMPARE(FilterValues::formatDuration(7200), QStringLiteral("2h"));
        QCOMPARE(FilterValues::formatDuration(900), QStringLiteral("15m"));
        QCOMPARE(FilterValues::formatDuration(90), QStringLiteral("90s"));
    }

    void ranges()
    {
        auto r = FilterValues::parseRange(QStringLiteral("7..10"), false);
        QVERIFY(r);
        QCOMPARE(r->first, 7.0);
        QCOMPARE(r->second, 10.0);
        r = FilterValues::parseRange(QStringLiteral("-1.5..2.25"), false);
        QVERIFY(r);
        QCOMPARE(r->first, -1.5);
        QCOMPARE(r->second, 2.25);
        QVERIFY(!FilterValues::parseRange(QStringLiteral("5-9"), false));
        r = FilterValues::parseRange(QStringLiteral("5-9"), true);  // levels' older spelling
        QVERIFY(r && r->first == 5 && r->second == 9);
        QVERIFY(!FilterValues::parseRange(QStringLiteral("7.."), false));
        QVERIFY(!FilterValues::parseRange(QStringLiteral("a..b"), false));
        QCOMPARE(FilterValues::formatNumber(10), QStringLiteral("10"));
        QCOMPARE(FilterValues::formatNumber(2.25), QStringLiteral("2.25"));
        QVERIFY(FilterValues::isInt(QStringLiteral("5710")));
        QVERIFY(!FilterValues::isInt(QStringLiteral("57.1")));
    }

    void containmentDocuments()
    {
        const auto c = FilterValues::containment(QStringLiteral("data.win[0].x"), QJsonValue(QStringLiteral("v")));
        QVERIFY(c);
        const QJsonObject expected{{"data", QJsonObject{{"win", QJsonArray{QJsonObject{{"x", "v"}}}}}}};
        QCOMPARE(c->toObject(), expected);
        QCOMPARE(FilterValues::containment(QStringLiteral("rule.level"), QJsonValue(12))->toObject(),
                 QJsonObject({{"rule", QJsonObject{{"level", 12}}}}));
        QVERIFY(!FilterValues::containment(QStringLiteral("[0].x"), QJsonValue(1)));   // starts with an index
        QVERIFY(!FilterValues::containment(QStringLiteral("data..x"), QJsonValue(1)));  // empty segment
        QVERIFY(!FilterValues::containment(QStringLiteral("data."), QJsonValue(1)));
        QVERIFY(!FilterValues::containment(QStringLiteral("data.[0]"), QJsonValue(1)));
        QVERIFY(FilterValues::containment(QStringLiteral("a[0][1]"), QJsonValue(1)));
        QVERIFY(!FilterValues::containment(QString(), QJsonValue(1)));
    }

    void sqlJsonPaths()
    {
        QCOMPARE(FilterValues::jsonPath(QStringLiteral("data.win[0]")), QStringLiteral("$.\"data\".\"win\"[0]"));
        QCOMPARE(FilterValues::jsonPath(QStringLiteral("data.a\"b")), QStringLiteral("$.\"data\".\"a\\\"b\""));
        QCOMPARE(FilterValues::jsonPath(QStringLiteral("@timestamp")), QStringLiteral("$.\"@timestamp\""));
    }
};

QTEST_GUILESS_MAIN(TestFilterValues)
#include "test_filter_values.moc"
