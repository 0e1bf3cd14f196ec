#include "forward_app.h"

#include "forward_args.h"
#include "forward_env.h"
#include "forward_log.h"
#include "forward_payload.h"
#include "http_poster.h"

#include <cctype>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>

#include <sys/stat.h>
#include <unistd.h>

namespace eos::forward {
namespace {

std::string programPath(const std::string &program)
{
    char buf[PATH_MAX];
    if (!program.empty() && program.front() == '/') return program;
    if (program.find('/') != std::string::npos && ::realpath(program.c_str(), buf)) return buf;
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) return std::string(buf, size_t(n));
    return program;
}

std::string dirOf(const std::string &path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string(".") : slash == 0 ? std::string("/") : path.substr(0, slash);
}

bool isDir(const std::string &path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool fileExists(const std::string &path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

bool startsWithNoCase(const std::string &s, const char *p)
{
    for (size_t i = 0; p[i]; ++i)
        if (i >= s.size() || std::tolower(static_cast<unsigned char>(s[i])) != p[i]) return false;
    return true;
}

std::string defaultHookUrl(const ForwardEnv &cfg)
{
    std::string addr = cfg.value("LISTEN_ADDR");
    if (addr.empty() || addr == "0.0.0.0") addr = "127.0.0.1";
    if (addr == "::") addr = "::1";
    if (addr.find(':') != std::string::npos && addr.front() != '[') addr = "[" + addr + "]";  // an IPv6 literal
    const bool tls = cfg.isSet("EOS_TLS_CERT") && cfg.isSet("EOS_TLS_KEY");
    return std::string(tls ? "https" : "http") + "://" + addr + ":" + cfg.value("LISTEN_PORT") + "/wazuh_alert";
}

// http(s)://[userinfo@]host[:port][/path…] with a host; no spaces or control characters.
bool validUrl(const std::string &text, std::string *error, const ForwardLog &log)
{
    bool ok = startsWithNoCase(text, "http://") || startsWithNoCase(text, "https://");
    if (ok) {
        const size_t start = text.find("://") + 3;
        size_t end = text.find_first_of("/?#", start);
        if (end == std::string::npos) end = text.size();
        std::string authority = text.substr(start, end - start);
        const auto at = authority.rfind('@');
        if (at != std::string::npos) authority = authority.substr(at + 1);
        std::string host = authority;
        if (!host.empty() && host.front() == '[') {
            const auto close = host.find(']');
            ok = close != std::string::npos && close > 1;
            const std::string rest = ok ? host.substr(close + 1) : std::string();
            ok = ok && (rest.empty() || (rest.front() == ':' && rest.size() > 1));
        } else {
            const auto colon = host.rfind(':');
            if (colon != std::string::npos) {
                const std::string port = host.substr(colon + 1);
                host = host.substr(0, colon);
                ok = !port.empty() && port.find_first_not_of("0123456789") == std::string::npos && std::atol(port.c_str()) <= 65535;
            }
            ok = ok && !host.empty();
        }
        for (char c : text)
            if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) ok = false;
    }
    if (!ok) {
        *error = "hook_url \"" + log.redact(text) + "\" is not an http(s) URL such as http://127.0.0.1:9000/wazuh_alert";
        return false;
    }
    return true;
}

}  // namespace

std::string ForwardApp::integrationsLogFor(const std::string &program)
{
    // <integrations dir>/../logs/integrations.log, the ".." resolved
    const std::string dir = dirOf(programPath(program));
    return dirOf(dir) + "/logs/integrations.log";
}

std::string ForwardApp::sidecarEnvFileFor(const std::string &program) { return programPath(program) + ".env"; }

int ForwardApp::run(const std::string &program, const std::vector<std::string> &args)
{
    const auto started = std::chrono::steady_clock::now();
    ForwardArgs a;
    std::string error;
    const bool parsed = a.parse(args, &error);
    // Logging first: errors from here on go to stderr (and, with debug, to integrations.log).
    ForwardLog log;
    log.setDebug(parsed && a.debug);
    if (!parsed) {
        log.error("bad arguments: " + error + " (see eos-forward --help)");
        return kExitBadArguments;
    }
    if (a.action == ForwardArgs::Action::Help) {
        std::fputs(ForwardArgs::usage().c_str(), stdout);
        return kExitSent;
    }
    if (a.action == ForwardArgs::Action::Version) {
        std::printf("eos-forward %s\n", EOS_VERSION);
        return kExitSent;
    }
    // Known before anything is logged, so even the debug lines below never show it.
    log.addSecret(a.apiKey);

    std::string logFile;
    if (a.debug) {
        const std::string candidate = integrationsLogFor(program);
        if (isDir(dirOf(candidate)) && log.mirrorTo(candidate)) logFile = candidate;
    }
    if (log.debugEnabled())
        log.debug(std::string("eos-forward ") + EOS_VERSION + " started: alert_file=" + a.alertFile +
                  " api_key=" + (a.apiKey.empty() ? "(empty)" : "***") + " hook_url=" + (a.hookUrl.empty() ? "(empty)" : a.hookUrl) +
                  " options_file=" + (a.optionsFile.empty() ? "(none)" : a.optionsFile) + " timeout=" + std::to_string(a.timeoutSeconds) +
                  " s retries=" + std::to_string(a.retries) + " log=" + (logFile.empty() ? "stderr" : logFile));

    // Token and URL: the arguments first, then the env file (read only when something is missing).
    std::string token = a.apiKey, url = a.hookUrl;
    const std::string sidecar = sidecarEnvFileFor(program);
    const char *envFile = std::getenv("EOS_ENV_FILE");
    const std::string explicitFile = (!envFile || !*envFile) && fileExists(sidecar) ? sidecar : std::string();
    std::string caFile;
    if (token.empty() || url.empty()) {
        auto cfg = ForwardEnv::load(explicitFile, &error);
        if (!cfg) {
            log.error("configuration: " + error);
            return kExitBadArguments;
        }
        for (const auto &sv : cfg->secretValues()) log.addSecret(sv);
        for (const auto &w : cfg->warnings()) log.debug("configuration: " + w);
        const std::string source = cfg->sourceFile().empty() ? std::string("the environment (no env file found)") : cfg->sourceFile();
        if (token.empty()) token = cfg->value("WEBHOOK_AUTH_TOKEN");
        if (url.empty()) url = cfg->isSet("EOS_HOOK_URL") ? cfg->value("EOS_HOOK_URL") : defaultHookUrl(*cfg);
        log.debug("settings not given as arguments taken from " + source + ": hook_url=" + url +
                  " token=" + (token.empty() ? "(unset)" : "***"));
        if (token.empty()) {
            log.error("no token: api_key is empty and WEBHOOK_AUTH_TOKEN is not set in " + source +
                      "; put the listener's token in <api_key> of the <integration> block");
            return kExitBadArguments;
        }
        log.addSecret(token);
        caFile = cfg->value("EOS_TLS_CERT");
    } else if (startsWithNoCase(url, "https:")) {
        // https with everything given as arguments: the env file may still name the listener's certificate
        if (auto cfg = ForwardEnv::load(explicitFile, &error)) {
            for (const auto &sv : cfg->secretValues()) log.addSecret(sv);
            caFile = cfg->value("EOS_TLS_CERT");
        } else {
            log.debug("env file not used: " + error);
        }
    }
    if (!validUrl(url, &error, log)) {
        log.error(error);
        return kExitBadArguments;
    }
    if (!startsWithNoCase(url, "https:")) caFile.clear();
    if (!caFile.empty() && ::access(caFile.c_str(), R_OK) != 0) {
        log.warn("EOS_TLS_CERT " + caFile + " is not readable by this user; trusting only the system's CAs");
        caFile.clear();
    }
    if (!caFile.empty()) log.debug("trusting " + caFile + " besides the system's CAs");

    std::string body;
    if (a.action == ForwardArgs::Action::Test) {
        body = ForwardPayload::sampleAlert();
    } else {
        ForwardPayload payload;
        switch (payload.load(a.alertFile, a.optionsFile, &error)) {
        case ForwardPayload::Error::Unreadable: log.error(error); return kExitUnreadable;
        case ForwardPayload::Error::BadJson: log.error(error); return kExitBadJson;
        case ForwardPayload::Error::None: break;
        }
        if (payload.optionKeysMerged() > 0) log.debug("merged " + std::to_string(payload.optionKeysMerged()) + " option key(s) into the alert");
        body = payload.body();
    }

    HttpPoster poster(a.timeoutSeconds, a.retries, &log);
    poster.setExtraCaFile(caFile);
    const auto r = poster.post(url, body, token);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    if (a.action == ForwardArgs::Action::Test) {
        std::printf("POST %s -> %s (%d attempt%s, %lld ms)\n", url.c_str(), r.status ? std::to_string(r.status).c_str() : "no reply",
                    r.attempts, r.attempts == 1 ? "" : "s", static_cast<long long>(ms));
        if (!r.replyBody.empty()) std::printf("%s\n", log.redact(r.replyBody).c_str());
        std::fflush(stdout);
    }
    switch (r.outcome) {
    case HttpPoster::Outcome::Sent:
        log.debug("sent: HTTP " + std::to_string(r.status) + " in " + std::to_string(ms) + " ms (" + std::to_string(r.attempts) + " attempt(s))");
        return kExitSent;
    case HttpPoster::Outcome::Rejected: log.error(r.error); return kExitRejected;
    case HttpPoster::Outcome::Failed: log.error("send failed: " + r.error); return kExitSendFailed;
    }
    return kExitSendFailed;
}

}  // namespace eos::forward
