// Shared by the LlmStage tests (test_llm_stage: the stage's flow; test_llm_stage_hostile: redaction and prompt
// injection): a migrated database with two agents, enriched alerts shaped like Wazuh's, the stage's and the
// runner's options against the LLM stand-in, and the stored answer's columns.
#pragma once

#include "llm_stand_in.h"
#include "stages/llm_stage.h"
#include "stages/stage_runner.h"
#include "test_connection.h"
#include "test_database.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <memory>

namespace eos::test::llm_stage {

using Conn = TestConnection;


inline DbConnectionInfo freshDb(const QString &hint)
{
    const auto info = TestDatabase::create(hint);
    QString err;
    if (!TestDatabase::migrate(info, &err)) qFatal("migrate: %s", qPrintable(err));
    if (!TestDatabase::exec(info, QStringLiteral(
            "INSERT INTO agents(id, name, ip, os, agent_version, status_text, groups) VALUES "
            "('001', 'web-01', '10.0.0.11', 'Ubuntu 22.04.4 LTS', 'Wazuh v4.14.0', 'active', '[\"default\",\"web\"]'), "
            "('002', 'db-01', '10.0.0.12', 'Debian 12', 'Wazuh v4.14.0', 'active', '[\"default\"]')")))
        qFatal("agents");
    return info;
}

struct AlertSpec {
    int level = 5;
    QString rule = QStringLiteral("5710");
    QString agent = QStringLiteral("001");
    QString srcip = QStringLiteral("203.0.113.5");
    QString fullLog = QStringLiteral("sshd[1234]: Failed password for root from 203.0.113.5 port 52211 ssh2");
};

// One enriched alert shaped like Wazuh's, waiting for the LLM stage. Returns its id.
inline qint64 insertAlert(const DbConnectionInfo &db, const AlertSpec &a)
{
    static int seq = 0;  // (one per test program: each includes this header once)
    ++seq;
    const QJsonObject raw{
        {QStringLiteral("timestamp"), QStringLiteral("2026-12-01T10:00:%1.000+0000").arg(seq % 60, 2, 10, QLatin1Char('0'))},
        {QStringLiteral("id"), QStringLiteral("1764583200.%1").arg(seq)},
        {QStringLiteral("rule"), QJsonObject{{QStringLiteral("level"), a.level},
                                             {QStringLiteral("id"), a.rule},
                                             {QStringLiteral("description"), QStringLiteral("sshd: authentication failed.")},
                                             {QStringLiteral("groups"), QJsonArray{QStringLiteral("syslog"), QStringLiteral("sshd")}},
                                             {QStringLiteral("mitre"), QJsonObject{{QStringLiteral("id"), QJsonArray{QStringLiteral("T1110.001")}}}}}},
        {QStringLiteral("agent"), QJsonObject{{QStringLiteral("id"), a.agent}, {QStringLiteral("name"), a.agent == QLatin1String("001") ? QStringLiteral("web-01") : QStringLiteral("db-01")}}},
        {QStringLiteral("manager"), QJsonObject{{QStringLiteral("name"), QStringLiteral("wazuh-manager")}}},
        {QStringLiteral("data"), QJsonObject{{QStringLiteral("srcip"), a.srcip}, {QStringLiteral("dstuser"), QStringLiteral("root")}}},
        {QStringLiteral("full_log"), a.fullLog},
        {QStringLiteral("location"), QStringLiteral("/var/log/auth.log")}};
    Conn c(db);
    QSqlQuery q(c.db());
    q.prepare(QStringLiteral("INSERT INTO alerts(alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, state, enriched_at) "
                             "VALUES (?, ?, ?, ?, 'sshd: authentication failed.', ?::jsonb, 'agent_enriched', now()) RETURNING id"));
    q.addBindValue(QStringLiteral("llm-test-%1-%2").arg(QCoreApplication::applicationPid()).arg(seq));
    q.addBindValue(a.agent);
    q.addBindValue(a.rule.toInt());
    q.addBindValue(a.level);
    q.addBindValue(QString::fromUtf8(QJsonDocument(raw).toJson(QJsonDocument::Compact)));
    if (!q.exec() || !q.next()) qFatal("insert alert: %s", qPrintable(q.lastError().text()));
    return q.value(0).toLongLong();
}

inline QString scalar(const DbConnectionInfo &db, const QString &sql) { return TestDatabase::scalar(db, sql); }
inline int count(const DbConnectionInfo &db, const QString &sql) { return TestDatabase::scalar(db, sql).toInt(); }

inline LlmStage::Options stageOptions(const LlmStandIn &server, bool azure = true)
{
    LlmStage::Options o;
    auto &c = o.client;
    QUrl u = server.url();
    if (azure) {
        c.provider = LlmClient::Provider::Azure;
        u.setPath(QStringLiteral("/"));
        c.apiKey = QStringLiteral("azure-test-key-0123456789");
        c.deployment = QStringLiteral("gpt-4o-triage");
    } else {
        c.provider = LlmClient::Provider::OpenAi;
        u.setPath(QStringLiteral("/v1"));
        c.model = QStringLiteral("llama3.1:8b");
    }
    c.endpoint = u;
    c.timeoutMs = 3000;
    c.baseBackoffMs = 20;
    c.maxBackoffMs = 100;
    o.minLevel = 3;
    o.concurrency = 4;
    o.cacheMinutes = 60;
    o.cacheFields = {QStringLiteral("data.srcip"), QStringLiteral("data.dstuser")};
    o.requestPollMs = 100;
    return o;
}

inline StageRunner::Options runnerOptions(int concurrency = 4)
{
    StageRunner::Options o;
    o.batchSize = std::max(4, 2 * concurrency);
    o.concurrency = 2;
    o.pollMs = 200;
    o.baseBackoffMs = 50;
    o.maxBackoffMs = 200;
    return o;
}

struct Run {
    std::unique_ptr<StageRunner> runner;
    LlmStage *stage = nullptr;
};

inline Run startStage(const DbConnectionInfo &db, LlmStage::Options o, StageRunner::Options ro = runnerOptions())
{
    Run r;
    auto stage = std::make_unique<LlmStage>(std::move(o));
    r.stage = stage.get();
    r.runner = std::make_unique<StageRunner>(db, std::move(stage), ro);
    r.runner->start();
    return r;
}

inline QJsonObject answerOf(const DbConnectionInfo &db, qint64 id)
{
    return QJsonDocument::fromJson(scalar(db, QStringLiteral("SELECT llm_answer::text FROM alerts WHERE id = %1").arg(id)).toUtf8()).object();
}

inline QString column(const DbConnectionInfo &db, qint64 id, const QString &col)
{
    return scalar(db, QStringLiteral("SELECT %1 FROM alerts WHERE id = %2").arg(col).arg(id));
}

inline const QString kSummarized = QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'summarized'");

}  // namespace eos::test::llm_stage
