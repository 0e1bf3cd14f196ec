#include "stages/response_policy_stage.h"

#include "core/logging.h"
#include "stages/remediator.h"
#include "stages/stage_runner.h"

#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include <memory>

namespace eos {
namespace {
auto log() { return Logging::get("remediation"); }
}

struct ResponsePolicyStage::Job {
    std::vector<ClaimedAlert> alerts;
    Done done;
    size_t alert = 0;
    qsizetype policy = 0;
    QJsonObject parsed;
    QSet<QString> paused;
    QSet<QString> decided;  // policies that already decided on the current alert (a crash, a second daemon)
    bool decidedLoaded = false;  // read when the first policy matches (most alerts match none)
};

ResponsePolicyStage::Options ResponsePolicyStage::optionsFrom(const Config &config, QString *error)
{
    Options o;
    o.api = WazuhApiClient::optionsFrom(config);
    // an action is not worth many attempts: a rate limit or a 5xx is retried briefly, then it is recorded
    o.api.maxAttempts = std::min(o.api.maxAttempts, 2);
    o.policies = ResponsePolicies::fromConfig(config, error);
    if (!error->isEmpty()) return o;
    o.catalog = RemediationCatalog::fromConfig(config, error);
    if (!error->isEmpty()) return o;
    QStringList warnings;
    o.guard = ProtectedTargets::fromConfig(config, &warnings);
    for (const QString &w : warnings) log()->warn("{}", s(w));
    o.maxAgeMinutes = std::max(1, config.intValue(QStringLiteral("EOS_POLICY_MAX_AGE_MINUTES"), 60));
    for (const auto &p : o.policies.policies())
        if (p.action != QLatin1String("restart") && !o.catalog.find(p.action)) {
            *error = QStringLiteral("EOS_RESPONSE_POLICIES: policy %1 names the action %2, which is neither restart "
                                    "nor an EOS_AR_COMMANDS id").arg(p.name, p.action);
            return o;
        }
    return o;
}

ResponsePolicyStage::ResponsePolicyStage(Options options) : m_options(std::move(options)) {}
ResponsePolicyStage::~ResponsePolicyStage() = default;

QString ResponsePolicyStage::claimCondition() const
{
    return QStringLiteral("a.policy_checked_at IS NULL AND a.enriched_at IS NOT NULL "
                          "AND a.ingest_timestamp > now() - make_interval(mins => %1)")
        .arg(m_options.maxAgeMinutes);
}

void ResponsePolicyStage::start(StageRunner *runner)
{
    m_runner = runner;
    m_client = new WazuhApiClient(m_options.api, runner);
    m_remediator = new Remediator(m_client->isConfigured() ? m_client : nullptr,
                                  [runner]() -> QSqlDatabase & { return runner->database(); }, runner);
    QStringList names;
    for (const auto &p : m_options.policies.policies())
        names << p.name + (p.dryRun ? QStringLiteral(" (dry run)") : QString()) + (p.enabled ? QString() : QStringLiteral(" (disabled)"));
    log()->info("auto-response policies: {}", s(names.join(QStringLiteral(", "))));
    if (!m_client->isConfigured())
        log()->warn("WAZUH_API_URL is not set: auto-response policies record their decisions but cannot act");
}

void ResponsePolicyStage::process(const std::vector<ClaimedAlert> &batch, Done done)
{
    auto job = std::make_shared<Job>();
    job->alerts = batch;
    job->done = std::move(done);
    QSqlDatabase &db = m_runner->database();
    QSqlQuery q(db);
    if (q.exec(QStringLiteral("SELECT policy FROM response_policy_state WHERE paused")))
        while (q.next()) job->paused.insert(q.value(0).toString());
    else {
        // without knowing which policies are paused, none acts now
        job->done(std::vector<StageOutcome>(batch.size(), StageOutcome::retry(q.lastError().text())));
        return;
    }
    job->alert = 0;
    job->policy = -1;
    next(job);
}

// Walks the batch alert by alert, policy by policy; an action's answer continues the walk.
void ResponsePolicyStage::next(std::shared_ptr<Job> job)
{
    const auto &policies = m_options.policies.policies();
    for (;;) {
        ++job->policy;
        if (job->policy == 0) {
            if (job->alert >= job->alerts.size()) {
                job->done(std::vector<StageOutcome>(job->alerts.size(), StageOutcome::done()));
                return;
            }
            const ClaimedAlert &a = job->alerts[job->alert];
            job->parsed = QJsonDocument::fromJson(a.raw).object();
            job->decided.clear();
            job->decidedLoaded = false;
        }
        if (job->policy >= policies.size()) {
            job->policy = -1;
            ++job->alert;
            continue;
        }
        const ResponsePolicies::Policy &p = policies[job->policy];
        const ClaimedAlert &a = job->alerts[job->alert];
        if (!p.enabled || !p.matches(job->parsed)) continue;
        if (!job->decidedLoaded) {
            job->decidedLoaded = true;
            QSqlQuery q(m_runner->database());
            q.prepare(QStringLiteral("SELECT DISTINCT reason FROM audit_log WHERE alert_id = ? AND action = 'auto_response'"));
            q.addBindValue(a.id);
            if (q.exec())
                while (q.next()) job->decided.insert(q.value(0).toString());
        }
        if (job->decided.contains(p.name)) continue;

        Remediator::Context ctx;
        ctx.actor = QStringLiteral("eos:policy");
        ctx.source = QStringLiteral("policy");
        ctx.policy = p.name;
        ctx.dryRun = p.dryRun;
        RemediationPlan plan;
        QString why;
        if (job->paused.contains(p.name)) {
            plan.actionId = p.action;
            plan.agentId = a.agentId;
            plan.alertId = a.id;
            Remediator::recordDecision(m_runner->database(), plan, ctx, QStringLiteral("skipped"),
                                       QStringLiteral("the policy is paused"));
            continue;
        }
        if (!m_options.catalog.planForAlert(p.action, job->parsed, a.id, m_options.guard, &plan, &why)) {
            plan.actionId = p.action;
            plan.agentId = a.agentId;
            plan.alertId = a.id;
            Remediator::recordDecision(m_runner->database(), plan, ctx, QStringLiteral("refused"), why);
            log()->info("policy {} matched alert {} but does not act: {}", s(p.name), a.id, s(why));
            continue;
        }
        m_remediator->execute(plan, ctx, [this, job](const Remediator::Outcome &) {
            // the runner's thread: continue with the next policy (queued, so a long batch never recurses deeply)
            QMetaObject::invokeMethod(m_remediator, [this, job] { next(job); }, Qt::QueuedConnection);
        }, &p.limits);
        return;
    }
}

}  // namespace eos
