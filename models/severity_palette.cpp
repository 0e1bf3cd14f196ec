#include "severity_palette.h"

namespace eos {

SeverityPalette::Severity SeverityPalette::severityOf(int level)
{
    if (level >= 12) return Severity::Critical;
    if (level >= 8) return Severity::High;
    if (level >= 5) return Severity::Medium;
    return Severity::Low;
}

QColor SeverityPalette::background(int level)
{
    switch (severityOf(level)) {
    case Severity::Low: return QColor(0x2e, 0xb8, 0x86);      // Slack "good"
    case Severity::Medium: return QColor(0xda, 0xa0, 0x38);   // Slack "warning"
    case Severity::High: return QColor(0xa3, 0x02, 0x00);     // Slack "danger"
    case Severity::Critical: return QColor(0x6f, 0x2d, 0xa8); // ≥12: purple, distinct from danger
    }
    return {};
}

QColor SeverityPalette::text(int level)
{
    return severityOf(level) == Severity::Medium ? QColor(Qt::black) : QColor(Qt::white);
}

}  // namespace eos
