#include "overview_model.h"

#include "db_worker.h"
#include "notify_subscription.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
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

// eos_state_rank() (0010_console_sort.sql): triage first, else the pipeline state
QString triageOfRank(int rank)
{
    switch (rank) {
    case 90: return QStringLiteral("escalated");
    case 80: return QStringLiteral("acknowledged");
    case 70: return QStringLiteral("false_positive");
    default: return QStringLiteral("none");
    }
}
QString stageOfRank(int rank)
{
    switch (rank) {
    case 60: return QStringLiteral("failed");
    case 50: return QStringLiteral("new");
    case 40: return QStringLiteral("agent_enriched");
    case 30: return QStringLiteral("summarized");
    case 20: return QStringLiteral("sent");
    case 10: return QStringLiteral("archived");
    default: return {};
    }
}

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
      m_worker(std::make_unique<DbWorker>(m_info, QStringLiteral("eos-overview")))
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
    m_worker->call<Result>(this, [range, topN](QSqlDatabase &db) { return query(db, range, topN); },
                           [this, gen](Result r) {
                               if (gen != m_gen) return;
                               r.generation = gen;
                               m_result = r;
                               m_loading = false;
                               Q_EMIT loadingChanged(false);
                               Q_EMIT updated(m_result);
                           }, QStringLiteral("overview"));
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
    if (state == QLatin1String("new")) return tr("New (waiting for enrichment)");
    if (state == QLatin1String("agent_enriched")) return tr("Enriched (waiting for the summary)");
    if (state == QLatin1String("summarized")) return tr("Summarized (waiting for dispatch)");
    if (state == QLatin1String("sent")) return tr("Sent");
    if (state == QLatin1String("failed")) return tr("Failed");
    if (state == QLatin1String("archived")) return tr("Archived");
    return state;
}

OverviewModel::Result OverviewModel::query(QSqlDatabase &db, const AlertFilter &range, int topN, int targetBuckets)
{
    Result r;
    QElapsedTimer took;
    took.start();
    if (!db.isOpen()) {
        r.error = tr("The database is not reachable.");
        return r;
    }
    // alerts over time per severity band (index-only scan of alerts_alert_ts_idx), and the total
    r.histogram = AlertHistogram::query(db, range, targetBuckets);
    if (!r.histogram.error.isEmpty()) {
        r.error = r.histogram.error;
        return r;
    }
    r.total = r.histogram.total();
    QString where;
    QVariantList binds;
    range.toSql(&where, &binds);
    const QString w = where.isEmpty() ? QStringLiteral("TRUE") : where;
    QSqlQuery q(db);

    // Top rules, agents and source IPs: grouped by the very expressions the sort indexes of
    // 0010_console_sort.sql hold ((key, alert_ts, id)), so each is one index-only scan; the names of
    // the few top keys are looked up afterwards.
    if (!run(q, QStringLiteral(
                    "SELECT t.k, t.n, (SELECT a.rule_desc FROM alerts a WHERE COALESCE(a.rule_id, -1) = t.k "
                    "                  ORDER BY COALESCE(a.rule_id, -1) DESC, a.alert_ts DESC, a.id DESC LIMIT 1) "
                    "FROM (SELECT COALESCE(rule_id, -1) AS k, count(*) AS n FROM alerts WHERE %1 "
                    "      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?) t ORDER BY t.n DESC, t.k").arg(w),
             {}, binds, {topN}, &r.error))
        return r;
    while (q.next()) {
        const int rule = q.value(0).toInt();
        Item it;
        it.key = rule < 0 ? QString() : QString::number(rule);
        it.label = rule < 0 ? tr("(no rule)") : q.value(2).toString();
        it.count = q.value(1).toLongLong();
        it.term = rule < 0 ? QString() : QStringLiteral("rule:%1").arg(rule);
        r.topRules << it;
    }
    if (!run(q, QStringLiteral(
                    "SELECT t.k, t.n, COALESCE(g.name, (SELECT a.agent_name FROM alerts a WHERE COALESCE(a.agent_id, '') COLLATE \"C\" = t.k "
                    "       ORDER BY COALESCE(a.agent_id, '') COLLATE \"C\" DESC, a.alert_ts DESC, a.id DESC LIMIT 1), '') "
                    "FROM (SELECT COALESCE(agent_id, '') COLLATE \"C\" AS k, count(*) AS n FROM alerts WHERE %1 "
                    "      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?) t LEFT JOIN agents g ON g.id = t.k ORDER BY t.n DESC, t.k").arg(w),
             {}, binds, {topN}, &r.error))
        return r;
    while (q.next()) {
        Item it;
        it.key = q.value(0).toString();
        it.label = it.key.isEmpty() ? tr("(no agent)") : q.value(2).toString();
        it.count = q.value(1).toLongLong();
        it.term = it.key.isEmpty() ? QString() : AlertFilter::termForField(QStringLiteral("agent.id"), it.key);
        r.topAgents << it;
    }
    if (!run(q, QStringLiteral(
                    "SELECT COALESCE(src_ip, '') COLLATE \"C\" AS k, count(*) AS n FROM alerts "
                    "WHERE (%1) AND COALESCE(src_ip, '') COLLATE \"C\" <> '' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?").arg(w),
             {}, binds, {topN}, &r.error))
        return r;
    while (q.next()) {
        Item it;
        it.key = q.value(0).toString();
        it.count = q.value(1).toLongLong();
        it.term = QStringLiteral("data.srcip:") + AlertFilter::quoteValue(it.key);
        r.topSourceIps << it;
    }

    // Triage and pipeline states: eos_state_rank() (alerts_sort_state_idx, index-only) tells the triage
    // state, and the pipeline state of every untriaged alert; the pipeline states of the triaged ones
    // (few: alerts_triage_idx) are counted apart.
    QHash<QString, qint64> triage, stages;
    if (!run(q, QStringLiteral("SELECT eos_state_rank(triage_status, state), count(*) FROM alerts WHERE %1 GROUP BY 1").arg(w),
             {}, binds, {}, &r.error))
        return r;
    while (q.next()) {
        const int rank = q.value(0).toInt();
        const qint64 n = q.value(1).toLongLong();
        triage[triageOfRank(rank)] += n;
        const QString stage = stageOfRank(rank);
        if (!stage.isEmpty()) stages[stage] += n;
    }
    if (!run(q, QStringLiteral("SELECT state::text, count(*) FROM alerts WHERE triage_status IS NOT NULL AND (%1) GROUP BY 1").arg(w),
             {}, binds, {}, &r.error))
        return r;
    while (q.next()) stages[q.value(0).toString()] += q.value(1).toLongLong();
    for (const QString &t : kTriageStates)
        r.triageStates << Item{t, triageLabel(t), triage.value(t), QStringLiteral("triage:") + t};
    for (const QString &s : kStages) r.pipelineStages << Item{s, stageLabel(s), stages.value(s), QStringLiteral("state:") + s};

    // MITRE tactics: Wazuh derives rule.mitre.tactic from the technique ids (rule.mitre.id, the mitre_ids
    // column), so alerts with the same ids have the same tactics: count the alerts per id set
    // (alerts_mitre_ts_idx, index-only) and read the tactics of one alert of each set.
    if (!run(q, QStringLiteral(
                    "SELECT s.n, (SELECT a.raw->'rule'->'mitre'->'tactic' FROM alerts a WHERE a.id = s.sample) "
                    "FROM (SELECT mitre_ids, count(*) AS n, max(id) AS sample FROM alerts "
                    "      WHERE (%1) AND mitre_ids <> '{}' GROUP BY 1) s").arg(w),
             {}, binds, {}, &r.error))
        return r;
    QHash<QString, qint64> tactics;
    while (q.next()) {
        const qint64 n = q.value(0).toLongLong();
        const QJsonArray arr = QJsonDocument::fromJson(q.value(1).toByteArray()).array();
        QStringList seen;
        for (const auto &v : arr) {
            const QString t = v.toString().trimmed();
            if (t.isEmpty() || seen.contains(t)) continue;
            seen << t;
            tactics[t] += n;
        }
    }
    for (auto it = tactics.cbegin(); it != tactics.cend(); ++it)
        r.tactics << Item{it.key(), it.key(), it.value(), QStringLiteral("rule.mitre.tactic[0]:") + AlertFilter::quoteValue(it.key())};
    sortItems(&r.tactics);
    r.elapsedMs = took.elapsed();
    return r;
}

}  // namespace eos
