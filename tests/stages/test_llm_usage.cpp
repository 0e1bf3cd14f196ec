// LlmUsage: token usage added to llm_usage per UTC day and model by several daemons, the daily budget
// judged on the sum over all of them plus what this one has not written yet, cache hits counted without a
// request, and usage kept (not lost) when the database refuses a flush.
#include "core/metrics.h"
#include "stages/llm_usage.h"
#include "test_database.h"

#include <QTest>

using namespace eos;
using eos::test::TestDatabase;

namespace {

LlmClient::Result answer(int prompt, int completion)
{
    LlmClient::Result r;
    r.ok = true;
    r.promptTokens = prompt;
    r.completionTokens = completion;
    r.totalTokens = prompt + completion;
    return r;
}

}  // namespace

class TestLlmUsage : public QObject {
    Q_OBJECT

    DbConnectionInfo m_db;
    QSqlDatabase m_a, m_b;

    QString today(const QString &columns) const
    {
        return TestDatabase::scalar(m_db, QStringLiteral("SELECT %1 FROM llm_usage WHERE day = (now() AT TIME ZONE 'utc')::date").arg(columns));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_db = TestDatabase::create(QStringLiteral("llm_usage"));
        QString err;
        QVERIFY2(TestDatabase::migrate(m_db, &err), qPrintable(err));
        m_a = m_db.open(QStringLiteral("usage-a"), &err);
        QVERIFY2(m_a.isOpen(), qPrintable(err));
        m_b = m_db.open(QStringLiteral("usage-b"), &err);
        QVERIFY2(m_b.isOpen(), qPrintable(err));
    }

    void cleanupTestCase()
    {
        m_a = QSqlDatabase();
        m_b = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("usage-a"));
        QSqlDatabase::removeDatabase(QStringLiteral("usage-b"));
        TestDatabase::drop(m_db);
    }

    void aSpentBudgetWaitsForTheNextUtcDay()
    {
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const qint64 ms = LlmUsage::msUntilNextUtcDay();
        QVERIFY2(ms >= 1000 && ms <= 86401000, qPrintable(QString::number(ms)));
        // lands just after the next UTC midnight, whatever the local zone
        const QDateTime at = before.addMSecs(ms);
        const QDateTime midnight(before.date().addDays(1), QTime(0, 0), Qt::UTC);
        QVERIFY2(at >= midnight && at <= midnight.addSecs(5), qPrintable(at.toString(Qt::ISODateWithMs)));
    }

    void twoDaemonsShareTheBudget()
    {
        QVERIFY(TestDatabase::exec(m_db, QStringLiteral("DELETE FROM llm_usage")));
        LlmUsage a(1000), b(1000);
        a.refresh(m_a);
        b.refresh(m_b);
        const auto promptBefore = Metrics::instance().llmPromptTokens.load();
        a.record(QStringLiteral("gpt-4o"), answer(300, 100), 0);
        QCOMPARE(Metrics::instance().llmPromptTokens.load(), promptBefore + 300);  // /metrics at once
        QCOMPARE(today(QStringLiteral("count(*)")), QStringLiteral("0"));          // the table once per flush
        QVERIFY(a.flush(m_a));
        QVERIFY(!a.pending());
        b.record(QStringLiteral("gpt-4o"), answer(400, 100), 0);
        QVERIFY(b.flush(m_b));
        QCOMPARE(today(QStringLiteral("requests || ' ' || prompt_tokens || ' ' || completion_tokens || ' ' || total_tokens")),
                 QStringLiteral("2 700 200 900"));
        QVERIFY(a.budgetLeft(m_a));
        QCOMPARE(a.usedToday(), 400);  // its own until it reads the table again
        a.refresh(m_a);
        QCOMPARE(a.usedToday(), 900);
        QVERIFY(a.budgetLeft(m_a));
        // b's next answer, not written yet, counts for b at once and for a once written and read
        b.record(QStringLiteral("gpt-4o"), answer(150, 50), 0);
        b.refresh(m_b);
        QCOMPARE(b.usedToday(), 1100);
        QVERIFY(!b.budgetLeft(m_b));
        QVERIFY(a.budgetLeft(m_a));
        QVERIFY(b.flush(m_b));
        a.refresh(m_a);
        QVERIFY(!a.budgetLeft(m_a));
    }

    void cacheHitsAndModelsCountedApart()
    {
        QVERIFY(TestDatabase::exec(m_db, QStringLiteral("DELETE FROM llm_usage")));
        LlmUsage u(0);  // no budget
        u.record(QStringLiteral("gpt-4o"), answer(10, 5), 0);
        u.record(QStringLiteral("gpt-4o"), LlmClient::Result{}, 3);  // three alerts answered from the cache
        u.record(QString(), answer(1, 1), 0);                        // a server that names no model
        LlmClient::Result failed;
        u.record(QStringLiteral("gpt-4o"), failed, 0);               // a failed request is no request
        QVERIFY(u.flush(m_a));
        QCOMPARE(TestDatabase::scalar(m_db, QStringLiteral("SELECT string_agg(model || ':' || requests || '/' || total_tokens || '/' || cache_hits, ',' "
                                                           "ORDER BY model) FROM llm_usage")),
                 QStringLiteral("?:1/2/0,gpt-4o:1/15/3"));
        for (int i = 0; i < 5; ++i) u.record(QStringLiteral("gpt-4o"), answer(100000, 100000), 0);
        QVERIFY(u.budgetLeft(m_a));  // 0: no budget
    }

    void keptWhenTheDatabaseRefuses()
    {
        QVERIFY(TestDatabase::exec(m_db, QStringLiteral("DELETE FROM llm_usage")));
        LlmUsage u(0);
        u.record(QStringLiteral("m"), answer(20, 20), 0);
        QVERIFY(TestDatabase::exec(m_db, QStringLiteral("ALTER TABLE llm_usage RENAME TO llm_usage_away")));
        QString error;
        QVERIFY(!u.flush(m_a, &error));
        QVERIFY2(!error.isEmpty(), "a refused flush says why");
        QVERIFY(u.pending());
        u.record(QStringLiteral("m"), answer(5, 5), 0);
        QVERIFY(TestDatabase::exec(m_db, QStringLiteral("ALTER TABLE llm_usage_away RENAME TO llm_usage")));
        QVERIFY2(u.flush(m_a, &error), qPrintable(error));
        QVERIFY(!u.pending());
        QCOMPARE(today(QStringLiteral("requests || ' ' || total_tokens")), QStringLiteral("2 50"));
    }
};

QTEST_GUILESS_MAIN(TestLlmUsage)
#include "test_llm_usage.moc"
