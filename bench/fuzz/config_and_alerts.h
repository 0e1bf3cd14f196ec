// Input of the configuration fuzz targets that match alerts (routes, response policies): the file's bytes,
// then optionally a NUL byte and one alert as JSON to match; without it the target's own sample alerts.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include <cstddef>
#include <cstdint>

namespace fuzz {

struct ConfigAndAlerts {
    QByteArray config;
    QList<QJsonObject> alerts;
};

// The alerts as JSON texts; parsed once per target.
inline QList<QJsonObject> parseAlerts(std::initializer_list<const char *> jsons)
{
    QList<QJsonObject> out;
    for (const char *json : jsons) out << QJsonDocument::fromJson(QByteArray(json)).object();
    return out;
}

inline ConfigAndAlerts split(const uint8_t *data, size_t size, const QList<QJsonObject> &samples)
{
    ConfigAndAlerts in{QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)), samples};
    if (const qsizetype nul = in.config.indexOf('\0'); nul >= 0) {
        in.alerts = {QJsonDocument::fromJson(in.config.mid(nul + 1)).object()};
        in.config.truncate(nul);
    }
    return in;
}

}  // namespace fuzz
