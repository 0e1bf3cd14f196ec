#include "stages/status_reporter.h"

#include "core/logging.h"
#include "core/metrics.h"
#include "core/rejection_log.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QVariant>

#include <unistd.h>

namespace eos {
namespace {
auto log() { return Logging::get("status"); }
const QString kConn = QStringLiteral("eos-status");

double rate(quint64 now, quint64 before, qint64 ms)
{
    if (ms <= 0 || now < before) return 0;
    return double(now - before) * 1000.0 / double(ms);
}
}  // namespace

StatusReporter::StatusReporter(DbConnectionInfo db, Identity identity, int intervalSeconds, QObject *parent)
    : QObject(parent), m_db(std::move(db)), m_id(std::move(identity)), m_intervalS(std::max(1, intervalSeconds))
{
}

StatusReporter::~StatusReporter()
{
    if (QSqlDatabase::contains(kConn)) {
        QSqlDatabase::database(kConn, false).close();
        QSqlDatabase::removeDatabase(kConn);
    }
}

StatusReporter::Identity StatusReporter::thisProcess(const QStringList &stages, const QString &listener)
{
    Identity id;
    id.host = QHostInfo::localHostName();
    id.pid = qint64(::getpid());
    id.version = QStringLiteral(EOS_VERSION);
    // the console is a QGuiApplication; checked by name so the backend links no GUI library
    const auto *app = QCoreApplication::instance();
    id.mode = app && app->inherits("QGuiApplication") ? QStringLiteral("console") : QStringLiteral("daemon");
    id.startedAt = QDateTime::currentDateTimeUtc();
    id.instance = QStringLiteral("%1:%2:%3").arg(id.host).arg(id.pid).arg(id.startedAt.toMSecsSinceEpoch());
    id.stages = stages;
    id.listener = listener;
    return id;
}

StatusReporter::Sample StatusReporter::sample(const QStringList &stages)
{
    const auto &m = Metrics::instance();
    Sample s;
    s.atMs = QDateTime::currentMSecsSinceEpoch();
    s.counters[QStringLiteral("ingest.received")] = m.alertsReceived.load();
    s.counters[QStringLiteral("ingest.ingested")] = m.alertsIngested.load();
    s.counters[QStringLiteral("ingest.duplicate")] = m.alertsDuplicate.load();
    s.counters[QStringLiteral("ingest.spooled")] = m.alertsSpooled.load();
    const auto all = m.stages();
    for (const QString &name : stages) {
        auto it = all.find(name);
        if (it == all.end()) continue;
        const StageMetrics &sm = *it->second;
        s.counters[QStringLiteral("stage.%1.processed").arg(name)] = sm.processed.load();
        s.counters[QStringLiteral("stage.%1.failed").arg(name)] = sm.failed.load();
        s.counters[QStringLiteral("stage.%1.retried").arg(name)] = sm.retried.load();
        s.counters[QStringLiteral("stage.%1.backlog").arg(name)] = quint64(std::max<qint64>(0, sm.backlog.load()));
    }
    return s;
}

QJsonObject StatusReporter::figures(const Sample &now, const Sample &previous, const QStringList &stages)
{
    const qint64 ms = previous.atMs > 0 ? now.atMs - previous.atMs : 0;
    auto value = [](const Sample &s, const QString &key) -> quint64 {
        auto it = s.counters.find(key);
        return it == s.counters.end() ? 0 : it->second;
    };
    QJsonObject ingest;
    for (const char *k : {"received", "ingested", "duplicate", "spooled"}) {
        const QString key = QStringLiteral("ingest.") + QLatin1String(k);
        ingest.insert(QLatin1String(k), qint64(value(now, key)));
    }
    ingest.insert(QStringLiteral("rate"), rate(value(now, QStringLiteral("ingest.ingested")),
                                               value(previous, QStringLiteral("ingest.ingested")), ms));
    QJsonObject stageFigures;
    for (const QString &name : stages) {
        const QString p = QStringLiteral("stage.%1.").arg(name);
        if (now.counters.find(p + QStringLiteral("processed")) == now.counters.end()) continue;
        stageFigures.insert(name, QJsonObject{
            {QStringLiteral("processed"), qint64(value(now, p + QStringLiteral("processed")))},
            {QStringLiteral("failed"), qint64(value(now, p + QStringLiteral("failed")))},
            {QStringLiteral("retried"), qint64(value(now, p + QStringLiteral("retried")))},
            {QStringLiteral("backlog"), qint64(value(now, p + QStringLiteral("backlog")))},
            {QStringLiteral("rate"), rate(value(now, p + QStringLiteral("processed")), value(previous, p + QStringLiteral("processed")), ms)},
        });
    }
    return QJsonObject{{QStringLiteral("ingest"), ingest}, {QStringLiteral("stages"), stageFigures},
                       {QStringLiteral("interval_ms"), ms}};
}

void StatusReporter::start()
{
    m_previous = sample(m_id.stages);
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &StatusReporter::reportNow);
    m_timer->start(m_intervalS * 1000);
    reportNow();
}

bool StatusReporter::reportNow()
{
    QString error;
    QSqlDatabase db = QSqlDatabase::contains(kConn) ? QSqlDatabase::database(kConn) : m_db.open(kConn, &error);
    if (!db.isOpen() && !db.open()) error = db.lastError().text();
    const Sample now = sample(m_id.stages);
    QJsonObject figs = figures(now, m_previous, m_id.stages);
    if (m_id.stages.contains(QStringLiteral("ingest"))) {
        QJsonObject listener = RejectionLog::instance().toJson();
        listener.insert(QStringLiteral("tls"), m_id.listenerTls);
        figs.insert(QStringLiteral("listener"), listener);
    }
    m_previous = now;
    if (error.isEmpty()) {
        QJsonArray errors;
        for (const auto &e : Logging::recentErrors())
            errors.append(QJsonObject{{QStringLiteral("at"), e.at.toString(Qt::ISODate)}, {QStringLiteral("text"), e.text}});
        const auto &m = Metrics::instance();
        QSqlQuery q(db);
        q.prepare(QStringLiteral(
            "INSERT INTO daemon_status (instance, host, pid, version, mode, started_at, updated_at, interval_s, stages, "
            " listener, spool_depth, spool_bytes, figures, last_errors) "
            "VALUES (?, ?, ?, ?, ?, ?, now(), ?, string_to_array(?, ','), ?, ?, ?, ?::jsonb, ?::jsonb) "
            "ON CONFLICT (instance) DO UPDATE SET updated_at = now(), stages = EXCLUDED.stages, listener = EXCLUDED.listener, "
            " spool_depth = EXCLUDED.spool_depth, spool_bytes = EXCLUDED.spool_bytes, figures = EXCLUDED.figures, "
            " last_errors = EXCLUDED.last_errors"));
        q.addBindValue(m_id.instance);
        q.addBindValue(m_id.host);
        q.addBindValue(m_id.pid);
        q.addBindValue(m_id.version);
        q.addBindValue(m_id.mode);
        q.addBindValue(m_id.startedAt);
        q.addBindValue(m_intervalS);
        q.addBindValue(m_id.stages.join(u','));
        q.addBindValue(m_id.listener);
        q.addBindValue(qint64(m.spoolDepth.load()));
        q.addBindValue(qint64(m.spoolBytes.load()));
        q.addBindValue(QString::fromUtf8(QJsonDocument(figs).toJson(QJsonDocument::Compact)));
        q.addBindValue(QString::fromUtf8(QJsonDocument(errors).toJson(QJsonDocument::Compact)));
        if (!q.exec()) error = q.lastError().text();
        // instances that stopped without removing their row (kill -9, power loss) fade out after a day
        if (error.isEmpty() && m_reports++ % 60 == 0)
            QSqlQuery(db).exec(QStringLiteral("DELETE FROM daemon_status WHERE updated_at < now() - interval '1 day'"));
    }
    if (!error.isEmpty()) {
        if (!m_failing) log()->warn("cannot write this instance's status (eos-console status will miss it): {}", s(Logging::redact(error)));
        m_failing = true;
        db.close();
        return false;
    }
    if (m_failing) log()->info("status reports are written again");
    m_failing = false;
    return true;
}

void StatusReporter::removeSelf()
{
    if (m_timer) m_timer->stop();
    if (!QSqlDatabase::contains(kConn)) return;
    QSqlDatabase db = QSqlDatabase::database(kConn);
    if (!db.isOpen()) return;
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM daemon_status WHERE instance = ?"));
    q.addBindValue(m_id.instance);
    q.exec();
}

}  // namespace eos
