// eos-console: the analyst console (default) or, with --daemon, the headless pipeline.
#include "core/config.h"
#include "daemon.h"
#include "core/logging.h"

#include "console_app.h"
#include "remediate_command.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <memory>

namespace {

bool wantsCoreOnly(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--daemon" || a == "-h" || a == "--help" || a == "--help-all" || a == "-v" || a == "--version" ||
            a == "--check-config" || a == "--config-table")
            return true;
    }
    return false;
}

void printConfigTable()
{
    std::printf("| Key | Default | Secret (`KEY_FILE` accepted) | Meaning |\n|---|---|---|---|\n");
    for (const auto &k : eos::Config::knownKeys())
        std::printf("| `%s` | %s | %s | %s |\n", k.name, *k.defaultValue ? (std::string("`") + k.defaultValue + "`").c_str() : "",
                    k.secret ? "yes" : "", k.description);
}

}  // namespace

int main(int argc, char **argv)
{
    // subcommands: their own options, no GUI
    if (argc > 1 && QByteArray(argv[1]) == "remediate") return eos::RemediateCommand::run(argc, argv);
    const bool coreOnly = wantsCoreOnly(argc, argv);
    if (!coreOnly && qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        std::fprintf(stderr, "eos-console: no display found (DISPLAY/WAYLAND_DISPLAY unset). "
                             "Run the headless pipeline with --daemon, or start it in a desktop session.\n");
        return 2;
    }
    std::unique_ptr<QCoreApplication> app;
    if (coreOnly) app = std::make_unique<QCoreApplication>(argc, argv);
    else app = std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("eos-console"));
    QCoreApplication::setOrganizationName(QStringLiteral("eos"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EOS_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Eos Console: SOC console for Wazuh alerts, with its alert pipeline built in.\n"
                "Configuration: an env file (--config, EOS_ENV_FILE, /etc/eos/eos.env for the daemon or "
                "$XDG_CONFIG_HOME/eos/eos.env for the GUI) overridden by the environment."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption daemonOpt(QStringLiteral("daemon"),
                                       QCoreApplication::translate("main", "Run the pipeline headless (no display)."));
    const QCommandLineOption configOpt(QStringLiteral("config"),
                                       QCoreApplication::translate("main", "Read configuration from <file>."),
                                       QStringLiteral("file"));
    const QCommandLineOption noPipelineOpt(QStringLiteral("no-pipeline"),
                                           QCoreApplication::translate("main", "GUI only: be a pure console on a shared database."));
    const QCommandLineOption checkOpt(QStringLiteral("check-config"),
                                      QCoreApplication::translate("main", "Load and check the configuration, then exit."));
    const QCommandLineOption tableOpt(QStringLiteral("config-table"),
                                      QCoreApplication::translate("main", "Print every configuration key as a Markdown table."));
    parser.addOptions({daemonOpt, configOpt, noPipelineOpt, checkOpt, tableOpt});
    parser.process(*app);

    if (parser.isSet(tableOpt)) {
        printConfigTable();
        return 0;
    }

    const bool daemon = parser.isSet(daemonOpt);
    auto config = eos::Daemon::loadConfig(daemon ? eos::Config::Mode::Daemon : eos::Config::Mode::Gui, parser.value(configOpt));
    if (!config) return 2;
    if (parser.isSet(checkOpt)) {
        std::printf("configuration OK%s\n", config->warnings().isEmpty() ? "" : " (with warnings)");
        return 0;
    }

    if (daemon) return eos::Daemon::run(*config);
    if (parser.isSet(noPipelineOpt)) config->set(QStringLiteral("EOS_PIPELINE"), QStringLiteral("off"));
    return eos::ConsoleApp::run(*config);
}
