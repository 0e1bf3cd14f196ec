// RollupFolder: on its own thread it folds the alert count deltas (0013_alert_rollup.sql) into
// alert_rollup on its interval and says so; a database without the schema is a logged warning, no crash,
// and it folds once the schema is there.
#include "core/worker_thread.h"
#include "store/rollup_folder.h"
#include "test_database.h"

#include <QSignalSpy>
#include <QTest>

using namespace eos;
using eos::test::TestDatabase;

namespace {
qint64 count(const DbConnectionInfo &info, const QString &sql) { return TestDatabase::scalar(info, sql).toLongLong(); }

QString alertsSql(int first, int n)
{
    return QStringLiteral("INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, raw, alert_ts, state) "
                          "SELECT 'rf-' || g, '001', 5710, g %% 16, '{}', now() - g * interval '5 minutes', 'new' "
                          "FROM generate_series(%1, %2) g").arg(first).arg(first + n - 1).replace(QStringLiteral("%%"), QStringLiteral("%"));
}
}  // namespace

class TestRollupFolder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void folderRunsOnItsThread()
    {
        const auto info = TestDatabase::create(QStringLiteral("rollup-folder"));
        QString err;
        auto *folder = new RollupFolder(info, 100);
        QSignalSpy folded(folder, &RollupFolder::folded);
        {
            WorkerThread t(QStringLiteral("eos-rollup-test"), folder);
            t.start();
            QMetaObject::invokeMethod(folder, &RollupFolder::start, Qt::QueuedConnection);
            // started before the database has the schema: it keeps trying (and warns once) until it has
            QVERIFY2(TestDatabase::migrate(info, &err), qPrintable(err));
            QVERIFY2(TestDatabase::exec(info, QStringLiteral("INSERT INTO agents (id) VALUES ('001')"), &err), qPrintable(err));
            QVERIFY2(TestDatabase::exec(info, alertsSql(1, 40), &err), qPrintable(err));
            QTRY_VERIFY_WITH_TIMEOUT(count(info, QStringLiteral("SELECT count(*) FROM alert_rollup_delta")) == 0, 10000);
            QTRY_VERIFY_WITH_TIMEOUT(!folded.isEmpty(), 10000);
        }  // quits and joins; the folder is deleted on its thread
        QCOMPARE(count(info, QStringLiteral("SELECT sum(n) FROM alert_rollup WHERE dim = 'x'")), 40);
        TestDatabase::drop(info);
    }
};

QTEST_GUILESS_MAIN(TestRollupFolder)
#include "test_rollup_folder.moc"
