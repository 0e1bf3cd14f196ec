#include "ingest/ingest_answer.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace eos {
namespace {

constexpr const char *kUnavailableRetryAfterSeconds = "5";  // the database or the spool must recover first
constexpr const char *kOverloadedRetryAfterSeconds = "1";   // the queue drains at the commit rate

}  // namespace

QByteArray IngestAnswer::jsonError(const QString &message, const char *kind)
{
    QJsonObject o{{QStringLiteral("error"), message}};
    if (kind) o.insert(QStringLiteral("kind"), QLatin1String(kind));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

IngestAnswer IngestAnswer::overloaded()
{
    return {503, jsonError(QStringLiteral("the ingest queue is full; retry shortly"), "overloaded"),
            QByteArray("Retry-After: ") + kOverloadedRetryAfterSeconds + "\r\n", "overloaded"};
}

IngestAnswer IngestAnswer::of(const IngestResult &r, int ignored, const QByteArray &errorsJson, bool ndjson)
{
    if (r.overloaded) return overloaded();
    if (!r.durable)
        return {503,
                jsonError(QStringLiteral("alerts could not be stored: the database is unreachable and the spool cannot "
                                         "take them; retry later"),
                          "unavailable"),
                QByteArray("Retry-After: ") + kUnavailableRetryAfterSeconds + "\r\n", "unavailable"};
    IngestAnswer a;
    a.status = 202;
    a.body.reserve(64 + errorsJson.size());
    a.body.append("{\"accepted\":").append(QByteArray::number(r.accepted));
    a.body.append(",\"duplicates\":").append(QByteArray::number(r.duplicates));
    if (r.spooled) a.body.append(",\"spooled\":true");  // durable on disk; PostgreSQL gets it when back
    if (ndjson) a.body.append(",\"ignored\":").append(QByteArray::number(ignored));
    if (!errorsJson.isEmpty()) a.body.append(",\"errors\":").append(errorsJson);
    a.body.append('}');
    return a;
}

IngestAnswer IngestAnswer::nothingToStore(int seen, int errors, int ignored, const QByteArray &errorsJson)
{
    if (seen == 0) return {400, jsonError(QStringLiteral("empty body: expected one JSON alert per line"), "bad_json"), {}, nullptr};
    const QByteArray head = "{\"accepted\":0,\"duplicates\":0,\"ignored\":" + QByteArray::number(ignored);
    if (errors) return {400, head + ",\"errors\":" + errorsJson + '}', {}, nullptr};
    return {200, head + '}', {}, nullptr};  // every alert was below EOS_MIN_LEVEL
}

}  // namespace eos
