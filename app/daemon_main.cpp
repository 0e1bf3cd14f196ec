// eos-daemon: the headless pipeline for servers, as `eos-console --daemon` but linking no GUI library
// (no QtWidgets, QtGui or display libraries), the way qBittorrent ships qbittorrent-nox.
#include "daemon.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("eos-daemon"));
    QCoreApplication::setOrganizationName(QStringLiteral("eos"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EOS_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Eos daemon: the Wazuh alert pipeline (HTTP listener, alerts.json follower, PostgreSQL, enrichment "
        "and the later stages) without a display.\n"
        "Configuration: an env file (--config, EOS_ENV_FILE, or /etc/eos/eos.env) overridden by the environment; "
        "every key: eos-console --config-table. SIGTERM/SIGINT stop it gracefully; under systemd it reports "
        "readiness and pings the watchdog (Type=notify, WatchdogSec)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOpt(QStringLiteral("config"), QStringLiteral("Read configuration from <file>."),
                                       QStringLiteral("file"));
    const QCommandLineOption checkOpt(QStringLiteral("check-config"), QStringLiteral("Load and check the configuration, then exit."));
    parser.addOptions({configOpt, checkOpt});
    parser.process(app);

    auto config = eos::Daemon::loadConfig(eos::Config::Mode::Daemon, parser.value(configOpt));
    if (!config) return 2;
    if (parser.isSet(checkOpt)) {
        std::printf("configuration OK%s\n", config->warnings().isEmpty() ? "" : " (with warnings)");
        return 0;
    }
    return eos::Daemon::run(*config);
}
