#include "stages/remediator.h"

#include "core/logging.h"

#include <QJsonDocument>
#include <QPointer>
#include <QSqlError>
#include <QSqlQuery>

namespace eos {
namespace {

auto log() { return Logging::get("remediation"); }

QVariant nullableId(qint64 id) { return id > 0 ? QVariant(id) : QVariant(QMetaType(QMetaType::LongLong)); }
QVariant nullableText(const QString &s) { return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s); }

QString json(const QJsonObject &o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }

QJsonObject baseDetails(const RemediationPlan &plan, const Remediator::Context &ctx)
{
    QJsonObject d{{QStringLiteral("source"), ctx.source}, {QStringLiteral("request"), plan.toJson()},
                  {QStringLiteral("dry_run"), ctx.dryRun}};
    if (!ctx.policy.isEmpty()) d.insert(QStringLiteral("policy"), ctx.policy);
    return d;
}

}  // namespace

QString Remediator::Outcome::summary() const
{
    QString s = status;
    if (status == QLatin1String("ok"))
        s = QStringLiteral("done on agent(s) %1").arg(affected.join(QStringLiteral(", ")));
    else if (status == QLatin1String("dry_run"))
        s = QStringLiteral("dry run: nothing sent");
    else if (status == QLatin1String("partial"))
        s = QStringLiteral("done on %1, failed on others").arg(affected.join(QStringLiteral(", ")));
    if (!message.isEmpty() && status != QLatin1String("ok")) s += QStringLiteral(": ") + message;
    if (code) s += QStringLiteral(" (Wazuh error %1)").arg(code);
    return s;
}

QJsonObject Remediator::Outcome::toJson() const
{
    QJsonObject o{{QStringLiteral("outcome"), status}};
    if (httpStatus) o.insert(QStringLiteral("http_status"), httpStatus);
    if (code) o.insert(QStringLiteral("code"), code);
    if (!message.isEmpty()) o.insert(QStringLiteral("message"), message);
    if (!remediation.isEmpty()) o.insert(QStringLiteral("remediation"), remediation);
    if (!failedItems.isEmpty()) o.insert(QStringLiteral("failed_items"), failedItems);
    if (!affected.isEmpty()) o.insert(QStringLiteral("affected"), QJsonArray::fromStringList(affected));
    return o;
}

Remediator::Remediator(WazuhApiClient *client, DbProvider db, QObject *parent)
    : QObject(parent), m_client(client), m_db(std::move(db))
{
}

QString Remediator::auditAction(const Context &ctx)
{
    return ctx.source == QLatin1String("policy") ? QStringLiteral("auto_response") : QStringLiteral("remediation");
}

Remediator::Outcome Remediator::outcomeOf(const WazuhApiClient::Result &r)
{
    Outcome o;
    o.httpStatus = r.httpStatus;
    for (const QJsonValue &v : r.items) o.affected << (v.isString() ? v.toString() : v.toObject().value(QStringLiteral("id")).toString());
    o.affected.removeAll(QString());
    for (const auto &f : r.failed)
        o.failedItems.append(QJsonObject{{QStringLiteral("code"), f.code},
                                         {QStringLiteral("message"), f.message},
                                         {QStringLiteral("remediation"), f.remediation},
                                         {QStringLiteral("ids"), QJsonArray::fromStringList(f.ids)}});
    if (r.ok) {
        o.status = r.failed.empty() ? QStringLiteral("ok") : QStringLiteral("partial");
        o.message = r.body.value(QStringLiteral("message")).toString();
        if (!r.failed.empty()) {
            o.code = r.failed.front().code;
            o.remediation = r.failed.front().remediation;
        }
        return o;
    }
    o.status = QStringLiteral("failed");
    o.code = r.error.code;
    if (!r.failed.empty()) {
        // Wazuh's own words for the agent it could not reach: "Agent is not active"
        const auto &f = r.failed.front();
        o.code = f.code;
        o.message = f.message + (f.ids.isEmpty() ? QString() : QStringLiteral(" (agent %1)").arg(f.ids.join(QStringLiteral(", "))));
        o.remediation = f.remediation;
    } else {
        o.message = r.error.message();
        o.remediation = r.error.remediation;
    }
    return o;
}

qint64 Remediator::recordDecision(QSqlDatabase &db, const RemediationPlan &plan, const Context &ctx, const QString &status,
                                  const QString &why, qint64 alertId, const QString &agentId)
{
    QJsonObject d = baseDetails(plan, ctx);
    d.insert(QStringLiteral("outcome"), status);
    d.insert(QStringLiteral("message"), why);
    d.insert(QStringLiteral("taken"), false);
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO audit_log (alert_id, agent_id, actor, action, reason, details) "
                             "VALUES (?, ?, ?, ?, ?, ?::jsonb) RETURNING id"));
    q.addBindValue(nullableId(alertId ? alertId : plan.alertId));
    q.addBindValue(nullableText(agentId.isEmpty() ? plan.agentId : agentId));
    q.addBindValue(ctx.actor);
    q.addBindValue(auditAction(ctx));
    q.addBindValue(nullableText(ctx.policy.isEmpty() ? ctx.reason : ctx.policy));
    q.addBindValue(json(d));
    if (!q.exec() || !q.next()) {
        log()->error("cannot record the remediation decision ({}) for agent {}: {}", s(status), s(plan.agentId),
                     s(q.lastError().text()));
        return 0;
    }
    return q.value(0).toLongLong();
}

void Remediator::execute(const RemediationPlan &plan, const Context &ctx, Done done, const Limits *limits)
{
    QSqlDatabase &db = m_db();
    Outcome o;
    auto fail = [&](const QString &what, const QString &error) {
        o.status = QStringLiteral("error");
        o.message = QStringLiteral("nothing was sent: %1: %2").arg(what, error.trimmed());
        log()->error("remediation {} on agent {}: {}", s(plan.actionId), s(plan.agentId), s(o.message));
        if (db.isOpen()) db.rollback();
        done(o);
    };
    if (!db.isOpen()) return fail(QStringLiteral("the audit log is not reachable"), db.lastError().text());
    if (!db.transaction()) return fail(QStringLiteral("cannot begin"), db.lastError().text());
    QString skipped;
    if (limits && !ctx.policy.isEmpty()) {
        // one policy decides at a time, across daemons: the count and the new row go together
        QSqlQuery lock(db);
        lock.prepare(QStringLiteral("SELECT pg_advisory_xact_lock(hashtext('eos-policy:' || ?))"));
        lock.addBindValue(ctx.policy);
        if (!lock.exec()) return fail(QStringLiteral("policy lock"), lock.lastError().text());
        QSqlQuery c(db);
        c.prepare(QStringLiteral(
            "SELECT count(*) FILTER (WHERE agent_id = ? AND at > now() - make_interval(mins => ?)), "
            "       count(*) FILTER (WHERE at > now() - make_interval(mins => ?)) "
            "FROM audit_log WHERE action = 'auto_response' AND reason = ? AND (details->>'taken')::boolean "
            "AND at > now() - make_interval(mins => ?)"));
        c.addBindValue(plan.agentId);
        c.addBindValue(limits->perAgentWindowMinutes);
        c.addBindValue(limits->perPolicyWindowMinutes);
        c.addBindValue(ctx.policy);
        c.addBindValue(std::max(limits->perAgentWindowMinutes, limits->perPolicyWindowMinutes));
        if (!c.exec() || !c.next()) return fail(QStringLiteral("counting the policy's actions"), c.lastError().text());
        const int perAgent = c.value(0).toInt(), perPolicy = c.value(1).toInt();
        if (limits->perAgentMax > 0 && perAgent >= limits->perAgentMax)
            skipped = QStringLiteral("limit reached: %1 action(s) on agent %2 in the last %3 min (at most %4)")
                          .arg(perAgent).arg(plan.agentId).arg(limits->perAgentWindowMinutes).arg(limits->perAgentMax);
        else if (limits->perPolicyMax > 0 && perPolicy >= limits->perPolicyMax)
            skipped = QStringLiteral("limit reached: %1 action(s) of this policy in the last %2 min (at most %3)")
                          .arg(perPolicy).arg(limits->perPolicyWindowMinutes).arg(limits->perPolicyMax);
    }
    QJsonObject d = baseDetails(plan, ctx);
    if (!skipped.isEmpty()) {
        d.insert(QStringLiteral("outcome"), QStringLiteral("skipped"));
        d.insert(QStringLiteral("message"), skipped);
        d.insert(QStringLiteral("taken"), false);
    } else {
        d.insert(QStringLiteral("outcome"), ctx.dryRun ? QStringLiteral("dry_run") : QStringLiteral("sending"));
        d.insert(QStringLiteral("taken"), true);
    }
    QSqlQuery ins(db);
    ins.prepare(QStringLiteral("INSERT INTO audit_log (alert_id, agent_id, actor, action, reason, details) "
                               "VALUES (?, ?, ?, ?, ?, ?::jsonb) RETURNING id"));
    ins.addBindValue(nullableId(plan.alertId));
    ins.addBindValue(plan.agentId);
    ins.addBindValue(ctx.actor);
    ins.addBindValue(auditAction(ctx));
    ins.addBindValue(nullableText(ctx.policy.isEmpty() ? ctx.reason : ctx.policy));
    ins.addBindValue(json(d));
    if (!ins.exec() || !ins.next()) return fail(QStringLiteral("cannot write the audit row"), ins.lastError().text());
    o.auditId = ins.value(0).toLongLong();
    if (!db.commit()) return fail(QStringLiteral("cannot commit the audit row"), db.lastError().text());

    if (!skipped.isEmpty() || ctx.dryRun) {
        o.status = skipped.isEmpty() ? QStringLiteral("dry_run") : QStringLiteral("skipped");
        o.message = skipped;
        log()->info("{} {} {} on agent {}: {}", s(ctx.actor), s(ctx.dryRun ? QStringLiteral("(dry run)") : QString()),
                    s(plan.actionId), s(plan.agentId), s(o.summary()));
        done(o);
        return;
    }

    const qint64 auditId = o.auditId;
    QPointer<Remediator> self(this);
    auto finish = [self, plan, ctx, auditId, done](const WazuhApiClient::Result &r) {
        Outcome out = outcomeOf(r);
        out.auditId = auditId;
        if (!self) {
            done(out);
            return;
        }
        QSqlDatabase &db2 = self->m_db();
        QSqlQuery u(db2);
        u.prepare(QStringLiteral("UPDATE audit_log SET details = details || ?::jsonb WHERE id = ?"));
        u.addBindValue(json(out.toJson()));
        u.addBindValue(auditId);
        if (!u.exec())
            log()->error("the outcome of audit row {} ({}) could not be recorded: {}", auditId, s(out.summary()),
                         s(u.lastError().text()));
        if (out.succeeded())
            log()->info("{}: {} on agent {}: {}", s(ctx.actor), s(plan.actionId), s(plan.agentId), s(out.summary()));
        else
            log()->warn("{}: {} on agent {} failed: {}", s(ctx.actor), s(plan.actionId), s(plan.agentId), s(out.summary()));
        done(out);
    };
    if (!m_client) {
        WazuhApiClient::Result r;
        r.error.title = QStringLiteral("not configured");
        r.error.detail = QStringLiteral("WAZUH_API_URL is not set");
        finish(r);
        return;
    }
    if (plan.kind == RemediationPlan::Kind::Restart)
        m_client->restartAgent(plan.agentId, finish);
    else
        m_client->runActiveResponse({plan.agentId}, plan.command, plan.arguments, plan.alertContext, finish);
}

}  // namespace eos
