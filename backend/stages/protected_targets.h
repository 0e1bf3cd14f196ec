// EOS_PROTECTED: agents and addresses no remediation ever acts on, checked before an action is even
// offered (console), before the confirmation (command line) and before a policy acts. A comma or space
// separated list of agent ids ("000", "001"), agent names ("name:dc01"), accounts ("user:root"), IP
// addresses and CIDR ranges ("10.0.0.0/8", "2001:db8::/32"). The default protects the manager's own agent
// (000) and the root account.
#pragma once

#include "core/config.h"

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace eos {

class ProtectedTargets {
public:
    ProtectedTargets() = default;
    // Entries that are none of the above go to *warnings (and are ignored).
    static ProtectedTargets parse(const QString &text, QStringList *warnings = nullptr);
    static ProtectedTargets fromConfig(const Config &config, QStringList *warnings = nullptr);

    // Why the agent is protected ("agent 000 is in EOS_PROTECTED"), or empty.
    QString protectsAgent(const QString &agentId, const QString &agentName = {}) const;
    // Why the address is protected ("203.0.113.7 is in EOS_PROTECTED (203.0.113.0/24)"), or empty.
    QString protectsAddress(const QString &address) const;
    // Why the account is protected, or empty (case-sensitive, as account names are).
    QString protectsUser(const QString &user) const;
    bool isEmpty() const { return m_agentIds.isEmpty() && m_agentNames.isEmpty() && m_users.isEmpty() && m_ranges.isEmpty(); }

private:
    QStringList m_agentIds;
    QStringList m_agentNames;  // lower case
    QStringList m_users;
    QList<QPair<QHostAddress, int>> m_ranges;
    QStringList m_rangeTexts;
};

}  // namespace eos
