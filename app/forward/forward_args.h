// eos-forward's command line, in every form Wazuh's integratord uses (4.x):
//   4.5-4.6: alert_file api_key hook_url [debug]
//   4.7:     alert_file api_key hook_url debug|"" [options_file|""]
//   4.8+:    alert_file api_key hook_url debug|"" options_file|"" timeout retries
// When debug is off integratord appends the literal "> /dev/null 2>&1" (it runs the program without a shell,
// so the redirection arrives as an argument, alone or glued to the last field). Empty fields are empty
// strings. Besides those, eos-forward's own options: --help, --version, --test [HOOK_URL [API_KEY]].
#pragma once

#include <string>
#include <vector>

namespace eos::forward {

class ForwardArgs {
public:
    enum class Action { Forward, Test, Help, Version };

    Action action = Action::Forward;
    std::string alertFile;
    std::string apiKey;       // empty: WEBHOOK_AUTH_TOKEN from the env file
    std::string hookUrl;      // empty: EOS_HOOK_URL, else http://LISTEN_ADDR:LISTEN_PORT/wazuh_alert
    std::string optionsFile;  // empty: no options
    bool debug = false;
    int timeoutSeconds = 10;
    int retries = 3;

    static constexpr int kMaxTimeoutSeconds = 600;
    static constexpr int kMaxRetries = 20;

    // Parses argv[1..]. On bad arguments returns false with *error saying what is wrong.
    bool parse(const std::vector<std::string> &args, std::string *error);

    static std::string usage();
};

}  // namespace eos::forward
