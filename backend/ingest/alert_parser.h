// Validates a Wazuh alert and builds its AlertRecord: canonical JSON and dedup hash.
//
// Dedup recipe (alerts.alert_hash): parse the alert as JSON; re-serialise it with object keys sorted
// (bytewise, at every level), no whitespace, strings as UTF-8 with only the escapes JSON requires,
// integers as plain decimals and other numbers in their shortest round-trip form (so 1.0, 1.00 and 1e0
// are one value: whole-valued floats print as integers); hex of SHA-256 over those bytes.
// The same alert re-sent with its keys in another order or with other spacing is a duplicate.
#pragma once

#include "store/alert_record.h"

#include <QByteArrayView>
#include <QString>

namespace eos {

class AlertParser {
public:
    enum class Error { None, BadJson, NotWazuh };
    // On failure *message says what is wrong (for a 400 body) and the return value names the kind.
    static Error parse(QByteArrayView json, AlertRecord *out, QString *message);
    // Canonical form of any JSON text (throws nothing; empty on bad JSON).
    static QByteArray canonicalize(QByteArrayView json);
    // Arrays and objects nested deeper than this are refused before parsing: a body of a few hundred
    // KB of "[[[[" would otherwise exhaust the stack of any recursive JSON walker. Wazuh nests ~6.
    static constexpr int kMaxDepth = 64;
    static bool nestedDeeperThan(QByteArrayView json, int maxDepth);
};

}  // namespace eos
