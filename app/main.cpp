// eos-console: the analyst console (default) or, with --daemon, the headless pipeline.
#include "core/config.h"
#include "daemon.h"
#include "core/logging.h"
#include "stages/integration_import.h"

#include "console_app.h"
#include "check_command.h"
#include "remediate_command.h"
#include "status_command.h"
#include "unix_signal_watcher.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <memory>

#include <unistd.h>

namespace {

bool wantsCoreOnly(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray a(argv[i]);
        if (a == "--daemon" || a == "-h" || a == "--help" || a == "--help-all" || a == "-v" || a == "--version" ||
            a == "--check-config" || a == "--config-table" || a == "import-integrations")
            return true;
    }
    return false;
}

// eos-console import-integrations /var/ossec/etc/ossec.conf [routes.json]: <integration> blocks -> routes
int importIntegrations(const QStringList &args)
{
    if (args.isEmpty()) {
        std::fprintf(stderr, "usage: eos-console import-integrations /var/ossec/etc/ossec.conf [routes.json]\n");
        return 2;
    }
    QFile in(args.at(0));
    if (!in.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "eos-console: cannot read %s: %s\n", qPrintable(args.at(0)), qPrintable(in.errorString()));
        return 2;
    }
    const auto r = eos::IntegrationImport::fromOssecConf(in.readAll());
    if (!r.ok()) {
        std::fprintf(stderr, "eos-console: %s: %s\n", qPrintable(args.at(0)), qPrintable(r.error));
        return 2;
    }
    for (const QString &n : r.notes) std::fprintf(stderr, "note: %s\n", qPrintable(n));
    const QByteArray json = QJsonDocument(r.routes).toJson(QJsonDocument::Indented);
    if (args.size() > 1) {
        QSaveFile out(args.at(1));
        if (!out.open(QIODevice::WriteOnly) || out.write(json) != json.size() || !out.commit()) {
            std::fprintf(stderr, "eos-console: cannot write %s: %s\n", qPrintable(args.at(1)), qPrintable(out.errorString()));
            return 2;
        }
        std::fprintf(stderr, "%lld route(s) written to %s; point EOS_ROUTES_FILE at it\n", qlonglong(r.routes.size()), qPrintable(args.at(1)));
    } else {
        std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
    }
    return 0;
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
    if (argc > 1 && QByteArray(argv[1]) == "check") return eos::CheckCommand::run(argc, argv, QStringLiteral("eos-console"));
    if (argc > 1 && QByteArray(argv[1]) == "status") return eos::StatusCommand::run(argc, argv, QStringLiteral("eos-console"));
    const bool coreOnly = wantsCoreOnly(argc, argv);
    if (!coreOnly && qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        std::fprintf(stderr, "eos-console: no display found (DISPLAY/WAYLAND_DISPLAY unset). "
                             "Run the headless pipeline with --daemon, or start it in a desktop session.\n");
        return 2;
    }
    std::unique_ptr<QCoreApplication> app;
    if (coreOnly) app = std::make_unique<QCoreApplication>(argc, argv);
    else {
        QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);  // the Email Preview's QtWebEngine wants it first
        // Chromium aborts the whole process when its sandbox cannot run as root: opening the Email Preview
        // would take the console and its embedded pipeline down. As root it runs without that sandbox (the
        // page is still locked down: no JavaScript, no remote loads) and says so.
        if (::geteuid() == 0 && qEnvironmentVariableIsEmpty("QTWEBENGINE_DISABLE_SANDBOX")) {
            qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
            std::fprintf(stderr, "eos-console: running as root: the Email Preview's web engine runs without its "
                                 "sandbox (run the console as a normal user to keep it)\n");
        }
        app = std::make_unique<QApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("eos-console"));
    QCoreApplication::setOrganizationName(QStringLiteral("eos"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EOS_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Eos Console: SOC console for Wazuh alerts, with its alert pipeline built in.\n"
                "Configuration: an env file (--config, EOS_ENV_FILE, /etc/eos/eos.env for the daemon or "
                "$XDG_CONFIG_HOME/eos/eos.env for the GUI) overridden by the environment.\n"
                "Subcommands (each with --help): check (every dependency and how to fix it), status (backlog, rates, "
                "spool and last errors of every instance on the database), remediate, import-integrations."));
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
    parser.addPositionalArgument(QStringLiteral("import-integrations"),
                                 QCoreApplication::translate("main", "import-integrations <ossec.conf> [routes.json]: turn the "
                                                                     "<integration> blocks of a Wazuh ossec.conf into dispatch routes."),
                                 QStringLiteral("[import-integrations <ossec.conf> [routes.json]]"));
    parser.addPositionalArgument(QStringLiteral("link"),
                                 QCoreApplication::translate("main", "eos://alert/<id>: open the console on that alert "
                                                                     "(the link in alert mails)."),
                                 QStringLiteral("[eos://alert/<id>]"));
    parser.process(*app);
    if (parser.positionalArguments().value(0) == QLatin1String("import-integrations"))
        return importIntegrations(parser.positionalArguments().mid(1));

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
    // a session logout (SIGTERM) or Ctrl-C closes the console as its Quit does: the embedded pipeline and
    // PostgreSQL are stopped, not left running
    auto *signals = new eos::UnixSignalWatcher({SIGTERM, SIGINT, SIGHUP}, app.get());
    QObject::connect(signals, &eos::UnixSignalWatcher::unixSignal, app.get(), [](int signo) {
        qInfo("received %s: closing the console", strsignal(signo));
        QCoreApplication::quit();
    });
    // eos://alert/<id>: the desktop entry's link handler (Exec=eos-console %u), e.g. from an alert mail
    qint64 alertId = 0;
    for (const QString &arg : parser.positionalArguments()) {
        alertId = eos::ConsoleApp::alertIdFromLink(arg);
        if (alertId == 0) {
            std::fprintf(stderr, "eos-console: unknown argument %s (expected eos://alert/<id>)\n", qPrintable(arg));
            return 2;
        }
    }
    return eos::ConsoleApp::run(*config, alertId);
}
