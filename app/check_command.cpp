#include "check_command.h"

#include "core/config.h"
#include "core/logging.h"
#include "dependency_check.h"
#include "subcommand.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace eos {

int CheckCommand::run(int argc, char **argv, const QString &program)
{
    Subcommand cmd(argc, argv, program + QStringLiteral(" check"),
                   QCoreApplication::translate(
                       "check", "Checks every configured dependency (PostgreSQL, disk, spool, listener port, Wazuh API, SMTP, LLM, "
                                "routes, playbooks, response policies) and says how to fix what fails. Sends no mail and posts no "
                                "message.\nExit codes: 0 nothing failed (warnings pass), 1 something failed, 2 usage or configuration."));
    QCommandLineParser &p = cmd.parser();
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QCoreApplication::translate("check", "Print JSON for scripts."));
    const QCommandLineOption llmOpt(QStringLiteral("llm"), QCoreApplication::translate("check", "Also send one one-token request to the LLM endpoint."));
    const QCommandLineOption timeoutOpt(QStringLiteral("timeout"), QCoreApplication::translate("check", "Seconds per network check (default 10)."),
                                        QStringLiteral("seconds"), QStringLiteral("10"));
    p.addOptions({jsonOpt, llmOpt, timeoutOpt});
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
        // the configuration itself is the first dependency
        if (p.isSet(jsonOpt)) {
            const QJsonArray a{QJsonObject{{QStringLiteral("check"), QStringLiteral("configuration")}, {QStringLiteral("status"), QStringLiteral("fail")},
                                           {QStringLiteral("found"), error}, {QStringLiteral("fix"), QStringLiteral("correct the env file or the environment")}}};
            std::printf("%s", QJsonDocument(a).toJson(QJsonDocument::Indented).constData());
        } else {
            std::printf("FAIL  configuration  %s\n", qPrintable(error));
        }
        return Usage;
    }
    // the findings are the output: only errors from the machinery
    Logging::init(QStringLiteral("error"), Logging::Format::Text);

    DependencyCheck::Options o;
    o.llm = p.isSet(llmOpt);
    o.timeoutMs = std::max(1, p.value(timeoutOpt).toInt()) * 1000;
    DependencyCheck check(*config, o);
    const auto findings = check.run();
    const QByteArray text = p.isSet(jsonOpt) ? QJsonDocument(DependencyCheck::toJson(findings)).toJson(QJsonDocument::Indented)
                                             : DependencyCheck::toText(findings).toUtf8();
    std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
    return DependencyCheck::passed(findings) ? Ok : Failed;
}

}  // namespace eos
