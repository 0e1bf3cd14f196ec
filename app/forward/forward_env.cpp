#include "forward_env.h"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace eos::forward {
namespace {

const char *const kKeys[] = {"WEBHOOK_AUTH_TOKEN", "EOS_HOOK_URL", "LISTEN_ADDR", "LISTEN_PORT", "EOS_TLS_CERT", "EOS_TLS_KEY"};
const char *const kSecrets[] = {"WEBHOOK_AUTH_TOKEN"};

bool isKey(const std::string &k)
{
    for (const char *n : kKeys)
        if (k == n) return true;
    return false;
}

std::string trim(const std::string &s)
{
    const auto b = s.find_first_not_of(" \t\r\n\f\v");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n\f\v");
    return s.substr(b, e - b + 1);
}

void replaceAll(std::string &s, const std::string &from, const std::string &to)
{
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

std::string unquote(std::string v)
{
    v = trim(v);
    if (v.size() >= 2 && ((v.front() == '"' && v.back() == '"') || (v.front() == '\'' && v.back() == '\''))) {
        const bool dbl = v.front() == '"';
        v = v.substr(1, v.size() - 2);
        if (dbl) {
            replaceAll(v, "\\n", "\n");
            replaceAll(v, "\\\"", "\"");
            replaceAll(v, "\\\\", "\\");
        }
        return v;
    }
    const auto hash = v.find(" #");
    if (hash != std::string::npos) v = trim(v.substr(0, hash));
    return v;
}

bool validKey(const std::string &k)
{
    if (k.empty() || !(std::isalpha(static_cast<unsigned char>(k[0])) || k[0] == '_')) return false;
    for (char c : k)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    return true;
}

bool exists(const std::string &path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

std::string modeText(mode_t m)
{
    char b[8];
    std::snprintf(b, sizeof b, "%04o", unsigned(m & 0777));
    return b;
}

// Reads a whole small file through one descriptor (permissions checked on the same file).
bool readFile(const std::string &path, std::string *out, struct stat *st, std::string *error)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = "cannot read " + path + ": " + std::strerror(errno);
        return false;
    }
    if (::fstat(fd, st) != 0) {
        *error = "cannot read " + path + ": " + std::strerror(errno);
        ::close(fd);
        return false;
    }
    out->clear();
    char buf[8192];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) {
        out->append(buf, size_t(n));
        if (out->size() > (1u << 20)) break;  // env files are small
    }
    ::close(fd);
    return true;
}

}  // namespace

std::map<std::string, std::string> ForwardEnv::parse(const std::string &text, std::vector<std::string> *warnings)
{
    std::map<std::string, std::string> out;
    std::istringstream in(text);
    std::string raw;
    int lineNo = 0;
    while (std::getline(in, raw)) {
        ++lineNo;
        std::string line = trim(raw);
        if (line.empty() || line[0] == '#') continue;
        if (line.rfind("export ", 0) == 0) line = trim(line.substr(7));
        const auto eq = line.find('=');
        const std::string key = eq != std::string::npos && eq > 0 ? trim(line.substr(0, eq)) : std::string();
        if (eq == std::string::npos || eq == 0 || !validKey(key)) {
            if (warnings) warnings->push_back("line " + std::to_string(lineNo) + ": ignored a line that is not KEY=VALUE");
            continue;
        }
        out[key] = unquote(line.substr(eq + 1));
    }
    return out;
}

std::optional<ForwardEnv> ForwardEnv::load(const std::string &explicitFile, std::string *error)
{
    ForwardEnv env;
    std::string file = explicitFile;
    bool named = !file.empty();
    const char *envFile = std::getenv("EOS_ENV_FILE");
    if (!named && envFile && *envFile) {
        file = envFile;
        named = true;
    }
    if (!named) {
        if (exists("/etc/eos/eos.env")) {
            file = "/etc/eos/eos.env";
        } else {
            const char *xdg = std::getenv("XDG_CONFIG_HOME");
            const char *home = std::getenv("HOME");
            std::string base = xdg && *xdg ? xdg : std::string(home ? home : "") + "/.config";
            if (exists(base + "/eos/eos.env")) file = base + "/eos/eos.env";
        }
    }
    std::map<std::string, std::string> fromFile;
    if (!file.empty()) {
        std::string text, err;
        struct stat st {};
        if (!readFile(file, &text, &st, &err)) {
            if (named) {
                *error = "cannot read the configuration file " + file + ": " + err.substr(err.find(": ") + 2);
                return std::nullopt;
            }
        } else {
            char real[PATH_MAX];
            env.m_source = ::realpath(file.c_str(), real) ? real : file;
            fromFile = parse(text, &env.m_warnings);
            bool holdsSecret = false;
            for (const char *k : kSecrets) {
                const auto it = fromFile.find(k);
                if (it != fromFile.end() && !it->second.empty()) holdsSecret = true;
            }
            if (holdsSecret && (st.st_mode & 077) != 0) {
                *error = "the configuration file " + env.m_source + " holds secrets but its permissions " + modeText(st.st_mode) +
                         " let group or others read it; refusing to start. Fix it with: chmod 600 " + env.m_source;
                return std::nullopt;
            }
        }
    }
    // the environment over the file; KEY in one layer hides KEY_FILE of the other and the other way round
    std::map<std::string, std::string> merged;
    for (const auto &[k, v] : fromFile)
        if (isKey(k) || (k.size() > 5 && k.compare(k.size() - 5, 5, "_FILE") == 0)) merged[k] = v;
    for (const char *k : kKeys) {
        const char *v = std::getenv(k);
        const std::string fk = std::string(k) + "_FILE";
        const char *fv = std::getenv(fk.c_str());
        const bool secret = std::strcmp(k, "WEBHOOK_AUTH_TOKEN") == 0;
        if (v) {
            merged[k] = v;
            if (secret && !fv) merged.erase(fk);
        }
        if (secret && fv) {
            merged[fk] = fv;
            if (!v) merged.erase(k);
        }
    }
    for (const char *k : kSecrets) {
        const std::string fk = std::string(k) + "_FILE";
        const auto f = merged.find(fk);
        if (f == merged.end()) continue;
        if (merged.count(k)) {
            *error = std::string("both ") + k + " and " + fk + " are set; set only one of them";
            return std::nullopt;
        }
        std::string text, err;
        struct stat st {};
        if (!readFile(f->second, &text, &st, &err)) {
            *error = fk + ": " + err;
            return std::nullopt;
        }
        if ((st.st_mode & 007) != 0) {
            *error = fk + ": " + f->second + " holds a secret but its permissions " + modeText(st.st_mode) +
                     " let others read it; refusing to start. Fix it with: chmod o-rwx " + f->second;
            return std::nullopt;
        }
        if (text.size() > 64 * 1024) text.resize(64 * 1024);
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
        merged.erase(f);
        merged[k] = text;
    }
    for (const auto &[k, v] : merged)
        if (isKey(k)) env.m_values[k] = v;
    return env;
}

std::string ForwardEnv::value(const std::string &key) const
{
    const auto it = m_values.find(key);
    if (it != m_values.end() && !it->second.empty()) return it->second;
    if (key == "LISTEN_ADDR") return "127.0.0.1";
    if (key == "LISTEN_PORT") return "9000";
    return {};
}

bool ForwardEnv::isSet(const std::string &key) const
{
    const auto it = m_values.find(key);
    return it != m_values.end() && !it->second.empty();
}

std::vector<std::string> ForwardEnv::secretValues() const
{
    std::vector<std::string> out;
    for (const char *k : kSecrets)
        if (isSet(k)) out.push_back(value(k));
    return out;
}

}  // namespace eos::forward
