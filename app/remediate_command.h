// `eos-console remediate`: one remediation action from the command line, with the same checks, request
// and audit row as the console.
//   eos-console remediate --agent 001 --action restart
//   eos-console remediate --agent 001 --action ar --command firewall-drop600 --arg srcip=203.0.113.7
//                         [--alert ID] [--dry-run] [--yes] [--reason TEXT] [--config FILE]
// It prints exactly what it will send, asks for confirmation on the terminal unless --yes (without a
// terminal and without --yes it refuses), sends it, prints Wazuh's answer and writes the audit row
// (analyst: EOS_ANALYST or the OS user). With --alert and no --arg, the values are taken from the alert
// (validated as in the console). Exit codes: 0 done (or dry run), 1 the API refused or failed (its
// message on stderr), 2 usage or configuration error, 3 refused before sending (protected target,
// invalid value), 4 not confirmed, 5 the database (audit log) cannot be reached: nothing sent.
#pragma once

namespace eos {

class RemediateCommand {
public:
    enum Exit { Ok = 0, ApiFailed = 1, Usage = 2, Refused = 3, NotConfirmed = 4, NoDatabase = 5 };
    // argv[1] is "remediate". Creates its own QCoreApplication.
    static int run(int argc, char **argv);
};

}  // namespace eos
