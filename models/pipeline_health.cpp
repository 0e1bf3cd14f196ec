#include "pipeline_health.h"

#include "db_worker.h"
#include "core/metrics.h"

#include <QDateTime>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

namespace eos {

PipelineHealth::PipelineHealth(DbConnectionInfo db, QObject *parent)
    : QObject(parent), m_worker(std::make_unique<DbWorker>(std::move(db), QStringLiteral("eos-health")))
{
    connect(&m_timer, &QTimer::timeout, this, &PipelineHealth::sample);
}

PipelineHealth::~PipelineHealth() = default;

void PipelineHealth::start(int intervalMs)
{
    m_timer.start(qMax(200, intervalMs));
    sample();
}

void PipelineHealth::stop() { m_timer.stop(); }

void PipelineHealth::sample()
{
    if (m_busy) return;  // the previous sample is still running: skip rather than pile up
    m_busy = true;
    m_worker->call<Sample>(this, [](QSqlDatabase &db) {
        Sample s;
        s.sampledAt = QDateTime::currentDateTimeUtc();
        if (!db.isOpen()) {
            s.error = QObject::tr("The database is not reachable.");
            return s;
        }
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT COALESCE(max(id), 0) FROM alerts")) || !q.next()) {
            s.error = q.lastError().text();
            return s;
        }
        s.newestId = q.value(0).toLongLong();
        // The backlog per state, in one round trip. Each count is capped (alerts_stage_queue_idx serves
        // them): a million alerts waiting must not cost a full count every two seconds.
        QSqlQuery c(db);
        c.setForwardOnly(true);
        c.prepare(QStringLiteral(
            "SELECT s.state::text, (SELECT count(*) FROM (SELECT 1 FROM alerts a WHERE a.state = s.state LIMIT ?) x) "
            "FROM unnest('{new,agent_enriched,summarized,failed}'::alert_state[]) AS s(state)"));
        c.addBindValue(backlogCap());
        if (!c.exec()) {
            s.error = c.lastError().text();
            return s;
        }
        while (c.next()) {
            const qint64 n = c.value(1).toLongLong();
            if (n >= backlogCap()) s.backlogCapped = true;
            s.backlog.insert(c.value(0).toString(), n);
        }
        s.databaseUp = true;
        return s;
    }, [this](Sample s) {
        m_busy = false;
        s.spoolDepth = Metrics::instance().spoolDepth.load();
        const qint64 now = s.sampledAt.toMSecsSinceEpoch();
        if (s.databaseUp && m_prevId >= 0 && now > m_prevMs)
            s.alertsPerSecond = double(qMax<qint64>(0, s.newestId - m_prevId)) * 1000.0 / double(now - m_prevMs);
        if (s.databaseUp) {
            m_prevId = s.newestId;
            m_prevMs = now;
        }
        m_last = s;
        Q_EMIT sampled(s);
    });
}

QString PipelineHealth::describe(const Sample &s)
{
    if (!s.databaseUp) return QObject::tr("database unreachable");
    const QLocale loc;
    QStringList backlog;
    for (auto it = s.backlog.cbegin(); it != s.backlog.cend(); ++it)
        if (it.value() > 0)
            backlog << QStringLiteral("%1 %2%3").arg(it.key(), loc.toString(it.value()),
                                                     it.value() >= backlogCap() ? QStringLiteral("+") : QString());
    return QObject::tr("%1 alerts/s · backlog %2 · spool %3")
        .arg(loc.toString(s.alertsPerSecond, 'f', 0),
             backlog.isEmpty() ? QObject::tr("none") : backlog.join(QStringLiteral(", ")),
             loc.toString(s.spoolDepth));
}

}  // namespace eos
