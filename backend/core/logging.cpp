#include "core/logging.h"

#include <QtGlobal>

#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <QDateTime>

#include <chrono>
#include <cstdio>
#include <deque>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace eos {
namespace {

std::shared_mutex g_secretsMutex;
std::vector<std::string> g_secrets;

std::string redactStd(std::string line)
{
    std::shared_lock lock(g_secretsMutex);
    for (const auto &secret : g_secrets) {
        for (size_t pos = line.find(secret); pos != std::string::npos; pos = line.find(secret, pos + 3))
            line.replace(pos, secret.size(), "***");
    }
    return line;
}

int syslogPriority(spdlog::level::level_enum l)
{
    switch (l) {
    case spdlog::level::trace:
    case spdlog::level::debug: return 7;
    case spdlog::level::info: return 6;
    case spdlog::level::warn: return 4;
    case spdlog::level::err: return 3;
    case spdlog::level::critical: return 2;
    default: return 6;
    }
}

class RedactingSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    bool journal = false;
    std::FILE *mirror = nullptr;
    static constexpr size_t kRecentErrors = 20;
    std::deque<std::pair<qint64, std::string>> recent;  // (epoch seconds, "subsystem: text"), guarded by mutex_

    std::vector<std::pair<qint64, std::string>> recentErrors()
    {
        std::lock_guard lock(mutex_);
        return {recent.begin(), recent.end()};
    }

protected:
    void sink_it_(const spdlog::details::log_msg &msg) override
    {
        std::string text(msg.payload.data(), msg.payload.size());
        std::string line;
        if (journal) {
            line = "<" + std::to_string(syslogPriority(msg.level)) + ">" + std::string(msg.logger_name.data(), msg.logger_name.size()) + ": " + text;
        } else {
            spdlog::memory_buf_t buf;
            formatter_->format(msg, buf);
            line.assign(buf.data(), buf.size());
            if (!line.empty() && line.back() == '\n') line.pop_back();
        }
        // never let a line break forge another log record
        for (auto &c : line)
            if (c == '\n' || c == '\r') c = ' ';
        line = redactStd(std::move(line));
        if (msg.level >= spdlog::level::err) {
            // eos-console status shows a daemon's last errors (stored with its heartbeat)
            std::string entry = std::string(msg.logger_name.data(), msg.logger_name.size()) + ": " + redactStd(text);
            for (auto &c : entry)
                if (c == '\n' || c == '\r') c = ' ';
            const auto secs = std::chrono::duration_cast<std::chrono::seconds>(msg.time.time_since_epoch()).count();
            recent.push_back({qint64(secs), std::move(entry)});
            if (recent.size() > kRecentErrors) recent.pop_front();
        }
        line.push_back('\n');
        std::fwrite(line.data(), 1, line.size(), stderr);
        if (mirror) {
            std::fwrite(line.data(), 1, line.size(), mirror);
            std::fflush(mirror);
        }
    }
    void flush_() override { std::fflush(stderr); }
};

std::shared_ptr<RedactingSink> g_sink;
std::mutex g_initMutex;
spdlog::level::level_enum g_level = spdlog::level::info;

void qtMessageHandler(QtMsgType type, const QMessageLogContext &ctx, const QString &msg)
{
    auto logger = Logging::get("qt");
    const std::string text = ctx.category && qstrcmp(ctx.category, "default") != 0
                                 ? std::string(ctx.category) + ": " + msg.toStdString()
                                 : msg.toStdString();
    switch (type) {
    case QtDebugMsg: logger->debug(text); break;
    case QtInfoMsg: logger->info(text); break;
    case QtWarningMsg: logger->warn(text); break;
    case QtCriticalMsg: logger->error(text); break;
    case QtFatalMsg: logger->critical(text); logger->flush(); break;
    }
}

}  // namespace

Logging::Format Logging::parseFormat(const QString &text)
{
    if (text == QLatin1String("journal")) return Format::Journal;
    if (text == QLatin1String("text")) return Format::Text;
    return Format::Auto;
}

void Logging::init(const QString &level, Format format)
{
    std::unique_lock lock(g_initMutex);
    if (!g_sink) {
        g_sink = std::make_shared<RedactingSink>();
        g_sink->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v");
    }
    g_sink->journal = format == Format::Journal || (format == Format::Auto && qEnvironmentVariableIsSet("JOURNAL_STREAM"));
    g_level = spdlog::level::from_str(level.toLower().toStdString());
    if (level.compare(QLatin1String("warning"), Qt::CaseInsensitive) == 0) g_level = spdlog::level::warn;
    // spdlog maps an unknown name to "off": a typo must not silence every error
    const bool badLevel = g_level == spdlog::level::off && level.compare(QLatin1String("off"), Qt::CaseInsensitive) != 0;
    if (badLevel) g_level = spdlog::level::info;
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger> &l) { l->set_level(g_level); });
    qInstallMessageHandler(qtMessageHandler);
    if (badLevel) {
        lock.unlock();  // get() takes the lock
        Logging::get("config")->warn("EOS_LOG_LEVEL={} is not a level (trace, debug, info, warn, error, critical, off); using info",
                                     level.toStdString());
    }
}

std::shared_ptr<spdlog::logger> Logging::get(const std::string &subsystem)
{
    if (!g_sink) init();
    std::lock_guard lock(g_initMutex);
    if (auto existing = spdlog::get(subsystem)) return existing;
    auto logger = std::make_shared<spdlog::logger>(subsystem, g_sink);
    logger->set_level(g_level);
    logger->flush_on(spdlog::level::warn);
    spdlog::register_logger(logger);
    return logger;
}

void Logging::addSecrets(const QStringList &secrets)
{
    std::unique_lock lock(g_secretsMutex);
    for (const auto &s : secrets) {
        if (s.size() < 4) continue;  // too short to redact without mangling ordinary text
        const std::string v = s.toStdString();
        if (std::find(g_secrets.begin(), g_secrets.end(), v) == g_secrets.end()) g_secrets.push_back(v);
    }
    // longest first, so a secret that contains another is replaced whole
    std::sort(g_secrets.begin(), g_secrets.end(), [](const auto &a, const auto &b) { return a.size() > b.size(); });
}

QString Logging::redact(const QString &text) { return QString::fromStdString(redactStd(text.toStdString())); }

QList<Logging::RecentError> Logging::recentErrors()
{
    if (!g_sink) return {};
    QList<RecentError> out;
    for (auto &[secs, text] : g_sink->recentErrors())
        out.append({QDateTime::fromSecsSinceEpoch(secs, Qt::UTC), QString::fromStdString(text)});
    return out;
}

void Logging::setMirrorFile(const QString &path)
{
    if (!g_sink) init();
    std::lock_guard lock(g_initMutex);
    g_sink->mirror = std::fopen(path.toLocal8Bit().constData(), "a");
}

}  // namespace eos
