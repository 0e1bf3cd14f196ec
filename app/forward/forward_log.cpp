#include "forward_log.h"

#include <algorithm>
#include <ctime>

#include <sys/time.h>
#include <unistd.h>

namespace eos::forward {

ForwardLog::~ForwardLog()
{
    if (m_mirror) std::fclose(m_mirror);
}

bool ForwardLog::mirrorTo(const std::string &path)
{
    std::FILE *f = std::fopen(path.c_str(), "a");
    if (!f) return false;
    if (m_mirror) std::fclose(m_mirror);
    m_mirror = f;
    return true;
}

void ForwardLog::addSecret(const std::string &secret)
{
    // very short values would blank out ordinary words: as the console's log, only from 4 characters
    if (secret.size() < 4) return;
    if (std::find(m_secrets.begin(), m_secrets.end(), secret) == m_secrets.end()) m_secrets.push_back(secret);
    // longest first, so a secret containing another is replaced whole
    std::sort(m_secrets.begin(), m_secrets.end(), [](const auto &a, const auto &b) { return a.size() > b.size(); });
}

std::string ForwardLog::redact(std::string text) const
{
    for (const auto &s : m_secrets) {
        for (size_t at = text.find(s); at != std::string::npos; at = text.find(s, at + 3)) text.replace(at, s.size(), "***");
    }
    return text;
}

void ForwardLog::write(Level level, const std::string &msg)
{
    if (level == Level::Debug && !m_debug) return;
    timeval tv{};
    ::gettimeofday(&tv, nullptr);
    std::tm tm{};
    ::localtime_r(&tv.tv_sec, &tm);
    char stamp[40];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm);
    const char *name = level == Level::Debug ? "debug" : level == Level::Warn ? "warning" : "error";
    char head[96];
    std::snprintf(head, sizeof head, "[%s.%03ld] [forward] [%s] ", stamp, long(tv.tv_usec / 1000), name);
    const std::string line = head + redact(msg) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
    if (m_mirror) {
        std::fwrite(line.data(), 1, line.size(), m_mirror);
        std::fflush(m_mirror);
    }
}

}  // namespace eos::forward
