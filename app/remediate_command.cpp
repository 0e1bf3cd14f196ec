#include "remediate_command.h"

#include "clients/wazuh_api_client.h"
#include "core/config.h"
#include "core/logging.h"
#include "stages/protected_targets.h"
#include "stages/remediation_catalog.h"
#include "stages/remediator.h"
#include "store/database.h"
#include "subcommand.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>

namespace eos {
namespace {

void err(const QString &text) { std::fprintf(stderr, "eos-console remediate: %s\n", qPrintable(text)); }
void out(const QString &text) { std::fprintf(stdout, "%s\n", qPrintable(text)); std::fflush(stdout); }

QString analyst(const Config &config)
{
    const QString configured = config.value(QStringLiteral("EOS_ANALYST")).trimmed();
    if (!configured.isEmpty()) return configured;
    if (const passwd *pw = ::getpwuid(::geteuid()); pw && pw->pw_name && *pw->pw_name) return QString::fromLocal8Bit(pw->pw_name);
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("unknown") : user;
}

}  // namespace

int RemediateCommand::run(int argc, char **argv)
{
    Subcommand cmd(argc, argv, QStringLiteral("eos-console remediate"),
                   QCoreApplication::translate(
                       "remediate", "Restart a Wazuh agent or run an active-response command on it, with confirmation and an audit row.\n"
                                    "Exit codes: 0 done, 1 the Wazuh API refused or failed, 2 usage or configuration, 3 refused "
                                    "(protected target or invalid value), 4 not confirmed, 5 audit log unreachable (nothing sent)."));
    QCommandLineParser &p = cmd.parser();
    const QCommandLineOption agentOpt(QStringLiteral("agent"), QCoreApplication::translate("remediate", "Agent id, e.g. 001."), QStringLiteral("id"));
    const QCommandLineOption actionOpt(QStringLiteral("action"),
                                       QCoreApplication::translate("remediate", "restart, ar, or an EOS_AR_COMMANDS id (block-ip, …)."),
                                       QStringLiteral("action"));
    const QCommandLineOption commandOpt(QStringLiteral("command"),
                                        QCoreApplication::translate("remediate", "Active-response command as in ar.conf, e.g. firewall-drop600."),
                                        QStringLiteral("name"));
    const QCommandLineOption argOpt(QStringLiteral("arg"), QCoreApplication::translate("remediate", "Command value name=value (repeatable), e.g. srcip=203.0.113.7."),
                                    QStringLiteral("name=value"));
    const QCommandLineOption alertOpt(QStringLiteral("alert"), QCoreApplication::translate("remediate", "The alert this is about (audit trail; values taken from it)."),
                                      QStringLiteral("id"));
    const QCommandLineOption dryOpt(QStringLiteral("dry-run"), QCoreApplication::translate("remediate", "Show and record what would be sent; send nothing."));
    const QCommandLineOption yesOpt(QStringLiteral("yes"), QCoreApplication::translate("remediate", "Do not ask for confirmation."));
    const QCommandLineOption reasonOpt(QStringLiteral("reason"), QCoreApplication::translate("remediate", "Why (recorded in the audit log)."),
                                       QStringLiteral("text"));
    p.addOptions({agentOpt, actionOpt, commandOpt, argOpt, alertOpt, dryOpt, yesOpt, reasonOpt});
    switch (cmd.parse()) {
    case Subcommand::Parsed::Help: out(cmd.helpText()); return Ok;
    case Subcommand::Parsed::Error: err(cmd.errorText()); return Usage;
    case Subcommand::Parsed::Run: break;
    }
    QString error;
    auto config = cmd.loadConfig(&error);
    if (!config) {
        err(error);
        return Usage;
    }
    // the command's own output is what the user reads: only warnings from the machinery
    Logging::init(config->isSet(QStringLiteral("EOS_LOG_LEVEL")) ? config->value(QStringLiteral("EOS_LOG_LEVEL")) : QStringLiteral("warn"),
                  Logging::Format::Text);

    QString action = p.value(actionOpt).trimmed();
    QString agent = p.value(agentOpt).trimmed();
    if (action.isEmpty()) {
        err(QStringLiteral("--action is required (restart, ar, or an action id)"));
        return Usage;
    }
    QMap<QString, QString> values;
    for (const QString &kv : p.values(argOpt)) {
        const auto eq = kv.indexOf(u'=');
        if (eq <= 0) {
            err(QStringLiteral("--arg takes name=value, got \"%1\"").arg(kv));
            return Usage;
        }
        values.insert(kv.left(eq), kv.mid(eq + 1));
    }
    qint64 alertId = 0;
    if (p.isSet(alertOpt)) {
        bool ok = false;
        alertId = p.value(alertOpt).toLongLong(&ok);
        if (!ok || alertId <= 0) {
            err(QStringLiteral("--alert takes an alert id (a number)"));
            return Usage;
        }
    }
    QString command = p.value(commandOpt).trimmed();
    if (action == QLatin1String("ar") && command.isEmpty()) {
        err(QStringLiteral("--action ar needs --command (e.g. firewall-drop600)"));
        return Usage;
    }
    if (action != QLatin1String("ar") && action != QLatin1String("restart")) {
        command = action;  // an EOS_AR_COMMANDS id
        action = QStringLiteral("ar");
    }
    if (action == QLatin1String("restart") && (!values.isEmpty() || !command.isEmpty())) {
        err(QStringLiteral("--action restart takes no --command or --arg"));
        return Usage;
    }

    RemediationCatalog catalog = RemediationCatalog::fromConfig(*config, &error);
    if (!error.isEmpty()) {
        err(error);
        return Usage;
    }
    QStringList warnings;
    const ProtectedTargets guard = ProtectedTargets::fromConfig(*config, &warnings);
    for (const QString &w : warnings) err(w);

    // the audit log first: without it nothing is sent
    Database database;
    if (!database.open(*config, &error)) {
        err(QStringLiteral("the database (audit log) cannot be reached, nothing was sent: %1").arg(error));
        return NoDatabase;
    }
    QSqlDatabase db = database.connectionInfo().open(QStringLiteral("eos-remediate"), &error);
    if (!db.isOpen()) {
        err(QStringLiteral("the database (audit log) cannot be reached, nothing was sent: %1").arg(error));
        return NoDatabase;
    }

    QJsonObject alert;
    if (alertId) {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("SELECT raw::text FROM alerts WHERE id = ?"));
        q.addBindValue(alertId);
        if (!q.exec() || !q.next()) {
            err(QStringLiteral("there is no alert %1").arg(alertId));
            return Usage;
        }
        alert = QJsonDocument::fromJson(q.value(0).toString().toUtf8()).object();
        const QString alertAgent = alert.value(QStringLiteral("agent")).toObject().value(QStringLiteral("id")).toString();
        if (agent.isEmpty()) agent = alertAgent;
        else if (agent != alertAgent) {
            err(QStringLiteral("alert %1 is about agent %2, not %3").arg(alertId).arg(alertAgent, agent));
            return Usage;
        }
    }
    if (agent.isEmpty()) {
        err(QStringLiteral("--agent is required (or --alert)"));
        return Usage;
    }

    Remediator::Context ctx;
    ctx.actor = analyst(*config);
    ctx.source = QStringLiteral("cli");
    ctx.reason = p.value(reasonOpt);
    ctx.dryRun = p.isSet(dryOpt);
    RemediationPlan plan;
    QString why;
    bool planned = false;
    if (action == QLatin1String("restart"))
        planned = RemediationCatalog::restartPlan(agent, alert.value(QStringLiteral("agent")).toObject().value(QStringLiteral("name")).toString(),
                                                  alertId, guard, &plan, &why);
    else if (values.isEmpty() && alertId && catalog.find(command))
        planned = catalog.planForAlert(catalog.find(command)->id, alert, alertId, guard, &plan, &why);
    else
        planned = catalog.planFromValues(command, agent, values, alertId, guard, &plan, &why);
    if (!planned) {
        err(QStringLiteral("refused, nothing was sent: %1").arg(why));
        // the refusal is part of the record too
        RemediationPlan refused;
        refused.actionId = action == QLatin1String("restart") ? action : command;
        refused.agentId = RemediationCatalog::isValidAgentId(agent) ? agent : QString();
        refused.alertId = alertId;
        Remediator::recordDecision(db, refused, ctx, QStringLiteral("refused"), why);
        return Refused;
    }

    const WazuhApiClient::Options api = WazuhApiClient::optionsFrom(*config);
    out(QStringLiteral("%1 on agent %2%3%4").arg(plan.label, plan.agentId,
                                                 plan.agentName.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(plan.agentName),
                                                 alertId ? QStringLiteral(", alert %1").arg(alertId) : QString()));
    out(QStringLiteral("Request to the Wazuh API%1:").arg(api.url.isEmpty() ? QString() : QStringLiteral(" at ") + api.url.toString(QUrl::RemoveUserInfo)));
    out(QStringLiteral("  ") + plan.endpoint());
    if (!plan.bodyText().isEmpty()) out(plan.bodyText());
    if (ctx.dryRun) out(QStringLiteral("Dry run: nothing will be sent."));

    if (!ctx.dryRun && !p.isSet(yesOpt)) {
        if (!::isatty(STDIN_FILENO)) {
            err(QStringLiteral("not confirmed: no terminal to ask on; pass --yes to send without asking"));
            return NotConfirmed;
        }
        std::fprintf(stdout, "Send it? [y/N] ");
        std::fflush(stdout);
        std::string answer;
        if (!std::getline(std::cin, answer) || (answer != "y" && answer != "Y" && answer != "yes")) {
            err(QStringLiteral("not confirmed: nothing was sent"));
            return NotConfirmed;
        }
    }

    WazuhApiClient::Options o = api;
    o.maxAttempts = std::min(o.maxAttempts, 2);
    WazuhApiClient client(o);
    Remediator remediator(client.isConfigured() ? &client : nullptr, [&db]() -> QSqlDatabase & { return db; });
    std::optional<Remediator::Outcome> result;
    remediator.execute(plan, ctx, [&](const Remediator::Outcome &r) {
        result = r;
        QCoreApplication::quit();
    });
    if (!result) QCoreApplication::exec();
    const Remediator::Outcome r = *result;
    if (r.status == QLatin1String("error")) {
        err(r.message);
        return NoDatabase;
    }
    if (!r.succeeded()) {
        err(QStringLiteral("failed: %1").arg(r.summary()));
        if (!r.remediation.isEmpty()) err(QStringLiteral("Wazuh suggests: %1").arg(r.remediation));
        return ApiFailed;
    }
    out(r.status == QLatin1String("dry_run") ? QStringLiteral("Dry run recorded (audit row %1).").arg(r.auditId)
                                             : QStringLiteral("Done: %1 (audit row %2).").arg(r.summary()).arg(r.auditId));
    for (const QJsonValue &f : r.failedItems) {
        const QJsonObject o2 = f.toObject();
        err(QStringLiteral("agent(s) %1: Wazuh error %2: %3").arg(o2.value(QStringLiteral("ids")).toVariant().toStringList().join(u','))
                .arg(o2.value(QStringLiteral("code")).toInt())
                .arg(o2.value(QStringLiteral("message")).toString()));
    }
    return Ok;
}

}  // namespace eos
