// FilterValues: the values of filter terms, read and written back, for AlertFilter: times (ISO 8601, a
// date alone is its local midnight, "yyyy-MM-dd HH:mm"), durations (15m, 2h, 7d, 1w), ranges (7..10, and
// 5-9 for levels), numbers as written, and JSON paths (data.win[0].x) as a containment document for
// `raw @>` or as an SQL/JSON path for `raw @?`.
#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QPair>
#include <QString>

#include <optional>

namespace eos {

class FilterValues {
public:
    static std::optional<QDateTime> parseTime(const QString &v);
    static QString formatTime(const QDateTime &dt);
    static qint64 parseDuration(const QString &v);  // seconds; 0 when it is not one
    static QString formatDuration(qint64 seconds);   // the largest whole unit
    static std::optional<QPair<double, double>> parseRange(const QString &v, bool allowDash);
    static QString formatNumber(double v);
    static bool isInt(const QString &v);
    // data.win[0].x and a leaf -> {"data":{"win":[{"x":leaf}]}}; nullopt for a path that is not one
    static std::optional<QJsonValue> containment(const QString &path, const QJsonValue &leaf);
    // data.win[0] -> $."data"."win"[0]
    static QString jsonPath(const QString &path);
};

}  // namespace eos
