// LlmAlertText: the alert as the LLM reads it (indented JSON; long strings cut first, the whole cut last,
// every cut marked; nothing cut when it fits) and the answer cache's key (same preset, rule, agent and
// key fields: same key; any of them different: another key).
#include "stages/llm_alert_text.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using eos::LlmAlertText;

namespace {

QJsonObject alert(const QString &fullLog, const QString &srcip = QStringLiteral("10.0.0.5"))
{
    return QJsonObject{{"rule", QJsonObject{{"id", "5710"}, {"level", 5}, {"description", "sshd: attempt to login"}}},
                       {"agent", QJsonObject{{"id", "001"}, {"name", "web-1"}}},
                       {"data", QJsonObject{{"srcip", srcip}, {"srcuser", "root"}}},
                       {"full_log", fullLog}};
}

}  // namespace

class TestLlmAlertText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void whatFitsIsSentWhole()
    {
        const QJsonObject a = alert(QStringLiteral("Dec  2 04:00:00 web-1 sshd[1]: Failed password for root"));
        const QString text = LlmAlertText::text(a, 20000);
        QCOMPARE(QJsonDocument::fromJson(text.toUtf8()).object(), a);  // valid JSON, every field
        QVERIFY(!text.contains(QStringLiteral("[cut")));
        QVERIFY(text.contains(u'\n'));  // indented: easier for the model and for the analyst reading the prompt
    }

    void longStringsAreCutFirst()
    {
        const QJsonObject a = alert(QString(50000, u'x'));
        const QString text = LlmAlertText::text(a, 4000);
        QVERIFY2(text.size() <= 4000, qPrintable(QString::number(text.size())));
        // still JSON, the short fields intact, the long one marked with how much was left out
        const QJsonObject back = QJsonDocument::fromJson(text.toUtf8()).object();
        QCOMPARE(back.value("data").toObject().value("srcip").toString(), QStringLiteral("10.0.0.5"));
        QCOMPARE(back.value("rule").toObject().value("description").toString(), QStringLiteral("sshd: attempt to login"));
        const QString cut = back.value("full_log").toString();
        QVERIFY2(cut.contains(QStringLiteral("…[cut ")), qPrintable(cut.right(60)));
        QVERIFY(cut.size() < 2100);
    }

    void theWholeIsCutLastAndSaysSo()
    {
        // many short fields: cutting strings cannot bring it down
        QJsonObject data;
        for (int i = 0; i < 2000; ++i) data.insert(QStringLiteral("field%1").arg(i), QStringLiteral("value %1").arg(i));
        QJsonObject a = alert(QStringLiteral("short"));
        a.insert("data", data);
        const QString text = LlmAlertText::text(a, 1000);
        QVERIFY(text.endsWith(QStringLiteral("…[alert cut at 1000 characters]")));
        QCOMPARE(text.size(), 1000 + int(QStringLiteral("\n…[alert cut at 1000 characters]").size()));
    }

    void sameKeyForTheSameRuleAgentFieldsAndPreset()
    {
        const QStringList fields{QStringLiteral("data.srcip")};
        const QString k = LlmAlertText::cacheKey(alert(QStringLiteral("one")), QStringLiteral("001"), fields, QStringLiteral("structured"));
        QCOMPARE(k.size(), 40);
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{40}$")).match(k).hasMatch());
        // another full_log (not a key field): same key
        QCOMPARE(LlmAlertText::cacheKey(alert(QStringLiteral("two")), QStringLiteral("001"), fields, QStringLiteral("structured")), k);
        // another key field value, agent, preset or rule: another key
        QVERIFY(LlmAlertText::cacheKey(alert(QStringLiteral("one"), QStringLiteral("10.0.0.6")), QStringLiteral("001"), fields,
                                       QStringLiteral("structured")) != k);
        QVERIFY(LlmAlertText::cacheKey(alert(QStringLiteral("one")), QStringLiteral("002"), fields, QStringLiteral("structured")) != k);
        QVERIFY(LlmAlertText::cacheKey(alert(QStringLiteral("one")), QStringLiteral("001"), fields, QStringLiteral("brief")) != k);
        QJsonObject other = alert(QStringLiteral("one"));
        other.insert("rule", QJsonObject{{"id", "5711"}});
        QVERIFY(LlmAlertText::cacheKey(other, QStringLiteral("001"), fields, QStringLiteral("structured")) != k);
    }

    void aMissingKeyFieldIsNotAnEmptyOne()
    {
        const QStringList fields{QStringLiteral("data.dstuser")};
        QJsonObject withEmpty = alert(QStringLiteral("x"));
        QJsonObject data = withEmpty.value("data").toObject();
        data.insert("dstuser", "");
        withEmpty.insert("data", data);
        QVERIFY(LlmAlertText::cacheKey(alert(QStringLiteral("x")), QStringLiteral("001"), fields, QStringLiteral("p")) !=
                LlmAlertText::cacheKey(withEmpty, QStringLiteral("001"), fields, QStringLiteral("p")));
        // and a path through a non-object is simply missing
        QCOMPARE(LlmAlertText::cacheKey(alert(QStringLiteral("x")), QStringLiteral("001"), {QStringLiteral("full_log.deeper")}, QStringLiteral("p")),
                 LlmAlertText::cacheKey(alert(QStringLiteral("x")), QStringLiteral("001"), {QStringLiteral("nothing.here")}, QStringLiteral("p")));
    }
};

QTEST_GUILESS_MAIN(TestLlmAlertText)
#include "test_llm_alert_text.moc"
