// Test helper: JWTs as the Wazuh server API hands them out at POST /security/user/authenticate (HS256;
// the client reads exp, iat and nbf and never checks the signature).
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace eos::test {

inline QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// A token with exactly these claims.
inline QByteArray jwtOf(const QJsonObject &claims, const QByteArray &signature = "signature")
{
    return base64Url(R"({"alg":"HS256","typ":"JWT"})") + '.' + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) +
           '.' + base64Url(signature);
}

// Wazuh's own claims (iss, aud, nbf, exp = now + lifetime, sub, run_as, rbac_roles, rbac_mode; iat unless
// withIat is false). A tag tells tokens apart (it goes into a claim and the signature).
inline QByteArray wazuhJwt(qint64 lifetimeSeconds = 900, bool withIat = true, const QByteArray &tag = {})
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject claims{{"iss", "wazuh"}, {"aud", "Wazuh API REST"}, {"nbf", now}, {"exp", now + lifetimeSeconds},
                       {"sub", "wazuh"}, {"run_as", false}, {"rbac_roles", QJsonArray{1}}, {"rbac_mode", "white"}};
    if (withIat) claims.insert("iat", now);
    if (!tag.isEmpty()) claims.insert("tag", QString::fromLatin1(tag));
    return jwtOf(claims, tag.isEmpty() ? QByteArray("signature") : "signature-" + tag);
}

}  // namespace eos::test
