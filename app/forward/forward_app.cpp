#include "forward_app.h"

#include "core/config.h"
#include "forward_args.h"
#include "forward_payload.h"
#include "http_poster.h"
#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QUrl>

#include <chrono>
#include <cstdio>

namespace eos::forward {
namespace {

// Only Qt Core here (and libcurl for HTTP): QtNetwork alone would add ~20 shared libraries to every start.
QString programPath(const QString &program)
{
    if (QFileInfo(program).isAbsolute()) return program;
    if (program.contains(u'/')) return QFileInfo(program).absoluteFilePath();
    return QFileInfo(QStringLiteral("/proc/self/exe")).canonicalFilePath();
}

QString defaultHookUrl(const Config &cfg)
{
    QString addr = cfg.value(QStringLiteral("LISTEN_ADDR"));
    if (addr.isEmpty() || addr == QLatin1String("0.0.0.0")) addr = QStringLiteral("127.0.0.1");
    if (addr == QLatin1String("::")) addr = QStringLiteral("::1");
    if (addr.contains(u':') && !addr.startsWith(u'[')) addr = u'[' + addr + u']';  // an IPv6 literal
    const bool tls = cfg.isSet(QStringLiteral("EOS_TLS_CERT")) && cfg.isSet(QStringLiteral("EOS_TLS_KEY"));
    return QStringLiteral("%1://%2:%3/wazuh_alert")
        .arg(tls ? QStringLiteral("https") : QStringLiteral("http"), addr, cfg.value(QStringLiteral("LISTEN_PORT")));
}

bool validUrl(const QString &text, QString *error)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        *error = QStringLiteral("hook_url \"%1\" is not an http(s) URL such as http://127.0.0.1:9000/wazuh_alert")
                     .arg(Logging::redact(text));
        return false;
    }
    return true;
}

}  // namespace

QString ForwardApp::integrationsLogFor(const QString &program)
{
    const QDir integrationsDir = QFileInfo(programPath(program)).absoluteDir();
    return QDir::cleanPath(integrationsDir.absoluteFilePath(QStringLiteral("../logs/integrations.log")));
}

QString ForwardApp::sidecarEnvFileFor(const QString &program) { return programPath(program) + QStringLiteral(".env"); }

int ForwardApp::run(const QString &program, const QStringList &args)
{
    const auto started = std::chrono::steady_clock::now();
    ForwardArgs a;
    QString error;
    const bool parsed = a.parse(args, &error);
    // Logging first: errors from here on go to stderr (and, with debug, to integrations.log).
    Logging::init(parsed && a.debug ? QStringLiteral("debug") : QStringLiteral("warn"), Logging::Format::Text);
    auto log = Logging::get("forward");
    if (!parsed) {
        log->error("bad arguments: {} (see eos-forward --help)", s(error));
        return kExitBadArguments;
    }
    if (a.action == ForwardArgs::Action::Help) {
        std::fputs(ForwardArgs::usage().toUtf8().constData(), stdout);
        return kExitSent;
    }
    if (a.action == ForwardArgs::Action::Version) {
        std::printf("eos-forward %s\n", EOS_VERSION);
        return kExitSent;
    }
    // Known before anything is logged, so even the debug lines below never show it.
    Logging::addSecrets({a.apiKey});

    QString logFile;
    if (a.debug) {
        const QString candidate = integrationsLogFor(program);
        QFile probe(candidate);
        if (QFileInfo(QFileInfo(candidate).absolutePath()).isDir() && probe.open(QIODevice::Append)) {
            probe.close();
            Logging::setMirrorFile(candidate);
            logFile = candidate;
        }
    }
    log->debug("eos-forward {} started: alert_file={} api_key={} hook_url={} options_file={} timeout={} s "
               "retries={} log={}",
               EOS_VERSION, s(a.alertFile), a.apiKey.isEmpty() ? "(empty)" : "***",
               a.hookUrl.isEmpty() ? "(empty)" : s(a.hookUrl), a.optionsFile.isEmpty() ? "(none)" : s(a.optionsFile),
               a.timeoutSeconds, a.retries, logFile.isEmpty() ? "stderr" : s(logFile));

    // Token and URL: the arguments first, then the env file.
    QString token = a.apiKey, url = a.hookUrl;
    Config::LoadOptions lo;
    lo.mode = Config::Mode::Tool;
    const QString sidecar = sidecarEnvFileFor(program);
    if (qEnvironmentVariableIsEmpty("EOS_ENV_FILE") && QFileInfo::exists(sidecar)) lo.explicitFile = sidecar;
    QString caFile;
    if (token.isEmpty() || url.isEmpty()) {
        auto cfg = Config::load(lo, &error);
        if (!cfg) {
            log->error("configuration: {}", s(error));
            return kExitBadArguments;
        }
        Logging::addSecrets(cfg->secretValues());
        for (const auto &w : cfg->warnings()) log->debug("configuration: {}", s(w));
        const QString source = cfg->sourceFile().isEmpty() ? QStringLiteral("the environment (no env file found)")
                                                           : cfg->sourceFile();
        if (token.isEmpty()) token = cfg->value(QStringLiteral("WEBHOOK_AUTH_TOKEN"));
        if (url.isEmpty()) {
            url = cfg->isSet(QStringLiteral("EOS_HOOK_URL")) ? cfg->value(QStringLiteral("EOS_HOOK_URL")) : defaultHookUrl(*cfg);
        }
        log->debug("settings not given as arguments taken from {}: hook_url={} token={}", s(source), s(url),
                   token.isEmpty() ? "(unset)" : "***");
        if (token.isEmpty()) {
            log->error("no token: api_key is empty and WEBHOOK_AUTH_TOKEN is not set in {}; put the listener's "
                       "token in <api_key> of the <integration> block",
                       s(source));
            return kExitBadArguments;
        }
        Logging::addSecrets({token});
        caFile = cfg->value(QStringLiteral("EOS_TLS_CERT"));
    } else if (url.startsWith(QLatin1String("https:"), Qt::CaseInsensitive)) {
        // https with everything given as arguments: the env file may still name the listener's certificate
        if (auto cfg = Config::load(lo, &error)) {
            Logging::addSecrets(cfg->secretValues());
            caFile = cfg->value(QStringLiteral("EOS_TLS_CERT"));
        } else {
            log->debug("env file not used: {}", s(error));
        }
    }
    if (!validUrl(url, &error)) {
        log->error("{}", s(error));
        return kExitBadArguments;
    }
    if (!url.startsWith(QLatin1String("https:"), Qt::CaseInsensitive)) caFile.clear();
    if (!caFile.isEmpty() && !QFileInfo(caFile).isReadable()) {
        log->warn("EOS_TLS_CERT {} is not readable by this user; trusting only the system's CAs", s(caFile));
        caFile.clear();
    }
    if (!caFile.isEmpty()) log->debug("trusting {} besides the system's CAs", s(caFile));

    QByteArray body;
    if (a.action == ForwardArgs::Action::Test) {
        body = ForwardPayload::sampleAlert();
    } else {
        ForwardPayload payload;
        switch (payload.load(a.alertFile, a.optionsFile, &error)) {
        case ForwardPayload::Error::Unreadable: log->error("{}", s(error)); return kExitUnreadable;
        case ForwardPayload::Error::BadJson: log->error("{}", s(error)); return kExitBadJson;
        case ForwardPayload::Error::None: break;
        }
        if (payload.optionKeysMerged() > 0) log->debug("merged {} option key(s) into the alert", payload.optionKeysMerged());
        body = payload.body();
    }

    HttpPoster poster(a.timeoutSeconds, a.retries, log);
    poster.setExtraCaFile(caFile);
    const auto r = poster.post(url, body, token);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    if (a.action == ForwardArgs::Action::Test) {
        std::printf("POST %s -> %s (%d attempt%s, %lld ms)\n", url.toUtf8().constData(),
                    r.status ? QByteArray::number(static_cast<qlonglong>(r.status)).constData() : "no reply",
                    r.attempts, r.attempts == 1 ? "" : "s", static_cast<long long>(ms));
        if (!r.replyBody.isEmpty()) std::printf("%s\n", Logging::redact(QString::fromUtf8(r.replyBody)).toUtf8().constData());
        std::fflush(stdout);
    }
    switch (r.outcome) {
    case HttpPoster::Outcome::Sent:
        log->debug("sent: HTTP {} in {} ms ({} attempt(s))", r.status, ms, r.attempts);
        return kExitSent;
    case HttpPoster::Outcome::Rejected: log->error("{}", s(r.error)); return kExitRejected;
    case HttpPoster::Outcome::Failed: log->error("send failed: {}", s(r.error)); return kExitSendFailed;
    }
    return kExitSendFailed;
}

}  // namespace eos::forward
