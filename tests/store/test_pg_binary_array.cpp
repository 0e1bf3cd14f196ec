// PgBinaryArray against real PostgreSQL: what the server reads back from the binary arrays (and the
// text[] literals) the ingest statement sends.
#include "store/db_connection_info.h"
#include "store/pg_binary_array.h"
#include "test_database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <libpq-fe.h>

using namespace eos;
using eos::test::TestDatabase;

class TestPgBinaryArray : public QObject {
    Q_OBJECT

    DbConnectionInfo m_info;
    QSqlDatabase m_db;
    PGconn *m_pg = nullptr;

    // Sends `array` as $1 and returns each row of `sql` (which unnests it) as text, NULL as "<null>".
    QStringList roundTrip(PgBinaryArray &array, const char *sql)
    {
        const QByteArray &b = array.bytes();
        const char *values[1] = {b.constData()};
        const int lengths[1] = {int(b.size())};
        const int formats[1] = {1};
        const Oid types[1] = {array.arrayOid()};
        PGresult *res = PQexecParams(m_pg, sql, 1, types, values, lengths, formats, 0);
        QStringList out;
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            out << QStringLiteral("ERROR: ") + QString::fromUtf8(PQresultErrorMessage(res));
        } else {
            for (int i = 0; i < PQntuples(res); ++i)
                out << (PQgetisnull(res, i, 0) ? QStringLiteral("<null>") : QString::fromUtf8(PQgetvalue(res, i, 0)));
        }
        PQclear(res);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_info = TestDatabase::create(QStringLiteral("binary_array"));
        QString err;
        m_db = m_info.open(QStringLiteral("b"), &err);
        QVERIFY2(m_db.isOpen(), qPrintable(err));
        m_pg = DbConnectionInfo::pgConn(m_db);
        QVERIFY(m_pg);
    }

    void textElementsArriveAsSent()
    {
        PgBinaryArray a(PgBinaryArray::Type::Text);
        const QStringList sent{QStringLiteral("plain"), QStringLiteral("quote \" and back\\slash"), QStringLiteral("tab\tnew\nline"),
                               QStringLiteral("{braces,commas}"), QStringLiteral("Grüße ✓ 漢字"), QStringLiteral("NULL")};
        for (const auto &s : sent) a.appendText(s);
        a.appendNullableText(QString());  // → NULL
        a.appendText(QByteArray());       // → empty string, not NULL
        QCOMPARE(a.count(), 8);
        QCOMPARE(roundTrip(a, "SELECT x FROM unnest($1::text[]) WITH ORDINALITY AS t(x, n) ORDER BY n"),
                 (sent + QStringList{QStringLiteral("<null>"), QString()}));
        QCOMPARE(roundTrip(a, "SELECT array_length($1::text[], 1)::text"), QStringList{QStringLiteral("8")});
    }

    void integersKeepSignAndWidth()
    {
        PgBinaryArray i4(PgBinaryArray::Type::Int4);
        for (int v : {0, 1, -1, 2147483647, -2147483647 - 1}) i4.appendInt(v);
        QCOMPARE(roundTrip(i4, "SELECT x::text FROM unnest($1::int4[]) WITH ORDINALITY AS t(x, n) ORDER BY n"),
                 (QStringList{"0", "1", "-1", "2147483647", "-2147483648"}));
        PgBinaryArray i8(PgBinaryArray::Type::Int8);
        for (qint64 v : {qint64(1), qint64(-5), qint64(9007199254740993), std::numeric_limits<qint64>::max()}) i8.appendInt8(v);
        i8.appendNull();
        QCOMPARE(roundTrip(i8, "SELECT x::text FROM unnest($1::int8[]) WITH ORDINALITY AS t(x, n) ORDER BY n"),
                 (QStringList{"1", "-5", "9007199254740993", "9223372036854775807", "<null>"}));
    }

    void emptyArrayIsEmpty()
    {
        PgBinaryArray a(PgBinaryArray::Type::Text);
        QCOMPARE(roundTrip(a, "SELECT cardinality($1::text[])::text"), QStringList{QStringLiteral("0")});
    }

    void textArrayLiteralParsesBack()
    {
        const QStringList items{QStringLiteral("syslog"), QStringLiteral("a,b"), QStringLiteral("{x}"), QStringLiteral("q\"uote"),
                                QStringLiteral("back\\slash"), QStringLiteral("NULL"), QString(), QStringLiteral("  spaced  ")};
        PgBinaryArray a(PgBinaryArray::Type::Text);
        a.appendText(PgBinaryArray::textArrayLiteral(items));
        a.appendText(PgBinaryArray::textArrayLiteral({}));
        QCOMPARE(roundTrip(a, "SELECT y FROM unnest($1::text[]) WITH ORDINALITY AS t(x, n), "
                              "unnest(x::text[]) WITH ORDINALITY AS u(y, m) ORDER BY n, m"),
                 items);
        QCOMPARE(roundTrip(a, "SELECT cardinality(x::text[])::text FROM unnest($1::text[]) AS t(x)"),
                 (QStringList{QString::number(items.size()), QStringLiteral("0")}));
    }

    void int8ArrayLiteralParsesBack()
    {
        QSqlQuery q(m_db);
        QVERIFY(q.prepare(QStringLiteral("SELECT cardinality(?::int8[]), (?::int8[])[2], (?::int8[])[3]")));
        const QString ids = PgBinaryArray::int8ArrayLiteral({1, -5, 9223372036854775807LL});
        QCOMPARE(ids, QStringLiteral("{1,-5,9223372036854775807}"));
        q.addBindValue(ids);
        q.addBindValue(ids);
        q.addBindValue(ids);
        QVERIFY2(q.exec() && q.next(), qPrintable(q.lastError().text()));
        QCOMPARE(q.value(0).toInt(), 3);
        QCOMPARE(q.value(1).toLongLong(), -5);
        QCOMPARE(q.value(2).toLongLong(), 9223372036854775807LL);
        QCOMPARE(PgBinaryArray::int8ArrayLiteral({}), QStringLiteral("{}"));
    }

    void cleanupTestCase()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("b"));
        TestDatabase::drop(m_info);
    }
};

QTEST_GUILESS_MAIN(TestPgBinaryArray)
#include "test_pg_binary_array.moc"
