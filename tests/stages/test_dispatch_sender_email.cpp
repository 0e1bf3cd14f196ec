// The outbox sender with `email` routes, against real PostgreSQL and a real SMTP server (aiosmtpd with
// STARTTLS and AUTH): matching alerts arrive once each with the server's reply and the Message-ID recorded;
// 4xx answers are retried, 5xx answers go dead with the reply shown; a template error holds the route's
// rows (visible, not counted as attempts) until the file is fixed; bursts become one digest mail; a daemon
// killed with -9 in the middle of a mail transaction never makes a second copy of any mail.
#include "core/config.h"
#include "smtp_stand_in.h"
#include "stages/dispatch_routes.h"
#include "stages/dispatch_sender.h"
#include "stages/dispatch_stage.h"
#include "stages/stage_runner.h"
#include "test_connection.h"
#include "test_database.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using eos::Config;
using eos::DbConnectionInfo;
using eos::DispatchRoute;
using eos::DispatchRoutes;
using eos::DispatchSender;
using eos::DispatchStage;
using eos::StageRunner;
using eos::test::SmtpStandIn;
using eos::test::TestDatabase;

namespace {

DbConnectionInfo freshDb(const QString &hint)
{
    const auto info = TestDatabase::create(hint);
    QString err;
    if (!TestDatabase::migrate(info, &err)) qFatal("migrate: %s", qPrintable(err));
    return info;
}

QJsonObject makeAlert(int i, int level, const QString &rule, const QString &agent)
{
    return QJsonObject{{QStringLiteral("timestamp"), QStringLiteral("2026-11-22T11:07:16.828+0000")},
                       {QStringLiteral("id"), QStringLiteral("1795345636.%1").arg(i)},
                       {QStringLiteral("rule"), QJsonObject{{QStringLiteral("level"), level}, {QStringLiteral("id"), rule},
                                                            {QStringLiteral("description"), QStringLiteral("test rule %1 <b>#%2</b>").arg(rule).arg(i)},
                                                            {QStringLiteral("groups"), QJsonArray{QStringLiteral("test")}}}},
                       {QStringLiteral("agent"), QJsonObject{{QStringLiteral("id"), agent}, {QStringLiteral("name"), QStringLiteral("host-") + agent}}},
                       {QStringLiteral("location"), QStringLiteral("/var/log/secure")},
                       {QStringLiteral("full_log"), QStringLiteral("line %1").arg(i)}};
}

void insertSummarized(const DbConnectionInfo &db, const QList<QJsonObject> &alerts, const QString &tag = QStringLiteral("a"))
{
    eos::test::TestConnection c(db);
    QVERIFY(c.db().transaction());
    QSqlQuery q(c.db());
    for (int i = 0; i < alerts.size(); ++i) {
        const QJsonObject &a = alerts[i];
        const QString agent = a.value(QStringLiteral("agent")).toObject().value(QStringLiteral("id")).toString();
        q.prepare(QStringLiteral("INSERT INTO agents(id, name, os) VALUES (?, ?, 'Debian 12') ON CONFLICT DO NOTHING"));
        q.addBindValue(agent);
        q.addBindValue(a.value(QStringLiteral("agent")).toObject().value(QStringLiteral("name")).toString());
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        q.prepare(QStringLiteral("INSERT INTO alerts(alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, state, response_text) "
                                 "VALUES (?, ?, ?, ?, ?, ?::jsonb, 'summarized', ?)"));
        q.addBindValue(QStringLiteral("%1%2-0123456789abcdef").arg(tag).arg(i, 4, 10, QLatin1Char('0')));
        q.addBindValue(agent);
        q.addBindValue(a.value(QStringLiteral("rule")).toObject().value(QStringLiteral("id")).toString().toInt());
        q.addBindValue(a.value(QStringLiteral("rule")).toObject().value(QStringLiteral("level")).toInt());
        q.addBindValue(a.value(QStringLiteral("rule")).toObject().value(QStringLiteral("description")).toString());
        q.addBindValue(QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact)));
        q.addBindValue(QStringLiteral("Summary: test summary %1\nRisk: high\n\nWhat to do:\n- look at it").arg(i));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    }
    QVERIFY(q.exec(QStringLiteral("NOTIFY new_response")));
    QVERIFY(c.db().commit());
}

int count(const DbConnectionInfo &db, const QString &sql) { return TestDatabase::scalar(db, sql).toInt(); }

std::vector<DispatchRoute> routes(const QByteArray &json)
{
    QString err;
    auto r = DispatchRoutes::parse(json, QDir::tempPath(), &err);
    if (!r) qFatal("routes: %s", qPrintable(err));
    return *r;
}

QHash<QString, QString> smtpEnv(const SmtpStandIn &smtp)
{
    return {{QStringLiteral("SMTP_SERVER"), QStringLiteral("127.0.0.1")},
            {QStringLiteral("SMTP_PORT"), QString::number(smtp.port())},
            {QStringLiteral("SMTP_CA"), smtp.caFile()},
            {QStringLiteral("SMTP_USERNAME"), smtp.options().user},
            {QStringLiteral("SMTP_PASSWORD"), smtp.options().password},
            {QStringLiteral("EMAIL_FROM"), QStringLiteral("Eos <eos@soc.example.com>")},
            {QStringLiteral("EMAIL_TO"), QStringLiteral("analyst@example.com")}};
}

Config testConfig(const SmtpStandIn &smtp, const QString &templatePath = {})
{
    Config::LoadOptions lo;
    lo.useProcessEnvironment = false;
    lo.mode = Config::Mode::Tool;
    QString err;
    auto c = Config::load(lo, &err);
    if (!c) qFatal("config: %s", qPrintable(err));
    const auto env = smtpEnv(smtp);
    for (auto it = env.begin(); it != env.end(); ++it) c->set(it.key(), it.value());
    if (!templatePath.isEmpty()) c->set(QStringLiteral("EOS_EMAIL_TEMPLATE"), templatePath);
    return *c;
}

struct Dispatch {
    std::unique_ptr<StageRunner> runner;
    std::unique_ptr<DispatchSender> sender;
    Dispatch(const DbConnectionInfo &db, const std::vector<DispatchRoute> &r, const Config &config, int leaseSeconds = 60)
    {
        StageRunner::Options ro;
        ro.pollMs = 200;
        runner = std::make_unique<StageRunner>(db, std::make_unique<DispatchStage>(r), ro);
        DispatchSender::Options so;
        so.pollMs = 200;
        so.baseBackoffMs = 200;
        so.maxBackoffMs = 500;
        so.maxAttempts = 50;  // the retry test switches the server's answers while the row retries
        so.leaseSeconds = leaseSeconds;
        so.timeoutMs = 10000;
        sender = std::make_unique<DispatchSender>(db, r, config, so);
        runner->start();
        sender->start();
    }
    ~Dispatch()
    {
        sender->stop(2000);
        runner->stop();
    }
};

}  // namespace

class TestDispatchSenderEmail : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchingAlertsArriveOnceWithReplyAndMessageId()
    {
        const auto db = freshDb(QStringLiteral("email_once"));
        SmtpStandIn smtp;
        QString err;
        QVERIFY2(smtp.start(&err), qPrintable(err));
        const auto r = routes(R"([{"name":"email","level":7,"digest_threshold":0,"recipients":"soc@example.com,lead@example.com"}])");
        QList<QJsonObject> alerts;
        for (int i = 0; i < 6; ++i) alerts << makeAlert(i, 4 + i, QStringLiteral("57%1").arg(i), QStringLiteral("00%1").arg(i % 2 + 1));
        Dispatch d(db, r, testConfig(smtp));
        insertSummarized(db, alerts);
        // levels 7, 8, 9: three mails
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent'")), 3, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'sent'")), 6, 30000);
        QCOMPARE(smtp.receivedCount(), 3);
        QSet<QString> ids;
        for (const QJsonObject &m : smtp.received()) {
            QVERIFY(m.value(QStringLiteral("tls")).toBool());
            QCOMPARE(m.value(QStringLiteral("login")).toString(), QStringLiteral("eos"));
            QCOMPARE(m.value(QStringLiteral("rcpt_tos")).toArray(), (QJsonArray{QStringLiteral("soc@example.com"), QStringLiteral("lead@example.com")}));
            const QString subject = m.value(QStringLiteral("subject")).toString();
            QVERIFY2(subject.startsWith(QStringLiteral("[Eos] [HIGH] host-")) && subject.contains(QStringLiteral("(Debian 12) Level ")), qPrintable(subject));
            const QString id = m.value(QStringLiteral("headers")).toObject().value(QStringLiteral("message-id")).toArray().first().toString();
            ids.insert(id);
            // the outbox row recorded this very Message-ID and the server's reply
            QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent' AND remote_id = '%1' "
                                              "AND response LIKE '250 2.0.0 Ok: queued as EOS%%' AND response_status = 250 "
                                              "AND payload->>'message_id' = remote_id AND attempts = 1").arg(id)), 1);
            const QString html = m.value(QStringLiteral("parts")).toArray().at(1).toObject().value(QStringLiteral("content")).toString();
            QVERIFY(html.contains(QStringLiteral("&lt;b&gt;#")) && !html.contains(QStringLiteral("<b>#")));
            QVERIFY(html.contains(QStringLiteral("test summary")));
        }
        QCOMPARE(ids.size(), 3);
    }

    void transientRepliesAreRetriedPermanentOnesGoDead()
    {
        const auto db = freshDb(QStringLiteral("email_retry"));
        SmtpStandIn smtp;
        QString err;
        QVERIFY2(smtp.start(&err), qPrintable(err));
        smtp.setMode(QStringLiteral("451"));
        const auto r = routes(R"([{"name":"email","digest_threshold":0}])");
        Dispatch d(db, r, testConfig(smtp));
        insertSummarized(db, {makeAlert(1, 10, QStringLiteral("5712"), QStringLiteral("001"))});
        QTRY_VERIFY_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'failed' AND attempts >= 2 "
                                                          "AND response_status = 451 AND response LIKE '451 4.3.0%'")) == 1, 30000);
        QCOMPARE(smtp.receivedCount(), 0);
        smtp.setMode(QStringLiteral("421"));
        QTRY_VERIFY_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE response_status = 421")) == 1, 30000);
        smtp.setMode(QStringLiteral("ok"));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent'")), 1, 30000);
        QCOMPARE(smtp.receivedCount(), 1);
        QVERIFY(count(db, QStringLiteral("SELECT jsonb_array_length(history) FROM dispatch_outbox")) >= 3);

        smtp.setMode(QStringLiteral("550"));
        insertSummarized(db, {makeAlert(2, 10, QStringLiteral("5712"), QStringLiteral("002"))}, QStringLiteral("b"));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'dead'")), 1, 30000);
        // dead at once (a permanent refusal), with the server's reply for the Dispatch Queue, audited
        QCOMPARE(count(db, QStringLiteral("SELECT attempts FROM dispatch_outbox WHERE state = 'dead'")), 1);
        QCOMPARE(count(db, QStringLiteral("SELECT response_status FROM dispatch_outbox WHERE state = 'dead'")), 550);
        QVERIFY(TestDatabase::scalar(db, QStringLiteral("SELECT error FROM dispatch_outbox WHERE state = 'dead'"))
                    .contains(QStringLiteral("550 5.1.1 <analyst@example.com>: Recipient address rejected")));
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'dispatch_dead'")), 1);
        QCOMPARE(smtp.receivedCount(), 1);
    }

    void templateErrorHoldsTheRouteUntilFixed()
    {
        const auto db = freshDb(QStringLiteral("email_template"));
        SmtpStandIn smtp;
        QString err;
        QVERIFY2(smtp.start(&err), qPrintable(err));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("alert.html"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("<html>\n<body>\n<p>$subjct</p>\n$body\n</body></html>\n");
        f.close();
        const auto r = routes(R"([{"name":"email","digest_threshold":0}])");
        Dispatch d(db, r, testConfig(smtp, path));
        insertSummarized(db, {makeAlert(1, 10, QStringLiteral("5712"), QStringLiteral("001")), makeAlert(2, 11, QStringLiteral("5712"), QStringLiteral("001"))});
        const QString where = QStringLiteral("error LIKE '%%%1:3: unknown variable $subjct%%'").arg(path);
        QTRY_VERIFY_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'failed' AND attempts = 0 AND ") + where) >= 1, 30000);
        QCOMPARE(smtp.receivedCount(), 0);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state IN ('sent', 'dead')")), 0);
        QVERIFY(QFile::remove(path));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("<html>\n<body>\n<p>$subject</p>\n$body\n</body></html>\n");
        f.close();
        // the route pauses 15 s after a hold; then both mails go out, none counted as a failed attempt
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent' AND attempts = 1")), 2, 60000);
        QCOMPARE(smtp.receivedCount(), 2);
    }

    void burstsBecomeOneDigestMail()
    {
        const auto db = freshDb(QStringLiteral("email_digest"));
        SmtpStandIn smtp;
        QString err;
        QVERIFY2(smtp.start(&err), qPrintable(err));
        // more than 2 alerts within 5 minutes: the rest of the window goes out as one digest
        const auto r = routes(R"([{"name":"email","digest_threshold":2,"digest_minutes":5,"concurrency":1}])");
        QList<QJsonObject> alerts;
        for (int i = 0; i < 12; ++i) alerts << makeAlert(i, 3 + i % 10, QStringLiteral("57%1").arg(i % 3), QStringLiteral("00%1").arg(i % 4 + 1));
        Dispatch d(db, r, testConfig(smtp));
        insertSummarized(db, alerts);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE (state = 'sent' AND NOT is_digest) OR state = 'digested'")), 12, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE is_digest AND state = 'sent'")), 1, 30000);
        const int digested = count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'digested'"));
        QCOMPARE(digested, 10);
        QCOMPARE(smtp.receivedCount(), 3);
        QJsonObject digest;
        for (const QJsonObject &m : smtp.received())
            if (m.value(QStringLiteral("subject")).toString().startsWith(QStringLiteral("[Eos] Digest: "))) digest = m;
        QVERIFY(!digest.isEmpty());
        const int top = count(db, QStringLiteral("SELECT max(a.rule_level) FROM dispatch_outbox o JOIN alerts a ON a.id = o.alert_id WHERE o.state = 'digested'"));
        QCOMPARE(digest.value(QStringLiteral("subject")).toString(), QStringLiteral("[Eos] Digest: 10 alerts, highest level %1 (email)").arg(top));
        const QString text = digest.value(QStringLiteral("parts")).toArray().at(0).toObject().value(QStringLiteral("content")).toString();
        QVERIFY(text.contains(QStringLiteral("10 alerts in this digest.")));
        QVERIFY(text.contains(QStringLiteral("Per rule")) && text.contains(QStringLiteral("Per agent")));
        // the listed levels never rise
        QRegularExpression lvl(QStringLiteral("^  \\[(\\d+)\\] "), QRegularExpression::MultilineOption);
        int last = 99, listed = 0;
        for (auto it = lvl.globalMatch(text); it.hasNext();) {
            const int l = it.next().captured(1).toInt();
            QVERIFY(l <= last);
            last = l;
            ++listed;
        }
        QCOMPARE(listed, 10);
    }

    void windowDigestCollectsEveryAlertOfTheWindow()
    {
        const auto db = freshDb(QStringLiteral("email_window"));
        SmtpStandIn smtp;
        QString err;
        QVERIFY2(smtp.start(&err), qPrintable(err));
        // "daily" waits for its window; "now" mails each alert at once (and shows the sender went round)
        const auto r = routes(R"([{"name":"email","id":"daily","digest_mode":"window","digest_minutes":30,"recipients":"daily@example.com"},
                                 {"name":"email","id":"now","digest_threshold":0,"recipients":"now@example.com"}])");
        Dispatch d(db, r, testConfig(smtp));
        QList<QJsonObject> alerts;
        for (int i = 0; i < 5; ++i) alerts << makeAlert(i, 3 + 2 * i, QStringLiteral("57%1").arg(i % 2), QStringLiteral("00%1").arg(i % 3 + 1));
        insertSummarized(db, alerts);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'now' AND state = 'sent'")), 5, 30000);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'daily' AND state = 'pending'")), 5);
        QCOMPARE(smtp.receivedCount(), 5);
        // the window ends (its rows made 31 minutes ago): one digest of all five
        QVERIFY(TestDatabase::exec(db, QStringLiteral("UPDATE dispatch_outbox SET created_at = created_at - interval '31 minutes' WHERE route = 'daily'"), &err));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'daily' AND is_digest AND state = 'sent'")), 1, 30000);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'daily' AND state = 'digested'")), 5);
        QCOMPARE(smtp.receivedCount(), 6);
        const QJsonObject digest = smtp.received().last();
        QCOMPARE(digest.value(QStringLiteral("rcpt_tos")).toArray(), QJsonArray{QStringLiteral("daily@example.com")});
        QCOMPARE(digest.value(QStringLiteral("subject")).toString(), QStringLiteral("[Eos] Digest: 5 alerts, highest level 11 (daily)"));
        const QString text = digest.value(QStringLiteral("parts")).toArray().at(0).toObject().value(QStringLiteral("content")).toString();
        QVERIFY2(text.contains(QStringLiteral("570 test rule 570 <b>#4</b>: 3 alert(s), highest level 11")), qPrintable(text));
        QVERIFY(text.indexOf(QStringLiteral("  [11] ")) < text.indexOf(QStringLiteral("  [9] ")));
        // a window with one alert sends it as itself
        insertSummarized(db, {makeAlert(9, 12, QStringLiteral("5799"), QStringLiteral("001"))}, QStringLiteral("b"));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'now' AND state = 'sent'")), 6, 30000);
        QVERIFY(TestDatabase::exec(db, QStringLiteral("UPDATE dispatch_outbox SET created_at = created_at - interval '31 minutes' "
                                                      "WHERE route = 'daily' AND state = 'pending'"), &err));
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'daily' AND NOT is_digest AND state = 'sent'")), 1, 30000);
        QCOMPARE(smtp.receivedCount(), 8);
    }

    void killedDaemonMidTransactionNeverDoubles()
    {
        const auto db = freshDb(QStringLiteral("email_kill"));
        SmtpStandIn smtp;
        QString err;
        QVERIFY2(smtp.start(&err), qPrintable(err));
        QTemporaryDir dir;
        const QString routesFile = dir.filePath(QStringLiteral("routes.json"));
        const QByteArray routesJson = R"([{"name":"email","digest_threshold":0,"concurrency":2}])";
        QFile f(routesFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(routesJson);
        f.close();
        auto *daemon = new QProcess(this);
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PG_DSN"), db.toUri());
        env.insert(QStringLiteral("EOS_DATA_DIR"), dir.filePath(QStringLiteral("d1")));
        env.insert(QStringLiteral("EOS_ROUTES_FILE"), routesFile);
        env.insert(QStringLiteral("EOS_STAGE_LEASE_SECONDS"), QStringLiteral("5"));
        env.insert(QStringLiteral("WEBHOOK_AUTH_TOKEN"), QString());
        env.remove(QStringLiteral("EOS_ENV_FILE"));
        env.remove(QStringLiteral("WAZUH_API_URL"));
        const auto smtpVars = smtpEnv(smtp);
        for (auto it = smtpVars.begin(); it != smtpVars.end(); ++it) env.insert(it.key(), it.value());
        daemon->setProcessEnvironment(env);
        daemon->setProcessChannelMode(QProcess::MergedChannels);
        daemon->start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("--daemon")});
        QVERIFY(daemon->waitForStarted());
        // three mails go through, then the server takes two more but never answers the end of DATA
        QList<QJsonObject> first;
        for (int i = 0; i < 3; ++i) first << makeAlert(i, 10, QStringLiteral("57%1").arg(i), QStringLiteral("001"));
        insertSummarized(db, first);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent'")), 3, 60000);
        smtp.setMode(QStringLiteral("hang"));
        QList<QJsonObject> second;
        for (int i = 3; i < 6; ++i) second << makeAlert(i, 10, QStringLiteral("57%1").arg(i), QStringLiteral("002"));
        insertSummarized(db, second, QStringLiteral("b"));
        QTRY_VERIFY_WITH_TIMEOUT(smtp.heldCount() >= 2, 60000);
        ::kill(pid_t(daemon->processId()), SIGKILL);
        QVERIFY(daemon->waitForFinished(10000));
        const int sending = count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sending'"));
        qInfo("killed the daemon with %d mail transactions under way", sending);
        QVERIFY(sending >= 2);
        QCOMPARE(smtp.receivedCount(), 3);
        smtp.setMode(QStringLiteral("ok"));
        // another sender takes over when the leases (5 s) expire
        Dispatch d(db, routes(routesJson), testConfig(smtp), 5);
        QTRY_COMPARE_WITH_TIMEOUT(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent'")), 6, 60000);
        QCOMPARE(smtp.receivedCount(), 6);
        QSet<QString> ids;
        for (const QJsonObject &m : smtp.received())
            ids.insert(m.value(QStringLiteral("headers")).toObject().value(QStringLiteral("message-id")).toArray().first().toString());
        QCOMPARE(ids.size(), 6);  // each mail delivered exactly once
        // the resent ones kept their Message-ID (the one the held transaction carried)
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE state = 'sent' AND jsonb_array_length(history) = 1")), 6);
    }
};

QTEST_GUILESS_MAIN(TestDispatchSenderEmail)
#include "test_dispatch_sender_email.moc"
