// SeverityPalette: Wazuh's Slack colours by level, and a distinct colour from 12.
#include "severity_palette.h"

#include <QTest>

using eos::SeverityPalette;

class TestSeverityPalette : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void slackColoursByLevel()
    {
        QCOMPARE(SeverityPalette::background(0), QColor(QStringLiteral("#2eb886")));
        QCOMPARE(SeverityPalette::background(4), QColor(QStringLiteral("#2eb886")));
        QCOMPARE(SeverityPalette::background(5), QColor(QStringLiteral("#daa038")));
        QCOMPARE(SeverityPalette::background(7), QColor(QStringLiteral("#daa038")));
        QCOMPARE(SeverityPalette::background(8), QColor(QStringLiteral("#a30200")));
        QCOMPARE(SeverityPalette::background(11), QColor(QStringLiteral("#a30200")));
        QVERIFY(SeverityPalette::background(12) != SeverityPalette::background(11));
        QCOMPARE(SeverityPalette::background(15), SeverityPalette::background(12));
    }
    void textStaysReadable()
    {
        QCOMPARE(SeverityPalette::text(6), QColor(Qt::black));  // on amber
        QCOMPARE(SeverityPalette::text(3), QColor(Qt::white));
        QCOMPARE(SeverityPalette::text(13), QColor(Qt::white));
    }
};

QTEST_GUILESS_MAIN(TestSeverityPalette)
#include "test_severity_palette.moc"
