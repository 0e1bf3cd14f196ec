#include "forward_payload.h"

#include "ingest/alert_parser.h"

#include <QDateTime>
#include <QFile>
#include <QRandomGenerator>
#include <QSysInfo>

#include <nlohmann/json.hpp>

namespace eos::forward {
namespace {

using Json = nlohmann::ordered_json;  // keeps the alert's key order, as Python's dict does

bool readSmallFile(const QString &path, const char *what, QByteArray *out, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the %1 file %2: %3").arg(QLatin1String(what), path, f.errorString());
        return false;
    }
    if (f.size() > ForwardPayload::kMaxFileBytes) {
        *error = QStringLiteral("the %1 file %2 is %3 bytes; more than the %4 accepted")
                     .arg(QLatin1String(what), path)
                     .arg(f.size())
                     .arg(ForwardPayload::kMaxFileBytes);
        return false;
    }
    *out = f.readAll();
    return true;
}

bool parseObject(const QByteArray &text, const char *what, const QString &path, Json *out, QString *error)
{
    if (AlertParser::nestedDeeperThan(text, AlertParser::kMaxDepth)) {
        *error = QStringLiteral("the %1 file %2 nests JSON deeper than %3 levels")
                     .arg(QLatin1String(what), path)
                     .arg(AlertParser::kMaxDepth);
        return false;
    }
    try {
        *out = Json::parse(text.constBegin(), text.constEnd());
    } catch (const Json::parse_error &e) {
        *error = QStringLiteral("the %1 file %2 is not valid JSON (byte %3): %4")
                     .arg(QLatin1String(what), path)
                     .arg(e.byte)
                     .arg(QString::fromUtf8(e.what()));
        return false;
    }
    if (!out->is_object()) {
        *error = QStringLiteral("the %1 file %2 holds JSON %3, not an object")
                     .arg(QLatin1String(what), path, QString::fromUtf8(out->type_name()));
        return false;
    }
    return true;
}

}  // namespace

ForwardPayload::Error ForwardPayload::load(const QString &alertFile, const QString &optionsFile, QString *error)
{
    m_body.clear();
    m_optionKeys = 0;

    QByteArray alertText;
    if (!readSmallFile(alertFile, "alert", &alertText, error)) return Error::Unreadable;
    QByteArray optionsText;
    if (!optionsFile.isEmpty() && !readSmallFile(optionsFile, "options", &optionsText, error))
        return Error::Unreadable;

    if (alertText.trimmed().startsWith("alertdate=")) {
        *error = QStringLiteral("the alert file %1 is in integratord's plain-text format; set "
                                "<alert_format>json</alert_format> in the <integration> block")
                     .arg(alertFile);
        return Error::BadJson;
    }
    Json alert;
    if (!parseObject(alertText, "alert", alertFile, &alert, error)) return Error::BadJson;

    // An empty options file means no options (integratord writes <options> as given).
    if (optionsText.trimmed().isEmpty()) {
        m_body = alertText.trimmed();
        return Error::None;
    }
    Json options;
    if (!parseObject(optionsText, "options", optionsFile, &options, error)) return Error::BadJson;
    if (options.empty()) {
        m_body = alertText.trimmed();
        return Error::None;
    }
    for (auto it = options.begin(); it != options.end(); ++it) {
        alert[it.key()] = it.value();
        ++m_optionKeys;
    }
    const std::string merged = alert.dump(-1, ' ', false, Json::error_handler_t::replace);
    m_body = QByteArray(merged.data(), static_cast<qsizetype>(merged.size()));
    return Error::None;
}

QByteArray ForwardPayload::sampleAlert()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString host = QSysInfo::machineHostName();
    const quint32 seq = QRandomGenerator::global()->bounded(1000000u);
    Json a;
    a["timestamp"] = now.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz+0000")).toStdString();
    a["rule"] = {{"level", 3},
                 {"description", "Eos forward test alert (eos-forward --test)"},
                 {"id", "100001"},
                 {"firedtimes", 1},
                 {"mail", false},
                 {"groups", {"eos", "eos_forward_test"}}};
    a["agent"] = {{"id", "000"}, {"name", host.toStdString()}};
    a["manager"] = {{"name", host.toStdString()}};
    a["id"] = QStringLiteral("%1.%2").arg(now.toSecsSinceEpoch()).arg(seq).toStdString();
    a["full_log"] = "eos-forward --test: sample alert sent by hand to check the integration path";
    a["decoder"] = {{"name", "eos-forward"}};
    a["location"] = "eos-forward";
    const std::string s = a.dump();
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

}  // namespace eos::forward
