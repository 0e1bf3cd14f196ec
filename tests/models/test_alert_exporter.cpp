// AlertExporter against real PostgreSQL: 100,000 alerts exported to CSV and NDJSON (row count, columns,
// values), RFC 4180 quoting of commas, quotes and line breaks, the formula guard, a filter and an order
// respected, cancel removes the partial file (and keeps a file that was there), a bad path is an error.
#include "alert_exporter.h"
#include "alert_fixture.h"
#include "alert_list_model.h"
#include "test_database.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace eos;
using eos::test::AlertFixture;
using eos::test::TestDatabase;

namespace {

// RFC 4180: fields separated by commas, records by CRLF; a quoted field may hold commas, CR, LF and ""
QList<QStringList> parseCsv(const QByteArray &data, bool *wellFormed)
{
    QList<QStringList> rows;
    QStringList row;
    QByteArray field;
    bool quoted = false, inQuotes = false, fieldStarted = false;
    *wellFormed = true;
    auto endField = [&] {
        row << QString::fromUtf8(field);
        field.clear();
        quoted = inQuotes = fieldStarted = false;
    };
    for (qsizetype i = 0; i < data.size(); ++i) {
        const char c = data.at(i);
        if (inQuotes) {
            if (c == '"') {
                if (i + 1 < data.size() && data.at(i + 1) == '"') {
                    field += '"';
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == '"') {
            if (fieldStarted) *wellFormed = false;  // a quote inside an unquoted field
            inQuotes = quoted = fieldStarted = true;
        } else if (c == ',') {
            endField();
        } else if (c == '\r') {
            if (i + 1 >= data.size() || data.at(i + 1) != '\n') *wellFormed = false;  // bare CR
        } else if (c == '\n') {
            if (i == 0 || data.at(i - 1) != '\r') *wellFormed = false;  // records end with CRLF
            endField();
            rows << row;
            row.clear();
        } else {
            if (quoted) *wellFormed = false;  // text after a closing quote
            field += c;
            fieldStarted = true;
        }
    }
    if (inQuotes) *wellFormed = false;
    if (!row.isEmpty() || !field.isEmpty()) *wellFormed = false;  // the last record ends with CRLF too
    return rows;
}

}  // namespace

class TestAlertExporter : public QObject {
    Q_OBJECT
private:
    static constexpr int kRows = 100000;
    static constexpr int kSpecial = 3;
    DbConnectionInfo m_info;
    QSqlDatabase m_db;
    QTemporaryDir m_dir;
    const QString m_tricky = QStringLiteral("Login failed for \"admin\", from host a,b\nsecond line\r\nthird — Überwachung ✓");

    qint64 scalar(const QString &sql)
    {
        QSqlQuery q(m_db);
        if (!q.exec(sql) || !q.next()) qFatal("query failed: %s", qPrintable(sql));
        return q.value(0).toLongLong();
    }

    AlertExporter::Result runExport(const AlertExporter::Options &o, int timeoutMs = 180000)
    {
        AlertExporter ex(m_info);
        QSignalSpy done(&ex, &AlertExporter::finished);
        QSignalSpy progress(&ex, &AlertExporter::progress);
        if (!ex.start(o)) return {};
        if (!done.wait(timeoutMs)) return {};
        const auto r = done.at(0).at(0).value<AlertExporter::Result>();
        if (r.ok && progress.isEmpty()) qWarning("no progress reported");
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_info = TestDatabase::create(QStringLiteral("exporter"));
        QString err;
        m_db = m_info.open(QStringLiteral("test-setup"), &err);
        QVERIFY2(m_db.isOpen(), qPrintable(err));
        QVERIFY2(AlertFixture::migrate(m_db, &err), qPrintable(err));
        QVERIFY2(AlertFixture::exec(m_db, AlertFixture::insertAgentsSql(20), &err), qPrintable(err));
        QVERIFY2(AlertFixture::exec(m_db, AlertFixture::insertAlertsSql(1, kRows, 20), &err), qPrintable(err));
        // three alerts newer than all others whose text needs quoting (and one a spreadsheet would run)
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral(
            "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, alert_ts, agent_name, groups, src_ip, state) "
            "SELECT 'special-' || k, '001', 100100 + k, 9, d, jsonb_build_object('rule', jsonb_build_object('level', 9, "
            "'description', d, 'id', (100100 + k)::text), 'agent', jsonb_build_object('id', '001', 'name', 'host-001'), "
            "'data', jsonb_build_object('srcuser', d)), now() + k * interval '1 hour', 'host-001', ARRAY['x,y', 'quote\"d'], "
            "'10.9.9.' || k, 'new' FROM (VALUES (3, ?), (2, ?), (1, ?)) v(k, d)"));
        q.addBindValue(m_tricky);
        q.addBindValue(QStringLiteral("=HYPERLINK(\"http://evil.example\",\"click\")"));
        q.addBindValue(QStringLiteral("plain"));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        QVERIFY2(AlertFixture::exec(m_db, QStringLiteral("VACUUM ANALYZE alerts"), &err), qPrintable(err));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM alerts")), qint64(kRows + kSpecial));
    }

    void csvFieldQuoting()
    {
        QCOMPARE(AlertExporter::csvField(QStringLiteral("plain text")), QByteArray("plain text"));
        QCOMPARE(AlertExporter::csvField(QStringLiteral("a,b")), QByteArray("\"a,b\""));
        QCOMPARE(AlertExporter::csvField(QStringLiteral("say \"hi\"")), QByteArray("\"say \"\"hi\"\"\""));
        QCOMPARE(AlertExporter::csvField(QStringLiteral("one\ntwo")), QByteArray("\"one\ntwo\""));
        QCOMPARE(AlertExporter::csvField(QStringLiteral("one\rtwo")), QByteArray("\"one\rtwo\""));
        QCOMPARE(AlertExporter::csvField(QString()), QByteArray());
        QCOMPARE(AlertExporter::csvField(QStringLiteral("Überwachung ✓")), QStringLiteral("Überwachung ✓").toUtf8());
        // formula guard (OWASP CSV injection) for text; numbers stay numbers
        QCOMPARE(AlertExporter::csvField(QStringLiteral("=1+1")), QByteArray("'=1+1"));
        QCOMPARE(AlertExporter::csvField(QStringLiteral("+cmd")), QByteArray("'+cmd"));
        QCOMPARE(AlertExporter::csvField(QStringLiteral("@SUM(A1)")), QByteArray("'@SUM(A1)"));
        QCOMPARE(AlertExporter::csvField(QStringLiteral("-rm -rf")), QByteArray("'-rm -rf"));
        QCOMPARE(AlertExporter::csvField(QStringLiteral("-5")), QByteArray("-5"));
        QCOMPARE(AlertExporter::csvField(QStringLiteral("=a,b")), QByteArray("\"'=a,b\""));
        QCOMPARE(AlertExporter::csvField(QStringLiteral("=x"), false), QByteArray("=x"));
    }

    void exportsAllToCsv()
    {
        AlertExporter::Options o;
        o.path = m_dir.filePath(QStringLiteral("all.csv"));
        o.zone = QTimeZone::utc();
        const auto r = runExport(o);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.rows, qint64(kRows + kSpecial));
        QCOMPARE(r.total, qint64(kRows + kSpecial));
        QFile f(o.path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray data = f.readAll();
        QCOMPARE(qint64(data.size()), r.bytes);
        bool wellFormed = false;
        const auto rows = parseCsv(data, &wellFormed);
        QVERIFY(wellFormed);
        QCOMPARE(rows.size(), kRows + kSpecial + 1);
        QCOMPARE(rows.at(0), (QStringList{QStringLiteral("time"), QStringLiteral("level"), QStringLiteral("rule"),
                                          QStringLiteral("description"), QStringLiteral("agent"), QStringLiteral("srcip"),
                                          QStringLiteral("groups"), QStringLiteral("mitre"), QStringLiteral("state"),
                                          QStringLiteral("risk"), QStringLiteral("assignee")}));
        for (const auto &row : rows) QCOMPARE(row.size(), int(AlertListModel::ColumnCount));
        // newest first (alert_ts): the special rows, the tricky one on top, read back exactly
        QCOMPARE(rows.at(1).at(AlertListModel::DescriptionColumn), m_tricky);
        QCOMPARE(rows.at(1).at(AlertListModel::LevelColumn), QStringLiteral("9"));
        QCOMPARE(rows.at(1).at(AlertListModel::RuleIdColumn), QStringLiteral("100103"));
        QCOMPARE(rows.at(1).at(AlertListModel::AgentColumn), QStringLiteral("host-001 (001)"));
        QCOMPARE(rows.at(1).at(AlertListModel::GroupsColumn), QStringLiteral("x,y, quote\"d"));
        QCOMPARE(rows.at(1).at(AlertListModel::StateColumn), QStringLiteral("New"));
        // ISO 8601 with the zone's offset (UTC here)
        const QDateTime t = QDateTime::fromString(rows.at(1).at(AlertListModel::TimeColumn), Qt::ISODateWithMs);
        QVERIFY(t.isValid());
        QVERIFY2(rows.at(1).at(AlertListModel::TimeColumn).endsWith(QLatin1String("+00:00")), qPrintable(rows.at(1).at(0)));
        QCOMPARE(t.offsetFromUtc(), 0);
        QCOMPARE(rows.at(2).at(AlertListModel::DescriptionColumn), QStringLiteral("'=HYPERLINK(\"http://evil.example\",\"click\")"));
        QCOMPARE(rows.at(3).at(AlertListModel::DescriptionColumn), QStringLiteral("plain"));
        // every id once: the keyset batches neither skip nor repeat rows
        QSet<QString> seen;  // (each alert has its own alert_ts, to the millisecond)
        for (int i = 1; i < rows.size(); ++i) seen.insert(rows.at(i).at(0) + rows.at(i).at(2) + rows.at(i).at(3));
        QCOMPARE(int(seen.size()), kRows + kSpecial);
        // times descend
        for (int i = 2; i < rows.size(); i += 997)
            QVERIFY(rows.at(i - 1).at(0) >= rows.at(i).at(0));
    }

    void exportsAllToNdjson()
    {
        AlertExporter::Options o;
        o.format = AlertExporter::Format::Ndjson;
        o.path = m_dir.filePath(QStringLiteral("all.ndjson"));
        const auto r = runExport(o);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.rows, qint64(kRows + kSpecial));
        QFile f(o.path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        qint64 lines = 0;
        QSet<QString> hashes;
        while (!f.atEnd()) {
            const QByteArray line = f.readLine();
            QVERIFY(line.endsWith('\n'));
            QJsonParseError pe;
            const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
            QVERIFY2(pe.error == QJsonParseError::NoError && doc.isObject(), line.constData());
            if (lines == 0) {
                // the raw alert as stored, the tricky text intact (JSON escapes its line breaks)
                QCOMPARE(doc[QStringLiteral("rule")][QStringLiteral("description")].toString(), m_tricky);
                QCOMPARE(doc[QStringLiteral("data")][QStringLiteral("srcuser")].toString(), m_tricky);
            }
            if (doc[QStringLiteral("id")].isString()) hashes.insert(doc[QStringLiteral("id")].toString());
            ++lines;
        }
        QCOMPARE(lines, qint64(kRows + kSpecial));
        QCOMPARE(hashes.size(), kRows);  // the fixture's alerts carry unique Wazuh ids: none twice
    }

    void respectsFilterOrderAndColumns()
    {
        QString error;
        const auto filter = AlertFilter::parse(QStringLiteral("level>=10 -agent:001"), &error);
        QVERIFY2(filter, qPrintable(error));
        AlertExporter::Options o;
        o.path = m_dir.filePath(QStringLiteral("filtered.csv"));
        o.filter = *filter;
        o.sort.key = AlertSort::Key::Level;
        o.sort.descending = false;
        o.columns = {AlertListModel::LevelColumn, AlertListModel::AgentColumn, AlertListModel::TimeColumn};
        o.headers = {QStringLiteral("Stufe"), QStringLiteral("Agent"), QStringLiteral("Zeit")};
        o.batchRows = 777;  // batches that do not divide the result
        const auto r = runExport(o);
        QVERIFY2(r.ok, qPrintable(r.error));
        const qint64 expected = scalar(QStringLiteral("SELECT count(*) FROM alerts WHERE rule_level >= 10 AND agent_id <> '001'"));
        QVERIFY(expected > 1000);
        QCOMPARE(r.rows, expected);
        QFile f(o.path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        bool wellFormed = false;
        const auto rows = parseCsv(f.readAll(), &wellFormed);
        QVERIFY(wellFormed);
        QCOMPARE(rows.size(), expected + 1);
        QCOMPARE(rows.at(0), (QStringList{QStringLiteral("Stufe"), QStringLiteral("Agent"), QStringLiteral("Zeit")}));
        int prevLevel = 0;
        QString prevTime;
        for (int i = 1; i < rows.size(); ++i) {
            const auto &row = rows.at(i);
            QCOMPARE(row.size(), 3);
            const int level = row.at(0).toInt();
            QVERIFY(level >= 10);
            QVERIFY(!row.at(1).endsWith(QLatin1String("(001)")));
            // level ascending, then time ascending
            QVERIFY(level >= prevLevel);
            if (level == prevLevel) QVERIFY2(row.at(2) >= prevTime, qPrintable(row.at(2) + u' ' + prevTime));
            prevLevel = level;
            prevTime = row.at(2);
        }
        QCOMPARE(prevLevel, 12);
    }

    void cancelRemovesThePartialFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cancelled.ndjson"));
        AlertExporter ex(m_info);
        QSignalSpy done(&ex, &AlertExporter::finished);
        QSignalSpy progress(&ex, &AlertExporter::progress);
        AlertExporter::Options o;
        o.format = AlertExporter::Format::Ndjson;
        o.path = path;
        o.batchRows = 100;  // a thousand batches: the cancel lands long before the end
        connect(&ex, &AlertExporter::progress, &ex, [&ex](qint64 written, qint64) {
            if (written > 0) ex.cancel();
        });
        QVERIFY(ex.start(o));
        QVERIFY(done.wait(60000));
        const auto r = done.at(0).at(0).value<AlertExporter::Result>();
        QVERIFY(r.cancelled);
        QVERIFY(!r.ok);
        QVERIFY(!progress.isEmpty());
        QVERIFY(!ex.isRunning());
        QVERIFY(!QFile::exists(path));
        // no temporary file left behind either
        QTRY_COMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot), QStringList());
        // the exporter takes the next export
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("kept\n");
        old.close();
        QVERIFY(ex.start(o));
        QVERIFY(done.wait(60000));
        QVERIFY(done.at(1).at(0).value<AlertExporter::Result>().cancelled);
        // a cancelled export leaves a file that was there as it was
        QFile kept(path);
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("kept\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot), QStringList{QStringLiteral("cancelled.ndjson")});
    }

    void badPathIsAnError()
    {
        AlertExporter::Options o;
        o.path = m_dir.filePath(QStringLiteral("no/such/dir/x.csv"));
        const auto r = runExport(o);
        QVERIFY(!r.ok);
        QVERIFY(!r.cancelled);
        QVERIFY2(r.error.contains(QLatin1String("no/such/dir/x.csv")), qPrintable(r.error));
    }
};

QTEST_GUILESS_MAIN(TestAlertExporter)
#include "test_alert_exporter.moc"
