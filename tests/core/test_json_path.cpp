// JsonPath: a dotted path into an alert, as routes, policies, prompts, templates and the console name fields;
// numeric parts index arrays; anything missing (or a step into a scalar) is Undefined, never a crash.
#include "core/json_path.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using eos::JsonPath;

namespace {
QJsonObject alert()
{
    return QJsonDocument::fromJson(R"({"rule": {"id": "5710", "level": 5, "groups": ["syslog", "sshd"],
        "mitre": {"id": ["T1110"], "tactic": ["Credential Access"]}, "pci_dss": []},
        "data": {"srcip": "10.0.0.7", "srcport": "4242", "win": {"system": {"eventID": 4625}}, "": "empty key"},
        "agent": {"id": "001"}, "full_log": "Failed password", "flag": true, "nothing": null})")
        .object();
}
}  // namespace

class TestJsonPath : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsNestedValues()
    {
        const QJsonObject a = alert();
        QCOMPARE(JsonPath::value(a, u"rule.id").toString(), QStringLiteral("5710"));
        QCOMPARE(JsonPath::value(a, u"rule.level").toInt(), 5);
        QCOMPARE(JsonPath::value(a, u"data.win.system.eventID").toInt(), 4625);
        QCOMPARE(JsonPath::value(a, u"full_log").toString(), QStringLiteral("Failed password"));
        QVERIFY(JsonPath::value(a, u"flag").toBool());
        QVERIFY(JsonPath::value(a, u"nothing").isNull());
        QCOMPARE(JsonPath::value(a, u"rule.groups").toArray().size(), 2);
        QCOMPARE(JsonPath::value(a, u"rule.mitre").toObject().value(QStringLiteral("id")).toArray().at(0).toString(),
                 QStringLiteral("T1110"));
    }

    void indexesArraysByNumber()
    {
        const QJsonObject a = alert();
        QCOMPARE(JsonPath::value(a, u"rule.groups.0").toString(), QStringLiteral("syslog"));
        QCOMPARE(JsonPath::value(a, u"rule.groups.1").toString(), QStringLiteral("sshd"));
        QCOMPARE(JsonPath::value(a, u"rule.mitre.tactic.0").toString(), QStringLiteral("Credential Access"));
        // past the end, negative, signed, spaced, not a number, an empty array
        for (const auto *p : {u"rule.groups.2", u"rule.groups.-1", u"rule.groups.+1", u"rule.groups. 1", u"rule.groups.x",
                              u"rule.groups.99999999999999999999", u"rule.pci_dss.0"})
            QVERIFY2(JsonPath::value(a, QStringView(p)).isUndefined(), qPrintable(QStringView(p).toString()));
    }

    void missingIsUndefined_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("no such key") << "rule.nope";
        QTest::newRow("no such branch") << "nope.deeper.still";
        QTest::newRow("through a string") << "rule.id.deeper";
        QTest::newRow("through a number") << "rule.level.x";
        QTest::newRow("through a bool") << "flag.x";
        QTest::newRow("through null") << "nothing.x";
        QTest::newRow("through an array element's scalar") << "rule.groups.0.x";
        QTest::newRow("trailing dot") << "rule.";
        QTest::newRow("double dot") << "rule..id";
    }

    void missingIsUndefined()
    {
        QFETCH(QString, path);
        QVERIFY(JsonPath::value(alert(), path).isUndefined());
    }

    void emptyPartsAreKeysLikeAnyOther()
    {
        // Wazuh decoders can produce an empty key; "data." names it, as a plain split would
        QCOMPARE(JsonPath::value(alert(), u"data.").toString(), QStringLiteral("empty key"));
    }

    void anEmptyPathIsTheDocument()
    {
        const QJsonObject a = alert();
        QCOMPARE(JsonPath::value(a, u"").toObject(), a);
        QVERIFY(JsonPath::value(QJsonObject(), u"rule.id").isUndefined());
    }
};

QTEST_GUILESS_MAIN(TestJsonPath)
#include "test_json_path.moc"
