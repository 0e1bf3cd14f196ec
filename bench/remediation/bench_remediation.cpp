// bench/remediation: the auto-response side stage at volume, and the cost of building plans.
//  1. plans: RemediationCatalog::offersFor on an SSH brute-force alert (6 actions validated), per second.
//  2. policies: N enriched alerts (default 50,000; 2 % SSH brute force from 100 source agents, the rest
//     not matching) checked by the ResponsePolicyStage (a real StageRunner on its own thread, the example
//     policies with limits lifted) against a local scripted Wazuh API that accepts every action; timed
//     until every alert is policy-checked. Prints alerts checked per second, actions sent, audit rows.
//   bench-remediation [--alerts N]
#include "core/logging.h"
#include "core/worker_thread.h"
#include "recording_http_server.h"
#include "stages/remediation_catalog.h"
#include "stages/response_policy_stage.h"
#include "stages/stage_runner.h"
#include "store/embedded_cluster.h"
#include "store/migrator.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace eos;

namespace {

qint64 scalar(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        std::fprintf(stderr, "query failed: %s\n", qPrintable(q.lastError().text()));
        return -1;
    }
    return q.value(0).toLongLong();
}

test::RecordingHttpServer::Reply json(const QJsonObject &body)
{
    test::RecordingHttpServer::Reply r;
    r.status = 200;
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return r;
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    Logging::init(QStringLiteral("warn"), Logging::Format::Text);
    int alerts = 50000;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i)
        if (args[i] == QLatin1String("--alerts")) alerts = args[i + 1].toInt();

    // 1. plans
    {
        const auto catalog = RemediationCatalog::defaults();
        const auto guard = ProtectedTargets::parse(QStringLiteral("000 user:root 10.0.0.0/8"));
        const QJsonObject alert{{"rule", QJsonObject{{"id", "5712"}, {"level", 10}}},
                                {"agent", QJsonObject{{"id", "001"}, {"name", "web-01"}}},
                                {"data", QJsonObject{{"srcip", "203.0.113.7"}, {"dstuser", "alice"}}}};
        QElapsedTimer t;
        t.start();
        int n = 0, available = 0;
        while (t.elapsed() < 2000) {
            for (const auto &o : catalog.offersFor(alert, 1, guard)) available += o.available;
            ++n;
        }
        std::printf("%-44s %10.0f alerts/s (6 actions each, %d available)\n", "plans (offersFor, validation)",
                    double(n) / (double(t.elapsed()) / 1000.0), available / std::max(1, n));
    }

    // 2. policies
    QTemporaryDir tmp(QStringLiteral("/tmp/eos-bench-XXXXXX"));
    QFile::setPermissions(tmp.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                          QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                          QFileDevice::ExeOther);
    EmbeddedCluster::Options co;
    co.dataDir = tmp.path();
    co.throwaway = true;
    co.databaseName = QStringLiteral("eos_bench");
    EmbeddedCluster cluster(co);
    QString err;
    if (!cluster.start(&err)) {
        std::fprintf(stderr, "cannot start a throwaway cluster: %s\n", qPrintable(err));
        return 2;
    }
    const DbConnectionInfo info = cluster.connectionInfo();
    QSqlDatabase db = info.open(QStringLiteral("bench-main"), &err);
    if (!db.isOpen() || !Migrator().migrate(db).ok) {
        std::fprintf(stderr, "cannot prepare the database: %s\n", qPrintable(err));
        return 2;
    }
    QSqlQuery fill(db);
    if (!fill.exec(QStringLiteral("INSERT INTO agents(id) SELECT to_char(g, 'FM000') FROM generate_series(1, 100) g")) ||
        !fill.exec(QStringLiteral(
                       "INSERT INTO alerts(alert_hash, agent_id, rule_id, rule_level, raw, state, enriched_at) "
                       "SELECT 'b' || g, to_char(mod(g, 100) + 1, 'FM000'), CASE WHEN g % 50 = 0 THEN 5712 ELSE 5501 END, "
                       "CASE WHEN g % 50 = 0 THEN 10 ELSE 3 END, jsonb_build_object("
                       "  'rule', jsonb_build_object('id', CASE WHEN g % 50 = 0 THEN '5712' ELSE '5501' END, "
                       "     'level', CASE WHEN g % 50 = 0 THEN 10 ELSE 3 END, "
                       "     'groups', CASE WHEN g % 50 = 0 THEN '[\"sshd\",\"authentication_failures\"]'::jsonb ELSE '[\"pam\"]'::jsonb END), "
                       "  'agent', jsonb_build_object('id', to_char(mod(g, 100) + 1, 'FM000')), "
                       "  'data', jsonb_build_object('srcip', '203.0.113.' || (g % 200 + 1), 'dstuser', 'user' || (g % 30)), "
                       "  'location', '/var/log/auth.log'), 'agent_enriched', now() "
                       "FROM generate_series(1, %1) g").arg(alerts)) ||
        !fill.exec(QStringLiteral("VACUUM ANALYZE alerts"))) {
        std::fprintf(stderr, "fill failed: %s\n", qPrintable(fill.lastError().text()));
        return 2;
    }
    const qint64 matching = scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE rule_id = 5712"));
    std::printf("stored %d enriched alerts, %lld of them SSH brute force\n", alerts, static_cast<long long>(matching));

    test::RecordingHttpServer api;
    if (!api.listen()) return 2;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    auto b64 = [](const QByteArray &b) { return b.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals); };
    const QString token = QString::fromLatin1(b64(R"({"alg":"HS256"})") + '.' +
                                              b64(QJsonDocument(QJsonObject{{"exp", now + 3600}}).toJson(QJsonDocument::Compact)) + ".c2ln");
    api.handler = [token](const test::RecordingHttpServer::Request &req) {
        if (req.path.startsWith("/security")) return json(QJsonObject{{"data", QJsonObject{{"token", token}}}, {"error", 0}});
        return json(QJsonObject{{"data", QJsonObject{{"affected_items", QJsonArray{"001"}}, {"total_affected_items", 1},
                                                     {"total_failed_items", 0}, {"failed_items", QJsonArray{}}}},
                                {"message", "AR command was sent to all agents"}, {"error", 0}});
    };
    ResponsePolicyStage::Options so;
    so.api.url = QUrl(api.url(QString()));
    so.api.user = QStringLiteral("eos");
    so.api.password = QStringLiteral("bench");
    // the example policies with their limits lifted (every match acts)
    QJsonObject doc = QJsonDocument::fromJson(ResponsePolicies::exampleJson()).object();
    QJsonArray list = doc.value("policies").toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        QJsonObject p = list.at(i).toObject();
        p.insert("limits", QJsonObject{{"per_agent", QJsonObject{{"max", 0}}}, {"per_policy", QJsonObject{{"max", 0}}}});
        list.replace(i, p);
    }
    doc.insert("policies", list);
    err.clear();
    so.policies = ResponsePolicies::fromJson(QJsonDocument(doc).toJson(), QStringLiteral("example"), &err);
    if (!err.isEmpty()) {
        std::fprintf(stderr, "policies: %s\n", qPrintable(err));
        return 2;
    }
    so.catalog = RemediationCatalog::defaults();
    so.guard = ProtectedTargets::parse(QStringLiteral("000"));
    so.maxAgeMinutes = 600;
    StageRunner::Options ro;
    auto *runner = new StageRunner(info, std::make_unique<ResponsePolicyStage>(so), ro);
    WorkerThread thread(QStringLiteral("bench-respond"), runner);
    std::printf("policies: %lld (limits lifted), batches of %d, %d at once\n",
                static_cast<long long>(so.policies.policies().size()), ro.batchSize, ro.concurrency);
    QElapsedTimer t;
    t.start();
    thread.start();
    QMetaObject::invokeMethod(runner, &StageRunner::start, Qt::QueuedConnection);
    qint64 done = 0;
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        done = scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE policy_checked_at IS NOT NULL"));
        if (done >= alerts || t.elapsed() > 600000) loop.quit();
    });
    poll.start(20);
    loop.exec();
    const double secs = double(t.elapsed()) / 1000.0;
    QMetaObject::invokeMethod(runner, &StageRunner::stop, Qt::BlockingQueuedConnection);
    thread.stop();
    int sent = 0;
    for (const auto &r : api.requests) sent += r.path.startsWith("/active-response");
    std::printf("\nchecked %lld of %d alerts in %.2f s\n", static_cast<long long>(done), alerts, secs);
    std::printf("%-44s %10.0f alerts/s\n", "policy stage throughput", double(done) / secs);
    std::printf("%-44s %10d (%.0f/s)\n", "active responses sent", sent, double(sent) / secs);
    std::printf("%-44s %10lld\n", "auto_response audit rows",
                static_cast<long long>(scalar(db, QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'auto_response'"))));
    std::printf("%-44s %10lld (must be 0)\n", "alerts whose state changed",
                static_cast<long long>(scalar(db, QStringLiteral("SELECT count(*) FROM alerts WHERE state <> 'agent_enriched'"))));
    return done >= alerts ? 0 : 1;
}
