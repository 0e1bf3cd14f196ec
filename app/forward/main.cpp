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
// No QCoreApplication: nothing here needs an event loop, and it runs once per alert, so start-up counts.
#include "forward_app.h"

#include <QString>
#include <QStringList>

int main(int argc, char **argv)
{
    QStringList args;
    args.reserve(argc);
    for (int i = 1; i < argc; ++i) args.append(QString::fromLocal8Bit(argv[i]));
    eos::forward::ForwardApp app;
    return app.run(argc > 0 ? QString::fromLocal8Bit(argv[0]) : QString(), args);
}
