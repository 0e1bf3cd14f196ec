// Alert levels as analysts see them: Wazuh's Slack integration colours (slack.py: "good" for level ≤ 4,
// "warning" 5–7, "danger" ≥ 8) plus a distinct colour from level 12 on.
#pragma once

#include <QColor>

namespace eos {

class SeverityPalette {
public:
    enum class Severity { Low, Medium, High, Critical };  // ≤4, 5–7, 8–11, ≥12
    static Severity severityOf(int level);
    // good #2eb886, warning #daa038, danger #a30200; ≥12 purple #6f2da8.
    static QColor background(int level);
    static QColor text(int level);  // readable on background()
};

}  // namespace eos
