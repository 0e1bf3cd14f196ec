// PlaybookLibrary: the shipped playbooks (embedded resources) load and match the alerts they are for,
// a user directory adds and replaces playbooks, and a malformed file is reported with path and line and
// skipped while the others load.
#include "stages/playbook_library.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using eos::PlaybookLibrary;

namespace {

QJsonObject alert(const QString &ruleId, int level, const QStringList &groups)
{
    return QJsonObject{{"rule", QJsonObject{{"id", ruleId}, {"level", level}, {"groups", QJsonArray::fromStringList(groups)}}},
                       {"agent", QJsonObject{{"id", "001"}}}};
}

void write(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

QStringList ids(const QList<PlaybookLibrary::Playbook> &list)
{
    QStringList out;
    for (const auto &p : list) out << p.id;
    return out;
}

}  // namespace

class TestPlaybookLibrary : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void shippedPlaybooksLoad()
    {
        const auto lib = PlaybookLibrary::load(":/playbooks", {});
        QVERIFY2(lib.errors().isEmpty(), qPrintable(lib.errors().join('\n')));
        const QStringList all = ids(lib.playbooks());
        for (const char *id : {"agent-disconnected", "ssh-brute-force", "file-integrity-change", "rootkit-trojan", "web-attack"})
            QVERIFY2(all.contains(QLatin1String(id)), id);
        const auto *offline = lib.find("agent-disconnected");
        QVERIFY(offline->markdown.contains("/var/ossec/logs/ossec.log"));
        QVERIFY(offline->markdown.contains("agent_control -l"));
        QVERIFY(offline->markdown.contains("einstall"));
        QCOMPARE(offline->actions, QStringList{"restart"});
        QVERIFY(offline->builtIn);
        QVERIFY(!offline->markdown.startsWith("---"));
    }

    void matching()
    {
        const auto lib = PlaybookLibrary::load(":/playbooks", {});
        QCOMPARE(ids(lib.matching(alert("100900", 10, {"eos", "agent_status"}))), QStringList{"agent-disconnected"});
        QCOMPARE(ids(lib.matching(alert("5712", 10, {"syslog", "sshd", "authentication_failures"}))), QStringList{"ssh-brute-force"});
        // by group alone, and by rule id alone
        QCOMPARE(ids(lib.matching(alert("99999", 7, {"authentication_failures"}))), QStringList{"ssh-brute-force"});
        QCOMPARE(ids(lib.matching(alert("550", 7, {"ossec"}))), QStringList{"file-integrity-change"});
        QCOMPARE(ids(lib.matching(alert("510", 7, {"ossec", "rootcheck"}))), QStringList{"rootkit-trojan"});
        QCOMPARE(ids(lib.matching(alert("31103", 7, {"web", "accesslog", "attack"}))), QStringList{"web-attack"});
        // the level range holds: a level-3 SSH message is no brute force
        QVERIFY(lib.matching(alert("5712", 3, {"sshd"})).isEmpty());
        QVERIFY(lib.matching(alert("1002", 2, {"syslog"})).isEmpty());
        // a rule id as a number matches too
        QJsonObject numeric = alert("0", 10, {});
        numeric["rule"] = QJsonObject{{"id", 100900}, {"level", 10}};
        QCOMPARE(ids(lib.matching(numeric)), QStringList{"agent-disconnected"});
    }

    void userDirectoryAddsAndReplaces()
    {
        QTemporaryDir dir;
        write(dir.filePath("ssh-brute-force.md"), "---\ntitle: Our SSH procedure\nrule_ids: 5712\nactions: block-ip\n---\nCall the NOC.\n");
        write(dir.filePath("usb.md"), "---\nid: usb-device\ntitle: USB device\ngroups: usb\nlevel: 3\n---\n# USB\nCheck it.\n");
        const auto lib = PlaybookLibrary::load(":/playbooks", dir.path());
        QVERIFY2(lib.errors().isEmpty(), qPrintable(lib.errors().join('\n')));
        QCOMPARE(lib.playbooks().size(), 6);
        const auto *ssh = lib.find("ssh-brute-force");
        QCOMPARE(ssh->title, QStringLiteral("Our SSH procedure"));
        QVERIFY(!ssh->builtIn);
        QCOMPARE(ssh->markdown, QStringLiteral("Call the NOC."));
        QCOMPARE(ids(lib.matching(alert("1", 5, {"usb"}))), QStringList{"usb-device"});
        QVERIFY(lib.matching(alert("1", 2, {"usb"})).isEmpty());  // level 3 and above
    }

    void malformedFilesAreReportedWithLineAndSkipped_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("what");
        QTest::newRow("no front matter") << QByteArray("# Just markdown\n") << ":1:" << "front-matter";
        QTest::newRow("not closed") << QByteArray("---\ntitle: X\nrule_ids: 1\n") << ":4:" << "not closed";
        QTest::newRow("bad line") << QByteArray("---\ntitle: X\nthis is not a key\n---\n") << ":3:" << "key: value";
        QTest::newRow("unknown key") << QByteArray("---\ntitle: X\n\nseverity: high\n---\n") << ":4:" << "unknown key";
        QTest::newRow("bad rule id") << QByteArray("---\ntitle: X\nrule_ids: 5712, abc\n---\n") << ":3:" << "abc";
        QTest::newRow("bad level") << QByteArray("---\ntitle: X\nlevel: 12-3\n---\n") << ":3:" << "level";
        QTest::newRow("no title") << QByteArray("---\nrule_ids: 1\n---\nBody\n") << ":1:" << "title";
    }

    void malformedFilesAreReportedWithLineAndSkipped()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, where);
        QFETCH(QString, what);
        QTemporaryDir dir;
        write(dir.filePath("bad.md"), text);
        write(dir.filePath("good.md"), "---\ntitle: Good\nrule_ids: 1\n---\nFine.\n");
        const auto lib = PlaybookLibrary::load({}, dir.path());
        QCOMPARE(lib.errors().size(), 1);
        const QString e = lib.errors().first();
        QVERIFY2(e.startsWith(dir.filePath("bad.md") + where) && e.contains(what), qPrintable(e));
        QCOMPARE(ids(lib.playbooks()), QStringList{"good"});
    }

    void missingUserDirectoryIsReported()
    {
        const auto lib = PlaybookLibrary::load(":/playbooks", "/nonexistent/playbooks");
        QCOMPARE(lib.playbooks().size(), 5);
        QCOMPARE(lib.errors().size(), 1);
        QVERIFY(lib.errors().first().contains("/nonexistent/playbooks"));
    }
};

QTEST_GUILESS_MAIN(TestPlaybookLibrary)
#include "test_playbook_library.moc"
