// PipelineHealth: alerts/s from id growth, capped backlog per stage, database down.
#include "alert_fixture.h"
#include "pipeline_health.h"
#include "test_database.h"

#include <QSignalSpy>
#include <QTest>

using namespace eos;
using eos::test::AlertFixture;
using eos::test::TestDatabase;

class TestPipelineHealth : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void samples()
    {
        const DbConnectionInfo info = TestDatabase::create(QStringLiteral("health"));
        QString err;
        QSqlDatabase db = info.open(QStringLiteral("t"), &err);
        QVERIFY2(db.isOpen(), qPrintable(err));
        QVERIFY2(AlertFixture::migrate(db, &err), qPrintable(err));
        QVERIFY(AlertFixture::exec(db, AlertFixture::insertAgentsSql(3), &err));
        QVERIFY(AlertFixture::exec(db, AlertFixture::insertAlertsSql(1, 300, 3), &err));
        QVERIFY(AlertFixture::exec(db, QStringLiteral("UPDATE alerts SET state = 'summarized' WHERE id <= 100"), &err));

        PipelineHealth h(info);
        QSignalSpy sampled(&h, &PipelineHealth::sampled);
        h.start(300);
        QVERIFY(sampled.wait(5000));
        auto s = h.last();
        QVERIFY2(s.databaseUp, qPrintable(s.error));
        QCOMPARE(s.backlog.value(QStringLiteral("new")), qint64(200));
        QCOMPARE(s.backlog.value(QStringLiteral("summarized")), qint64(100));
        QCOMPARE(s.newestId, qint64(300));
        QVERIFY(!s.backlogCapped);
        QVERIFY(AlertFixture::exec(db, AlertFixture::insertAlertsSql(301, 500, 3), &err));
        QVERIFY(sampled.wait(5000));
        s = h.last();
        QCOMPARE(s.newestId, qint64(800));
        QVERIFY(s.alertsPerSecond > 0);
        QVERIFY(PipelineHealth::describe(s).contains(QStringLiteral("alerts/s")));
        h.stop();

        DbConnectionInfo bad = info;
        bad.database = QStringLiteral("no_such_db_anywhere");
        PipelineHealth down(bad);
        QSignalSpy downSampled(&down, &PipelineHealth::sampled);
        down.start(300);
        QVERIFY(downSampled.wait(5000));
        QVERIFY(!down.last().databaseUp);
        QCOMPARE(PipelineHealth::describe(down.last()), QStringLiteral("database unreachable"));
    }
};

QTEST_GUILESS_MAIN(TestPipelineHealth)
#include "test_pipeline_health.moc"
