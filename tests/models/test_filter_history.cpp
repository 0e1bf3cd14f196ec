// FilterHistory: most recent first, no duplicates, capped, kept in QSettings.
#include "filter_history.h"

#include <QTemporaryDir>
#include <QTest>

using namespace eos;

class TestFilterHistory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recentFirstDedupedCapped()
    {
        FilterHistory h(3);
        h.add(QStringLiteral("level>=10"));
        h.add(QStringLiteral("  agent:001 "));
        h.add(QString());
        h.add(QStringLiteral("level>=10"));
        QCOMPARE(h.entries(), (QStringList{QStringLiteral("level>=10"), QStringLiteral("agent:001")}));
        h.add(QStringLiteral("group:sshd"));
        h.add(QStringLiteral("rule:5710"));
        QCOMPARE(h.entries(), (QStringList{QStringLiteral("rule:5710"), QStringLiteral("group:sshd"), QStringLiteral("level>=10")}));
        QCOMPARE(h.matching(QStringLiteral("SSH")), QStringList{QStringLiteral("group:sshd")});
        h.remove(QStringLiteral("group:sshd"));
        QCOMPARE(h.entries().size(), 2);
    }

    void persistsInSettings()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("h.ini"));
        {
            QSettings s(file, QSettings::IniFormat);
            FilterHistory h;
            h.add(QStringLiteral("a"));
            h.add(QStringLiteral("b"));
            h.save(s);
        }
        QSettings s(file, QSettings::IniFormat);
        FilterHistory h;
        h.load(s);
        QCOMPARE(h.entries(), (QStringList{QStringLiteral("b"), QStringLiteral("a")}));
    }
};

QTEST_GUILESS_MAIN(TestFilterHistory)
#include "test_filter_history.moc"
