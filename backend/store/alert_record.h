// One validated Wazuh alert, ready to store: its canonical JSON, dedup hash and the columns
// analysts filter on. Built by AlertParser; consumed by the ingest writer and the spool.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace eos {

struct AlertRecord {
    QByteArray canonicalJson;  // keys sorted at every level, no insignificant whitespace
    QString hash;              // lowercase hex SHA-256 of canonicalJson (alerts.alert_hash)
    QString agentId;           // agent.id (required)
    QString agentName;
    QString agentIp;
    int ruleId = 0;            // rule.id as a number (0 when not numeric)
    int ruleLevel = 0;         // rule.level (required)
    QString ruleDesc;
    QString timestamp;         // ISO 8601 with offset, normalised; empty when missing or unparsable
    QStringList groups;        // rule.groups
    QString srcIp;             // data.srcip
    QStringList mitreIds;      // rule.mitre.id
    QString location;
};

}  // namespace eos
