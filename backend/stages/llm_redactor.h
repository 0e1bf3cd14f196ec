// LlmRedactor: removes secrets from alert text before it is sent to an LLM. Alert content is
// attacker-controlled and often carries credentials by accident (a password on a command line, a token
// in a URL, an Authorization header in a web log). Built-in patterns cover the common shapes; more come
// from LLM_REDACT_PATTERNS (regular expressions separated by ";;"), and the values of Eos' own secret
// keys are always removed. A pattern with a capture group "v" (?<v>…) replaces only that group, otherwise
// the whole match; the replacement is "[REDACTED]".
#pragma once

#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <vector>

namespace eos {

class LlmRedactor {
public:
    // extraPatterns: LLM_REDACT_PATTERNS split on ";;" (bad expressions go to *warnings and are skipped);
    // literals: exact values to remove (configured secrets).
    explicit LlmRedactor(const QStringList &extraPatterns = {}, const QStringList &literals = {},
                         QStringList *warnings = nullptr);
    static QStringList splitPatterns(const QString &configValue);

    // The text with every secret replaced; *count (if given) gets the number of replacements.
    QString redact(const QString &text, int *count = nullptr) const;

    static QString marker() { return QStringLiteral("[REDACTED]"); }

private:
    std::vector<QRegularExpression> m_patterns;
    QStringList m_literals;
};

}  // namespace eos
