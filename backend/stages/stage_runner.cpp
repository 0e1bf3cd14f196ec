#include "stages/stage_runner.h"

#include "core/backoff.h"

#include "core/logging.h"
#include "core/metrics.h"
#include "stages/stage_results.h"
#include "store/pg_binary_array.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHostInfo>
#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

#include <algorithm>
#include <optional>

namespace eos {
namespace {

auto log() { return Logging::get("stages"); }


}  // namespace

StageRunner::Options StageRunner::optionsFrom(const Config &config)
{
    Options o;
    o.batchSize = std::clamp(config.intValue(QStringLiteral("EOS_STAGE_BATCH"), o.batchSize), 1, 10000);
    o.concurrency = std::clamp(config.intValue(QStringLiteral("EOS_STAGE_CONCURRENCY"), o.concurrency), 1, 256);
    o.leaseSeconds = std::clamp(config.intValue(QStringLiteral("EOS_STAGE_LEASE_SECONDS"), o.leaseSeconds), 5, 86400);
    o.maxAttempts = std::clamp(config.intValue(QStringLiteral("EOS_STAGE_MAX_ATTEMPTS"), o.maxAttempts), 1, 1000);
    return o;
}

StageRunner::StageRunner(DbConnectionInfo db, std::unique_ptr<Stage> stage, Options options, QObject *parent)
    : QObject(parent), m_info(std::move(db)), m_stage(std::move(stage)), m_options(std::move(options)),
      m_metrics(Metrics::instance().stage(m_stage->name()))
{
    const QString tag = QString::number(QRandomGenerator::global()->generate(), 36);
    if (m_options.owner.isEmpty())
        m_options.owner = QStringLiteral("%1:%2:%3:%4")
                              .arg(QHostInfo::localHostName())
                              .arg(QCoreApplication::applicationPid())
                              .arg(m_stage->name(), tag);
    m_connName = QStringLiteral("eos-stage-%1-%2").arg(m_stage->name(), tag);
    m_listenName = m_connName + QStringLiteral("-listen");
}

StageRunner::~StageRunner()
{
    m_claimQuery.reset();
    m_db = QSqlDatabase();
    if (QSqlDatabase::contains(m_connName)) QSqlDatabase::removeDatabase(m_connName);
    if (QSqlDatabase::contains(m_listenName)) QSqlDatabase::removeDatabase(m_listenName);
}

QSqlDatabase &StageRunner::database()
{
    ensureDb();
    return m_db;
}

bool StageRunner::ensureDb()
{
    if (m_db.isOpen() && m_db.lastError().type() != QSqlError::ConnectionError) return true;
    QString err;
    m_claimQuery.reset();  // prepared on the connection being replaced
    m_db = m_info.open(m_connName, &err);
    if (!m_db.isOpen()) {
        dbError(QStringLiteral("cannot reach the database"), err);
        return false;
    }
    return true;
}

void StageRunner::dbError(const QString &what, const QString &error)
{
    // the same failure repeats at every poll while the database is away: one line per 30 s, with a count
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_lastErrorLogMs < 30000) {
        ++m_suppressedErrors;
        return;
    }
    if (m_suppressedErrors > 0)
        log()->warn("stage {}: {}: {} ({} similar errors in the last 30 s)", s(m_stage->name()), s(what), s(error),
                    m_suppressedErrors);
    else
        log()->warn("stage {}: {}: {}", s(m_stage->name()), s(what), s(error));
    m_lastErrorLogMs = now;
    m_suppressedErrors = 0;
}

void StageRunner::start()
{
    if (m_running) return;
    m_running = true;
    m_poll = new QTimer(this);
    connect(m_poll, &QTimer::timeout, this, &StageRunner::wake);
    m_poll->start(m_options.pollMs);
    m_renew = new QTimer(this);
    connect(m_renew, &QTimer::timeout, this, &StageRunner::renewLeases);
    m_renew->start(std::max(1000, m_options.leaseSeconds * 1000 / 3));
    m_backlog = new QTimer(this);
    connect(m_backlog, &QTimer::timeout, this, &StageRunner::refreshBacklog);
    m_backlog->start(m_options.backlogMs);
    m_stage->start(this);
    ensureListening();  // before saying "started": from here on a notification wakes this runner
    log()->info("stage {} started: {} -> {}, batches of {}, {} at once, lease {} s, owner {}", s(m_stage->name()),
                s(m_stage->inputState()), s(m_stage->outputState()), m_options.batchSize, m_options.concurrency,
                m_options.leaseSeconds, s(m_options.owner));
    refreshBacklog();
    wake();
}

void StageRunner::stop()
{
    if (!m_running) return;
    m_running = false;
    if (m_poll) m_poll->stop();
    if (m_renew) m_renew->stop();
    if (m_backlog) m_backlog->stop();
    m_stage->stop();
    releaseLeases();
    m_batches.clear();
    log()->info("stage {} stopped", s(m_stage->name()));
}

void StageRunner::ensureListening()
{
    if (QSqlDatabase::contains(m_listenName) && QSqlDatabase::database(m_listenName, false).isOpen()) return;
    QString err;
    QSqlDatabase db = m_info.open(m_listenName, &err);
    if (!db.isOpen()) {
        dbError(QStringLiteral("cannot LISTEN"), err);
        return;
    }
    QSqlDriver *drv = db.driver();
    const QString channel = m_stage->wakeChannel();
    connect(drv, &QSqlDriver::notification, this,
            [this, channel](const QString &name, QSqlDriver::NotificationSource, const QVariant &) {
                if (name == channel) wake();
            });
    if (!drv->subscribeToNotification(channel))
        dbError(QStringLiteral("LISTEN %1 failed").arg(channel), drv->lastError().text());
}

void StageRunner::wake()
{
    if (!m_running) return;
    if (m_wakePending) return;
    // every wake-up that arrives before the event loop comes round is served by one pump
    m_wakePending = true;
    QTimer::singleShot(0, this, [this] {
        m_wakePending = false;
        pump();
    });
}

void StageRunner::pump()
{
    if (!m_running || m_pumping) return;
    m_pumping = true;
    ensureListening();  // after a lost connection the poll brings us here
    while (m_running && int(m_batches.size()) < m_options.concurrency) {
        std::vector<ClaimedAlert> alerts;
        if (!claim(&alerts) || alerts.empty()) break;
        const quint64 seq = m_nextSeq++;
        m_batches[seq] = Batch{seq, alerts};
        // the stage may answer synchronously; completion runs queued so pump() never nests
        m_stage->process(m_batches[seq].alerts, [this, seq](std::vector<StageOutcome> outcomes) {
            QMetaObject::invokeMethod(
                this, [this, seq, o = std::move(outcomes)]() mutable { complete(seq, std::move(o)); }, Qt::QueuedConnection);
        });
        if (int(alerts.size()) < m_options.batchSize) break;  // drained
    }
    m_pumping = false;
}

QString StageRunner::claimWhere() const
{
    const QString own = m_stage->claimCondition();
    if (!own.isEmpty()) return QStringLiteral("(") + own + QStringLiteral(")");
    // The state is one of the enum's names, written by us (never user input): inline, so the planner
    // can use the state index.
    return QStringLiteral("a.state = '%1' AND (a.next_attempt_at IS NULL OR a.next_attempt_at <= now())")
        .arg(m_stage->inputState());
}

bool StageRunner::claim(std::vector<ClaimedAlert> *out)
{
    if (!ensureDb()) return false;
    // prepared once per connection: QPSQL's prepare is a PREPARE round trip and a query's end a DEALLOCATE,
    // which tripled the round trips of every wake-up (each NOTIFY of a busy ingest wakes every stage)
    if (!m_claimQuery) {
        QString extra;
        for (const QString &c : m_stage->claimColumns()) extra += QStringLiteral(", ") + c;
        const QString leases = m_stage->leaseTable();
        // Two runners may race for the same rows: SKIP LOCKED keeps them apart while the claim runs, and the
        // lease's primary key decides between a claim and one that committed meanwhile (ON CONFLICT only
        // takes over an expired lease). Built by concatenation: the condition is the stage's own SQL.
        const QString sql =
            QStringLiteral("WITH c AS (SELECT a.id FROM alerts a WHERE ") + claimWhere() +
            QStringLiteral(" AND NOT EXISTS (SELECT 1 FROM ") + leases +
            QStringLiteral(" l WHERE l.alert_id = a.id AND l.claimed_until > now()) "
                           "ORDER BY a.id LIMIT %1 FOR UPDATE OF a SKIP LOCKED), ").arg(m_options.batchSize) +
            QStringLiteral("l AS (INSERT INTO ") + leases +
            QStringLiteral(" AS sl (alert_id, stage, claimed_by, claimed_until) "
                           "SELECT id, ?, ?, now() + make_interval(secs => %1) FROM c "
                           "ON CONFLICT (alert_id) DO UPDATE SET stage = EXCLUDED.stage, claimed_by = EXCLUDED.claimed_by, "
                           "claimed_until = EXCLUDED.claimed_until WHERE sl.claimed_until <= now() RETURNING alert_id) "
                           "SELECT a.id, a.agent_id, a.rule_level, a.stage_attempts, "
                           "(extract(epoch FROM a.ingest_timestamp) * 1000)::int8, ").arg(m_options.leaseSeconds) +
            (m_stage->wantsRaw() ? QStringLiteral("a.raw::text") : QStringLiteral("NULL::text")) + extra +
            QStringLiteral(" FROM alerts a JOIN l ON l.alert_id = a.id");
        m_claimQuery = std::make_unique<QSqlQuery>(m_db);
        m_claimQuery->setForwardOnly(true);
        if (!m_claimQuery->prepare(sql)) {
            dbError(QStringLiteral("claim"), m_claimQuery->lastError().text());
            m_claimQuery.reset();
            return false;
        }
    }
    QSqlQuery &q = *m_claimQuery;
    q.addBindValue(m_stage->name());
    q.addBindValue(m_options.owner);
    if (!q.exec()) {
        dbError(QStringLiteral("claim"), q.lastError().text());
        m_claimQuery.reset();
        return false;
    }
    const int nExtra = int(m_stage->claimColumns().size());
    while (q.next()) {
        ClaimedAlert a;
        a.id = q.value(0).toLongLong();
        a.agentId = q.value(1).toString();
        a.ruleLevel = q.value(2).toInt();
        a.attempts = q.value(3).toInt();
        a.ingestedMs = q.value(4).toLongLong();
        if (m_stage->wantsRaw()) a.raw = q.value(5).toString().toUtf8();
        for (int i = 0; i < nExtra; ++i) a.extra.push_back(q.value(6 + i));
        out->push_back(std::move(a));
    }
    q.finish();
    // RETURNING comes in no particular order; the stage sees its batch oldest first
    std::sort(out->begin(), out->end(), [](const ClaimedAlert &x, const ClaimedAlert &y) { return x.id < y.id; });
    return true;
}

int StageRunner::backoffMs(int attempts, int retryAfterMs) const
{
    return Backoff::jitteredMs(attempts, m_options.baseBackoffMs, m_options.maxBackoffMs, retryAfterMs);
}

void StageRunner::complete(quint64 seq, std::vector<StageOutcome> outcomes)
{
    auto it = m_batches.find(seq);
    if (it == m_batches.end()) return;  // stopped meanwhile: the leases were given up
    Batch batch = std::move(it->second);
    m_batches.erase(it);
    if (outcomes.size() != batch.alerts.size()) {
        log()->error("stage {} returned {} outcomes for {} alerts; retrying the batch", s(m_stage->name()),
                     outcomes.size(), batch.alerts.size());
        outcomes.assign(batch.alerts.size(), StageOutcome::retry(QStringLiteral("internal error: outcome count")));
    }
    int done = 0, retried = 0, failed = 0;
    bool written = false;
    for (int attempt = 0; attempt < 3 && !written; ++attempt) {
        written = writeOutcome(batch, outcomes, &done, &retried, &failed);
        if (!written) {  // reconnect and try again; the leases still hold
            m_claimQuery.reset();
            m_db = QSqlDatabase();
        }
    }
    if (written) {
        m_metrics.processed += quint64(done);
        m_metrics.retried += quint64(retried);
        m_metrics.failed += quint64(failed);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (size_t i = 0; i < outcomes.size(); ++i)
            if (outcomes[i].kind == StageOutcome::Kind::Done)
                m_metrics.observeLatency(double(now - batch.alerts[i].ingestedMs) / 1000.0);
        Q_EMIT batchCompleted(done, retried, failed);
    }
    // else: the leases expire and the work is done again (stages are idempotent)
    wake();
}

bool StageRunner::writeOutcome(const Batch &batch, const std::vector<StageOutcome> &outcomes, int *done, int *retried,
                               int *failed)
{
    *done = *retried = *failed = 0;
    if (m_stage->isSideStage()) return writeSideOutcome(batch, outcomes, done, failed);
    if (!ensureDb()) return false;
    const QString input = m_stage->inputState();
    const QString output = m_stage->outputState();
    auto abort = [this](const QString &what, const QSqlQuery &q) {
        dbError(what, q.lastError().text());
        m_db.rollback();
        return false;
    };
    if (!m_db.transaction()) {
        dbError(QStringLiteral("begin"), m_db.lastError().text());
        return false;
    }
    std::vector<qint64> doneIds;
    std::vector<size_t> plainDone;
    const QString doneSql = m_stage->doneSql();
    // results of their own, with their types declared: the whole batch in one statement (StageResults)
    const bool typed = StageResults::typed(*m_stage);
    if (typed) {
        std::vector<qint64> ids;
        std::vector<const QVariantList *> values;
        for (size_t i = 0; i < outcomes.size(); ++i) {
            if (outcomes[i].kind != StageOutcome::Kind::Done || outcomes[i].values.isEmpty()) continue;
            ids.push_back(batch.alerts[i].id);
            values.push_back(&outcomes[i].values);
        }
        QString err;
        if (!StageResults::store(m_db, *m_stage, m_options.owner, ids, values, &doneIds, &err)) {
            dbError(QStringLiteral("storing results"), err);
            m_db.rollback();
            return false;
        }
    }
    // a stage with results of its own and no types: one update per alert (its values), prepared once for the batch
    // (QPSQL's prepare is a PREPARE round trip and each QSqlQuery a DEALLOCATE: per alert, that tripled
    // the batch's round trips, and the stage's thread waits for them)
    std::optional<QSqlQuery> perAlert;
    for (size_t i = 0; i < outcomes.size(); ++i) {
        if (outcomes[i].kind != StageOutcome::Kind::Done) continue;
        if (doneSql.isEmpty() || outcomes[i].values.isEmpty()) {
            plainDone.push_back(i);
            continue;
        }
        if (typed) continue;  // stored above
        if (!perAlert) {
            perAlert.emplace(m_db);
            perAlert->prepare(QStringLiteral("WITH l AS (DELETE FROM stage_leases WHERE alert_id = ? AND claimed_by = ? RETURNING alert_id) "
                                             "UPDATE alerts a SET state = '%1', stage_attempts = 0, next_attempt_at = NULL, "
                                             "stage_error = NULL, %2 FROM l WHERE a.id = l.alert_id AND a.state = '%3'")
                                  .arg(output, doneSql, input));
        }
        QSqlQuery &q = *perAlert;
        q.addBindValue(batch.alerts[i].id);
        q.addBindValue(m_options.owner);
        for (const QVariant &v : outcomes[i].values) q.addBindValue(v);
        if (!q.exec()) return abort(QStringLiteral("storing results"), q);
        if (q.numRowsAffected() > 0) doneIds.push_back(batch.alerts[i].id);
    }
    if (!plainDone.empty()) {
        std::vector<qint64> ids;
        for (size_t i : plainDone) ids.push_back(batch.alerts[i].id);
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("WITH l AS (DELETE FROM stage_leases WHERE alert_id = ANY(?::int8[]) AND claimed_by = ? "
                                 "RETURNING alert_id) "
                                 "UPDATE alerts a SET state = '%1', stage_attempts = 0, next_attempt_at = NULL, "
                                 "stage_error = NULL%2 FROM l WHERE a.id = l.alert_id AND a.state = '%3' RETURNING a.id")
                      .arg(output, doneSql.isEmpty() || doneSql.contains(u'?') ? QString() : QStringLiteral(", ") + doneSql,
                           input));
        q.addBindValue(PgBinaryArray::int8ArrayLiteral(ids));
        q.addBindValue(m_options.owner);
        if (!q.exec()) return abort(QStringLiteral("moving alerts on"), q);
        while (q.next()) doneIds.push_back(q.value(0).toLongLong());
    }

    // attempts that failed: again later, or given up
    QStringList rIds, rDelays, rErrors, rGiveUp;
    for (size_t i = 0; i < outcomes.size(); ++i) {
        const StageOutcome &o = outcomes[i];
        if (o.kind == StageOutcome::Kind::Done) continue;
        const ClaimedAlert &a = batch.alerts[i];
        const bool giveUp = o.kind == StageOutcome::Kind::Fail || a.attempts + 1 >= m_options.maxAttempts;
        rIds << QString::number(a.id);
        rDelays << QString::number(giveUp ? 0 : backoffMs(a.attempts, o.retryAfterMs));
        rErrors << (o.error.isEmpty() ? QStringLiteral("unknown error") : o.error.left(2000));
        rGiveUp << (giveUp ? QStringLiteral("t") : QStringLiteral("f"));
    }
    if (!rIds.isEmpty()) {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral(
                      "WITH l AS (DELETE FROM stage_leases WHERE alert_id = ANY(?::int8[]) AND claimed_by = ? "
                      "RETURNING alert_id) "
                      "UPDATE alerts a SET stage_attempts = a.stage_attempts + 1, stage_error = x.err, "
                      "next_attempt_at = CASE WHEN x.give_up THEN NULL ELSE now() + x.delay * interval '1 millisecond' END, "
                      "state = CASE WHEN x.give_up THEN 'failed'::alert_state ELSE a.state END, "
                      "failed_stage = CASE WHEN x.give_up THEN ? ELSE NULL END, "
                      "failed_from = CASE WHEN x.give_up THEN a.state ELSE NULL END "
                      "FROM unnest(?::int8[], ?::int4[], ?::text[], ?::bool[]) AS x(id, delay, err, give_up) "
                      "JOIN l ON l.alert_id = x.id "
                      "WHERE a.id = x.id AND a.state = '%1' RETURNING a.id, x.give_up, x.err")
                      .arg(input));
        q.addBindValue(QString::fromUtf8(PgBinaryArray::textArrayLiteral(rIds)));
        q.addBindValue(m_options.owner);
        q.addBindValue(m_stage->name());
        q.addBindValue(QString::fromUtf8(PgBinaryArray::textArrayLiteral(rIds)));
        q.addBindValue(QString::fromUtf8(PgBinaryArray::textArrayLiteral(rDelays)));
        q.addBindValue(QString::fromUtf8(PgBinaryArray::textArrayLiteral(rErrors)));
        q.addBindValue(QString::fromUtf8(PgBinaryArray::textArrayLiteral(rGiveUp)));
        if (!q.exec()) return abort(QStringLiteral("scheduling retries"), q);
        QStringList failedIds, failedErrors;
        while (q.next()) {
            if (q.value(1).toBool()) {
                ++*failed;
                failedIds << q.value(0).toString();
                failedErrors << q.value(2).toString();
            } else {
                ++*retried;
            }
        }
        if (!failedIds.isEmpty()) {
            // visible in the alert's triage history: which stage gave up and why
            QSqlQuery a(m_db);
            a.prepare(QStringLiteral(
                "INSERT INTO audit_log (alert_id, actor, action, reason, details) "
                "SELECT x.id, ?, 'stage_failed', x.err, jsonb_build_object('stage', ?::text, 'attempts', ?::int) "
                "FROM unnest(?::int8[], ?::text[]) AS x(id, err)"));
            a.addBindValue(QStringLiteral("eos:") + m_stage->name());
            a.addBindValue(m_stage->name());
            a.addBindValue(m_options.maxAttempts);
            a.addBindValue(QString::fromUtf8(PgBinaryArray::textArrayLiteral(failedIds)));
            a.addBindValue(QString::fromUtf8(PgBinaryArray::textArrayLiteral(failedErrors)));
            if (!a.exec()) return abort(QStringLiteral("auditing failures"), a);
            log()->warn("stage {}: gave up on {} alert(s) after {} attempts, e.g. alert {}: {}", s(m_stage->name()),
                        failedIds.size(), m_options.maxAttempts, s(failedIds.first()), s(failedErrors.first()));
        }
    }
    *done = int(doneIds.size());
    if (!doneIds.empty()) {
        QSqlQuery n(m_db);
        n.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
        n.addBindValue(m_stage->doneChannel());
        n.addBindValue(QString::number(*std::max_element(doneIds.begin(), doneIds.end())));
        if (!n.exec()) return abort(QStringLiteral("notify"), n);
    }
    if (!m_db.commit()) {
        dbError(QStringLiteral("commit"), m_db.lastError().text());
        m_db.rollback();
        return false;
    }
    return true;
}

bool StageRunner::writeSideOutcome(const Batch &batch, const std::vector<StageOutcome> &outcomes, int *done, int *failed)
{
    *done = *failed = 0;
    if (!ensureDb()) return false;
    auto abort = [this](const QString &what, const QSqlQuery &q) {
        dbError(what, q.lastError().text());
        m_db.rollback();
        return false;
    };
    if (!m_db.transaction()) {
        dbError(QStringLiteral("begin"), m_db.lastError().text());
        return false;
    }
    const QString doneSql = m_stage->doneSql();
    const QString leases = m_stage->leaseTable();
    const bool plainSql = !doneSql.isEmpty() && !doneSql.contains(u'?');
    std::vector<qint64> doneIds, plainIds;
    QStringList failedIds, failedErrors;
    for (size_t i = 0; i < outcomes.size(); ++i) {
        const StageOutcome &o = outcomes[i];
        const bool ok = o.kind == StageOutcome::Kind::Done;
        const bool withValues = ok && !doneSql.isEmpty() && !o.values.isEmpty();
        if (ok && !withValues) {
            plainIds.push_back(batch.alerts[i].id);  // all of these in one statement below
            continue;
        }
        QSqlQuery q(m_db);
        // the lease decides: a runner whose lease was taken over writes nothing; alerts.state is left alone
        if (withValues || plainSql)
            q.prepare(QStringLiteral("WITH l AS (DELETE FROM ") + leases +
                      QStringLiteral(" WHERE alert_id = ? AND claimed_by = ? RETURNING alert_id) UPDATE alerts a SET ") +
                      doneSql + QStringLiteral(" FROM l WHERE a.id = l.alert_id RETURNING a.id"));
        else
            q.prepare(QStringLiteral("DELETE FROM ") + leases + QStringLiteral(" WHERE alert_id = ? AND claimed_by = ? RETURNING alert_id"));
        q.addBindValue(batch.alerts[i].id);
        q.addBindValue(m_options.owner);
        if (withValues)
            for (const QVariant &v : o.values) q.addBindValue(v);
        if (!q.exec()) return abort(QStringLiteral("storing results"), q);
        if (!q.next()) continue;  // lease lost
        if (ok) {
            doneIds.push_back(batch.alerts[i].id);
        } else {
            failedIds << QString::number(batch.alerts[i].id);
            failedErrors << (o.error.isEmpty() ? QStringLiteral("unknown error") : o.error.left(2000));
        }
    }
    if (!plainIds.empty()) {
        QSqlQuery q(m_db);
        if (plainSql)
            q.prepare(QStringLiteral("WITH l AS (DELETE FROM ") + leases +
                      QStringLiteral(" WHERE alert_id = ANY(?::int8[]) AND claimed_by = ? RETURNING alert_id) UPDATE alerts a SET ") +
                      doneSql + QStringLiteral(" FROM l WHERE a.id = l.alert_id RETURNING a.id"));
        else
            q.prepare(QStringLiteral("DELETE FROM ") + leases +
                      QStringLiteral(" WHERE alert_id = ANY(?::int8[]) AND claimed_by = ? RETURNING alert_id"));
        q.addBindValue(PgBinaryArray::int8ArrayLiteral(plainIds));
        q.addBindValue(m_options.owner);
        if (!q.exec()) return abort(QStringLiteral("moving alerts on"), q);
        while (q.next()) doneIds.push_back(q.value(0).toLongLong());
    }
    if (!failedIds.isEmpty()) {
        QSqlQuery a(m_db);
        a.prepare(QStringLiteral(
            "INSERT INTO audit_log (alert_id, actor, action, reason, details) "
            "SELECT x.id, ?, 'stage_failed', x.err, jsonb_build_object('stage', ?::text, 'side', true) "
            "FROM unnest(?::int8[], ?::text[]) AS x(id, err)"));
        a.addBindValue(QStringLiteral("eos:") + m_stage->name());
        a.addBindValue(m_stage->name());
        a.addBindValue(QString::fromUtf8(PgBinaryArray::textArrayLiteral(failedIds)));
        a.addBindValue(QString::fromUtf8(PgBinaryArray::textArrayLiteral(failedErrors)));
        if (!a.exec()) return abort(QStringLiteral("auditing failures"), a);
        log()->warn("stage {}: gave up on {} alert(s), e.g. alert {}: {}", s(m_stage->name()), failedIds.size(),
                    s(failedIds.first()), s(failedErrors.first()));
    }
    *done = int(doneIds.size());
    *failed = int(failedIds.size());
    if (!doneIds.empty() && !m_stage->doneChannel().isEmpty()) {
        QSqlQuery n(m_db);
        n.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
        n.addBindValue(m_stage->doneChannel());
        n.addBindValue(QString::number(*std::max_element(doneIds.begin(), doneIds.end())));
        if (!n.exec()) return abort(QStringLiteral("notify"), n);
    }
    if (!m_db.commit()) {
        dbError(QStringLiteral("commit"), m_db.lastError().text());
        m_db.rollback();
        return false;
    }
    return true;
}

void StageRunner::renewLeases()
{
    if (m_batches.empty() || !ensureDb()) return;
    std::vector<qint64> ids;
    for (const auto &[seq, b] : m_batches)
        for (const auto &a : b.alerts) ids.push_back(a.id);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE %1 SET claimed_until = now() + make_interval(secs => %2) "
                             "WHERE alert_id = ANY(?::int8[]) AND claimed_by = ?")
                  .arg(m_stage->leaseTable())
                  .arg(m_options.leaseSeconds));
    q.addBindValue(PgBinaryArray::int8ArrayLiteral(ids));
    q.addBindValue(m_options.owner);
    if (!q.exec()) dbError(QStringLiteral("renewing leases"), q.lastError().text());
}

void StageRunner::releaseLeases()
{
    if (m_batches.empty() || !ensureDb()) return;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM %1 WHERE claimed_by = ?").arg(m_stage->leaseTable()));
    q.addBindValue(m_options.owner);
    if (!q.exec()) dbError(QStringLiteral("releasing leases"), q.lastError().text());
    else if (q.numRowsAffected() > 0)
        log()->info("stage {}: gave back {} claimed alert(s) for another runner", s(m_stage->name()), q.numRowsAffected());
}

void StageRunner::refreshBacklog()
{
    if (!ensureDb()) return;
    QSqlQuery q(m_db);
    const QString where = m_stage->claimCondition().isEmpty()
                              ? QStringLiteral("a.state = '%1'").arg(m_stage->inputState())
                              : QStringLiteral("(") + m_stage->claimCondition() + QStringLiteral(")");
    if (q.exec(QStringLiteral("SELECT count(*) FROM alerts a WHERE ") + where) && q.next())
        m_metrics.backlog = q.value(0).toLongLong();
    // leases of alerts that left the stage by other hands (an analyst's retry, a runner that died long ago)
    if (++m_sweeps % 300 == 0)
        q.exec(QStringLiteral("DELETE FROM %1 WHERE stage = '%2' AND claimed_until < now() - interval '1 hour'")
                   .arg(m_stage->leaseTable(), m_stage->name()));
}

}  // namespace eos
