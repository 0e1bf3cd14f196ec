#include "overview_model.h"

#include "db_worker.h"
#include "notify_subscription.h"
#include "store/alert_rollup.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace eos {

namespace {
const QStringList kTriageStates{QStringLiteral("none"), QStringLiteral("acknowledged"), QStringLiteral("false_positive"),
                                QStringLiteral("escalated")};
const QStringList kStages{QStringLiteral("new"),    QStringLiteral("agent_enriched"), QStringLiteral("summarized"),
                          QStringLiteral("sent"),   QStringLiteral("failed"),         QStringLiteral("archived")};

void sortItems(QList<OverviewModel::Item> *items)
{
    std::stable_sort(items->begin(), items->end(), [](const OverviewModel::Item &a, const OverviewModel::Item &b) {
        return a.count != b.count ? a.count > b.count : a.key < b.key;
    });
}

bool run(QSqlQuery &q, const QString &sql, const QVariantList &pre, const QVariantList &binds, const QVariantList &post,
         QString *error)
{
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        *error = q.lastError().text().trimmed();
        return false;
    }
    for (const auto &b : pre) q.addBindValue(b);
    for (const auto &b : binds) q.addBindValue(b);
    for (const auto &b : post) q.addBindValue(b);
    if (!q.exec()) {
        *error = q.lastError().text().trimmed();
        return false;
    }
    return true;
}
}  // namespace

struct OverviewModel::Shared {
    QPointer<NotifySubscription> sub;  // lives on the listener's worker thread
};

OverviewModel::OverviewModel(DbConnectionInfo db, QObject *parent)
    : QObject(parent), m_info(std::move(db)), m_shared(std::make_shared<Shared>()),
      m_worker(std::make_unique<DbWorker>(m_info, QStringLiteral("eos-overview"))),
      m_worker2(std::make_unique<DbWorker>(m_info, QStringLiteral("eos-overview-states")))
{
    m_throttle.setSingleShot(true);
    m_throttle.setInterval(5000);
    connect(&m_throttle, &QTimer::timeout, this, [this] {
        if (m_dirty && m_active) refresh();
    });
    connect(&m_poll, &QTimer::timeout, this, [this] {
        scheduleRefresh();
        if (!m_listener) return;
        OverviewModel *self = this;
        m_listener->post([self, shared = m_shared](QSqlDatabase &) {
            const bool listening = shared->sub && shared->sub->ensure(true);
            QMetaObject::invokeMethod(self, [self, listening] {
                if (self->m_listening == listening) return;
                self->m_listening = listening;
                Q_EMIT self->listeningChanged(listening);
            }, Qt::QueuedConnection);
        });
    });
    setRangeTerms(QStringLiteral("last:24h"));
}

OverviewModel::~OverviewModel()
{
    m_listener.reset();  // joins its thread; the subscription (its child) closes its connection there
    m_worker.reset();
    m_worker2.reset();
}

bool OverviewModel::setRangeTerms(const QString &terms, QString *error)
{
    QString err;
    const auto f = AlertFilter::parse(terms, &err);
    if (!f) {
        if (error) *error = err;
        return false;
    }
    AlertFilter timeOnly;
    timeOnly.after = f->after;
    timeOnly.before = f->before;
    timeOnly.lastSeconds = f->lastSeconds;
    if (!(timeOnly == *f)) {
        if (error) *error = tr("Only time terms (last:, after:, before:) set the overview's range.");
        return false;
    }
    m_range = timeOnly;
    m_rangeTerms = m_range.format();
    return true;
}

QString OverviewModel::clickThroughFilter(const QString &term) const
{
    return m_rangeTerms.isEmpty() ? term : term.isEmpty() ? m_rangeTerms : term + u' ' + m_rangeTerms;
}

void OverviewModel::setActive(bool active)
{
    m_active = active;
    if (active && m_dirty && !m_throttle.isActive()) refresh();
}

void OverviewModel::scheduleRefresh()
{
    m_dirty = true;
    if (m_active && !m_throttle.isActive()) refresh();
}

void OverviewModel::refresh()
{
    m_dirty = false;
    m_throttle.start();  // the next live refresh not before the interval
    ++m_refreshes;
    const quint64 gen = ++m_gen;
    const AlertFilter range = m_range;
    const int topN = m_topN;
    if (!m_loading) {
        m_loading = true;
        Q_EMIT loadingChanged(true);
    }
    m_pending.reset();
    auto done = [this, gen](Result r) {
        if (gen != m_gen) return;
        if (!m_pending) {  // the other part is still running
            m_pending = std::move(r);
            return;
        }
        Result all = (m_pending->parts & TimeIndexPart) ? merge(*m_pending, r) : merge(r, *m_pending);
        m_pending.reset();
        all.generation = gen;
        m_result = all;
        m_loading = false;
        Q_EMIT loadingChanged(false);
        Q_EMIT updated(m_result);
    };
    const int buckets = targetBucketsFor(range);
    m_worker->call<Result>(this, [range, topN, buckets](QSqlDatabase &db) { return query(db, range, topN, buckets, TimeIndexPart); },
                           done, QStringLiteral("overview"));
    m_worker2->call<Result>(this, [range, topN, buckets](QSqlDatabase &db) { return query(db, range, topN, buckets, StatesPart); },
                            done, QStringLiteral("overview"));
}

int OverviewModel::targetBucketsFor(const AlertFilter &range)
{
    qint64 span = range.lastSeconds;
    if (range.after.isValid()) {
        const QDateTime to = range.before.isValid() ? range.before : QDateTime::currentDateTimeUtc();
        span = span > 0 ? std::min(span, range.after.secsTo(to)) : range.after.secsTo(to);
    }
    if (span <= 0) return 120;                  // all time: about 120 buckets over the data's span
    if (span <= 6 * 3600) return 60;            // up to 6 hours: minutes
    if (span <= 7 * 86400) return int(std::max<qint64>(1, span / 3600));  // up to a week: per hour
    return 120;                                 // longer: 6 hours, a day, …
}

OverviewModel::Result OverviewModel::merge(Result a, const Result &b)
{
    if (a.error.isEmpty()) a.error = b.error;
    if (!b.triageStates.isEmpty()) a.triageStates = b.triageStates;
    if (!b.pipelineStages.isEmpty()) a.pipelineStages = b.pipelineStages;
    if (!b.tactics.isEmpty()) a.tactics = b.tactics;
    a.parts |= b.parts;
    a.elapsedMs = std::max(a.elapsedMs, b.elapsedMs);
    a.timings += b.timings;
    return a;
}

void OverviewModel::startLive(int pollMs)
{
    m_poll.start(std::max(1000, pollMs));
    if (m_listener) return;
    m_listener = std::make_unique<DbWorker>(m_info, QStringLiteral("eos-overview-listen"));
    QObject *host = m_listener->worker();
    OverviewModel *self = this;  // outlives the listener's thread (joined in our destructor)
    m_listener->post([host, self, info = m_info, shared = m_shared](QSqlDatabase &) {
        if (!shared->sub) {
            auto *sub = new NotifySubscription(info, {QStringLiteral("new_alert"), QStringLiteral("new_response"),
                                                      QStringLiteral("dispatch_changed")}, host);
            shared->sub = sub;
            QObject::connect(sub, &NotifySubscription::notified, self, [self](const QString &, const QString &) { self->notified(); },
                             Qt::QueuedConnection);
        }
        const bool listening = shared->sub->ensure();
        QMetaObject::invokeMethod(self, [self, listening] {
            if (self->m_listening == listening) return;
            self->m_listening = listening;
            Q_EMIT self->listeningChanged(listening);
        }, Qt::QueuedConnection);
    });
}

void OverviewModel::notified()
{
    // a range that ends before now cannot change with new alerts (their stage may: the poll catches that)
    if (m_range.before.isValid() && m_range.before < QDateTime::currentDateTimeUtc()) return;
    scheduleRefresh();
}

QString OverviewModel::triageLabel(const QString &state)
{
    if (state == QLatin1String("acknowledged")) return tr("Acknowledged");
    if (state == QLatin1String("false_positive")) return tr("False positive");
    if (state == QLatin1String("escalated")) return tr("Escalated");
    return tr("Untriaged");
}

QString OverviewModel::stageLabel(const QString &state)
{
    if (state == QLatin1String("new")) return tr("New");
    if (state == QLatin1String("agent_enriched")) return tr("Enriched");
    if (state == QLatin1String("summarized")) return tr("Summarized");
    if (state == QLatin1String("sent")) return tr("Sent");
    if (state == QLatin1String("failed")) return tr("Failed");
    if (state == QLatin1String("archived")) return tr("Archived");
    return state;
}

OverviewModel::Result OverviewModel::query(QSqlDatabase &db, const AlertFilter &range, int topN, int targetBuckets, int parts)
{
    Result r;
    r.parts = parts;
    QElapsedTimer took;
    took.start();
    if (!db.isOpen()) {
        r.error = tr("The database is not reachable.");
        return r;
    }
    QElapsedTimer step;
    step.start();
    auto lap = [&](const char *what) { r.timings << QStringLiteral("%1 %2 ms").arg(QLatin1String(what)).arg(step.restart()); };
    // The range as times (last: from the database's clock, as the filter has it), answered from the hourly
    // counts of alert_rollup for its whole hours and from the alerts for the partial hours at its ends
    // (0013_alert_rollup.sql): a few thousand rows per aggregate instead of every alert in the range.
    QSqlQuery q(db);
    QDateTime from = range.after.isValid() ? range.after.toUTC() : QDateTime();
    if (range.lastSeconds > 0) {
        if (!run(q, QStringLiteral("SELECT now() - ?::bigint * interval '1 second'"), {}, {range.lastSeconds}, {}, &r.error) ||
            !q.next())
            return r;
        const QDateTime since = q.value(0).toDateTime().toUTC();
        from = from.isValid() ? std::max(from, since) : since;
    }
    const AlertRollup::Window window = AlertRollup::split(from, range.before.isValid() ? range.before.toUTC() : QDateTime());
    // key, count for one dimension, the biggest first (ties by key), at most `limit` (0: all)
    auto counts = [&](AlertRollup::Dim dim, int limit, const QString &order) {
        QVariantList b;
        const QString rel = AlertRollup::countsSql(dim, window, &b);
        return run(q, QStringLiteral("SELECT key, sum(n)::bigint AS n FROM %1 c GROUP BY key HAVING sum(n) > 0 "
                                     "ORDER BY 2 DESC, %2%3").arg(rel, order, limit > 0 ? QStringLiteral(" LIMIT ?") : QString()),
                   {}, b, limit > 0 ? QVariantList{limit} : QVariantList{}, &r.error);
    };

    if (parts & TimeIndexPart) {
        // a console on a database no daemon folds for (a pure console) keeps the unfolded deltas small itself;
        // skipped when a daemon is folding right now, and a role that may not fold just reads them
        (void)AlertRollup::fold(db);
        // alerts over time per severity band, and the total
        r.histogram = AlertHistogram::query(db, range, targetBuckets);
        lap("histogram");
        if (!r.histogram.error.isEmpty()) {
            r.error = r.histogram.error;
            return r;
        }
        r.total = r.histogram.total();
        // Top rules, agents and source IPs; the names of the few top keys are looked up after.
        if (!counts(AlertRollup::Dim::Rule, topN, QStringLiteral("CASE WHEN key = '' THEN -1 ELSE key::int END")))
            return r;
        QList<QPair<int, qint64>> rules;
        while (q.next()) rules << qMakePair(q.value(0).toString().isEmpty() ? -1 : q.value(0).toInt(), q.value(1).toLongLong());
        for (const auto &[rule, n] : rules) {
            Item it;
            it.key = rule < 0 ? QString() : QString::number(rule);
            it.count = n;
            it.term = rule < 0 ? QString() : QStringLiteral("rule:%1").arg(rule);
            if (rule < 0) {
                it.label = tr("(no rule)");
            } else if (run(q, QStringLiteral("SELECT rule_desc FROM alerts WHERE COALESCE(rule_id, -1) = ? "
                                             "ORDER BY COALESCE(rule_id, -1) DESC, alert_ts DESC, id DESC LIMIT 1"),
                           {}, {rule}, {}, &r.error) &&
                       q.next()) {
                it.label = q.value(0).toString();
            }
            r.topRules << it;
        }
        r.error.clear();  // (a missing description is no error)
        lap("rules");
        if (!counts(AlertRollup::Dim::Agent, topN, QStringLiteral("key COLLATE \"C\"")))
            return r;
        QList<QPair<QString, qint64>> agents;
        while (q.next()) agents << qMakePair(q.value(0).toString(), q.value(1).toLongLong());
        for (const auto &[agent, n] : agents) {
            Item it;
            it.key = agent;
            it.count = n;
            it.term = agent.isEmpty() ? QString() : AlertFilter::termForField(QStringLiteral("agent.id"), agent);
            if (agent.isEmpty()) {
                it.label = tr("(no agent)");
            } else if (run(q, QStringLiteral(
                                  "SELECT COALESCE((SELECT g.name FROM agents g WHERE g.id = ?), (SELECT a.agent_name FROM alerts a "
                                  "       WHERE COALESCE(a.agent_id, '') COLLATE \"C\" = ? "
                                  "       ORDER BY COALESCE(a.agent_id, '') COLLATE \"C\" DESC, a.alert_ts DESC, a.id DESC LIMIT 1), '')"),
                              {}, {agent, agent}, {}, &r.error) &&
                       q.next()) {
                it.label = q.value(0).toString();
            }
            r.topAgents << it;
        }
        r.error.clear();
        lap("agents");
        if (!counts(AlertRollup::Dim::SourceIp, topN, QStringLiteral("key")))
            return r;
        while (q.next()) {
            Item it;
            it.key = q.value(0).toString();
            it.count = q.value(1).toLongLong();
            it.term = QStringLiteral("data.srcip:") + AlertFilter::quoteValue(it.key);
            r.topSourceIps << it;
        }
        lap("source IPs");
    }

    if (parts & StatesPart) {
        // Triage and pipeline states ('<triage>/<state>' keys), and the MITRE tactics (Wazuh's
        // rule.mitre.tactic: an alert counts once for each of its tactics)
        if (!counts(AlertRollup::Dim::State, 0, QStringLiteral("key")))
            return r;
        QHash<QString, qint64> triage, stages;
        while (q.next()) {
            const QString key = q.value(0).toString();
            const qint64 n = q.value(1).toLongLong();
            const qsizetype slash = key.indexOf(u'/');
            triage[key.left(slash)] += n;
            stages[key.mid(slash + 1)] += n;
        }
        for (const QString &t : kTriageStates)
            r.triageStates << Item{t, triageLabel(t), triage.value(t), QStringLiteral("triage:") + t};
        for (const QString &st : kStages) r.pipelineStages << Item{st, stageLabel(st), stages.value(st), QStringLiteral("state:") + st};
        if (!counts(AlertRollup::Dim::Tactic, 0, QStringLiteral("key")))
            return r;
        while (q.next()) {
            const QString t = q.value(0).toString();
            r.tactics << Item{t, t, q.value(1).toLongLong(), QStringLiteral("rule.mitre.tactic[0]:") + AlertFilter::quoteValue(t)};
        }
        sortItems(&r.tactics);
        lap("states and tactics");
    }
    r.elapsedMs = took.elapsed();
    return r;
}

}  // namespace eos
