#include "stages/llm_redactor.h"

#include <algorithm>

namespace eos {
namespace {

// Values end at whitespace, quotes, '&', ',' or ';' (JSON-escaped quotes included).
const char *const kBuiltIn[] = {
    // key=value and key: value for secret-looking keys (command lines, query strings, JSON-ish logs)
    R"((?i)(?<![a-z])(?:pass(?:word|wd)?|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|client[_-]?secret|auth)\\?["']?\s*[=:]\s*\\?["']?(?<v>[^\s"'&,;\\]{1,200}))",
    // Authorization headers
    R"((?i)\b(?:bearer|basic)\s+(?<v>[A-Za-z0-9._~+/=-]{8,}))",
    // credentials in URLs: scheme://user:password@host
    R"((?i)\b[a-z][a-z0-9+.-]*://[^/\s:@"']+:(?<v>[^@\s/"']+)@)",
    // command-line password options: -p secret, -pSecret (mysql), --password secret, -P secret (sshpass)
    R"((?:^|\s)(?:--password|--passwd|-p|-P)(?:\s+|(?=[^\s-]))(?<v>[^\s"'-][^\s"']{2,}))",
    // JSON Web Tokens
    R"(\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})",
    // AWS access key ids, GitHub and Slack tokens, private key blocks
    R"(\b(?:AKIA|ASIA)[A-Z0-9]{16}\b)",
    R"(\bgh[pousr]_[A-Za-z0-9]{30,}\b)",
    R"(\bxox[abposr]-[A-Za-z0-9-]{10,})",
    R"(-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----)",
};

}  // namespace

QStringList LlmRedactor::splitPatterns(const QString &configValue)
{
    QStringList out;
    for (const QString &p : configValue.split(QStringLiteral(";;"), Qt::SkipEmptyParts))
        if (!p.trimmed().isEmpty()) out << p.trimmed();
    return out;
}

LlmRedactor::LlmRedactor(const QStringList &extraPatterns, const QStringList &literals, QStringList *warnings)
{
    for (const char *p : kBuiltIn) m_patterns.emplace_back(QString::fromLatin1(p));
    for (const QString &p : extraPatterns) {
        QRegularExpression re(p);
        if (!re.isValid()) {
            if (warnings) *warnings << QStringLiteral("LLM_REDACT_PATTERNS: %1: %2").arg(p, re.errorString());
            continue;
        }
        m_patterns.push_back(std::move(re));
    }
    for (const QString &l : literals)
        if (l.size() >= 4) m_literals << l;
    // longest first, so a secret that contains another is removed whole
    std::sort(m_literals.begin(), m_literals.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

QString LlmRedactor::redact(const QString &text, int *count) const
{
    QString out = text;
    int n = 0;
    for (const QString &l : m_literals) {
        const auto c = out.count(l);
        if (c == 0) continue;
        out.replace(l, marker());
        n += int(c);
    }
    for (const QRegularExpression &re : m_patterns) {
        const bool hasGroup = re.namedCaptureGroups().contains(QStringLiteral("v"));
        QString next;
        qsizetype pos = 0;
        auto it = re.globalMatch(out);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            const qsizetype start = hasGroup ? m.capturedStart(QStringLiteral("v")) : m.capturedStart();
            const qsizetype end = hasGroup ? m.capturedEnd(QStringLiteral("v")) : m.capturedEnd();
            if (start < pos || start < 0) continue;
            if (out.mid(start, end - start) == marker()) continue;
            next += out.mid(pos, start - pos) + marker();
            pos = end;
            ++n;
        }
        if (pos > 0) out = next + out.mid(pos);
    }
    if (count) *count = n;
    return out;
}

}  // namespace eos
