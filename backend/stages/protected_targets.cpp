#include "stages/protected_targets.h"

#include <QRegularExpression>

namespace eos {

ProtectedTargets ProtectedTargets::parse(const QString &text, QStringList *warnings)
{
    ProtectedTargets p;
    static const QRegularExpression sep(QStringLiteral("[,\\s]+"));
    static const QRegularExpression agentId(QStringLiteral("^[0-9]{3,}$"));
    for (const QString &raw : text.split(sep, Qt::SkipEmptyParts)) {
        const QString e = raw.trimmed();
        if (e.startsWith(QLatin1String("name:"), Qt::CaseInsensitive) && e.size() > 5) {
            p.m_agentNames << e.mid(5).toLower();
            continue;
        }
        if (e.startsWith(QLatin1String("user:"), Qt::CaseInsensitive) && e.size() > 5) {
            p.m_users << e.mid(5);
            continue;
        }
        if (agentId.match(e).hasMatch()) {
            p.m_agentIds << e;
            continue;
        }
        if (e.contains(u'/')) {
            const auto range = QHostAddress::parseSubnet(e);
            if (!range.first.isNull()) {
                p.m_ranges << range;
                p.m_rangeTexts << e;
                continue;
            }
        } else if (QHostAddress a; a.setAddress(e)) {
            p.m_ranges << qMakePair(a, a.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32);
            p.m_rangeTexts << e;
            continue;
        }
        if (warnings) warnings->append(QStringLiteral("EOS_PROTECTED: \"%1\" is neither an agent id, name:<agent name>, user:<account>, "
                                                      "an IP address nor a CIDR range; ignored").arg(e));
    }
    return p;
}

ProtectedTargets ProtectedTargets::fromConfig(const Config &config, QStringList *warnings)
{
    return parse(config.value(QStringLiteral("EOS_PROTECTED")), warnings);
}

QString ProtectedTargets::protectsAgent(const QString &agentId, const QString &agentName) const
{
    if (m_agentIds.contains(agentId)) return QStringLiteral("agent %1 is protected (EOS_PROTECTED)").arg(agentId);
    if (!agentName.isEmpty() && m_agentNames.contains(agentName.toLower()))
        return QStringLiteral("agent %1 (%2) is protected (EOS_PROTECTED)").arg(agentId, agentName);
    return {};
}

QString ProtectedTargets::protectsUser(const QString &user) const
{
    return m_users.contains(user) ? QStringLiteral("account %1 is protected (EOS_PROTECTED)").arg(user) : QString();
}

QString ProtectedTargets::protectsAddress(const QString &address) const
{
    QHostAddress a;
    if (!a.setAddress(address)) return {};
    // an IPv4-mapped IPv6 address is the IPv4 address
    bool v4 = false;
    const quint32 mapped = a.toIPv4Address(&v4);
    if (v4) a = QHostAddress(mapped);
    for (qsizetype i = 0; i < m_ranges.size(); ++i)
        if (a.isInSubnet(m_ranges[i]))
            return QStringLiteral("%1 is protected (EOS_PROTECTED: %2)").arg(address, m_rangeTexts[i]);
    return {};
}

}  // namespace eos
