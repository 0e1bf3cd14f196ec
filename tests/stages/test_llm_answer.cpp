// LlmAnswer: validation of JSON answers (every field, tolerated variants, what makes one invalid), the
// risk floor, the older pipeline's long and short styles, and the text form for response_text.
#include "stages/llm_answer.h"

#include <QJsonArray>
#include <QTest>

using eos::LlmAnswer;

namespace {
const QString kGood = QStringLiteral(R"({"summary":"Brute force on root.","what_happened":"Many failed SSH logins.","risk":"Medium",
 "false_positive":{"likelihood":"low","confidence":85},"mitre_techniques":["T1110","t1110.001","TA0006","T1110"],
 "recommended_actions":["Block 203.0.113.5",{"action":"Check for a successful login"}],"how_to_check":"grep Accepted /var/log/auth.log"})");
}

class TestLlmAnswer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validJsonIsNormalised()
    {
        const auto a = LlmAnswer::fromJson(QStringLiteral("```json\n") + kGood + QStringLiteral("\n```"), 5);
        QVERIFY2(a.valid, qPrintable(a.error));
        QCOMPARE(a.summary, QStringLiteral("Brute force on root."));
        QCOMPARE(a.modelRisk, 1);
        QCOMPARE(a.risk, 1);
        QVERIFY(!a.raisedToFloor);
        QCOMPARE(a.answer.value(QStringLiteral("risk")).toString(), QStringLiteral("medium"));
        QCOMPARE(a.answer.value(QStringLiteral("false_positive")).toObject().value(QStringLiteral("confidence")).toDouble(), 0.85);
        QCOMPARE(a.answer.value(QStringLiteral("mitre_techniques")).toArray(), (QJsonArray{QStringLiteral("T1110"), QStringLiteral("T1110.001")}));
        QCOMPARE(a.answer.value(QStringLiteral("mitre_dropped")).toArray(), QJsonArray{QStringLiteral("TA0006")});
        QCOMPARE(a.answer.value(QStringLiteral("recommended_actions")).toArray(),
                 (QJsonArray{QStringLiteral("Block 203.0.113.5"), QStringLiteral("Check for a successful login")}));
        QCOMPARE(a.answer.value(QStringLiteral("how_to_check")).toArray(), QJsonArray{QStringLiteral("grep Accepted /var/log/auth.log")});
        const QString text = LlmAnswer::toText(a.answer);
        QVERIFY(text.startsWith(QStringLiteral("Summary:\nBrute force on root.\n\nWhat happened:\n")));
        QVERIFY(text.contains(QStringLiteral("What to do:\n- Block 203.0.113.5\n- Check for a successful login")));
        QVERIFY(text.contains(QStringLiteral("MITRE ATT&CK: T1110, T1110.001")));
        QVERIFY(text.contains(QStringLiteral("False positive: low likelihood (confidence 85 %)")));
    }

    void invalidJsonSaysWhy_data()
    {
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("error");
        QTest::newRow("prose") << QStringLiteral("I think this is bad.") << QStringLiteral("not JSON");
        QTest::newRow("array") << QStringLiteral("[1,2]") << QStringLiteral("not a JSON object");
        QTest::newRow("no summary") << QString(kGood).replace(QStringLiteral("\"summary\""), QStringLiteral("\"sumary\"")) << QStringLiteral("\"summary\" must be");
        QTest::newRow("risk") << QString(kGood).replace(QStringLiteral("\"Medium\""), QStringLiteral("\"none\"")) << QStringLiteral("\"risk\" must be one of");
        QTest::newRow("fp") << QString(kGood).replace(QStringLiteral("\"likelihood\":\"low\""), QStringLiteral("\"likelihood\":\"maybe\"")) << QStringLiteral("likelihood");
        QTest::newRow("confidence") << QString(kGood).replace(QStringLiteral(":85"), QStringLiteral(":250")) << QStringLiteral("confidence");
        QTest::newRow("actions") << QString(kGood).replace(QStringLiteral("\"recommended_actions\":["), QStringLiteral("\"recommended_actions\":{\"a\":[")).replace(QStringLiteral("}],\"how"), QStringLiteral("}]},\"how"))
                                 << QStringLiteral("\"recommended_actions\" must be");
    }
    void invalidJsonSaysWhy()
    {
        QFETCH(QString, content);
        QFETCH(QString, error);
        const auto a = LlmAnswer::fromJson(content, 12);
        QVERIFY(!a.valid);
        QVERIFY2(a.error.contains(error), qPrintable(a.error));
        // flagged free text: the floor's risk, the text kept
        QCOMPARE(a.risk, 2);
        QCOMPARE(a.answer.value(QStringLiteral("valid")).toBool(true), false);
        QCOMPARE(LlmAnswer::toText(a.answer), content.trimmed().left(4000));
    }

    void floorByRuleLevel()
    {
        QCOMPARE(LlmAnswer::floorForLevel(3), 0);
        QCOMPARE(LlmAnswer::floorForLevel(8), 1);
        QCOMPARE(LlmAnswer::floorForLevel(12), 2);
        QCOMPARE(LlmAnswer::floorForLevel(15), 3);
        const QString lowJson = QString(kGood).replace(QStringLiteral("\"Medium\""), QStringLiteral("\"low\""));
        auto a = LlmAnswer::fromJson(lowJson, 15);
        QVERIFY(a.valid);
        QCOMPARE(a.modelRisk, 0);
        QCOMPARE(a.risk, 3);
        QVERIFY(a.raisedToFloor);
        QCOMPARE(a.answer.value(QStringLiteral("model_risk")).toString(), QStringLiteral("low"));
        QVERIFY(LlmAnswer::toText(a.answer).contains(QStringLiteral("the model said low")));
        // above the floor stays
        a = LlmAnswer::fromJson(QString(kGood).replace(QStringLiteral("\"Medium\""), QStringLiteral("\"critical\"")), 3);
        QCOMPARE(a.risk, 3);
        QVERIFY(!a.raisedToFloor);
    }

    void longStyle()
    {
        const auto a = LlmAnswer::fromLong(QStringLiteral("## Summary:\nRoot brute force.\n\n**What happened:** many logins\nWhat to do:\n1. Block\n2. Check\n"
                                                          "How to check: auth.log\nRandom line\nWhat to ask next:\nWho? T1078"), 9);
        QVERIFY2(a.valid, qPrintable(a.error));
        QCOMPARE(a.summary, QStringLiteral("Root brute force."));
        const QJsonArray sections = a.answer.value(QStringLiteral("sections")).toArray();
        QCOMPARE(sections.size(), 5);
        QCOMPARE(sections[1].toObject().value(QStringLiteral("title")).toString(), QStringLiteral("What happened"));
        QCOMPARE(sections[1].toObject().value(QStringLiteral("text")).toString(), QStringLiteral("many logins"));
        QCOMPARE(sections[2].toObject().value(QStringLiteral("text")).toString(), QStringLiteral("1. Block\n2. Check"));
        QCOMPARE(sections[3].toObject().value(QStringLiteral("text")).toString(), QStringLiteral("auth.log\nRandom line"));
        QCOMPARE(a.answer.value(QStringLiteral("mitre_techniques")).toArray(), QJsonArray{QStringLiteral("T1078")});
        QCOMPARE(a.risk, 1);  // level 9's floor
        QVERIFY(!LlmAnswer::fromLong(QStringLiteral("Just some text"), 3).valid);
    }

    void shortStyle()
    {
        auto a = LlmAnswer::fromShort(QStringLiteral("[LOW RISK - Monitor] Routine login noise.\n\nNothing to do."), 3);
        QVERIFY(a.valid);
        QCOMPARE(a.modelRisk, 0);
        QCOMPARE(a.summary, QStringLiteral("Routine login noise."));
        a = LlmAnswer::fromShort(QStringLiteral("[LOW RISK - Monitor] Routine."), 13);
        QCOMPARE(a.risk, 2);  // raised
        QVERIFY(a.raisedToFloor);
        a = LlmAnswer::fromShort(QStringLiteral("Routine login noise."), 3);
        QVERIFY(!a.valid);
        QCOMPARE(a.error, QStringLiteral("no risk prefix"));
        a = LlmAnswer::fromShort(QStringLiteral("[HIGH RISK - Act now] ") + QStringLiteral("word ").repeated(400), 3);
        QVERIFY(!a.valid);
        QVERIFY(a.error.contains(QStringLiteral("words")));
    }
};

QTEST_GUILESS_MAIN(TestLlmAnswer)
#include "test_llm_answer.moc"
