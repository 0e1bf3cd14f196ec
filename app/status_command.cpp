#include "status_command.h"

#include "core/config.h"
#include "core/logging.h"
#include "store/database.h"
#include "subcommand.h"

#include <QJsonArray>
#include <QSet>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <cstdio>
#include <vector>

namespace eos {
namespace {

// the state a stage takes its work from (its backlog)
const std::vector<std::pair<const char *, const char *>> kStageInputs{
    {"new", "enrich"}, {"agent_enriched", "llm"}, {"summarized", "dispatch"}};

QString duration(qint64 seconds)
{
    if (seconds < 60) return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 3600) return QStringLiteral("%1 min").arg(seconds / 60);
    if (seconds < 86400) return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
    return QStringLiteral("%1 d %2 h").arg(seconds / 86400).arg((seconds % 86400) / 3600);
}

QString rate(double r) { return QString::number(r, 'f', r < 10 ? 1 : 0) + QStringLiteral("/s"); }

bool exec(QSqlQuery &q, const QString &sql, QString *error)
{
    if (q.exec(sql)) return true;
    *error = q.lastError().text();
    return false;
}

}  // namespace

bool StatusCommand::isStale(const QJsonObject &instance)
{
    return instance.value(QStringLiteral("age_s")).toDouble() > 3 * std::max(1, instance.value(QStringLiteral("interval_s")).toInt()) + 5;
}

QJsonObject StatusCommand::collect(QSqlDatabase &db, QString *error)
{
    QJsonObject status;
    QSqlQuery q(db);
    if (!exec(q, QStringLiteral("SELECT COALESCE(max(version), 0) FROM schema_migrations"), error) || !q.next()) return {};
    status.insert(QStringLiteral("schema_version"), q.value(0).toInt());

    QJsonObject alerts;
    if (!exec(q, QStringLiteral("SELECT state::text, count(*) FROM alerts GROUP BY 1 ORDER BY 1"), error)) return {};
    while (q.next()) alerts.insert(q.value(0).toString(), q.value(1).toLongLong());
    status.insert(QStringLiteral("alerts_by_state"), alerts);
    QJsonObject backlog;
    for (const auto &[state, stage] : kStageInputs) backlog.insert(QLatin1String(stage), alerts.value(QLatin1String(state)).toInteger());
    status.insert(QStringLiteral("backlog"), backlog);

    QJsonObject outbox;
    if (!exec(q, QStringLiteral("SELECT state, count(*) FROM dispatch_outbox WHERE state NOT IN ('sent', 'cancelled', 'digested') GROUP BY 1 ORDER BY 1"), error))
        return {};
    while (q.next()) outbox.insert(q.value(0).toString(), q.value(1).toLongLong());
    status.insert(QStringLiteral("outbox_waiting"), outbox);

    QJsonArray instances;
    if (!exec(q, QStringLiteral("SELECT instance, host, pid, version, mode, started_at, interval_s, array_to_string(stages, ','), listener, "
                                "spool_depth, spool_bytes, figures::text, last_errors::text, "
                                "extract(epoch FROM now() - updated_at)::float8, extract(epoch FROM now() - started_at)::float8 "
                                "FROM daemon_status ORDER BY host, pid"),
              error))
        return {};
    while (q.next()) {
        QJsonObject i{{QStringLiteral("instance"), q.value(0).toString()},
                      {QStringLiteral("host"), q.value(1).toString()},
                      {QStringLiteral("pid"), q.value(2).toLongLong()},
                      {QStringLiteral("version"), q.value(3).toString()},
                      {QStringLiteral("mode"), q.value(4).toString()},
                      {QStringLiteral("started_at"), q.value(5).toDateTime().toUTC().toString(Qt::ISODate)},
                      {QStringLiteral("interval_s"), q.value(6).toInt()},
                      {QStringLiteral("stages"), QJsonArray::fromStringList(q.value(7).toString().split(u',', Qt::SkipEmptyParts))},
                      {QStringLiteral("listener"), q.value(8).toString()},
                      {QStringLiteral("spool_depth"), q.value(9).toLongLong()},
                      {QStringLiteral("spool_bytes"), q.value(10).toLongLong()},
                      {QStringLiteral("figures"), QJsonDocument::fromJson(q.value(11).toByteArray()).object()},
                      {QStringLiteral("last_errors"), QJsonDocument::fromJson(q.value(12).toByteArray()).array()},
                      {QStringLiteral("age_s"), q.value(13).toDouble()},
                      {QStringLiteral("uptime_s"), q.value(14).toDouble()}};
        i.insert(QStringLiteral("stale"), isStale(i));
        instances.append(i);
    }
    status.insert(QStringLiteral("instances"), instances);

    QJsonArray failed;
    if (!exec(q, QStringLiteral("SELECT id, COALESCE(failed_stage, ''), COALESCE(stage_error, '') FROM alerts "
                                "WHERE state = 'failed' ORDER BY id DESC LIMIT 5"),
              error))
        return {};
    while (q.next())
        failed.append(QJsonObject{{QStringLiteral("id"), q.value(0).toLongLong()},
                                  {QStringLiteral("stage"), q.value(1).toString()},
                                  {QStringLiteral("error"), q.value(2).toString()}});
    status.insert(QStringLiteral("latest_failed"), failed);
    return status;
}

QString StatusCommand::format(const QJsonObject &st)
{
    QString out = QStringLiteral("Database: %1 (schema %2)\n").arg(st.value(QStringLiteral("database")).toString()).arg(st.value(QStringLiteral("schema_version")).toInt());

    const QJsonObject backlog = st.value(QStringLiteral("backlog")).toObject();
    // a stage no live instance runs gets no further on its own: say so beside its backlog
    QSet<QString> running;
    for (const QJsonValue &v : st.value(QStringLiteral("instances")).toArray())
        if (!v.toObject().value(QStringLiteral("stale")).toBool())
            for (const QJsonValue &s : v.toObject().value(QStringLiteral("stages")).toArray()) running.insert(s.toString());
    QStringList parts;
    for (const auto &[state, stage] : kStageInputs) {
        const qint64 n = backlog.value(QLatin1String(stage)).toInteger();
        const bool unrun = n > 0 && !running.contains(QLatin1String(stage));
        parts << QStringLiteral("%1 %2%3").arg(QLatin1String(stage)).arg(n).arg(unrun ? QStringLiteral(" (no instance runs it)") : QString());
    }
    out += QStringLiteral("Backlog:  %1 alert(s) waiting\n").arg(parts.join(QStringLiteral(" · ")));
    const qint64 failedCount = st.value(QStringLiteral("alerts_by_state")).toObject().value(QStringLiteral("failed")).toInteger();
    const QJsonObject outbox = st.value(QStringLiteral("outbox_waiting")).toObject();
    QStringList ob;
    for (auto it = outbox.begin(); it != outbox.end(); ++it) ob << QStringLiteral("%1 %2").arg(it.key()).arg(it.value().toInteger());
    out += QStringLiteral("Outbox:   %1\n").arg(ob.isEmpty() ? QStringLiteral("nothing waiting") : ob.join(QStringLiteral(" · ")));
    out += QStringLiteral("Failed:   %1 alert(s)%2\n").arg(failedCount).arg(failedCount ? QStringLiteral(" (retry them in the console)") : QString());
    for (const QJsonValue &v : st.value(QStringLiteral("latest_failed")).toArray()) {
        const QJsonObject f = v.toObject();
        out += QStringLiteral("          #%1 %2: %3\n").arg(f.value(QStringLiteral("id")).toInteger()).arg(f.value(QStringLiteral("stage")).toString(),
                                                                                                  f.value(QStringLiteral("error")).toString().left(160));
    }

    const QJsonArray instances = st.value(QStringLiteral("instances")).toArray();
    out += QStringLiteral("\nInstances sharing this database: %1\n").arg(instances.size());
    if (instances.isEmpty()) out += QStringLiteral("  none reporting (no eos-daemon or console with the pipeline is running, or EOS_STATUS_INTERVAL_S=0)\n");
    for (const QJsonValue &v : instances) {
        const QJsonObject i = v.toObject();
        out += QStringLiteral("  %1 pid %2  %3 %4  up %5  last report %6 ago%7\n")
                   .arg(i.value(QStringLiteral("host")).toString()).arg(i.value(QStringLiteral("pid")).toInteger())
                   .arg(i.value(QStringLiteral("mode")).toString(), i.value(QStringLiteral("version")).toString(),
                        duration(qint64(i.value(QStringLiteral("uptime_s")).toDouble())), duration(qint64(i.value(QStringLiteral("age_s")).toDouble())),
                        i.value(QStringLiteral("stale")).toBool() ? QStringLiteral("  STALE (stopped or hung?)") : QString());
        const QJsonObject figures = i.value(QStringLiteral("figures")).toObject();
        const QJsonObject ingest = figures.value(QStringLiteral("ingest")).toObject();
        const QStringList stages = [&] {
            QStringList l;
            for (const QJsonValue &s : i.value(QStringLiteral("stages")).toArray()) l << s.toString();
            return l;
        }();
        out += QStringLiteral("    listener %1\n").arg(i.value(QStringLiteral("listener")).toString());
        if (stages.contains(QStringLiteral("ingest")))
            out += QStringLiteral("    ingest    %1  (%2 stored, %3 duplicates, %4 spooled since start)\n")
                       .arg(rate(ingest.value(QStringLiteral("rate")).toDouble()))
                       .arg(ingest.value(QStringLiteral("ingested")).toInteger()).arg(ingest.value(QStringLiteral("duplicate")).toInteger())
                       .arg(ingest.value(QStringLiteral("spooled")).toInteger());
        const QJsonObject sf = figures.value(QStringLiteral("stages")).toObject();
        for (auto it = sf.begin(); it != sf.end(); ++it) {
            const QJsonObject f = it.value().toObject();
            out += QStringLiteral("    %1 %2  (%3 done, %4 retried, %5 failed since start)\n")
                       .arg(it.key(), -9).arg(rate(f.value(QStringLiteral("rate")).toDouble()))
                       .arg(f.value(QStringLiteral("processed")).toInteger()).arg(f.value(QStringLiteral("retried")).toInteger())
                       .arg(f.value(QStringLiteral("failed")).toInteger());
        }
        out += QStringLiteral("    spool     %1 alert(s), %2 bytes\n").arg(i.value(QStringLiteral("spool_depth")).toInteger()).arg(i.value(QStringLiteral("spool_bytes")).toInteger());
        const QJsonArray errors = i.value(QStringLiteral("last_errors")).toArray();
        if (errors.isEmpty()) out += QStringLiteral("    last errors: none\n");
        else out += QStringLiteral("    last errors (%1, newest last):\n").arg(errors.size());
        for (qsizetype k = std::max<qsizetype>(0, errors.size() - 5); k < errors.size(); ++k) {
            const QJsonObject e = errors.at(k).toObject();
            out += QStringLiteral("      %1 %2\n").arg(e.value(QStringLiteral("at")).toString(), e.value(QStringLiteral("text")).toString().left(200));
        }
    }
    return out;
}

int StatusCommand::run(int argc, char **argv, const QString &program)
{
    Subcommand cmd(argc, argv, program + QStringLiteral(" status"),
                   QCoreApplication::translate(
                       "status", "Backlog and rates per stage, spool depth and the last errors of every Eos instance sharing the database.\n"
                                 "Exit codes: 0 all well, 1 an instance is stale or alerts failed, 2 usage or configuration, 3 the database "
                                 "cannot be reached."));
    QCommandLineParser &p = cmd.parser();
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QCoreApplication::translate("status", "Print JSON for scripts."));
    p.addOption(jsonOpt);
    switch (cmd.parse()) {
    case Subcommand::Parsed::Help: std::printf("%s", qPrintable(cmd.helpText())); return Ok;
    case Subcommand::Parsed::Error:
        std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()), qPrintable(cmd.errorText()));
        return Usage;
    case Subcommand::Parsed::Run: break;
    }
    QString error;
    auto config = cmd.loadConfig(&error);
    if (!config) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()), qPrintable(error));
        return Usage;
    }
    Logging::init(QStringLiteral("warn"), Logging::Format::Text);

    QString where;
    const auto info = Database::runningConnection(*config, &error, &where);
    if (!info) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()), qPrintable(error));
        return NoDatabase;
    }
    const QString conn = QStringLiteral("eos-status-") + QUuid::createUuid().toString(QUuid::Id128);
    int code = Ok;
    {
        QSqlDatabase db = info->open(conn, &error);
        QJsonObject st;
        if (db.isOpen()) st = collect(db, &error);
        if (st.isEmpty()) {
            std::fprintf(stderr, "%s: %s: %s\n", qPrintable(QCoreApplication::applicationName()), qPrintable(where),
                         qPrintable(Logging::redact(error)));
            code = NoDatabase;
        } else {
            st.insert(QStringLiteral("database"), where);
            for (const QJsonValue &v : st.value(QStringLiteral("instances")).toArray())
                if (v.toObject().value(QStringLiteral("stale")).toBool()) code = Attention;
            if (st.value(QStringLiteral("alerts_by_state")).toObject().value(QStringLiteral("failed")).toInteger() > 0) code = Attention;
            const QByteArray text = p.isSet(jsonOpt) ? QJsonDocument(st).toJson(QJsonDocument::Indented) : format(st).toUtf8();
            std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        }
    }
    QSqlDatabase::removeDatabase(conn);
    return code;
}

}  // namespace eos
