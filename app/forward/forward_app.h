// eos-forward's whole run: arguments → configuration → payload → POST → exit code (see exit_codes below
// and --help). Kept apart from main() so every step reports one clear line on stderr: integratord
// copies the last line of a failing integration's output into ossec.log.
#pragma once

#include <string>
#include <vector>

namespace eos::forward {

enum ExitCode : int {
    kExitSent = 0,          // the listener answered 2xx
    kExitBadArguments = 1,  // bad arguments or configuration
    kExitUnreadable = 2,    // alert or options file unreadable
    kExitBadJson = 3,       // alert or options file is not a JSON object
    kExitSendFailed = 4,    // network error / timeout / 408 / 429 / 5xx after all retries
    kExitRejected = 5,      // other 4xx (or a redirect)
};

class ForwardApp {
public:
    // program: argv[0] as run (integratord passes the integration's full path); args: argv[1..].
    int run(const std::string &program, const std::vector<std::string> &args);

    // <dir of program>/../logs/integrations.log, where Wazuh's own integration scripts log.
    static std::string integrationsLogFor(const std::string &program);
    // <program>.env next to the program (e.g. /var/ossec/integrations/custom-eos.env).
    static std::string sidecarEnvFileFor(const std::string &program);
};

}  // namespace eos::forward
