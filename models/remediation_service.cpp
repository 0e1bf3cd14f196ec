#include "remediation_service.h"

#include "core/logging.h"
#include "core/worker_thread.h"
#include "db_worker.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QPointer>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace eos {
namespace {

auto log() { return Logging::get("remediation"); }

// Lives on the executor thread: the client, the Remediator and their database connection.
class Executor : public QObject {
public:
    Executor(WazuhApiClient::Options api, DbConnectionInfo info) : m_api(std::move(api)), m_info(std::move(info))
    {
        m_connName = QStringLiteral("eos-remediate-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
    }
    ~Executor() override
    {
        delete m_remediator;
        delete m_client;
        m_db = QSqlDatabase();
        if (QSqlDatabase::contains(m_connName)) QSqlDatabase::removeDatabase(m_connName);
    }
    void run(const RemediationPlan &plan, const Remediator::Context &ctx, std::function<void(Remediator::Outcome)> done)
    {
        if (!m_client) {
            m_client = new WazuhApiClient(m_api);
            m_remediator = new Remediator(m_client->isConfigured() ? m_client : nullptr, [this]() -> QSqlDatabase & { return db(); });
        }
        m_remediator->execute(plan, ctx, [done](const Remediator::Outcome &o) { done(o); });
    }

private:
    QSqlDatabase &db()
    {
        if (!m_db.isOpen() || m_db.lastError().type() == QSqlError::ConnectionError) {
            QString err;
            m_db = m_info.open(m_connName, &err);
        }
        return m_db;
    }
    WazuhApiClient::Options m_api;
    DbConnectionInfo m_info;
    QString m_connName;
    QSqlDatabase m_db;
    WazuhApiClient *m_client = nullptr;
    Remediator *m_remediator = nullptr;
};

}  // namespace

RemediationService::RemediationService(const Config &config, DbConnectionInfo db, QString actor, QObject *parent)
    : QObject(parent), m_config(config), m_info(std::move(db)), m_actor(std::move(actor))
{
    qRegisterMetaType<RemediationPlan>();
    qRegisterMetaType<Remediator::Outcome>();
    QString error;
    m_catalog = RemediationCatalog::fromConfig(m_config, &error);
    if (!error.isEmpty()) {
        m_problems << error;
        m_catalog = RemediationCatalog::defaults();
    }
    error.clear();
    m_policies = ResponsePolicies::fromConfig(m_config, &error);
    if (!error.isEmpty()) m_problems << error;
    m_guard = ProtectedTargets::fromConfig(m_config, &m_problems);
    m_playbooks = PlaybookLibrary::fromConfig(m_config);
    m_problems << m_playbooks.errors();
}

RemediationService::~RemediationService()
{
    m_executorThread.reset();
    m_worker.reset();
}

bool RemediationService::isApiConfigured() const { return !m_config.value(QStringLiteral("WAZUH_API_URL")).isEmpty(); }

QString RemediationService::apiUrl() const { return m_config.value(QStringLiteral("WAZUH_API_URL")); }

QList<RemediationCatalog::Offer> RemediationService::offersFor(const QJsonObject &alert, qint64 alertId) const
{
    return m_catalog.offersFor(alert, alertId, m_guard);
}

QList<PlaybookLibrary::Playbook> RemediationService::playbooksFor(const QJsonObject &alert) const
{
    return m_playbooks.matching(alert);
}

bool RemediationService::restartPlan(const QString &agentId, const QString &agentName, RemediationPlan *plan, QString *why) const
{
    return RemediationCatalog::restartPlan(agentId, agentName, 0, m_guard, plan, why);
}

DbWorker *RemediationService::worker()
{
    if (!m_worker) m_worker = std::make_unique<DbWorker>(m_info, QStringLiteral("eos-remediation"));
    return m_worker.get();
}

void RemediationService::execute(const RemediationPlan &plan, const QString &reason)
{
    if (!m_executorThread) {
        WazuhApiClient::Options api = WazuhApiClient::optionsFrom(m_config);
        api.maxAttempts = std::min(api.maxAttempts, 2);  // an analyst waits: retry a rate limit once, then report
        auto *ex = new Executor(api, m_info);
        m_executorThread = std::make_unique<WorkerThread>(QStringLiteral("eos-remediate"), ex);
        m_executorThread->start();
        m_executor = ex;
    }
    Remediator::Context ctx;
    ctx.actor = m_actor;
    ctx.source = QStringLiteral("console");
    ctx.reason = reason;
    ++m_pending;
    QPointer<RemediationService> self(this);
    auto *ex = static_cast<Executor *>(m_executor);
    QMetaObject::invokeMethod(ex, [ex, plan, ctx, self] {
        ex->run(plan, ctx, [plan, self](Remediator::Outcome o) {
            QMetaObject::invokeMethod(qApp, [plan, o, self] {
                if (!self) return;
                --self->m_pending;
                Q_EMIT self->executed(plan, o);
            }, Qt::QueuedConnection);
        });
    }, Qt::QueuedConnection);
}

QList<RemediationService::ActionRow> RemediationService::loadActions(QSqlDatabase &db, int limit, QString *error)
{
    QList<ActionRow> rows;
    if (!db.isOpen()) {
        *error = tr("The database is not reachable.");
        return rows;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "SELECT id, at, actor, action, COALESCE(reason, ''), COALESCE(agent_id, ''), COALESCE(alert_id, 0), details::text "
        "FROM audit_log WHERE action IN ('remediation', 'auto_response', 'policy_paused', 'policy_resumed') "
        "ORDER BY at DESC, id DESC LIMIT ?"));
    q.addBindValue(limit);
    if (!q.exec()) {
        *error = q.lastError().text().trimmed();
        return rows;
    }
    while (q.next()) {
        ActionRow r;
        r.auditId = q.value(0).toLongLong();
        r.at = q.value(1).toDateTime();
        r.actor = q.value(2).toString();
        r.kind = q.value(3).toString();
        r.agentId = q.value(5).toString();
        r.alertId = q.value(6).toLongLong();
        r.details = QJsonDocument::fromJson(q.value(7).toString().toUtf8()).object();
        r.source = r.details.value(QStringLiteral("source")).toString();
        r.policy = r.details.value(QStringLiteral("policy")).toString();
        if (r.kind == QLatin1String("auto_response") && r.policy.isEmpty()) r.policy = q.value(4).toString();
        const QJsonObject req = r.details.value(QStringLiteral("request")).toObject();
        r.actionId = req.value(QStringLiteral("action")).toString();
        r.endpoint = req.value(QStringLiteral("endpoint")).toString();
        r.outcome = r.details.value(QStringLiteral("outcome")).toString();
        r.message = r.details.value(QStringLiteral("message")).toString();
        if (r.kind.startsWith(QLatin1String("policy_"))) {
            r.outcome = r.kind == QLatin1String("policy_paused") ? QStringLiteral("paused") : QStringLiteral("resumed");
            r.message = q.value(4).toString();
        }
        r.code = r.details.value(QStringLiteral("code")).toInt();
        rows << r;
    }
    return rows;
}

QList<RemediationService::PolicyRow> RemediationService::loadPolicies(QSqlDatabase &db, const ResponsePolicies &policies, QString *error)
{
    QList<PolicyRow> rows;
    for (const auto &p : policies.policies()) {
        PolicyRow r;
        r.name = p.name;
        r.description = p.description;
        r.action = p.action;
        r.enabled = p.enabled;
        r.dryRun = p.dryRun;
        r.limits = p.limits;
        rows << r;
    }
    if (!db.isOpen()) {
        *error = tr("The database is not reachable.");
        return rows;
    }
    QSqlQuery st(db);
    if (st.exec(QStringLiteral("SELECT policy, paused, COALESCE(changed_by, ''), changed_at FROM response_policy_state")))
        while (st.next())
            for (PolicyRow &r : rows)
                if (r.name == st.value(0).toString()) {
                    r.paused = st.value(1).toBool();
                    r.pausedBy = st.value(2).toString();
                    r.pausedAt = st.value(3).toDateTime();
                }
    for (PolicyRow &r : rows) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "SELECT count(*) FILTER (WHERE (details->>'taken')::boolean AND at > now() - make_interval(mins => ?)), "
            "       count(*) FILTER (WHERE at > now() - interval '24 hours'), max(at) "
            "FROM audit_log WHERE action = 'auto_response' AND reason = ?"));
        q.addBindValue(r.limits.perPolicyWindowMinutes);
        q.addBindValue(r.name);
        if (!q.exec() || !q.next()) {
            *error = q.lastError().text().trimmed();
            return rows;
        }
        r.takenInWindow = q.value(0).toInt();
        r.matches24h = q.value(1).toInt();
        r.lastMatch = q.value(2).toDateTime();
        QSqlQuery a(db);
        a.prepare(QStringLiteral("SELECT COALESCE(max(n), 0) FROM (SELECT count(*) AS n FROM audit_log WHERE action = 'auto_response' "
                                 "AND reason = ? AND (details->>'taken')::boolean AND at > now() - make_interval(mins => ?) "
                                 "GROUP BY agent_id) x"));
        a.addBindValue(r.name);
        a.addBindValue(r.limits.perAgentWindowMinutes);
        if (a.exec() && a.next()) r.busiestAgentInWindow = a.value(0).toInt();
    }
    return rows;
}

QString RemediationService::pausePolicy(QSqlDatabase &db, const QString &actor, const QString &policy, bool paused,
                                        const QString &reason)
{
    if (!db.isOpen()) return tr("The database is not reachable.");
    if (!db.transaction()) return db.lastError().text();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO response_policy_state (policy, paused, changed_by, changed_at, reason) "
                             "VALUES (?, ?, ?, now(), ?) ON CONFLICT (policy) DO UPDATE SET paused = EXCLUDED.paused, "
                             "changed_by = EXCLUDED.changed_by, changed_at = now(), reason = EXCLUDED.reason"));
    q.addBindValue(policy);
    q.addBindValue(paused);
    q.addBindValue(actor);
    q.addBindValue(reason.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(reason));
    QSqlQuery a(db);
    a.prepare(QStringLiteral("INSERT INTO audit_log (actor, action, reason, details) VALUES (?, ?, ?, ?::jsonb)"));
    a.addBindValue(actor);
    a.addBindValue(paused ? QStringLiteral("policy_paused") : QStringLiteral("policy_resumed"));
    a.addBindValue(reason.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(reason));
    a.addBindValue(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("policy"), policy},
                                                               {QStringLiteral("source"), QStringLiteral("console")}})
                                         .toJson(QJsonDocument::Compact)));
    if (!q.exec() || !a.exec()) {
        const QString e = (q.lastError().isValid() ? q.lastError() : a.lastError()).text().trimmed();
        db.rollback();
        return e;
    }
    if (!db.commit()) return db.lastError().text();
    log()->info("{} {} auto-response policy {}", s(actor), paused ? "paused" : "resumed", s(policy));
    return {};
}

void RemediationService::refreshActions(int limit)
{
    worker()->call<QPair<QList<ActionRow>, QString>>(
        this,
        [limit](QSqlDatabase &db) {
            QString e;
            auto rows = loadActions(db, limit, &e);
            return qMakePair(rows, e);
        },
        [this](QPair<QList<ActionRow>, QString> r) { Q_EMIT actionsLoaded(r.first, r.second); });
}

void RemediationService::refreshPolicies()
{
    worker()->call<QPair<QList<PolicyRow>, QString>>(
        this,
        [p = m_policies](QSqlDatabase &db) {
            QString e;
            auto rows = loadPolicies(db, p, &e);
            return qMakePair(rows, e);
        },
        [this](QPair<QList<PolicyRow>, QString> r) { Q_EMIT policiesLoaded(r.first, r.second); });
}

void RemediationService::setPolicyPaused(const QString &policy, bool paused, const QString &reason)
{
    worker()->call<QString>(
        this, [actor = m_actor, policy, paused, reason](QSqlDatabase &db) { return pausePolicy(db, actor, policy, paused, reason); },
        [this, policy, paused](QString e) {
            Q_EMIT policyPauseChanged(policy, paused, e);
            refreshPolicies();
            refreshActions();
        });
}

}  // namespace eos
