// One row of the Live Alerts list: only what the table shows (Wireshark's packet_list_model keeps rows
// tiny too). Display strings are built lazily by AlertListModel::data(); the raw JSON is fetched on demand.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QVariant>

namespace eos {

struct AlertRow {
    qint64 id = 0;
    qint64 tsMs = 0;          // alert_ts as ms since the epoch (UTC); 0 = unknown
    qint64 tsUs = 0;          // alert_ts as µs since the epoch, exact (the sort's keyset)
    int level = 0;            // rule_level
    int ruleId = 0;
    QString ruleDesc;
    QString agentId;
    QString agentName;
    QString srcIp;
    QString groups;           // rule groups, comma separated
    QString mitre;            // MITRE technique ids, comma separated
    QString state;            // alert_state (pipeline stage)
    QString triageStatus;     // acknowledged, false_positive, escalated or empty
    QString assignedTo;       // empty = unassigned
    QString risk;             // llm_risk (low, medium, high, critical): the LLM triage's risk; empty = none yet
    QVariant sortValue;       // the sort key's value as the database orders it (AlertSort; null for time)
    qint64 arrivedMs = 0;     // live rows: when the row was inserted into the list (ms since the epoch); 0 = paged
};

using AlertRows = QList<AlertRow>;

}  // namespace eos

Q_DECLARE_METATYPE(eos::AlertRow)
Q_DECLARE_METATYPE(eos::AlertRows)
