// Migrator: a fresh database, re-runs, a newer schema, the in-place upgrade of a database the older
// Python pipeline created (rows kept, new columns backfilled, its per-row notify triggers gone), and a
// migration that fails midway (nothing changes).
#include "store/migrator.h"
#include "test_connection.h"
#include "test_database.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QUuid>
#include <QVariant>

using eos::DbConnectionInfo;
using eos::Migrator;
using eos::test::TestDatabase;

namespace {

using Conn = eos::test::TestConnection;

QStringList column(const DbConnectionInfo &info, const QString &sql)
{
    Conn c(info);
    QSqlQuery q(c.db());
    QStringList out;
    if (!q.exec(sql)) {
        qWarning("query failed: %s\n%s", qPrintable(q.lastError().text()), qPrintable(sql));
        return {QStringLiteral("<error>")};
    }
    while (q.next()) out.append(q.value(0).toString());
    return out;
}

QList<QJsonObject> sampleAlerts()
{
    QFile f(QStringLiteral(EOS_TEST_DATA_DIR "/legacy_alerts.ndjson"));
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(f.fileName()));
    QList<QJsonObject> out;
    for (const auto &line : f.readAll().split('\n'))
        if (!line.trimmed().isEmpty()) out.append(QJsonDocument::fromJson(line).object());
    return out;
}

QString readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
    return QString::fromUtf8(f.readAll());
}

QStringList jsonStrings(const QJsonValue &v)
{
    QStringList out;
    for (const auto &e : v.toArray()) out.append(e.toString());
    return out;
}

// text[] as PostgreSQL prints it ({a,b}) back into a list (the test values hold no commas or quotes)
QStringList pgArray(QString text)
{
    text = text.mid(1, text.size() - 2);
    return text.isEmpty() ? QStringList() : text.split(u',');
}

const QStringList kExpectedIndexes{
    QStringLiteral("alerts_alert_ts_idx"), QStringLiteral("alerts_ingest_ts_idx"), QStringLiteral("alerts_level_idx"),
    QStringLiteral("alerts_agent_idx"),    QStringLiteral("alerts_rule_idx"),      QStringLiteral("alerts_state_idx"),
    QStringLiteral("alerts_groups_idx"),   QStringLiteral("alerts_mitre_idx"),     QStringLiteral("alerts_src_ip_idx"),
};
const QString kEnumSql = QStringLiteral(
    "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'alert_state' "
    "ORDER BY e.enumsortorder");
// columns the migrations add (0001: filter columns, 0002: triage, 0004: stage leases and retries, 0005: remediation, 0006: LLM triage)
const QString kNewColumns = QStringLiteral("ARRAY['alert_ts','agent_name','groups','src_ip','mitre_ids','location',"
                                           "'triage_status','assigned_to','triage_reason','triaged_at',"
                                           "'stage_attempts','next_attempt_at','stage_error',"
                                           "'failed_stage','failed_from','enriched_at','policy_checked_at',"
                                           "'llm_risk','llm_model_risk','llm_summary','llm_answer','llm_valid','llm_provider',"
                                           "'llm_model','llm_preset','llm_latency_ms','llm_cache_key','llm_cached','llm_redactions']");

}  // namespace

class TestMigrator : public QObject {
    Q_OBJECT

    // Creates the older pipeline's schema and fills it. Returns the ids of the sample alerts in file order.
    QList<qint64> createLegacyDatabase(const DbConnectionInfo &info)
    {
        QString err;
        if (!TestDatabase::exec(info, readFile(QStringLiteral(EOS_TEST_DATA_DIR "/legacy_schema.sql")), &err))
            qFatal("legacy schema: %s", qPrintable(err));
        Conn c(info);
        QList<qint64> ids;
        const QStringList states{QStringLiteral("new"), QStringLiteral("summarized"), QStringLiteral("sent"), QStringLiteral("failed")};
        int n = 0;
        for (const auto &a : sampleAlerts()) {
            const QJsonObject agent = a.value(QStringLiteral("agent")).toObject(), rule = a.value(QStringLiteral("rule")).toObject();
            QSqlQuery ag(c.db());
            ag.prepare(QStringLiteral("INSERT INTO agents(id, name, ip, os, groups, last_seen) VALUES (?, ?, ?, 'Linux', "
                                      "'[\"default\"]'::jsonb, '2026-11-20 10:00:00+00') ON CONFLICT (id) DO NOTHING"));
            ag.addBindValue(agent.value(QStringLiteral("id")).toString());
            ag.addBindValue(agent.value(QStringLiteral("name")).toString());
            ag.addBindValue(agent.value(QStringLiteral("ip")).toString());
            if (!ag.exec()) qFatal("agent insert: %s", qPrintable(ag.lastError().text()));
            // the older pipeline's ids have gaps (deleted rows): leave some
            const qint64 id = 100 + 7 * n;
            QSqlQuery q(c.db());
            q.prepare(QStringLiteral(
                "INSERT INTO alerts(id, alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, ingest_timestamp, state, "
                "prompt_text, response_text, total_tokens) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::timestamptz, ?::alert_state, ?, ?, ?)"));
            q.addBindValue(id);
            q.addBindValue(QStringLiteral("%1").arg(qHash(QJsonDocument(a).toJson()), 16, 16, QLatin1Char('0')) + QString::number(n));
            q.addBindValue(agent.value(QStringLiteral("id")).toString());
            q.addBindValue(rule.value(QStringLiteral("id")).toString().toInt());
            q.addBindValue(rule.value(QStringLiteral("level")).toInt());
            q.addBindValue(rule.value(QStringLiteral("description")).toString());
            q.addBindValue(QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)));
            q.addBindValue(QStringLiteral("2026-11-2%1 08:00:0%1.123456+00").arg(n));
            q.addBindValue(states[n % states.size()]);
            q.addBindValue(n % 2 ? QStringLiteral("Summarise this alert…") : QString());
            q.addBindValue(n % 2 ? QStringLiteral("Summary: someone logged in.\nWhat to do: nothing.") : QString());
            q.addBindValue(n % 2 ? QVariant(321) : QVariant());
            if (!q.exec()) qFatal("alert insert: %s", qPrintable(q.lastError().text()));
            ids.append(id);
            ++n;
        }
        QSqlQuery seq(c.db());
        if (!seq.exec(QStringLiteral("SELECT setval('alerts_id_seq', (SELECT max(id) FROM alerts))")))
            qFatal("setval: %s", qPrintable(seq.lastError().text()));
        return ids;
    }

private Q_SLOTS:
    void builtinMigrationsAreShipped()
    {
        const auto all = Migrator::builtin();
        QVERIFY(!all.isEmpty());
        QCOMPARE(all.first().version, 1);
        QCOMPARE(all.first().name, QStringLiteral("base"));
        QVERIFY(all.first().sql.contains(QStringLiteral("CREATE TABLE IF NOT EXISTS alerts")));
        for (qsizetype i = 1; i < all.size(); ++i) QVERIFY(all[i].version > all[i - 1].version);
        QCOMPARE(Migrator().latestVersion(), all.last().version);
    }

    void freshDatabase()
    {
        const auto info = TestDatabase::create(QStringLiteral("fresh"));
        {
            Conn c(info);
            QString err;
            QCOMPARE(Migrator::currentVersion(c.db(), &err), 0);
            const auto r = Migrator().migrate(c.db());
            QVERIFY2(r.ok, qPrintable(r.error));
            QCOMPARE(r.fromVersion, 0);
            QCOMPARE(r.toVersion, Migrator().latestVersion());
            QCOMPARE(r.applied.first(), QStringLiteral("0001_base"));
            QCOMPARE(Migrator::currentVersion(c.db(), &err), Migrator().latestVersion());
        }
        QCOMPARE(column(info, QStringLiteral("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                                             "AND table_name IN ('alerts','agents','schema_migrations') ORDER BY 1")),
                 (QStringList{QStringLiteral("agents"), QStringLiteral("alerts"), QStringLiteral("schema_migrations")}));
        QCOMPARE(column(info, kEnumSql),
                 (QStringList{QStringLiteral("new"), QStringLiteral("agent_enriched"), QStringLiteral("summarized"),
                              QStringLiteral("sent"), QStringLiteral("failed"), QStringLiteral("archived")}));
        const QStringList idx = column(info, QStringLiteral("SELECT indexname FROM pg_indexes WHERE tablename = 'alerts'"));
        for (const auto &i : kExpectedIndexes) QVERIFY2(idx.contains(i), qPrintable(i + QStringLiteral(" missing: ") + idx.join(u' ')));
        QVERIFY2(idx.contains(QStringLiteral("alerts_alert_hash_key")), qPrintable(idx.join(u' ')));
        if (TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'")) != QStringLiteral("0"))
            QVERIFY2(idx.contains(QStringLiteral("alerts_desc_trgm_idx")), qPrintable(idx.join(u' ')));
        QCOMPARE(column(info, QStringLiteral("SELECT version || ' ' || name || ' ' || (applied_by LIKE 'eos-console %')::text "
                                             "FROM schema_migrations ORDER BY version")).first(),
                 QStringLiteral("1 base true"));
        // 0003: alert bodies are compressed with lz4 (Debian's server has it), and a large body really is
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT attcompression FROM pg_attribute "
                                                           "WHERE attrelid = 'alerts'::regclass AND attname = 'raw'")),
                 QStringLiteral("l"));
        QVERIFY(TestDatabase::exec(info, QStringLiteral("INSERT INTO alerts(alert_hash, raw) "
                                                        "VALUES ('big', jsonb_build_object('full_log', repeat('x', 10000)))")));
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT pg_column_compression(raw) FROM alerts WHERE alert_hash = 'big'")),
                 QStringLiteral("lz4"));
        QVERIFY(TestDatabase::exec(info, QStringLiteral("DELETE FROM alerts")));
        // the new columns and their defaults work for a plain insert
        QVERIFY(TestDatabase::exec(info, QStringLiteral("INSERT INTO alerts(alert_hash, raw) VALUES ('h1', '{}')")));
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT state::text || ' ' || groups::text || ' ' || mitre_ids::text FROM alerts")),
                 QStringLiteral("new {} {}"));
        // alert_hash stays unique
        QString err;
        QVERIFY(!TestDatabase::exec(info, QStringLiteral("INSERT INTO alerts(alert_hash, raw) VALUES ('h1', '{}')"), &err));
        QVERIFY2(err.contains(QStringLiteral("alert_hash")), qPrintable(err));
        TestDatabase::drop(info);
    }

    void rerunIsANoOp()
    {
        const auto info = TestDatabase::create(QStringLiteral("rerun"));
        {
            Conn c(info);
            QVERIFY(Migrator().migrate(c.db()).ok);
        }
        const QStringList before = column(info, QStringLiteral("SELECT version || ' ' || applied_at FROM schema_migrations ORDER BY 1"));
        {
            Conn c(info);
            const auto r = Migrator().migrate(c.db());
            QVERIFY2(r.ok, qPrintable(r.error));
            QVERIFY2(r.applied.isEmpty(), qPrintable(r.applied.join(u',')));
            QCOMPARE(r.fromVersion, r.toVersion);
        }
        QCOMPARE(column(info, QStringLiteral("SELECT version || ' ' || applied_at FROM schema_migrations ORDER BY 1")), before);
        // re-applying the base script itself is harmless too (it is written to be idempotent)
        Migrator::Migration again = Migrator::builtin().first();
        again.version = 1000;
        {
            Conn c(info);
            const auto r = Migrator({Migrator::builtin().first(), again}).migrate(c.db());
            QVERIFY2(r.ok, qPrintable(r.error));
        }
        TestDatabase::drop(info);
    }

    void newerSchemaIsRefused()
    {
        const auto info = TestDatabase::create(QStringLiteral("newer"));
        {
            Conn c(info);
            QVERIFY(Migrator().migrate(c.db()).ok);
        }
        QVERIFY(TestDatabase::exec(info, QStringLiteral("INSERT INTO schema_migrations(version, name) VALUES (999, 'from_the_future');"
                                                        "ALTER TABLE alerts ADD COLUMN future_col int;")));
        const QStringList before = column(info, QStringLiteral("SELECT version FROM schema_migrations ORDER BY 1"));
        const QStringList colsBefore = column(info, QStringLiteral("SELECT column_name FROM information_schema.columns WHERE table_name = 'alerts' ORDER BY 1"));
        {
            Conn c(info);
            // a later build that knows version 2 is still older than 999
            Migrator::Migration two{2, QStringLiteral("two"), QStringLiteral("CREATE TABLE should_not_exist(x int)")};
            const auto r = Migrator({Migrator::builtin().first(), two}).migrate(c.db());
            QVERIFY(!r.ok);
            QCOMPARE(r.fromVersion, 999);
            QVERIFY2(r.error.contains(QStringLiteral("999")) && r.error.contains(QStringLiteral("newer")), qPrintable(r.error));
            QVERIFY(r.applied.isEmpty());
            QString err;
            QCOMPARE(Migrator::currentVersion(c.db(), &err), 999);
        }
        QCOMPARE(column(info, QStringLiteral("SELECT version FROM schema_migrations ORDER BY 1")), before);
        QCOMPARE(column(info, QStringLiteral("SELECT column_name FROM information_schema.columns WHERE table_name = 'alerts' ORDER BY 1")), colsBefore);
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT to_regclass('should_not_exist') IS NULL")), QStringLiteral("true"));
        TestDatabase::drop(info);
    }

    void upgradesTheOlderPipelineDatabase()
    {
        const auto info = TestDatabase::create(QStringLiteral("legacy"));
        const QList<qint64> ids = createLegacyDatabase(info);
        const QList<QJsonObject> alerts = sampleAlerts();
        QCOMPARE(ids.size(), alerts.size());
        // a row the older pipeline stored without hash and body (its columns allowed NULL)
        QVERIFY(TestDatabase::exec(info, QStringLiteral("INSERT INTO alerts(id, rule_id, rule_level, state) VALUES (50, 1, 2, 'archived')")));
        QVERIFY(column(info, kEnumSql).indexOf(QStringLiteral("agent_enriched")) < 0);

        const QString alertsSnapshot = QStringLiteral("SELECT (to_jsonb(a) - %1)::text FROM alerts a WHERE id <> 50 ORDER BY id").arg(kNewColumns);
        const QStringList alertsBefore = column(info, alertsSnapshot);
        const QStringList agentsBefore = column(info, QStringLiteral("SELECT to_jsonb(a)::text FROM agents a ORDER BY id"));
        QCOMPARE(alertsBefore.size(), alerts.size());

        Conn listener(info);
        QSqlDriver *driver = listener.db().driver();
        QVERIFY(driver->subscribeToNotification(QStringLiteral("new_alert")));
        QVERIFY(driver->subscribeToNotification(QStringLiteral("new_response")));
        QSignalSpy spy(driver, &QSqlDriver::notification);

        // positive control: the legacy triggers notify per row, so the listener does hear them
        QVERIFY(TestDatabase::exec(info, QStringLiteral("UPDATE alerts SET response_text = 'Summary: x' WHERE id = %1").arg(ids[0])));
        QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 1, 5000);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("new_response"));
        QCOMPARE(spy.at(0).at(2).toString(), QString::number(ids[0]));
        QVERIFY(TestDatabase::exec(info, QStringLiteral("UPDATE alerts SET response_text = NULL WHERE id = %1").arg(ids[0])));
        QTest::qWait(100);
        spy.clear();

        {
            Conn c(info);
            const auto r = Migrator().migrate(c.db());
            QVERIFY2(r.ok, qPrintable(r.error));
            QCOMPARE(r.fromVersion, 0);
        }

        // every row kept, ids and values intact
        QCOMPARE(column(info, alertsSnapshot), alertsBefore);
        QCOMPARE(column(info, QStringLiteral("SELECT (to_jsonb(a) - ARRAY['last_alert_at','status_changed_at','api_found'])::text FROM agents a ORDER BY id")), agentsBefore);
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT alert_hash || ' ' || raw::text || ' ' || state FROM alerts WHERE id = 50")),
                 QStringLiteral("legacy-50 {} archived"));
        QVERIFY(column(info, kEnumSql).contains(QStringLiteral("agent_enriched")));
        QCOMPARE(column(info, kEnumSql).indexOf(QStringLiteral("agent_enriched")), 1);

        // the new columns are filled from raw
        for (qsizetype i = 0; i < alerts.size(); ++i) {
            const QJsonObject &a = alerts[i];
            const QString where = QStringLiteral(" FROM alerts WHERE id = %1").arg(ids[i]);
            const QString ts = a.value(QStringLiteral("timestamp")).toString();
            QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT alert_ts = '%1'::timestamptz").arg(ts) + where), QStringLiteral("true"));
            QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT agent_name") + where),
                     a.value(QStringLiteral("agent")).toObject().value(QStringLiteral("name")).toString());
            QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT location") + where), a.value(QStringLiteral("location")).toString());
            QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT coalesce(src_ip, '')") + where),
                     a.value(QStringLiteral("data")).toObject().value(QStringLiteral("srcip")).toString());
            const QJsonObject rule = a.value(QStringLiteral("rule")).toObject();
            QCOMPARE(pgArray(TestDatabase::scalar(info, QStringLiteral("SELECT groups::text") + where)), jsonStrings(rule.value(QStringLiteral("groups"))));
            QCOMPARE(pgArray(TestDatabase::scalar(info, QStringLiteral("SELECT mitre_ids::text") + where)),
                     jsonStrings(rule.value(QStringLiteral("mitre")).toObject().value(QStringLiteral("id"))));
        }
        // the samples do exercise the backfill (non-empty MITRE ids and source IPs among them)
        QVERIFY(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM alerts WHERE cardinality(mitre_ids) = 2 AND src_ip IS NOT NULL")).toInt() >= 1);
        // the row without a body falls back to its ingest time
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT alert_ts = ingest_timestamp FROM alerts WHERE id = 50")), QStringLiteral("true"));

        // the older per-row notify triggers are gone: Eos's ingest sends one notification per batch itself
        // (only ours: 0008's statement trigger that notes each insert in the commit log, 0013's three that keep
        // the hourly counts, none of which notifies)
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'alerts'::regclass AND NOT tgisinternal "
                                                           "AND tgname NOT IN ('alerts_note_commit', 'alerts_rollup_insert', "
                                                           "'alerts_rollup_update', 'alerts_rollup_delete')")),
                 QStringLiteral("0"));
        // and the upgraded alerts are in the hourly counts, each once
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT sum(n) FROM alert_rollup WHERE dim = 'x'")),
                 TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM alerts")));
        QVERIFY(TestDatabase::exec(info, QStringLiteral("INSERT INTO alerts(alert_hash, raw) VALUES ('after-upgrade', '{}')")));
        QVERIFY(TestDatabase::exec(info, QStringLiteral("UPDATE alerts SET response_text = 'Summary: y' WHERE id = %1").arg(ids[1])));
        // a notification sent by hand still arrives, so silence above means the triggers are gone
        QVERIFY(TestDatabase::exec(info, QStringLiteral("SELECT pg_notify('new_alert', 'probe')")));
        QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty(), 5000);
        QTest::qWait(200);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(2).toString(), QStringLiteral("probe"));
        // the sequence continues after the older pipeline's ids
        QVERIFY(TestDatabase::scalar(info, QStringLiteral("SELECT id FROM alerts WHERE alert_hash = 'after-upgrade'")).toLongLong() > ids.last());

        // a second run is a no-op
        const QString migrations = TestDatabase::scalar(info, QStringLiteral("SELECT string_agg(version || '@' || applied_at, ',') FROM schema_migrations"));
        {
            Conn c(info);
            const auto r = Migrator().migrate(c.db());
            QVERIFY2(r.ok, qPrintable(r.error));
            QVERIFY(r.applied.isEmpty());
        }
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT string_agg(version || '@' || applied_at, ',') FROM schema_migrations")), migrations);
        driver->unsubscribeFromNotification(QStringLiteral("new_alert"));
        driver->unsubscribeFromNotification(QStringLiteral("new_response"));
        TestDatabase::drop(info);
    }

    void concurrentMigratorsApplyOnce()
    {
        // the console and the daemon may start together on one shared database
        const auto info = TestDatabase::create(QStringLiteral("concurrent"));
        Migrator::Result results[3];
        QList<QThread *> threads;
        for (auto &res : results) {
            threads.append(QThread::create([&info, &res] {
                Conn c(info);
                res = Migrator().migrate(c.db());
            }));
        }
        for (auto *t : threads) t->start();
        for (auto *t : threads) QVERIFY(t->wait(60000));
        qDeleteAll(threads);
        int applied = 0;
        for (const auto &res : results) {
            QVERIFY2(res.ok, qPrintable(res.error));
            applied += res.applied.isEmpty() ? 0 : 1;
        }
        QCOMPARE(applied, 1);
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM schema_migrations")),
                 QString::number(Migrator::builtin().size()));
        TestDatabase::drop(info);
    }

    void failedMigrationChangesNothing()
    {
        const auto info = TestDatabase::create(QStringLiteral("broken"));
        const Migrator::Migration one{1, QStringLiteral("one"), QStringLiteral("CREATE TABLE t_one(id int); INSERT INTO t_one VALUES (1);")};
        // the error is in the second statement of the script, after one that succeeded
        const Migrator::Migration two{2, QStringLiteral("two"), QStringLiteral("CREATE TABLE t_two(id int); SELECT * FROM no_such_table;")};
        {
            Conn c(info);
            const auto r = Migrator({two, one}).migrate(c.db());
            QVERIFY(!r.ok);
            QVERIFY2(r.error.contains(QStringLiteral("migration 2 (two)")), qPrintable(r.error));
            QVERIFY2(r.error.contains(QStringLiteral("no_such_table")), qPrintable(r.error));
            // the connection is usable afterwards (the transaction was rolled back, not left aborted)
            QSqlQuery q(c.db());
            QVERIFY2(q.exec(QStringLiteral("SELECT 1")), qPrintable(q.lastError().text()));
        }
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")), QStringLiteral("0"));
        TestDatabase::drop(info);
    }

    void failedMigrationLeavesALegacyDatabaseAlone()
    {
        const auto info = TestDatabase::create(QStringLiteral("legacy_broken"));
        createLegacyDatabase(info);
        const QStringList alertsBefore = column(info, QStringLiteral("SELECT to_jsonb(a)::text FROM alerts a ORDER BY id"));
        const QStringList colsBefore = column(info, QStringLiteral("SELECT column_name FROM information_schema.columns WHERE table_name = 'alerts' ORDER BY 1"));
        const QStringList enumBefore = column(info, kEnumSql);
        const Migrator::Migration broken{2, QStringLiteral("broken"), QStringLiteral("ALTER TABLE alerts ADD COLUMN x int; SELECT 1/0;")};
        {
            Conn c(info);
            const auto r = Migrator({Migrator::builtin().first(), broken}).migrate(c.db());
            QVERIFY(!r.ok);
            QVERIFY2(r.error.contains(QStringLiteral("division by zero")), qPrintable(r.error));
        }
        QCOMPARE(column(info, QStringLiteral("SELECT to_jsonb(a)::text FROM alerts a ORDER BY id")), alertsBefore);
        QCOMPARE(column(info, QStringLiteral("SELECT column_name FROM information_schema.columns WHERE table_name = 'alerts' ORDER BY 1")), colsBefore);
        QCOMPARE(column(info, kEnumSql), enumBefore);
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'alerts'::regclass AND NOT tgisinternal")),
                 QStringLiteral("2"));
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT to_regclass('schema_migrations') IS NULL")), QStringLiteral("true"));
        TestDatabase::drop(info);
    }
};

QTEST_GUILESS_MAIN(TestMigrator)
#include "test_migrator.moc"
