#include "forward_args.h"

namespace eos::forward {
namespace {

const QString kRedirect = QStringLiteral("> /dev/null 2>&1");

// integratord's shell-less redirection, alone, split into words, or glued to the last field.
QString stripRedirect(QString field)
{
    field.replace(kRedirect, QString());
    return field.trimmed();
}

bool isRedirectWord(const QString &w)
{
    return w == QLatin1String(">") || w == QLatin1String("/dev/null") || w == QLatin1String("2>&1");
}

bool parseBoundedInt(const QString &text, int min, int max, int *out)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok || v < min || v > max) return false;
    *out = v;
    return true;
}

}  // namespace

bool ForwardArgs::parse(const QStringList &args, QString *error)
{
    *this = ForwardArgs{};
    if (args.isEmpty()) {
        *error = QStringLiteral("no arguments; expected: alert_file api_key hook_url [debug] [options_file] "
                                "[timeout] [retries]");
        return false;
    }
    const QString first = args.first();
    if (first == QLatin1String("--help") || first == QLatin1String("-h")) {
        action = Action::Help;
        return true;
    }
    if (first == QLatin1String("--version")) {
        action = Action::Version;
        return true;
    }
    if (first == QLatin1String("--test")) {
        action = Action::Test;
        QStringList positional;
        for (qsizetype i = 1; i < args.size(); ++i) {
            const QString a = args[i];
            if (a == QLatin1String("debug") || a == QLatin1String("--debug")) debug = true;
            else if (a.startsWith(QLatin1String("--"))) {
                *error = QStringLiteral("unknown option %1 for --test").arg(a);
                return false;
            } else positional.append(a);
        }
        if (positional.size() > 2) {
            *error = QStringLiteral("--test takes at most HOOK_URL and API_KEY");
            return false;
        }
        hookUrl = positional.value(0).trimmed();
        apiKey = positional.value(1).trimmed();
        return true;
    }
    if (first.startsWith(QLatin1String("--"))) {
        *error = QStringLiteral("unknown option %1").arg(first);
        return false;
    }

    if (args.size() < 3) {
        *error = QStringLiteral("expected at least 3 arguments (alert_file api_key hook_url), got %1; "
                                "is this run by Wazuh integratord?").arg(args.size());
        return false;
    }
    alertFile = args[0];
    apiKey = args[1].trimmed();
    hookUrl = args[2].trimmed();
    if (alertFile.isEmpty()) {
        *error = QStringLiteral("the alert file argument is empty");
        return false;
    }

    // Optional fields, with the redirection removed wherever it ended up.
    QStringList rest;
    for (qsizetype i = 3; i < args.size(); ++i) rest.append(stripRedirect(args[i]));
    while (!rest.isEmpty() && (rest.last().isEmpty() || isRedirectWord(rest.last()))) rest.removeLast();

    if (rest.size() > 4) {
        *error = QStringLiteral("too many arguments (%1); expected at most alert_file api_key hook_url debug "
                                "options_file timeout retries")
                     .arg(args.size());
        return false;
    }
    const QString dbg = rest.value(0);
    if (dbg == QLatin1String("debug")) debug = true;
    else if (!dbg.isEmpty()) {
        *error = QStringLiteral("the 4th argument must be \"debug\" or empty, got \"%1\"").arg(dbg);
        return false;
    }
    optionsFile = rest.value(1);
    if (!rest.value(2).isEmpty() && !parseBoundedInt(rest.value(2), 1, kMaxTimeoutSeconds, &timeoutSeconds)) {
        *error = QStringLiteral("timeout must be whole seconds from 1 to %1, got \"%2\"")
                     .arg(kMaxTimeoutSeconds)
                     .arg(rest.value(2));
        return false;
    }
    if (!rest.value(3).isEmpty() && !parseBoundedInt(rest.value(3), 0, kMaxRetries, &retries)) {
        *error = QStringLiteral("retries must be a whole number from 0 to %1, got \"%2\"")
                     .arg(kMaxRetries)
                     .arg(rest.value(3));
        return false;
    }
    return true;
}

QString ForwardArgs::usage()
{
    return QStringLiteral(
        "Usage: eos-forward ALERT_FILE API_KEY HOOK_URL [debug] [OPTIONS_FILE] [TIMEOUT] [RETRIES]\n"
        "       eos-forward --test [HOOK_URL [API_KEY]] [debug]\n"
        "       eos-forward --help | --version\n"
        "\n"
        "Wazuh integratord custom integration: install as /var/ossec/integrations/custom-eos and add an\n"
        "<integration> block with <name>custom-eos</name> and <alert_format>json</alert_format> to ossec.conf.\n"
        "Reads the alert (one JSON object) from ALERT_FILE and POSTs it to HOOK_URL (e.g.\n"
        "http://127.0.0.1:9000/wazuh_alert) with the header X-Auth-Token: API_KEY. The JSON object in\n"
        "OPTIONS_FILE (<options> in ossec.conf) is merged into the alert's top level, as Wazuh's slack.py does.\n"
        "Empty fields are allowed; the trailing \"> /dev/null 2>&1\" integratord adds is ignored.\n"
        "\n"
        "  API_KEY   empty: WEBHOOK_AUTH_TOKEN from the env file\n"
        "  HOOK_URL  empty: EOS_HOOK_URL from the env file, else http://LISTEN_ADDR:LISTEN_PORT/wazuh_alert\n"
        "  debug     verbose log (token shown as ***) to <wazuh>/logs/integrations.log if writable, else stderr\n"
        "  TIMEOUT   seconds per attempt (default 10)\n"
        "  RETRIES   further attempts after a network error, 408, 429 or 5xx (default 3), with exponential\n"
        "            backoff and jitter; Retry-After on 429/503 is honoured (at most 30 s)\n"
        "\n"
        "Env file: $EOS_ENV_FILE, else <this program>.env next to it (e.g.\n"
        "/var/ossec/integrations/custom-eos.env, owned by wazuh, mode 600), else /etc/eos/eos.env.\n"
        "https: the system's CAs are trusted, plus the certificate EOS_TLS_CERT of the env file names (a copy of\n"
        "the listener's own certificate, e.g. a self-signed one).\n"
        "\n"
        "--test sends a built-in sample alert (rule level 3, fresh id) and prints the listener's reply.\n"
        "\n"
        "Exit codes:\n"
        "  0  sent: the listener answered 2xx\n"
        "  1  bad arguments or configuration (no token, bad URL, unreadable env file)\n"
        "  2  the alert file or the options file cannot be read\n"
        "  3  bad JSON in the alert file or the options file (or alert_format is not json)\n"
        "  4  send failed after all retries (network error, timeout, 408, 429 or 5xx)\n"
        "  5  rejected by the listener (other 4xx, e.g. 401 wrong token, 400 not a Wazuh alert; or a redirect)\n");
}

}  // namespace eos::forward
