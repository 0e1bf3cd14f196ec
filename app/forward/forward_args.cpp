#include "forward_args.h"

#include <cerrno>
#include <cstdlib>

namespace eos::forward {
namespace {

const std::string kRedirect = "> /dev/null 2>&1";

std::string trimmed(const std::string &s)
{
    const auto b = s.find_first_not_of(" \t\r\n\f\v");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n\f\v");
    return s.substr(b, e - b + 1);
}

// integratord's shell-less redirection, alone, split into words, or glued to the last field.
std::string stripRedirect(std::string field)
{
    for (size_t at = field.find(kRedirect); at != std::string::npos; at = field.find(kRedirect)) field.erase(at, kRedirect.size());
    return trimmed(field);
}

bool isRedirectWord(const std::string &w) { return w == ">" || w == "/dev/null" || w == "2>&1"; }

bool parseBoundedInt(const std::string &text, int min, int max, int *out)
{
    const std::string t = trimmed(text);
    if (t.empty()) return false;
    char *end = nullptr;
    errno = 0;
    const long v = std::strtol(t.c_str(), &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max) return false;
    *out = int(v);
    return true;
}

std::string value(const std::vector<std::string> &v, size_t i) { return i < v.size() ? v[i] : std::string(); }

bool startsWith(const std::string &s, const char *p) { return s.rfind(p, 0) == 0; }

}  // namespace

bool ForwardArgs::parse(const std::vector<std::string> &args, std::string *error)
{
    *this = ForwardArgs{};
    if (args.empty()) {
        *error = "no arguments; expected: alert_file api_key hook_url [debug] [options_file] [timeout] [retries]";
        return false;
    }
    const std::string first = args.front();
    if (first == "--help" || first == "-h") {
        action = Action::Help;
        return true;
    }
    if (first == "--version") {
        action = Action::Version;
        return true;
    }
    if (first == "--test") {
        action = Action::Test;
        std::vector<std::string> positional;
        for (size_t i = 1; i < args.size(); ++i) {
            const std::string &a = args[i];
            if (a == "debug" || a == "--debug") debug = true;
            else if (startsWith(a, "--")) {
                *error = "unknown option " + a + " for --test";
                return false;
            } else positional.push_back(a);
        }
        if (positional.size() > 2) {
            *error = "--test takes at most HOOK_URL and API_KEY";
            return false;
        }
        hookUrl = trimmed(value(positional, 0));
        apiKey = trimmed(value(positional, 1));
        return true;
    }
    if (startsWith(first, "--")) {
        *error = "unknown option " + first;
        return false;
    }

    if (args.size() < 3) {
        *error = "expected at least 3 arguments (alert_file api_key hook_url), got " + std::to_string(args.size()) +
                 "; is this run by Wazuh integratord?";
        return false;
    }
    alertFile = args[0];
    apiKey = trimmed(args[1]);
    hookUrl = trimmed(args[2]);
    if (alertFile.empty()) {
        *error = "the alert file argument is empty";
        return false;
    }

    // Optional fields, with the redirection removed wherever it ended up.
    std::vector<std::string> rest;
    for (size_t i = 3; i < args.size(); ++i) rest.push_back(stripRedirect(args[i]));
    while (!rest.empty() && (rest.back().empty() || isRedirectWord(rest.back()))) rest.pop_back();

    if (rest.size() > 4) {
        *error = "too many arguments (" + std::to_string(args.size()) +
                 "); expected at most alert_file api_key hook_url debug options_file timeout retries";
        return false;
    }
    const std::string dbg = value(rest, 0);
    if (dbg == "debug") debug = true;
    else if (!dbg.empty()) {
        *error = "the 4th argument must be \"debug\" or empty, got \"" + dbg + "\"";
        return false;
    }
    optionsFile = value(rest, 1);
    if (!value(rest, 2).empty() && !parseBoundedInt(value(rest, 2), 1, kMaxTimeoutSeconds, &timeoutSeconds)) {
        *error = "timeout must be whole seconds from 1 to " + std::to_string(kMaxTimeoutSeconds) + ", got \"" + value(rest, 2) + "\"";
        return false;
    }
    if (!value(rest, 3).empty() && !parseBoundedInt(value(rest, 3), 0, kMaxRetries, &retries)) {
        *error = "retries must be a whole number from 0 to " + std::to_string(kMaxRetries) + ", got \"" + value(rest, 3) + "\"";
        return false;
    }
    return true;
}

std::string ForwardArgs::usage()
{
    return std::string(
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
