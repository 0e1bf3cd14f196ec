// The body eos-forward sends: the alert integratord wrote (one JSON object per file), with the options
// object's top-level keys merged in the way Wazuh's slack.py does (`msg.update(options)`: a key of the
// options replaces the alert's key of the same name, new keys are added; nothing deeper is merged).
#pragma once

#include <QByteArray>
#include <QString>

namespace eos::forward {

class ForwardPayload {
public:
    enum class Error { None, Unreadable, BadJson };

    // Reads and checks the alert and, when optionsFile is not empty, the options. Without options the
    // alert's bytes are sent as written; with them the merged object is re-serialised (key order kept).
    Error load(const QString &alertFile, const QString &optionsFile, QString *error);

    QByteArray body() const { return m_body; }
    int optionKeysMerged() const { return m_optionKeys; }

    // A built-in Wazuh-shaped alert for --test: rule level 3, fresh id and timestamp (never a duplicate).
    static QByteArray sampleAlert();

    static constexpr qint64 kMaxFileBytes = 16 * 1024 * 1024;

private:
    QByteArray m_body;
    int m_optionKeys = 0;
};

}  // namespace eos::forward
