// Handing one alert over to someone else: the raw alert as pretty JSON, a one-line summary for a chat or a
// ticket, and the link to the same alert in the Wazuh dashboard. Also the alert's fields the detail pane's
// summary card shows, read from the raw JSON (no widgets here).
#pragma once

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QTimeZone>
#include <QUrl>

namespace eos {

class AlertHandoff {
    Q_DECLARE_TR_FUNCTIONS(AlertHandoff)
public:
    // The alert as indented JSON (UTF-8), as stored.
    static QString prettyJson(const QJsonObject &alert);
    // "2026-11-18 20:24:20 CET | Level 10 | Rule 5712: sshd: brute force… | Agent RHEL7 (001) | Source IP 54.10.24.5"
    // (the parts the alert has; the time in `zone`).
    static QString summaryLine(const QJsonObject &alert, const QTimeZone &zone);
    // The Wazuh dashboard's Discover filtered on the alert's Wazuh id (WAZUH_DASHBOARD_URL; the same link
    // as the alert emails). Invalid when dashboardUrl is empty.
    static QUrl dashboardUrl(const QString &dashboardUrl, const QJsonObject &alert);

    // The alert's own time ("timestamp", Wazuh's +0000 offsets accepted); invalid when missing.
    static QDateTime alertTime(const QJsonObject &alert);
    // "yyyy-MM-dd HH:mm:ss <zone abbreviation>"
    static QString formatTime(const QDateTime &t, const QTimeZone &zone);
    // A dotted path's value as text ("" when missing; arrays joined with ", ").
    static QString text(const QJsonObject &alert, const QString &path);
    // rule.mitre: (technique id, technique name) pairs; the name empty when the alert has none.
    static QList<QPair<QString, QString>> mitreTechniques(const QJsonObject &alert);
    // The alert's compliance arrays under rule (pci_dss, gdpr, hipaa, nist_800_53, tsc, gpg13).
    static QStringList complianceKeys();
};

}  // namespace eos
