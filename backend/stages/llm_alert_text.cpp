#include "stages/llm_alert_text.h"

#include "core/json_path.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

namespace eos {
namespace {

// Cuts strings longer than `limit` characters, recursively.
QJsonValue cutStrings(const QJsonValue &v, int limit)
{
    if (v.isString()) {
        const QString s = v.toString();
        return s.size() > limit ? QJsonValue(s.left(limit) + QStringLiteral("…[cut %1 characters]").arg(s.size() - limit)) : v;
    }
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &x : v.toArray()) out.append(cutStrings(x, limit));
        return out;
    }
    if (v.isObject()) {
        QJsonObject out;
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) out.insert(it.key(), cutStrings(it.value(), limit));
        return out;
    }
    return v;
}

}  // namespace

QString LlmAlertText::cacheKey(const QJsonObject &alert, const QString &agentId, const QStringList &fields, const QString &preset)
{
    QJsonArray parts{preset, JsonPath::value(alert, QStringLiteral("rule.id")), agentId};
    for (const QString &f : fields) parts.append(JsonPath::value(alert, f));
    return QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(parts).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256).toHex().left(40));
}

QString LlmAlertText::text(const QJsonObject &alert, int maxChars)
{
    QByteArray text = QJsonDocument(alert).toJson(QJsonDocument::Indented);
    for (int limit = 2000; text.size() > maxChars && limit >= 100; limit /= 2)
        text = QJsonDocument(cutStrings(alert, limit).toObject()).toJson(QJsonDocument::Indented);
    QString out = QString::fromUtf8(text).trimmed();
    if (out.size() > maxChars) out = out.left(maxChars) + QStringLiteral("\n…[alert cut at %1 characters]").arg(maxChars);
    return out;
}

}  // namespace eos
