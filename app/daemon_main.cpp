// eos-daemon: the headless pipeline for servers, as `eos-console --daemon` but linking no GUI library
// (no QtWidgets, QtGui or display libraries), the way qBittorrent ships qbittorrent-nox.
#include "check_command.h"
#include "daemon.h"
#include "status_command.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char **argv)
{
    // operators' subcommands: their own options
    if (argc > 1 && QByteArray(argv[1]) == "check") return eos::CheckCommand::run(argc, argv, QStringLiteral("eos-daemon"));
    if (argc > 1 && QByteArray(argv[1]) == "status") return eos::StatusCommand::run(argc, argv, QStringLiteral("eos-daemon"));
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("eos-daemon"));
    QCoreApplication::setOrganizationName(QStringLiteral("eos"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EOS_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Eos daemon: the Wazuh alert pipeline (HTTP listener, alerts.json follower, PostgreSQL, enrichment "
        "and the later stages) without a display.\n"
        "Configuration: an env file (--config, EOS_ENV_FILE, or /etc/eos/eos.env) overridden by the environment; "
        "every key: eos-console --config-table. Subcommands: `eos-daemon check` (every dependency, how to fix it), "
        "`eos-daemon status` (backlog, rates, spool and last errors of every instance on the database). SIGTERM/SIGINT stop it gracefully; under systemd it reports "
        "readiness and pings the watchdog (Type=notify, WatchdogSec)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOpt(QStringLiteral("config"), QStringLiteral("Read configuration from <file>."),
                                       QStringLiteral("file"));
    const QCommandLineOption checkOpt(QStringLiteral("check-config"), QStringLiteral("Load and check the configuration, then exit."));
    const QCommandLineOption templateOpt(QStringLiteral("env-template"),
                                         QStringLiteral("Print an env file with every key, commented out, with its default and meaning."));
    parser.addOptions({configOpt, checkOpt, templateOpt});
    parser.process(app);

    if (parser.isSet(templateOpt)) {
        std::printf("# Eos configuration (/etc/eos/eos.env). Keep it mode 0600: it holds secrets.\n"
                    "# Every key Eos reads, commented out with its default; the environment overrides this file.\n"
                    "# Secrets may instead come from KEY_FILE (a file readable only by the service account).\n");
        for (const auto &k : eos::Config::knownKeys()) {
            std::printf("\n# %s%s\n", k.description, k.secret ? " (secret)" : "");
            std::printf("#%s=%s\n", k.name, k.defaultValue);
        }
        return 0;
    }

    auto config = eos::Daemon::loadConfig(eos::Config::Mode::Daemon, parser.value(configOpt));
    if (!config) return 2;
    if (parser.isSet(checkOpt)) {
        std::printf("configuration OK%s\n", config->warnings().isEmpty() ? "" : " (with warnings)");
        return 0;
    }
    return eos::Daemon::run(*config);
}
