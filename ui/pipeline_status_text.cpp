#include "pipeline_status_text.h"

#include <QLocale>
#include <QStringList>

#include <algorithm>

namespace eos {

QString PipelineStatusText::describeHealth(const PipelineHealth::Sample &s)
{
    if (!s.databaseUp) return tr("Database unreachable");
    const QLocale loc;
    const QString rate = tr("%1 alerts/s").arg(loc.toString(s.alertsPerSecond, 'f', s.alertsPerSecond < 10 ? 1 : 0));
    // the spool only matters while it holds something (PostgreSQL was unreachable)
    return s.spoolDepth > 0 ? tr("%1 · spool: %2").arg(rate, loc.toString(s.spoolDepth)) : rate;
}

QString PipelineStatusText::describeRejected(const PipelineHealth::Sample &s)
{
    if (s.rejectedLastMinute.isEmpty()) return tr("Rejected (1 min): none");
    const QLocale loc;
    // most frequent first
    QList<QPair<qint64, QString>> byCount;
    for (auto it = s.rejectedLastMinute.cbegin(); it != s.rejectedLastMinute.cend(); ++it) byCount.append({it.value(), it.key()});
    std::stable_sort(byCount.begin(), byCount.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList parts;
    for (const auto &[n, reason] : byCount) parts << tr("%1 ×%2").arg(PipelineHealth::reasonShort(reason), loc.toString(n));
    if (parts.size() > 3) parts = parts.mid(0, 3) << QStringLiteral("…");
    return tr("Rejected (1 min): %1").arg(parts.join(QStringLiteral(" · ")));
}

namespace {
// A daemon_status listener field that is not an address says why (StatusReporter via Pipeline).
QString listenerReason(const QString &field)
{
    if (field.contains(QLatin1String("WEBHOOK_AUTH_TOKEN"))) return PipelineStatusText::tr("no WEBHOOK_AUTH_TOKEN");
    if (field.contains(QLatin1String("EOS_PIPELINE_STAGES"))) return PipelineStatusText::tr("ingest runs elsewhere (EOS_PIPELINE_STAGES)");
    return field;
}
}  // namespace

PipelineStatusText::ListenerState PipelineStatusText::describeListener(const PipelineHealth::Sample &s, bool pipelineEnabled, bool pipelineRunning,
                                                       const QString &pipelineError)
{
    ListenerState out;
    QStringList lines;
    if (!pipelineEnabled) lines << tr("This console runs no pipeline (EOS_PIPELINE=off): it shows what the daemons on this database do.");
    else if (pipelineRunning) lines << tr("This console runs the pipeline.");
    else lines << tr("This console's pipeline is not running: %1").arg(pipelineError);
    for (const auto &i : s.instances) {
        const QString who = i.self ? tr("this console") : tr("%1 on %2 (pid %3)").arg(i.mode, i.host).arg(i.pid);
        lines << tr("%1: listener %2; stages: %3")
                     .arg(who, i.listening() ? i.listenerUrl() : listenerReason(i.listener),
                          i.stages.isEmpty() ? tr("none") : i.stages.join(QStringLiteral(", ")));
    }
    if (!s.databaseUp) {
        out.text = tr("Listener: unknown (database unreachable)");
        out.details = lines.join(u'\n');
        return out;
    }
    const auto listeners = s.listeners();
    if (!listeners.isEmpty()) {
        const auto &l = listeners.first();
        out.running = true;
        out.text = l.self ? tr("Listener %1").arg(l.listenerUrl()) : tr("Listener %1 (%2)").arg(l.listenerUrl(), l.host);
        if (listeners.size() > 1) out.text += tr(" +%1").arg(listeners.size() - 1);
        out.details = lines.join(u'\n');
        return out;
    }
    // nothing listens: say why, the most specific reason first
    QString why;
    if (pipelineEnabled && !pipelineRunning && !pipelineError.isEmpty()) {
        const bool portTaken = pipelineError.contains(QLatin1String("in use"), Qt::CaseInsensitive) ||
                               pipelineError.contains(QLatin1String("cannot listen"), Qt::CaseInsensitive);
        why = portTaken ? tr("port taken") : pipelineError.contains(QLatin1String("WEBHOOK_AUTH_TOKEN")) ? tr("no WEBHOOK_AUTH_TOKEN")
                                                                                                        : tr("pipeline failed to start");
    }
    if (why.isEmpty())
        for (const auto &i : s.instances)
            if (i.self && !i.listener.isEmpty()) why = listenerReason(i.listener);
    if (why.isEmpty() && !s.instances.isEmpty()) why = listenerReason(s.instances.first().listener);
    if (why.isEmpty()) why = pipelineEnabled ? tr("starting") : tr("pipeline off, no daemon on this database");
    out.text = tr("Listener not running: %1").arg(why);
    out.details = lines.join(u'\n');
    return out;
}

QString PipelineStatusText::describeBacklog(const PipelineHealth::Sample &s)
{
    const QLocale loc;
    QStringList parts;
    for (const QString &stage : PipelineHealth::backlogStages()) {
        if (!s.stageRunning(stage)) continue;  // a stage nobody runs has no backlog, it has a standstill (tooltip)
        const qint64 n = s.backlog.value(PipelineHealth::inputState(stage), 0);
        // the stage's own short name (as EOS_PIPELINE_STAGES spells it): the bar has little room; the
        // tooltip names them in full
        parts << QStringLiteral("%1 %2%3").arg(stage, loc.toString(n), n >= PipelineHealth::backlogCap() ? QStringLiteral("+") : QString());
    }
    if (parts.isEmpty()) return tr("Stages: none running");
    return tr("Backlog: %1").arg(parts.join(QStringLiteral(" · ")));
}

QString PipelineStatusText::describeBacklogDetails(const PipelineHealth::Sample &s)
{
    const QLocale loc;
    QStringList lines{tr("Alerts waiting per pipeline stage (from the database):")};
    for (const QString &stage : PipelineHealth::backlogStages()) {
        const qint64 n = s.backlog.value(PipelineHealth::inputState(stage), 0);
        const QString count = loc.toString(n) + (n >= PipelineHealth::backlogCap() ? QStringLiteral("+") : QString());
        const QString name = QStringLiteral("%1 (%2)").arg(PipelineHealth::stageLabel(stage), stage);
        lines << (s.stageRunning(stage) ? tr("%1: %2 waiting").arg(name, count) : tr("%1: not running (%2 waiting)").arg(name, count));
    }
    const qint64 failed = s.failed();
    lines << tr("Failed: %1").arg(loc.toString(failed) + (failed >= PipelineHealth::backlogCap() ? QStringLiteral("+") : QString()));
    return lines.join(u'\n');
}

}  // namespace eos
