// StageResults: the text array literal of a column of results (NULLs as QPSQL binds them, quoting, times
// in UTC), the statement built from a stage's doneSql()/doneTypes(), and storing a batch: every value
// arrives with its type, only alerts this runner still holds a lease on (and still in the input state) move
// on, and a stage whose placeholders and types disagree is not "typed" (the runner then writes per alert).
#include "stages/stage.h"
#include "stages/stage_results.h"
#include "test_database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimeZone>

#include <algorithm>

using namespace eos;
using eos::test::TestDatabase;

namespace {

class TypedStage : public Stage {
public:
    explicit TypedStage(QString sql = QStringLiteral("llm_summary = ?, llm_latency_ms = ?, prompt_sent_at = ?, llm_valid = ?, "
                                                     "llm_answer = ?::jsonb"),
                        QStringList types = {QStringLiteral("text"), QStringLiteral("int"), QStringLiteral("timestamptz"),
                                             QStringLiteral("boolean"), QStringLiteral("jsonb")})
        : m_sql(std::move(sql)), m_types(std::move(types)) {}
    QString name() const override { return QStringLiteral("typed"); }
    QString inputState() const override { return QStringLiteral("agent_enriched"); }
    QString outputState() const override { return QStringLiteral("summarized"); }
    QString wakeChannel() const override { return QStringLiteral("agent_enriched"); }
    QString doneChannel() const override { return QStringLiteral("new_response"); }
    QString doneSql() const override { return m_sql; }
    QStringList doneTypes() const override { return m_types; }
    void process(const std::vector<ClaimedAlert> &, Done) override {}

private:
    QString m_sql;
    QStringList m_types;
};

}  // namespace

class TestStageResults : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void textArrayQuotesAndNulls()
    {
        const QDateTime berlin(QDate(2026, 11, 30), QTime(11, 0, 0, 5), QTimeZone("Europe/Berlin"));
        const QString got = StageResults::textArray({QVariant(), QVariant(QMetaType::fromType<QString>()), QVariant(QString()),
                                                     QVariant(QStringLiteral("")), QVariant(QStringLiteral("a \"b\" \\c, {d} é")),
                                                     QVariant(42), QVariant(true), QVariant(false), QVariant(berlin),
                                                     QVariant(QDateTime()), QVariant(QByteArray("x\"y")), QVariant(QByteArray())});
        QCOMPARE(got, QStringLiteral("{NULL,NULL,NULL,\"\",\"a \\\"b\\\" \\\\c, {d} é\",\"42\",\"true\",\"false\","
                                     "\"2026-11-30T10:00:00.005Z\",NULL,\"x\\\"y\",NULL}"));
        QCOMPARE(StageResults::textArray({}), QStringLiteral("{}"));
    }

    void statementFromTheStage()
    {
        const TypedStage stage;
        QVERIFY(StageResults::typed(stage));
        const QString sql = StageResults::updateSql(stage);
        QVERIFY2(sql.contains(QStringLiteral("unnest(?::int8[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) AS v(id, c0, c1, c2, c3, c4)")),
                 qPrintable(sql));
        QVERIFY2(sql.contains(QStringLiteral("llm_summary = (v.c0::text), llm_latency_ms = (v.c1::int), prompt_sent_at = (v.c2::timestamptz), "
                                             "llm_valid = (v.c3::boolean), llm_answer = (v.c4::jsonb)::jsonb")),
                 qPrintable(sql));
        QVERIFY(sql.contains(QStringLiteral("state = 'summarized'")) && sql.contains(QStringLiteral("a.state = 'agent_enriched'")));
        QCOMPARE(sql.count(u'?'), 7);  // ids, five columns, the owner
        // types that do not match the placeholders, or none: not typed
        QVERIFY(!StageResults::typed(TypedStage(QStringLiteral("llm_summary = ?, llm_model = ?"), {QStringLiteral("text")})));
        QVERIFY(!StageResults::typed(TypedStage(QStringLiteral("llm_summary = ?"), {})));
    }

    void storesOnlyWhatThisRunnerHolds()
    {
        const auto db = TestDatabase::create(QStringLiteral("stage_results"));
        QString err;
        QVERIFY2(TestDatabase::migrate(db, &err), qPrintable(err));
        QVERIFY2(TestDatabase::exec(db, QStringLiteral("INSERT INTO agents(id) VALUES ('001'); "
                                                       "INSERT INTO alerts(alert_hash, agent_id, rule_level, raw, state) "
                                                       "SELECT 'r' || g, '001', 5, '{}', 'agent_enriched' FROM generate_series(1, 4) g"),
                                    &err),
                 qPrintable(err));
        const qint64 first = TestDatabase::scalar(db, QStringLiteral("SELECT min(id) FROM alerts")).toLongLong();
        // leases: alerts 1-3 held by "me", alert 4 by another runner; alert 3 was moved on meanwhile
        QVERIFY2(TestDatabase::exec(db, QStringLiteral("INSERT INTO stage_leases(alert_id, stage, claimed_by, claimed_until) "
                                                       "SELECT id, 'typed', CASE WHEN id < %1 THEN 'me' ELSE 'other' END, "
                                                       "now() + interval '1 minute' FROM alerts; "
                                                       "UPDATE alerts SET state = 'summarized' WHERE id = %2")
                                                    .arg(first + 3).arg(first + 2),
                                    &err),
                 qPrintable(err));
        QSqlDatabase conn = db.open(QStringLiteral("stage-results"), &err);
        QVERIFY2(conn.isOpen(), qPrintable(err));
        {
            const QDateTime at(QDate(2026, 11, 30), QTime(10, 0, 0, 250), Qt::UTC);
            const QVariantList a{QStringLiteral("it's \"quoted\""), 12, at, true, QStringLiteral("{\"risk\":\"high\"}")};
            const QVariantList b{QVariant(QMetaType::fromType<QString>()), 0, QVariant(QDateTime()), false, QStringLiteral("[]")};
            const QVariantList c{QStringLiteral("c"), 3, at, true, QStringLiteral("{}")};
            const QVariantList d{QStringLiteral("d"), 4, at, true, QStringLiteral("{}")};
            std::vector<qint64> done;
            QVERIFY(conn.transaction());
            QVERIFY2(StageResults::store(conn, TypedStage(), QStringLiteral("me"), {first, first + 1, first + 2, first + 3},
                                         {&a, &b, &c, &d}, &done, &err),
                     qPrintable(err));
            QVERIFY(conn.commit());
            std::sort(done.begin(), done.end());
            QCOMPARE(done, (std::vector<qint64>{first, first + 1}));
            // bad JSON: a database error, nothing written
            const QVariantList bad{QStringLiteral("x"), 1, at, true, QStringLiteral("{not json")};
            std::vector<qint64> none;
            QVERIFY(conn.transaction());
            QVERIFY(!StageResults::store(conn, TypedStage(), QStringLiteral("other"), {first + 3}, {&bad}, &none, &err));
            QVERIFY2(err.contains(QStringLiteral("json"), Qt::CaseInsensitive), qPrintable(err));
            conn.rollback();
            QVERIFY(none.empty());
        }
        conn = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("stage-results"));
        auto row = [&db](qint64 id) {
            return TestDatabase::scalar(db, QStringLiteral("SELECT concat_ws('|', state, coalesce(llm_summary, '<null>'), llm_latency_ms, "
                                                           "coalesce(to_char(prompt_sent_at AT TIME ZONE 'UTC', 'HH24:MI:SS.MS'), '<null>'), "
                                                           "llm_valid, llm_answer::text, stage_attempts) FROM alerts WHERE id = %1")
                                            .arg(id));
        };
        QCOMPARE(row(first), QStringLiteral("summarized|it's \"quoted\"|12|10:00:00.250|t|{\"risk\": \"high\"}|0"));
        QCOMPARE(row(first + 1), QStringLiteral("summarized|<null>|0|<null>|f|[]|0"));
        QCOMPARE(row(first + 2), QStringLiteral("summarized|<null>|<null>|0"));  // moved on by someone else: untouched
        QCOMPARE(row(first + 3), QStringLiteral("agent_enriched|<null>|<null>|0"));  // another runner's lease
        // this runner's leases are gone, the other runner's stays
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT string_agg(claimed_by, ',') FROM stage_leases")), QStringLiteral("other"));
        TestDatabase::drop(db);
    }
};

QTEST_GUILESS_MAIN(TestStageResults)
#include "test_stage_results.moc"
