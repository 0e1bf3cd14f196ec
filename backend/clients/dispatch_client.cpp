#include "clients/dispatch_client.h"

#include "core/json_path.h"

namespace eos {

QString DispatchClient::str(const QJsonObject &o, const QString &path)
{
    const QJsonValue v = JsonPath::value(o, path);
    if (v.isString()) return v.toString();
    if (v.isDouble()) return QString::number(v.toDouble(), 'g', 15);
    if (v.isBool()) return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

int DispatchClient::level(const QJsonObject &alert)
{
    const QJsonValue v = alert.value(QStringLiteral("rule")).toObject().value(QStringLiteral("level"));
    return v.isString() ? v.toString().toInt() : v.toInt();
}

}  // namespace eos
