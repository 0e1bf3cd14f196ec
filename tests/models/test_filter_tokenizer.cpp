// FilterTokenizer: filter-bar text into terms — keys with each operator, JSON path keys keeping their
// case, quoted phrases and quoted values with spaces, commas and \" inside, "-" exclusions, bare words, each
// term's position; errors for an unterminated quote and a lone "-" naming where.
#include "filter_tokenizer.h"

#include <QRegularExpression>
#include <QTest>

using eos::FilterTokenizer;

class TestFilterTokenizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keysOperatorsAndValues()
    {
        QString err;
        const auto t = FilterTokenizer::tokenize(QStringLiteral("level>=10 LEVEL<3 agent:001,002 rule=5710 before>2026-12-01"), &err);
        QVERIFY2(t, qPrintable(err));
        QCOMPARE(t->size(), 5);
        QCOMPARE(t->at(0).key, QStringLiteral("level"));
        QCOMPARE(t->at(0).op, QStringLiteral(">="));
        QCOMPARE(t->at(0).value, QStringLiteral("10"));
        QCOMPARE(t->at(1).key, QStringLiteral("level"));  // keys are case-insensitive
        QCOMPARE(t->at(1).op, QStringLiteral("<"));
        QCOMPARE(t->at(2).value, QStringLiteral("001,002"));
        QCOMPARE(t->at(3).op, QStringLiteral("="));
        QCOMPARE(t->at(4).op, QStringLiteral(">"));
        QCOMPARE(t->at(4).value, QStringLiteral("2026-12-01"));
    }

    void jsonPathKeysKeepTheirCase()
    {
        QString err;
        const auto t = FilterTokenizer::tokenize(QStringLiteral("data.win.eventdata.targetUserName:Admin rule.groups[0]:sshd"), &err);
        QVERIFY2(t, qPrintable(err));
        QCOMPARE(t->at(0).key, QStringLiteral("data.win.eventdata.targetUserName"));
        QCOMPARE(t->at(0).value, QStringLiteral("Admin"));
        QCOMPARE(t->at(1).key, QStringLiteral("rule.groups[0]"));
        const QRegularExpression path(QStringLiteral("^%1$").arg(FilterTokenizer::pathPattern()));
        QVERIFY(path.match(QStringLiteral("data.win.eventdata.targetUserName")).hasMatch());
        QVERIFY(path.match(QStringLiteral("rule.mitre.id[0]")).hasMatch());
        QVERIFY(path.match(QStringLiteral("@timestamp")).hasMatch());
        QVERIFY(!path.match(QStringLiteral("data..x")).hasMatch());
        QVERIFY(!path.match(QStringLiteral("1abc")).hasMatch());
    }

    void quotesHoldSpacesCommasAndEscapedQuotes()
    {
        QString err;
        const auto t = FilterTokenizer::tokenize(QStringLiteral("\"failed password\" agent:\"web 1, east\" \"say \\\"hi\\\"\""), &err);
        QVERIFY2(t, qPrintable(err));
        QCOMPARE(t->size(), 3);
        QVERIFY(t->at(0).key.isEmpty());
        QVERIFY(t->at(0).quoted);
        QCOMPARE(t->at(0).value, QStringLiteral("failed password"));
        QCOMPARE(t->at(1).key, QStringLiteral("agent"));
        QCOMPARE(t->at(1).value, QStringLiteral("web 1, east"));
        QVERIFY(t->at(1).quoted);
        QCOMPARE(t->at(2).value, QStringLiteral("say \"hi\""));
    }

    void exclusionsWordsAndPositions()
    {
        QString err;
        const QString text = QStringLiteral("  -agent:001 NOT sshd  -\"brute force\"");
        const auto t = FilterTokenizer::tokenize(text, &err);
        QVERIFY2(t, qPrintable(err));
        QCOMPARE(t->size(), 4);
        QVERIFY(t->at(0).minus);
        QCOMPARE(t->at(0).key, QStringLiteral("agent"));
        QCOMPARE(t->at(0).pos, 2);
        QCOMPARE(text.mid(t->at(0).pos, t->at(0).end - t->at(0).pos), QStringLiteral("-agent:001"));
        QVERIFY(t->at(1).key.isEmpty() && !t->at(1).minus);
        QCOMPARE(t->at(1).value, QStringLiteral("NOT"));  // operator words are the parser's business
        QCOMPARE(t->at(2).value, QStringLiteral("sshd"));
        QVERIFY(t->at(3).minus && t->at(3).quoted);
        QCOMPARE(t->at(3).value, QStringLiteral("brute force"));
        QCOMPARE(t->at(3).end, int(text.size()));
        // a "-" inside a value or a word is no exclusion
        const auto d = FilterTokenizer::tokenize(QStringLiteral("level:5-9 x-y"), &err);
        QVERIFY(d && !d->at(0).minus && !d->at(1).minus);
        QCOMPARE(d->at(1).value, QStringLiteral("x-y"));
    }

    void errorsNameThePosition()
    {
        QString err;
        int pos = -1;
        QVERIFY(!FilterTokenizer::tokenize(QStringLiteral("agent:001 \"open"), &err, &pos));
        QCOMPARE(pos, 10);
        QVERIFY2(err.contains(QStringLiteral("unterminated quote at position 11")), qPrintable(err));
        QVERIFY(!FilterTokenizer::tokenize(QStringLiteral("srcip:\"10.0.0.5"), &err, &pos));
        QCOMPARE(pos, 6);
        QVERIFY(!FilterTokenizer::tokenize(QStringLiteral("sshd - agent:001"), &err, &pos));
        QCOMPARE(pos, 5);
        QVERIFY2(err.contains(QStringLiteral("lone \"-\"")), qPrintable(err));
        const auto empty = FilterTokenizer::tokenize(QStringLiteral("   "), &err);
        QVERIFY(empty && empty->isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFilterTokenizer)
#include "test_filter_tokenizer.moc"
