#include "core/json_path.h"

#include <QJsonArray>

#include <algorithm>

namespace eos {

QJsonValue JsonPath::value(const QJsonObject &root, QStringView dotted)
{
    QJsonValue v = root;
    if (dotted.isEmpty()) return v;
    for (const QStringView part : dotted.tokenize(u'.')) {
        if (v.isObject()) {
            v = v.toObject().value(part);
        } else if (v.isArray()) {
            const QJsonArray a = v.toArray();
            bool ok = !part.isEmpty() && part.size() <= 9
                      && std::all_of(part.begin(), part.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
            const qsizetype i = ok ? part.toInt(&ok) : -1;
            if (!ok || i >= a.size()) return QJsonValue(QJsonValue::Undefined);
            v = a.at(i);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return v;
}

}  // namespace eos
