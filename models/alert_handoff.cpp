#include "alert_handoff.h"

#include "clients/email_composer.h"
#include "core/json_path.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringList>

namespace eos {

namespace {
QString scalarText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: return v.toString();
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return d == double(qint64(d)) ? QString::number(qint64(d)) : QString::number(d);
    }
    case QJsonValue::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default: return {};
    }
}
}  // namespace

QString AlertHandoff::prettyJson(const QJsonObject &alert)
{
    return QString::fromUtf8(QJsonDocument(alert).toJson(QJsonDocument::Indented)).trimmed();
}

QString AlertHandoff::text(const QJsonObject &alert, const QString &path)
{
    const QJsonValue v = JsonPath::value(alert, path);
    if (v.isArray()) {
        QStringList parts;
        for (const auto &e : v.toArray())
            if (const QString t = scalarText(e); !t.isEmpty()) parts << t;
        return parts.join(QStringLiteral(", "));
    }
    return scalarText(v);
}

QDateTime AlertHandoff::alertTime(const QJsonObject &alert)
{
    const QString ts = alert.value(QStringLiteral("timestamp")).toString();
    if (ts.isEmpty()) return {};
    QDateTime t = QDateTime::fromString(ts, Qt::ISODateWithMs);
    if (!t.isValid()) {
        // Wazuh writes +0000 (no colon), which Qt's ISO parser does not take
        static const QRegularExpression off(QStringLiteral("([+-]\\d\\d)(\\d\\d)$"));
        QString fixed = ts;
        fixed.replace(off, QStringLiteral("\\1:\\2"));
        t = QDateTime::fromString(fixed, Qt::ISODateWithMs);
    }
    return t;
}

QString AlertHandoff::formatTime(const QDateTime &t, const QTimeZone &zone)
{
    if (!t.isValid()) return {};
    const QDateTime local = t.toTimeZone(zone);
    QString abbr = zone.abbreviation(local);
    if (abbr.isEmpty()) abbr = local.timeZoneAbbreviation();
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + (abbr.isEmpty() ? QString() : u' ' + abbr);
}

QList<QPair<QString, QString>> AlertHandoff::mitreTechniques(const QJsonObject &alert)
{
    QList<QPair<QString, QString>> out;
    const QJsonObject mitre = JsonPath::value(alert, QStringLiteral("rule.mitre")).toObject();
    const QJsonArray ids = mitre.value(QStringLiteral("id")).toArray();
    const QJsonArray names = mitre.value(QStringLiteral("technique")).toArray();
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const QString id = ids.at(i).toString();
        if (id.isEmpty()) continue;
        out.append({id, i < names.size() ? names.at(i).toString() : QString()});
    }
    return out;
}

QStringList AlertHandoff::complianceKeys()
{
    return {QStringLiteral("pci_dss"), QStringLiteral("gdpr"), QStringLiteral("hipaa"), QStringLiteral("nist_800_53"),
            QStringLiteral("tsc"), QStringLiteral("gpg13")};
}

QString AlertHandoff::summaryLine(const QJsonObject &alert, const QTimeZone &zone)
{
    QStringList parts;
    if (const QDateTime t = alertTime(alert); t.isValid()) parts << formatTime(t, zone);
    const QString level = text(alert, QStringLiteral("rule.level"));
    if (!level.isEmpty()) parts << tr("Level %1").arg(level);
    const QString ruleId = text(alert, QStringLiteral("rule.id"));
    const QString desc = text(alert, QStringLiteral("rule.description")).simplified();
    if (!ruleId.isEmpty() || !desc.isEmpty())
        parts << (desc.isEmpty() ? tr("Rule %1").arg(ruleId) : ruleId.isEmpty() ? desc : tr("Rule %1: %2").arg(ruleId, desc));
    const QString agentId = text(alert, QStringLiteral("agent.id"));
    const QString agentName = text(alert, QStringLiteral("agent.name"));
    if (!agentId.isEmpty() || !agentName.isEmpty())
        parts << tr("Agent %1").arg(agentName.isEmpty() ? agentId
                                    : agentId.isEmpty() ? agentName
                                                        : QStringLiteral("%1 (%2)").arg(agentName, agentId));
    const QString srcip = text(alert, QStringLiteral("data.srcip"));
    if (!srcip.isEmpty()) parts << tr("Source IP %1").arg(srcip);
    return parts.join(QStringLiteral(" | "));
}

QUrl AlertHandoff::dashboardUrl(const QString &dashboardUrl, const QJsonObject &alert)
{
    const QString link = EmailComposer::dashboardLinkFor(dashboardUrl, alert.value(QStringLiteral("id")).toString());
    return link.isEmpty() ? QUrl() : QUrl(link, QUrl::StrictMode);
}

}  // namespace eos
