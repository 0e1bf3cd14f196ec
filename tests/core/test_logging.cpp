// Logging: secrets redacted in every logger, Qt messages routed into the "qt" logger, journald priority
// prefixes, levels, and line breaks that cannot forge extra log records.
#include "core/logging.h"

#include <QFile>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>

using eos::Logging;

Q_LOGGING_CATEGORY(lcTestCat, "eos.testcat")

class TestLogging : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_mirror;
    qint64 m_seen = 0;

    // The lines written since the last call.
    QStringList newLines()
    {
        QFile f(m_mirror);
        if (!f.open(QIODevice::ReadOnly)) return {};
        f.seek(m_seen);
        const QByteArray data = f.readAll();
        m_seen += data.size();
        QStringList lines = QString::fromUtf8(data).split(u'\n');
        if (!lines.isEmpty() && lines.last().isEmpty()) lines.removeLast();
        return lines;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_mirror = m_dir.filePath(QStringLiteral("log.txt"));
        Logging::init(QStringLiteral("debug"), Logging::Format::Text);
        Logging::setMirrorFile(m_mirror);
    }

    void init()
    {
        Logging::init(QStringLiteral("debug"), Logging::Format::Text);
        newLines();
    }

    void secretsAreRedactedInEveryLogger()
    {
        Logging::addSecrets({QStringLiteral("tok-7f3a9c1e"), QStringLiteral("hunter2-smtp"), QStringLiteral("ab")});
        Logging::get("ingest")->info("auth with tok-7f3a9c1e failed");
        Logging::get("notify")->error("smtp login hunter2-smtp rejected; again: hunter2-smtp");
        Logging::get("store")->warn("{}", "dsn postgresql://eos:hunter2-smtp@db/x");
        qWarning("qt says tok-7f3a9c1e");
        const QStringList lines = newLines();
        QCOMPARE(lines.size(), 4);
        const QString all = lines.join(u'\n');
        QVERIFY2(!all.contains(QStringLiteral("tok-7f3a9c1e")), qPrintable(all));
        QVERIFY2(!all.contains(QStringLiteral("hunter2-smtp")), qPrintable(all));
        QVERIFY2(lines[0].contains(QStringLiteral("[ingest]")) && lines[0].contains(QStringLiteral("auth with *** failed")), qPrintable(lines[0]));
        QVERIFY2(lines[1].contains(QStringLiteral("login *** rejected; again: ***")), qPrintable(lines[1]));
        QVERIFY2(lines[2].contains(QStringLiteral("postgresql://eos:***@db/x")), qPrintable(lines[2]));
        QVERIFY2(lines[3].contains(QStringLiteral("[qt]")) && lines[3].contains(QStringLiteral("qt says ***")), qPrintable(lines[3]));
        // too short to redact safely: ordinary words containing it stay readable
        Logging::get("ingest")->info("about a cab");
        QVERIFY2(newLines().value(0).contains(QStringLiteral("about a cab")), "a two-letter 'secret' must not mangle text");
        // redact() for messages shown to the user
        QCOMPARE(Logging::redact(QStringLiteral("token tok-7f3a9c1e!")), QStringLiteral("token ***!"));
    }

    void longerSecretWinsOverOneItContains()
    {
        Logging::addSecrets({QStringLiteral("pass1234"), QStringLiteral("pass1234-extended")});
        Logging::get("store")->info("x pass1234-extended y");
        const QString line = newLines().value(0);
        QVERIFY2(line.endsWith(QStringLiteral("x *** y")), qPrintable(line));
    }

    void qtMessagesGoToTheQtLogger()
    {
        qWarning("a plain warning %d", 42);
        qCWarning(lcTestCat) << "categorised";
        qCritical("critical thing");
        qDebug("a debug line");
        const QStringList lines = newLines();
        QCOMPARE(lines.size(), 4);
        QVERIFY2(lines[0].contains(QStringLiteral("warn")) && lines[0].contains(QStringLiteral("[qt] a plain warning 42")), qPrintable(lines[0]));
        QVERIFY2(lines[1].contains(QStringLiteral("[qt] eos.testcat: categorised")), qPrintable(lines[1]));
        QVERIFY2(lines[2].contains(QStringLiteral("error")) && lines[2].contains(QStringLiteral("[qt] critical thing")), qPrintable(lines[2]));
        QVERIFY2(lines[3].contains(QStringLiteral("debug")) && lines[3].contains(QStringLiteral("[qt] a debug line")), qPrintable(lines[3]));
    }

    void journalFormatHasPriorityPrefixes()
    {
        QCOMPARE(Logging::parseFormat(QStringLiteral("journal")), Logging::Format::Journal);
        QCOMPARE(Logging::parseFormat(QStringLiteral("text")), Logging::Format::Text);
        QCOMPARE(Logging::parseFormat(QStringLiteral("auto")), Logging::Format::Auto);
        Logging::init(QStringLiteral("debug"), Logging::Format::Journal);
        auto log = Logging::get("daemon");
        log->debug("d");
        log->info("i");
        log->warn("w");
        log->error("e");
        log->critical("c");
        qWarning("from qt");
        const QStringList lines = newLines();
        QCOMPARE(lines, (QStringList{QStringLiteral("<7>daemon: d"), QStringLiteral("<6>daemon: i"), QStringLiteral("<4>daemon: w"),
                                     QStringLiteral("<3>daemon: e"), QStringLiteral("<2>daemon: c"), QStringLiteral("<4>qt: from qt")}));
        // text format: a timestamp, no priority prefix
        Logging::init(QStringLiteral("debug"), Logging::Format::Text);
        log->warn("w");
        const QString text = newLines().value(0);
        QVERIFY2(!text.startsWith(u'<') && text.contains(QStringLiteral("[daemon] w")), qPrintable(text));
    }

    void autoFormatFollowsJournalStream()
    {
        qputenv("JOURNAL_STREAM", "8:12345");
        Logging::init(QStringLiteral("info"), Logging::Format::Auto);
        Logging::get("daemon")->warn("under systemd");
        qunsetenv("JOURNAL_STREAM");
        QCOMPARE(newLines().value(0), QStringLiteral("<4>daemon: under systemd"));
        Logging::init(QStringLiteral("info"), Logging::Format::Auto);
        Logging::get("daemon")->warn("in a terminal");
        QVERIFY(!newLines().value(0).startsWith(u'<'));
    }

    void lineBreaksDoNotForgeRecords()
    {
        Logging::init(QStringLiteral("info"), Logging::Format::Journal);
        Logging::get("http")->info("user input: a\n<3>daemon: forged record\r\nmore");
        qWarning("qt\nsecond");
        QStringList lines = newLines();
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines[0].startsWith(QStringLiteral("<6>http: user input: a")) && lines[0].contains(QStringLiteral("forged record")), qPrintable(lines[0]));
        QVERIFY(lines[1].startsWith(QStringLiteral("<4>qt: qt")));
        Logging::init(QStringLiteral("info"), Logging::Format::Text);
        Logging::get("http")->warn("x\ny\rz");
        lines = newLines();
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].endsWith(QStringLiteral("x y z")), qPrintable(lines[0]));
    }

    void levelsFilter()
    {
        Logging::init(QStringLiteral("warning"), Logging::Format::Text);
        auto log = Logging::get("store");
        log->info("hidden");
        log->warn("shown");
        qInfo("hidden qt");
        QStringList lines = newLines();
        QCOMPARE(lines.size(), 1);
        QVERIFY(lines[0].endsWith(QStringLiteral("shown")));
        // a logger created after init() gets the level too
        Logging::get("brand-new-logger")->info("hidden too");
        QVERIFY(newLines().isEmpty());
        Logging::init(QStringLiteral("ERROR"), Logging::Format::Text);
        log->warn("hidden");
        log->error("shown");
        QCOMPARE(newLines().size(), 1);
    }

    void unknownLevelDoesNotSilenceLogging()
    {
        // a typo in EOS_LOG_LEVEL must not switch logging off: errors must still reach the log
        Logging::init(QStringLiteral("verbose"), Logging::Format::Text);
        Logging::get("store")->error("database unreachable");
        const QStringList lines = newLines();
        QVERIFY2(lines.join(u'\n').contains(QStringLiteral("database unreachable")), qPrintable(lines.join(u'\n')));
        QVERIFY2(lines.join(u'\n').contains(QStringLiteral("verbose")), "the bad level should be named in a warning");
    }
};

QTEST_GUILESS_MAIN(TestLogging)
#include "test_logging.moc"
