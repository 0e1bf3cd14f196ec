// The settings eos-forward takes from an env file and the environment, read the way the console's
// Config reads them (same file format, same search order for a tool, the environment over the file,
// KEY_FILE for secrets, a file with secrets that others may read is refused), in plain C++: only
// WEBHOOK_AUTH_TOKEN, EOS_HOOK_URL, LISTEN_ADDR, LISTEN_PORT, EOS_TLS_CERT and EOS_TLS_KEY matter here.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace eos::forward {

class ForwardEnv {
public:
    // explicitFile: read this file (the sidecar <program>.env); empty: $EOS_ENV_FILE, /etc/eos/eos.env,
    // $XDG_CONFIG_HOME/eos/eos.env (~/.config/eos/eos.env). Only a file named explicitly (or by
    // EOS_ENV_FILE) must exist.
    static std::optional<ForwardEnv> load(const std::string &explicitFile, std::string *error);

    // KEY=VALUE text as the console reads it: comments, `export `, quotes, a trailing " # comment".
    static std::map<std::string, std::string> parse(const std::string &text, std::vector<std::string> *warnings = nullptr);

    std::string value(const std::string &key) const;  // "" when unset (defaults: LISTEN_ADDR, LISTEN_PORT)
    bool isSet(const std::string &key) const;
    const std::string &sourceFile() const { return m_source; }
    const std::vector<std::string> &warnings() const { return m_warnings; }
    std::vector<std::string> secretValues() const;

private:
    std::map<std::string, std::string> m_values;
    std::string m_source;
    std::vector<std::string> m_warnings;
};

}  // namespace eos::forward
