// AlertParser: validation, canonical JSON and the dedup hash.
#include "ingest/alert_parser.h"
#include "sample_alerts.h"

#include <QFile>

#include <nlohmann/json.hpp>
#include <QTest>

using eos::AlertParser;
using eos::AlertRecord;

class TestAlertParser : public QObject {
    Q_OBJECT

    static QList<QByteArray> samples() { return eos::test::sampleAlertLines(); }

    static nlohmann::ordered_json reversedKeys(const nlohmann::ordered_json &j)
    {
        if (j.is_object()) {
            nlohmann::ordered_json out = nlohmann::ordered_json::object();
            std::vector<std::string> keys;
            for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
            for (auto k = keys.rbegin(); k != keys.rend(); ++k) out[*k] = reversedKeys(j.at(*k));
            return out;
        }
        if (j.is_array()) {
            nlohmann::ordered_json out = nlohmann::ordered_json::array();
            for (const auto &v : j) out.push_back(reversedKeys(v));
            return out;
        }
        return j;
    }

    static AlertRecord parseOk(const QByteArray &json)
    {
        AlertRecord r;
        QString msg;
        const auto e = AlertParser::parse(json, &r, &msg);
        if (e != AlertParser::Error::None) qWarning("unexpected parse error: %s", qPrintable(msg));
        return r;
    }

private Q_SLOTS:
    // the stored hashes must never change: each sample's hash as an independent implementation computes it
    void hashesMatchAnIndependentImplementation()
    {
        QFile f(QStringLiteral(EOS_TEST_DATA_DIR "/sample_alerts_50.sha256"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> expected = f.readAll().trimmed().split('\n');
        const QList<QByteArray> lines = samples();
        QCOMPARE(expected.size(), lines.size());
        for (int i = 0; i < lines.size(); ++i) {
            const AlertRecord r = parseOk(lines.at(i));
            QCOMPARE(r.hash, QString::fromLatin1(expected.at(i)));
            QCOMPARE(AlertParser::canonicalize(lines.at(i)), r.canonicalJson);
        }
    }

    void extractsColumns()
    {
        const AlertRecord r = parseOk(samples().first());
        QCOMPARE(r.agentId, QStringLiteral("001"));
        QCOMPARE(r.agentName, QStringLiteral("RHEL7"));
        QCOMPARE(r.agentIp, QStringLiteral("187.54.247.68"));
        QCOMPARE(r.ruleLevel, 3);
        QCOMPARE(r.ruleId, 5715);
        QCOMPARE(r.ruleDesc, QStringLiteral("sshd: authentication success."));
        QCOMPARE(r.groups, QStringList({"syslog", "sshd", "authentication_success"}));
        QCOMPARE(r.srcIp, QStringLiteral("16.4.20.20"));
        QCOMPARE(r.location, QStringLiteral("/var/log/secure"));
        // Wazuh's "+0000" offset is understood and normalised to UTC
        QCOMPARE(r.timestamp, QStringLiteral("2026-11-22T11:07:16.828Z"));
        QCOMPARE(r.hash.size(), 64);
    }

    void everySampleParses()
    {
        QSet<QString> hashes;
        for (const auto &s : samples()) {
            AlertRecord r;
            QString msg;
            QVERIFY2(AlertParser::parse(s, &r, &msg) == AlertParser::Error::None, qPrintable(msg));
            QVERIFY(!r.agentId.isEmpty());
            hashes.insert(r.hash);
        }
        QCOMPARE(hashes.size(), samples().size());  // distinct alerts, distinct hashes
    }

    void mitreIds()
    {
        const auto r = parseOk(R"({"rule":{"level":10,"id":"5712","mitre":{"id":["T1110","T1021"]}},"agent":{"id":"002"}})");
        QCOMPARE(r.mitreIds, QStringList({"T1110", "T1021"}));
    }

    void canonicalFormSortsKeysAndDropsWhitespace()
    {
        QCOMPARE(AlertParser::canonicalize(R"({ "b" : 1, "a" : { "d" : [ 2 , 1 ], "c" : "x" } })"),
                 QByteArray(R"({"a":{"c":"x","d":[2,1]},"b":1})"));
    }

    void reorderedKeysAreTheSameAlert()
    {
        const auto a = parseOk(R"({"rule":{"level":5,"id":"1","description":"d"},"agent":{"id":"001","name":"n"},"x":1.0})");
        const auto b = parseOk(R"({ "x": 1, "agent":{"name":"n","id":"001"}, "rule":{"description":"d","id":"1","level":5}})");
        QCOMPARE(a.hash, b.hash);
        QCOMPARE(a.canonicalJson, b.canonicalJson);
        // the same for every real sample with every object's keys reversed and pretty-printed
        for (const auto &orig : samples()) {
            const auto j = nlohmann::ordered_json::parse(orig.constData());
            const std::string rev = reversedKeys(j).dump(2);
            QVERIFY(QByteArray::fromStdString(rev) != orig);
            QCOMPARE(parseOk(QByteArray::fromStdString(rev)).hash, parseOk(orig).hash);
        }
        // and a changed alert hashes differently
        const QByteArray changed = QByteArray(samples().at(3)).replace("\"level\":", "\"level\":1");
        QVERIFY(parseOk(changed).hash != parseOk(samples().at(3)).hash);
    }

    void numberAndStringSpellingsNormalise()
    {
        const auto a = parseOk(R"({"rule":{"level":5},"agent":{"id":"001"},"n":100,"s":"é/"})");
        const auto b = parseOk(R"({"rule":{"level":5.0},"agent":{"id":"001"},"n":1e2,"s":"\u00e9\/"})");
        QCOMPARE(a.hash, b.hash);
        const auto c = parseOk(R"({"rule":{"level":5},"agent":{"id":"001"},"n":100.5,"s":"é/"})");
        QVERIFY(a.hash != c.hash);
    }

    void rejectsMalformedJson()
    {
        AlertRecord r;
        QString msg;
        QCOMPARE(AlertParser::parse("{\"rule\": {", &r, &msg), AlertParser::Error::BadJson);
        QVERIFY2(msg.contains(QStringLiteral("malformed JSON")), qPrintable(msg));
        QCOMPARE(AlertParser::parse("", &r, &msg), AlertParser::Error::BadJson);
        QCOMPARE(AlertParser::parse("\xff\xfe", &r, &msg), AlertParser::Error::BadJson);
    }

    void rejectsWhatIsNotAWazuhAlert_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("array") << QByteArray("[1,2]") << "not an object";
        QTest::newRow("no rule") << QByteArray(R"({"agent":{"id":"001"}})") << "no \"rule\" object";
        QTest::newRow("rule not object") << QByteArray(R"({"rule":3,"agent":{"id":"001"}})") << "no \"rule\" object";
        QTest::newRow("no level") << QByteArray(R"({"rule":{"id":"1"},"agent":{"id":"001"}})") << "no \"rule.level\"";
        QTest::newRow("level text") << QByteArray(R"({"rule":{"level":"high"},"agent":{"id":"001"}})") << "not a level number";
        // found by fuzz_alert_parser: converting an out-of-range double to an integer was undefined behaviour
        QTest::newRow("level 1e30") << QByteArray(R"({"rule":{"level":1e30},"agent":{"id":"001"}})") << "not a level number";
        QTest::newRow("level -1e300") << QByteArray(R"({"rule":{"level":-1e300},"agent":{"id":"001"}})") << "not a level number";
        QTest::newRow("level 2^64-1") << QByteArray(R"({"rule":{"level":18446744073709551615},"agent":{"id":"001"}})") << "not a level number";
        QTest::newRow("level 7.5") << QByteArray(R"({"rule":{"level":7.5},"agent":{"id":"001"}})") << "not a level number";
        QTest::newRow("no agent") << QByteArray(R"({"rule":{"level":3}})") << "no \"agent.id\"";
        QTest::newRow("empty agent id") << QByteArray(R"({"rule":{"level":3},"agent":{"id":""}})") << "no \"agent.id\"";
    }
    void rejectsWhatIsNotAWazuhAlert()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        AlertRecord r;
        QString msg;
        QCOMPARE(AlertParser::parse(json, &r, &msg), AlertParser::Error::NotWazuh);
        QVERIFY2(msg.contains(expected), qPrintable(msg));
    }

    void toleratesOddButValidShapes()
    {
        // numeric agent id and level given as a numeric string
        const auto r = parseOk(R"({"rule":{"level":"7","id":"abc"},"agent":{"id":7},"timestamp":"not a time"})");
        QCOMPARE(r.agentId, QStringLiteral("7"));
        QCOMPARE(r.ruleLevel, 7);
        QCOMPARE(r.ruleId, 0);
        QVERIFY(r.timestamp.isEmpty());
    }

    // PostgreSQL cannot store U+0000 (jsonb) or a NUL byte (text); an alert carrying one from a binary
    // log is kept with U+FFFD in its place, in values, keys and the extracted columns alike.
    void nulCharactersBecomeReplacementCharacters()
    {
        const auto r = parseOk(R"({"rule":{"level":5,"description":"bad\u0000desc"},"agent":{"id":"0\u00001"},)"
                               R"("full_log":"a\u0000b","data":{"we\u0000ird":1}})");
        const QString fffd(QChar(0xFFFD));
        QCOMPARE(r.ruleDesc, QStringLiteral("bad") + fffd + QStringLiteral("desc"));
        QCOMPARE(r.agentId, QStringLiteral("0") + fffd + QStringLiteral("1"));
        QVERIFY(!r.canonicalJson.contains("\\u0000"));
        QVERIFY(!r.canonicalJson.contains('\0'));
        const auto j = nlohmann::json::parse(r.canonicalJson.toStdString());
        QCOMPARE(QString::fromStdString(j["full_log"].get<std::string>()), QStringLiteral("a") + fffd + QStringLiteral("b"));
        QVERIFY(j["data"].contains("we\xEF\xBF\xBDird"));
        // the same alert sent again is still a duplicate
        QCOMPARE(parseOk(r.canonicalJson).hash, r.hash);
    }

    // A small body of deep nesting must be refused, not crash the daemon on a recursive walk.
    void refusesDeepNesting()
    {
        // (plain literals: moc miscounts braces inside raw strings)
        const QByteArray head = "{\"rule\":{\"level\":5},\"agent\":{\"id\":\"1\"},\"x\":";
        for (int depth : {200000, AlertParser::kMaxDepth}) {
            const QByteArray body = head + QByteArray(depth, '[') + QByteArray(depth, ']') + '}';
            AlertRecord r;
            QString msg;
            QCOMPARE(AlertParser::parse(body, &r, &msg), AlertParser::Error::BadJson);
            QVERIFY2(msg.contains(QStringLiteral("nested deeper")), qPrintable(msg));
            QVERIFY(AlertParser::canonicalize(body).isEmpty());
        }
        // just inside the limit (the alert object itself is one level) is fine, and brackets in strings do not count
        const int ok = AlertParser::kMaxDepth - 1;
        const QByteArray fine = head + QByteArray(ok, '[') + QByteArray(ok, ']') + ",\"s\":\"[[[[[[[[\x7b\x7b\x7b\\\"[[[\"" + '}';
        QVERIFY(!AlertParser::nestedDeeperThan(fine, AlertParser::kMaxDepth));
        QCOMPARE(parseOk(fine).agentId, QStringLiteral("1"));
    }

    void yearZeroIsNoTimestamp()
    {
        QVERIFY(parseOk(R"({"rule":{"level":5},"agent":{"id":"1"},"timestamp":"0000-01-01T00:00:00.000+0000"})").timestamp.isEmpty());
        QCOMPARE(parseOk(R"({"rule":{"level":5},"agent":{"id":"1"},"timestamp":"0001-01-01T12:00:00.000+0000"})").timestamp,
                 QStringLiteral("0001-01-01T12:00:00.000Z"));
    }
};

QTEST_GUILESS_MAIN(TestAlertParser)
#include "test_alert_parser.moc"
