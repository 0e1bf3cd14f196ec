// eos-forward: Wazuh integratord custom integration that forwards one alert to the Eos listener.
//
// Install as /var/ossec/integrations/custom-eos (root:wazuh, mode 750); ossec.conf snippet and steps in
// installer/ossec-integration.xml. integratord runs it once per alert, without a shell:
//   custom-eos ALERT_FILE API_KEY HOOK_URL [debug] [OPTIONS_FILE] [TIMEOUT] [RETRIES] ["> /dev/null 2>&1"]
//
// Exit codes (also in --help):
//   0  sent: the listener answered 2xx
//   1  bad arguments or configuration (no token, bad URL, unreadable env file)
//   2  the alert file or the options file cannot be read
//   3  bad JSON in the alert file or the options file (or alert_format is not json)
//   4  send failed after all retries (network error, timeout, 408, 429 or 5xx)
//   5  rejected by the listener (other 4xx, e.g. 401 wrong token; or a redirect)
//
// Plain C++, libcurl and (header-only) nlohmann/json: no Qt, no spdlog. integratord runs it once per
// alert, one after another, so its start-up is the ceiling of that path (figures in bench/ingest).
#include "forward_app.h"

#include <string>
#include <vector>

int main(int argc, char **argv)
{
    std::vector<std::string> args;
    args.reserve(size_t(argc > 0 ? argc : 0));
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    eos::forward::ForwardApp app;
    return app.run(argc > 0 ? std::string(argv[0]) : std::string(), args);
}
