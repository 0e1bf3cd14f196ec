// The body eos-forward sends: the alert integratord wrote (one JSON object per file), with the options
// object's top-level keys merged in the way Wazuh's slack.py does (`msg.update(options)`: a key of the
// options replaces the alert's key of the same name, new keys are added; nothing deeper is merged).
#pragma once

#include <cstdint>
#include <string>

namespace eos::forward {

class ForwardPayload {
public:
    enum class Error { None, Unreadable, BadJson };

    // Reads and checks the alert and, when optionsFile is not empty, the options. Without options the
    // alert's bytes are sent as written; with them the merged object is re-serialised (key order kept).
    Error load(const std::string &alertFile, const std::string &optionsFile, std::string *error);

    const std::string &body() const { return m_body; }
    int optionKeysMerged() const { return m_optionKeys; }

    // A built-in Wazuh-shaped alert for --test: rule level 3, fresh id and timestamp (never a duplicate).
    static std::string sampleAlert();

    static constexpr std::int64_t kMaxFileBytes = 16 * 1024 * 1024;
    static constexpr int kMaxDepth = 64;  // as the listener's parser (AlertParser::kMaxDepth)
    static bool nestedDeeperThan(const std::string &text, int maxDepth);

private:
    std::string m_body;
    int m_optionKeys = 0;
};

}  // namespace eos::forward
