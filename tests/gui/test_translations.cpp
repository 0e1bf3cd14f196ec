// The translations: the German .ts is complete (no unfinished entry, every source translated, placeholders
// and mnemonics kept), no tr() string in ui/ or models/ is missing from it (lupdate run on the sources
// now), English plural forms exist, and the .qm files embedded in eos_ui load and translate.
#include "console_app.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

namespace {

// the source tree (tests/data may not exist, so resolve the path lexically)
const QString kSourceDir = QDir::cleanPath(QStringLiteral(EOS_TEST_DATA_DIR "/../.."));

struct Message {
    QString context;
    QString source;
    QString type;  // translation type attribute: unfinished, vanished, obsolete or empty
    bool numerus = false;
    QStringList translations;  // one, or the numerus forms
};

QList<Message> readTs(const QString &path, QString *error)
{
    QList<Message> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return out;
    }
    QXmlStreamReader x(&f);
    QString context;
    Message m;
    while (!x.atEnd()) {
        x.readNext();
        if (!x.isStartElement()) continue;
        const auto name = x.name();
        if (name == QLatin1String("name")) context = x.readElementText();
        else if (name == QLatin1String("message")) {
            m = Message{};
            m.context = context;
            m.numerus = x.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("source")) m.source = x.readElementText();
        else if (name == QLatin1String("translation")) {
            m.type = x.attributes().value(QLatin1String("type")).toString();
            if (!m.numerus) {
                m.translations << x.readElementText();
                out.append(m);
            } else {
                while (x.readNextStartElement()) m.translations << x.readElementText();
                out.append(m);
            }
        }
    }
    if (x.hasError()) *error = x.errorString();
    return out;
}

QStringList placeholders(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("%(\\d|n)"));
    QStringList out;
    for (auto it = re.globalMatch(s); it.hasNext();) out << it.next().captured(0);
    out.sort();
    out.removeDuplicates();
    return out;
}

bool hasMnemonic(const QString &s)
{
    return QString(s).remove(QStringLiteral("&&")).remove(QStringLiteral("&amp;")).contains(
        QRegularExpression(QStringLiteral("&\\w"), QRegularExpression::UseUnicodePropertiesOption));
}

}  // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void germanIsComplete()
    {
        QString error;
        const auto msgs = readTs(kSourceDir + QStringLiteral("/translations/eos_console_de.ts"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(msgs.size() > 150);
        for (const auto &m : msgs) {
            const QString where = m.context + QStringLiteral(": ") + m.source;
            QVERIFY2(m.type.isEmpty(), qPrintable(QStringLiteral("%1 (type %2)").arg(where, m.type)));
            QVERIFY2(!m.translations.isEmpty(), qPrintable(where));
            if (m.numerus) QVERIFY2(m.translations.size() == 2, qPrintable(where));  // German: one, other
            for (const QString &t : m.translations) {
                QVERIFY2(!t.trimmed().isEmpty(), qPrintable(where));
                QCOMPARE(placeholders(t), placeholders(m.source));
            }
            if (hasMnemonic(m.source)) QVERIFY2(hasMnemonic(m.translations.first()), qPrintable(where));
        }
    }

    // A context that is only a namespace ("eos") is never looked up at run time (tr() in a class asks for
    // "eos::Class"): lupdate files strings there when it misreads a class (an anonymous typed enum before
    // the time range picker's constructor did), and they show in English in the German console.
    void everyContextIsAClass()
    {
        QString error;
        const auto msgs = readTs(kSourceDir + QStringLiteral("/translations/eos_console_de.ts"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const auto &m : msgs)
            QVERIFY2(m.context != QLatin1String("eos") && !m.context.endsWith(QLatin1String("::")),
                     qPrintable(m.context + QStringLiteral(": ") + m.source));
    }

    void englishPluralsExist()
    {
        QString error;
        const auto msgs = readTs(kSourceDir + QStringLiteral("/translations/eos_console_en.ts"), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        int plurals = 0;
        for (const auto &m : msgs) {
            if (!m.numerus) continue;
            ++plurals;
            QVERIFY2(m.type.isEmpty() && m.translations.size() == 2, qPrintable(m.source));
            QVERIFY2(!m.translations[0].contains(QStringLiteral("(s)")), qPrintable(m.source));
        }
        QVERIFY(plurals > 5);
    }

    // Every string the sources pass to tr() now is in the German file (lupdate into a scratch file).
    void noStringMissingFromTheTranslation()
    {
        const QString lupdate = QLibraryInfo::path(QLibraryInfo::BinariesPath) + QStringLiteral("/lupdate");
        if (!QFile::exists(lupdate)) QSKIP("lupdate not installed");
        QTemporaryDir tmp;
        const QString ts = tmp.filePath(QStringLiteral("scan.ts"));
        QProcess p;
        p.start(lupdate, {kSourceDir + QStringLiteral("/ui"), kSourceDir + QStringLiteral("/models"), QStringLiteral("-locations"),
                          QStringLiteral("none"), QStringLiteral("-silent"), QStringLiteral("-ts"), ts});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        QString error;
        const auto scanned = readTs(ts, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(scanned.size() > 150);
        const auto de = readTs(kSourceDir + QStringLiteral("/translations/eos_console_de.ts"), &error);
        QSet<QString> known;
        for (const auto &m : de) known.insert(m.context + u'\x1f' + m.source);
        QStringList missing;
        for (const auto &m : scanned)
            if (!known.contains(m.context + u'\x1f' + m.source)) missing << m.context + QStringLiteral(": ") + m.source;
        QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("run `ninja update_translations` and translations/fill_ts.py; missing:\n") +
                                               missing.join(u'\n')));
    }

    void embeddedQmTranslates()
    {
        QVERIFY(QFile::exists(eos::ConsoleApp::translationPath(QStringLiteral("de"))));
        QVERIFY(QFile::exists(eos::ConsoleApp::translationPath(QStringLiteral("en"))));
        QCOMPARE(eos::ConsoleApp::installTranslators(QStringLiteral("de")), QStringLiteral("de"));
        QCOMPARE(QCoreApplication::translate("eos::MainWindow", "Live Alerts"), QStringLiteral("Live-Alarme"));
        QCOMPARE(QCoreApplication::translate("eos::AlertsView", "Acknowledged %n alert(s)", nullptr, 3),
                 QStringLiteral("3 Alarme bestätigt"));
        QCOMPARE(QCoreApplication::translate("eos::AlertsView", "Acknowledged %n alert(s)", nullptr, 1),
                 QStringLiteral("1 Alarm bestätigt"));
        QCOMPARE(eos::ConsoleApp::installTranslators(QStringLiteral("en")), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("eos::MainWindow", "Live Alerts"), QStringLiteral("Live Alerts"));
        QCOMPARE(QCoreApplication::translate("eos::AlertsView", "Acknowledged %n alert(s)", nullptr, 1),
                 QStringLiteral("Acknowledged 1 alert"));
        QCOMPARE(QCoreApplication::translate("eos::AlertsView", "Acknowledged %n alert(s)", nullptr, 5),
                 QStringLiteral("Acknowledged 5 alerts"));
        // a language without a translation falls back to English
        QCOMPARE(eos::ConsoleApp::installTranslators(QStringLiteral("ja")), QStringLiteral("en"));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "test_translations.moc"
