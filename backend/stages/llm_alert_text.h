// LlmAlertText: how an alert goes into the LLM's prompt and into the answer cache's key. The text is the
// alert's JSON, indented, with long strings (full_log, data.* payloads) cut step by step until the whole
// stays near LLM_MAX_ALERT_CHARS, and the whole cut there at last, each cut marked so the model and the
// analyst see something was left out. The cache key is the same for the same prompt preset, rule, agent
// and LLM_CACHE_FIELDS values (40 hex characters of a SHA-256), so alerts that differ only in fields the
// summary does not depend on share one answer.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace eos {

class LlmAlertText {
public:
    static QString text(const QJsonObject &alert, int maxChars);
    // fields: dotted paths into the alert (data.srcip, syscheck.path); a missing one counts as null
    static QString cacheKey(const QJsonObject &alert, const QString &agentId, const QStringList &fields, const QString &preset);
};

}  // namespace eos
