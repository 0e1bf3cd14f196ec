#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QStringView>

namespace eos {

// Reads one value out of a JSON document by a dotted path, as routes, policies, prompts, templates and the
// console name alert fields ("rule.mitre.id", "data.win.system.eventID"). A part that is a whole number
// indexes an array ("rule.groups.0"). Anything missing on the way (a key, an index past the end, a step into
// a string or a number) gives Undefined; an empty path gives the document itself.
class JsonPath {
public:
    static QJsonValue value(const QJsonObject &root, QStringView dotted);
};

}  // namespace eos
