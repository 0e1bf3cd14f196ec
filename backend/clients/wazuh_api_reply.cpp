#include "clients/wazuh_api_reply.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonValue>
#include <QVariant>

namespace eos {

namespace {

bool isTimeout(QNetworkReply::NetworkError e)
{
    // setTransferTimeout() aborts the reply: OperationCanceledError (the client aborts nothing else
    // while it lives); TimeoutError is the socket's own connect time-out.
    return e == QNetworkReply::OperationCanceledError || e == QNetworkReply::TimeoutError;
}

}  // namespace

QString WazuhApiReply::reasonPhrase(int status)
{
    switch (status) {
    case 400: return QStringLiteral("Bad Request");
    case 401: return QStringLiteral("Unauthorized");
    case 403: return QStringLiteral("Forbidden");
    case 404: return QStringLiteral("Not Found");
    case 405: return QStringLiteral("Method Not Allowed");
    case 406: return QStringLiteral("Not Acceptable");
    case 408: return QStringLiteral("Request Timeout");
    case 409: return QStringLiteral("Conflict");
    case 413: return QStringLiteral("Payload Too Large");
    case 415: return QStringLiteral("Unsupported Media Type");
    case 422: return QStringLiteral("Unprocessable Entity");
    case 429: return QStringLiteral("Too Many Requests");
    case 500: return QStringLiteral("Internal Server Error");
    case 501: return QStringLiteral("Not Implemented");
    case 502: return QStringLiteral("Bad Gateway");
    case 503: return QStringLiteral("Service Unavailable");
    case 504: return QStringLiteral("Gateway Timeout");
    default: return {};
    }
}

WazuhApiReply::Error WazuhApiReply::error(int httpStatus, const QJsonObject &body, const QString &detail, bool transient)
{
    Error e;
    e.httpStatus = httpStatus;
    e.transient = transient;
    if (httpStatus != 0) {
        e.title = body.value(QStringLiteral("title")).toString();
        e.detail = body.value(QStringLiteral("detail")).toString();
        e.remediation = body.value(QStringLiteral("remediation")).toString();
        const QJsonValue code = body.contains(QStringLiteral("code")) ? body.value(QStringLiteral("code"))
                                                                       : body.value(QStringLiteral("error"));
        e.code = code.toInt();
    }
    if (e.title.isEmpty() && e.detail.isEmpty()) e.detail = detail;
    return e;
}

bool WazuhApiReply::isTransient(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownProxyError:
        return true;
    default:
        return false;  // TLS failures, protocol errors: trying again changes nothing
    }
}

QString WazuhApiReply::displayUrl(const QUrl &url) { return url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery); }

WazuhApiReply::Error WazuhApiReply::networkError(QNetworkReply *reply, int timeoutMs, const QString &prefix)
{
    const QNetworkReply::NetworkError e = reply->error();
    const QString where = displayUrl(reply->url());
    const QString what = isTimeout(e) ? QStringLiteral("no answer from %1 within %2 ms").arg(where).arg(timeoutMs)
                                      : QStringLiteral("%1: %2").arg(where, reply->errorString());
    Error error = WazuhApiReply::error(0, {}, prefix + what, isTransient(e));
    if (e == QNetworkReply::SslHandshakeFailedError)
        error.remediation = QStringLiteral("set WAZUH_API_CA to the PEM file of the CA that signed the manager's "
                                           "certificate (or WAZUH_API_INSECURE=1 to skip verification)");
    return error;
}

int WazuhApiReply::httpStatus(QNetworkReply *reply)
{
    const QVariant v = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    return v.isValid() ? v.toInt() : 0;
}

QJsonObject WazuhApiReply::json(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

QString WazuhApiReply::excerpt(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes.left(600)).simplified();
    if (text.size() > 300) text = text.left(300) + QStringLiteral("…");
    return text;
}

std::vector<WazuhApiReply::FailedItem> WazuhApiReply::failedItems(const QJsonArray &array)
{
    std::vector<FailedItem> out;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        const QJsonObject e = o.value(QStringLiteral("error")).toObject();
        FailedItem item;
        item.code = e.value(QStringLiteral("code")).toInt();
        item.message = e.value(QStringLiteral("message")).toString();
        item.remediation = e.value(QStringLiteral("remediation")).toString();
        const QJsonValue ids = o.value(QStringLiteral("id"));
        auto idText = [](const QJsonValue &id) {
            return id.isDouble() ? QString::number(id.toInteger()) : id.toString();
        };
        if (ids.isArray())
            for (const QJsonValue &id : ids.toArray()) item.ids.append(idText(id));
        else if (!ids.isUndefined() && !ids.isNull())
            item.ids.append(idText(ids));
        out.push_back(std::move(item));
    }
    return out;
}

void WazuhApiReply::readItems(Result &r)
{
    const QJsonObject data = r.body.value(QStringLiteral("data")).toObject();
    r.items = data.value(QStringLiteral("affected_items")).toArray();
    r.totalAffected = data.value(QStringLiteral("total_affected_items")).toInt(static_cast<int>(r.items.size()));
    r.failed = failedItems(data.value(QStringLiteral("failed_items")).toArray());
}

void WazuhApiReply::applyItemOutcome(Result &r)
{
    if (!r.ok || !r.items.isEmpty() || r.failed.empty()) return;
    Error e;
    e.httpStatus = r.httpStatus;
    e.code = r.failed.front().code;
    e.title = r.body.value(QStringLiteral("message")).toString();
    if (e.title.isEmpty()) e.title = QStringLiteral("no item succeeded");
    QStringList parts;
    for (size_t i = 0; i < r.failed.size() && i < 3; ++i) {
        const auto &f = r.failed[i];
        QString ids = f.ids.mid(0, 5).join(QStringLiteral(", "));
        if (f.ids.size() > 5) ids += QStringLiteral(" and %1 more").arg(f.ids.size() - 5);
        parts.append(QStringLiteral("%1 (code %2)%3").arg(f.message).arg(f.code)
                         .arg(ids.isEmpty() ? QString() : QStringLiteral(" for %1").arg(ids)));
    }
    if (r.failed.size() > 3) parts.append(QStringLiteral("%1 more failures").arg(r.failed.size() - 3));
    e.detail = parts.join(QStringLiteral("; "));
    e.remediation = r.failed.front().remediation;
    e.transient = false;
    r.ok = false;
    r.error = e;
}

qint64 WazuhApiReply::tokenLifetimeSeconds(const QByteArray &token, int fallback)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3) return fallback;
    const auto decoded = QByteArray::fromBase64Encoding(
        parts[1], QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    if (!decoded) return fallback;
    const QJsonObject claims = json(*decoded);
    const QJsonValue exp = claims.value(QStringLiteral("exp"));
    if (!exp.isDouble()) return fallback;
    const QJsonValue iat = claims.value(QStringLiteral("iat"));
    const double issued = iat.isDouble() ? iat.toDouble()
                                         : static_cast<double>(QDateTime::currentSecsSinceEpoch());
    return static_cast<qint64>(exp.toDouble() - issued);
}

}  // namespace eos
