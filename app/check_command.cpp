#include "check_command.h"

#include "core/config.h"
#include "core/logging.h"
#include "dependency_check.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <vector>

namespace eos {

int CheckCommand::run(int argc, char **argv, const QString &program)
{
    std::vector<char *> args{argv[0]};
    for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
    int n = int(args.size());
    QCoreApplication app(n, args.data());
    QCoreApplication::setApplicationName(program + QStringLiteral(" check"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EOS_VERSION));
    QCommandLineParser p;
    p.setApplicationDescription(QCoreApplication::translate(
        "check", "Checks every configured dependency (PostgreSQL, disk, spool, listener port, Wazuh API, SMTP, LLM, "
                 "routes, playbooks, response policies) and says how to fix what fails. Sends no mail and posts no "
                 "message.\nExit codes: 0 nothing failed (warnings pass), 1 something failed, 2 usage or configuration."));
    p.addHelpOption();
    const QCommandLineOption jsonOpt(QStringLiteral("json"), QCoreApplication::translate("check", "Print JSON for scripts."));
    const QCommandLineOption llmOpt(QStringLiteral("llm"), QCoreApplication::translate("check", "Also send one one-token request to the LLM endpoint."));
    const QCommandLineOption timeoutOpt(QStringLiteral("timeout"), QCoreApplication::translate("check", "Seconds per network check (default 10)."),
                                        QStringLiteral("seconds"), QStringLiteral("10"));
    const QCommandLineOption configOpt(QStringLiteral("config"), QCoreApplication::translate("check", "Read configuration from <file>."),
                                       QStringLiteral("file"));
    p.addOptions({jsonOpt, llmOpt, timeoutOpt, configOpt});
    if (!p.parse(QCoreApplication::arguments()) || !p.positionalArguments().isEmpty()) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()),
                     qPrintable(p.errorText().isEmpty() ? QStringLiteral("unexpected argument") : p.errorText()));
        return Usage;
    }
    if (p.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(p.helpText()));
        return Ok;
    }
    Config::LoadOptions lo;
    lo.mode = Config::Mode::Tool;
    lo.explicitFile = p.value(configOpt);
    QString error;
    auto config = Config::load(lo, &error);
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
    Logging::addSecrets(config->secretValues());
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
