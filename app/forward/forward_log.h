// eos-forward's log: plain stderr lines (and, with debug, the same lines appended to Wazuh's
// integrations.log), every registered secret replaced by ***. No spdlog, no Qt: eos-forward runs once
// per alert, and every shared library it loads is paid at every start (see README, "The integratord path").
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace eos::forward {

class ForwardLog {
public:
    enum class Level { Debug, Warn, Error };

    void setDebug(bool on) { m_debug = on; }
    bool debugEnabled() const { return m_debug; }
    // Also append every line to this file (integrations.log); false when it cannot be opened.
    bool mirrorTo(const std::string &path);
    void addSecret(const std::string &secret);
    std::string redact(std::string text) const;

    void debug(const std::string &msg) { write(Level::Debug, msg); }
    void warn(const std::string &msg) { write(Level::Warn, msg); }
    void error(const std::string &msg) { write(Level::Error, msg); }

    ~ForwardLog();

private:
    void write(Level level, const std::string &msg);

    bool m_debug = false;
    std::FILE *m_mirror = nullptr;
    std::vector<std::string> m_secrets;
};

}  // namespace eos::forward
