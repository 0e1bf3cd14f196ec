// eos-console check (and eos-daemon check): runs DependencyCheck and prints one line per dependency with
// what it found and how to fix it; --json for scripts, --llm to also send one one-token LLM request.
// Exit code 0 only when nothing failed (warnings pass), 1 when something failed, 2 usage/configuration.
#pragma once

#include <QString>

namespace eos {

class CheckCommand {
public:
    enum Exit { Ok = 0, Failed = 1, Usage = 2 };
    static int run(int argc, char **argv, const QString &program);
};

}  // namespace eos
