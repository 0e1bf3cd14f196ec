#include "forward_payload.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace eos::forward {
namespace {

using Json = nlohmann::ordered_json;  // keeps the alert's key order, as Python's dict does

bool readSmallFile(const std::string &path, const char *what, std::string *out, std::string *error)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || ::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        const int e = fd < 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : errno;
        if (fd >= 0) ::close(fd);
        *error = std::string("cannot read the ") + what + " file " + path + ": " + std::strerror(e);
        return false;
    }
    if (st.st_size > ForwardPayload::kMaxFileBytes) {
        ::close(fd);
        *error = std::string("the ") + what + " file " + path + " is " + std::to_string(st.st_size) + " bytes; more than the " +
                 std::to_string(ForwardPayload::kMaxFileBytes) + " accepted";
        return false;
    }
    out->clear();
    out->reserve(size_t(st.st_size));
    char buf[65536];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out->append(buf, size_t(n));
    ::close(fd);
    return true;
}

std::string trimmed(const std::string &s)
{
    const auto b = s.find_first_not_of(" \t\r\n\f\v");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n\f\v");
    return s.substr(b, e - b + 1);
}

bool parseObject(const std::string &text, const char *what, const std::string &path, Json *out, std::string *error)
{
    if (ForwardPayload::nestedDeeperThan(text, ForwardPayload::kMaxDepth)) {
        *error = std::string("the ") + what + " file " + path + " nests JSON deeper than " + std::to_string(ForwardPayload::kMaxDepth) +
                 " levels";
        return false;
    }
    try {
        *out = Json::parse(text);
    } catch (const Json::parse_error &e) {
        *error = std::string("the ") + what + " file " + path + " is not valid JSON (byte " + std::to_string(e.byte) + "): " + e.what();
        return false;
    }
    if (!out->is_object()) {
        *error = std::string("the ") + what + " file " + path + " holds JSON " + out->type_name() + ", not an object";
        return false;
    }
    return true;
}

}  // namespace

bool ForwardPayload::nestedDeeperThan(const std::string &text, int maxDepth)
{
    int depth = 0;
    bool inString = false, escaped = false;
    for (const char c : text) {
        if (inString) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > maxDepth) return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

ForwardPayload::Error ForwardPayload::load(const std::string &alertFile, const std::string &optionsFile, std::string *error)
{
    m_body.clear();
    m_optionKeys = 0;

    std::string alertText;
    if (!readSmallFile(alertFile, "alert", &alertText, error)) return Error::Unreadable;
    std::string optionsText;
    if (!optionsFile.empty() && !readSmallFile(optionsFile, "options", &optionsText, error)) return Error::Unreadable;

    if (trimmed(alertText).rfind("alertdate=", 0) == 0) {
        *error = "the alert file " + alertFile +
                 " is in integratord's plain-text format; set <alert_format>json</alert_format> in the <integration> block";
        return Error::BadJson;
    }
    Json alert;
    if (!parseObject(alertText, "alert", alertFile, &alert, error)) return Error::BadJson;

    // An empty options file means no options (integratord writes <options> as given).
    if (trimmed(optionsText).empty()) {
        m_body = trimmed(alertText);
        return Error::None;
    }
    Json options;
    if (!parseObject(optionsText, "options", optionsFile, &options, error)) return Error::BadJson;
    if (options.empty()) {
        m_body = trimmed(alertText);
        return Error::None;
    }
    for (auto it = options.begin(); it != options.end(); ++it) {
        alert[it.key()] = it.value();
        ++m_optionKeys;
    }
    m_body = alert.dump(-1, ' ', false, Json::error_handler_t::replace);
    return Error::None;
}

std::string ForwardPayload::sampleAlert()
{
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t secs = std::time_t(ms / 1000);
    std::tm tm{};
    ::gmtime_r(&secs, &tm);
    char stamp[64];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    char full[96];
    std::snprintf(full, sizeof full, "%s.%03d+0000", stamp, int(ms % 1000));
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) != 0) std::strcpy(host, "localhost");
    std::random_device rd;
    const unsigned seq = rd() % 1000000u;
    Json a;
    a["timestamp"] = full;
    a["rule"] = {{"level", 3},
                 {"description", "Eos forward test alert (eos-forward --test)"},
                 {"id", "100001"},
                 {"firedtimes", 1},
                 {"mail", false},
                 {"groups", {"eos", "eos_forward_test"}}};
    a["agent"] = {{"id", "000"}, {"name", host}};
    a["manager"] = {{"name", host}};
    a["id"] = std::to_string(secs) + "." + std::to_string(seq);
    a["full_log"] = "eos-forward --test: sample alert sent by hand to check the integration path";
    a["decoder"] = {{"name", "eos-forward"}};
    a["location"] = "eos-forward";
    return a.dump();
}

}  // namespace eos::forward
