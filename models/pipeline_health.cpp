#include "pipeline_health.h"

#include "db_worker.h"
#include "core/metrics.h"
#include "core/rejection_log.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHostInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

namespace eos {

bool PipelineHealth::Instance::listening() const
{
    // the reporter writes "addr:port" when listening, a sentence ("not running: …") otherwise
    return !listener.isEmpty() && !listener.contains(u' ') && listener.contains(u':');
}

QString PipelineHealth::Instance::listenerUrl() const
{
    if (!listening()) return {};
    QString hostPort = listener;
    const int colon = listener.lastIndexOf(u':');
    const QString addr = listener.left(colon);
    if (addr.contains(u':')) hostPort = QStringLiteral("[%1]%2").arg(addr, listener.mid(colon));  // IPv6
    return (tls ? QStringLiteral("https://") : QStringLiteral("http://")) + hostPort;
}

bool PipelineHealth::Sample::stageRunning(const QString &stage) const
{
    return std::any_of(instances.begin(), instances.end(), [&](const Instance &i) { return i.stages.contains(stage); });
}

QList<PipelineHealth::Instance> PipelineHealth::Sample::listeners() const
{
    QList<Instance> out;
    for (const Instance &i : instances)
        if (i.listening()) out << i;
    return out;
}

qint64 PipelineHealth::Sample::rejectedTotal() const
{
    qint64 n = 0;
    for (qint64 v : rejectedLastMinute) n += v;
    return n;
}

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

void PipelineHealth::sampleNow() { sample(); }

QString PipelineHealth::inputState(const QString &stage)
{
    if (stage == QLatin1String("enrich")) return QStringLiteral("new");
    if (stage == QLatin1String("llm")) return QStringLiteral("agent_enriched");
    if (stage == QLatin1String("dispatch")) return QStringLiteral("summarized");
    return {};
}

QString PipelineHealth::stageLabel(const QString &stage)
{
    if (stage == QLatin1String("enrich")) return tr("Enrichment");
    if (stage == QLatin1String("llm")) return tr("AI summary");
    if (stage == QLatin1String("dispatch")) return tr("Dispatch");
    if (stage == QLatin1String("ingest")) return tr("Ingest");
    if (stage == QLatin1String("respond")) return tr("Auto-response");
    return stage;
}

QString PipelineHealth::reasonShort(const QString &reason)
{
    if (reason == QLatin1String("auth")) return tr("401 token");
    if (reason == QLatin1String("bad_json")) return tr("400 JSON");
    if (reason == QLatin1String("not_wazuh")) return tr("400 not Wazuh");
    if (reason == QLatin1String("bad_request")) return tr("400 malformed");
    if (reason == QLatin1String("timeout")) return tr("408 too slow");
    if (reason == QLatin1String("too_large")) return tr("413 too large");
    if (reason == QLatin1String("headers_too_large")) return tr("431 headers");
    if (reason == QLatin1String("overloaded")) return tr("503 full");
    if (reason == QLatin1String("unavailable")) return tr("503 not stored");
    if (reason == QLatin1String("connection_limit")) return tr("503 connections");
    return reason;
}

QString PipelineHealth::reasonLabel(const QString &reason)
{
    if (reason == QLatin1String("auth")) return tr("401: wrong or missing X-Auth-Token");
    if (reason == QLatin1String("bad_json")) return tr("400: not valid JSON");
    if (reason == QLatin1String("not_wazuh")) return tr("400: not a Wazuh alert");
    if (reason == QLatin1String("bad_request")) return tr("400: malformed HTTP request");
    if (reason == QLatin1String("timeout")) return tr("408: request not completed in time");
    if (reason == QLatin1String("too_large")) return tr("413: body larger than EOS_MAX_BODY");
    if (reason == QLatin1String("headers_too_large")) return tr("431: request headers too large");
    if (reason == QLatin1String("overloaded")) return tr("503: ingest queue full");
    if (reason == QLatin1String("unavailable")) return tr("503: database unreachable and spool full");
    if (reason == QLatin1String("connection_limit")) return tr("503: connection limit reached");
    return reason;
}

namespace {
// How this process appears in daemon_status (StatusReporter::thisProcess): host and pid.
bool isThisProcess(const QString &host, qint64 pid)
{
    static const QString localHost = QHostInfo::localHostName();
    return pid == QCoreApplication::applicationPid() && host == localHost;
}
}  // namespace

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
        // them): a million alerts waiting must not cost a full count every two seconds. The sidebar's
        // counts ride along: dispatch items waiting for review, failed AI summaries.
        QSqlQuery c(db);
        c.setForwardOnly(true);
        c.prepare(QStringLiteral(
            "SELECT s.state::text, (SELECT count(*) FROM (SELECT 1 FROM alerts a WHERE a.state = s.state LIMIT ?) x) "
            "FROM unnest('{new,agent_enriched,summarized,failed}'::alert_state[]) AS s(state) "
            "UNION ALL SELECT 'review', (SELECT count(*) FROM (SELECT 1 FROM dispatch_outbox WHERE state = 'review' LIMIT ?) r) "
            "UNION ALL SELECT 'llm_failed', (SELECT count(*) FROM (SELECT 1 FROM alerts WHERE state = 'failed' "
            "  AND failed_stage = 'llm' LIMIT ?) f)"));
        c.addBindValue(backlogCap());
        c.addBindValue(backlogCap());
        c.addBindValue(backlogCap());
        if (!c.exec()) {
            s.error = c.lastError().text();
            return s;
        }
        while (c.next()) {
            const QString key = c.value(0).toString();
            const qint64 n = c.value(1).toLongLong();
            if (key == QLatin1String("review")) s.dispatchReview = n;
            else if (key == QLatin1String("llm_failed")) s.llmFailed = n;
            else {
                if (n >= backlogCap()) s.backlogCapped = true;
                s.backlog.insert(key, n);
            }
        }
        // The live instances: a row refreshed within three of its intervals (as `eos-console status` counts).
        QSqlQuery d(db);
        d.setForwardOnly(true);
        if (d.exec(QStringLiteral(
                "SELECT instance, host, pid, mode, array_to_string(stages, ','), COALESCE(listener, ''), "
                "COALESCE(figures->'listener', '{}'::jsonb)::text FROM daemon_status "
                "WHERE updated_at > now() - make_interval(secs => 3 * greatest(interval_s, 1)) ORDER BY started_at, instance"))) {
            while (d.next()) {
                Instance i;
                i.instance = d.value(0).toString();
                i.host = d.value(1).toString();
                i.pid = d.value(2).toLongLong();
                i.mode = d.value(3).toString();
                i.stages = d.value(4).toString().split(u',', Qt::SkipEmptyParts);
                i.listener = d.value(5).toString();
                i.self = isThisProcess(i.host, i.pid);
                const QJsonObject fig = QJsonDocument::fromJson(d.value(6).toString().toUtf8()).object();
                i.tls = fig.value(QStringLiteral("tls")).toBool();
                if (i.stages.contains(QStringLiteral("ingest"))) {
                    // this process's own listener is read live; the others from their last report
                    const QJsonObject rej = i.self ? RejectionLog::instance().toJson() : fig;
                    const auto minute = RejectionLog::lastMinuteFromJson(rej);
                    for (auto it = minute.cbegin(); it != minute.cend(); ++it) s.rejectedLastMinute[it.key()] += it.value();
                    for (const auto &e : RejectionLog::recentFromJson(rej))
                        s.recentRejections << Rejection{e.atMs, e.peer, e.status, e.reason, e.count, i.host};
                }
                s.instances << i;
            }
        }  // (no daemon_status table: a schema older than 0009 — no instances known)
        std::stable_sort(s.recentRejections.begin(), s.recentRejections.end(),
                         [](const Rejection &a, const Rejection &b) { return a.atMs > b.atMs; });
        if (s.recentRejections.size() > RejectionLog::kRecent) s.recentRejections.resize(RejectionLog::kRecent);
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
