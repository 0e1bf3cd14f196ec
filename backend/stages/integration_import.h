// `eos-console import-integrations /var/ossec/etc/ossec.conf`: turns the <integration> blocks of a Wazuh
// manager's ossec.conf into Eos dispatch routes (EOS_ROUTES_FILE), element for element, so the routes
// keep exactly the filters Wazuh applied. ossec.conf holds several <ossec_config> roots and comments, so
// it is read as a fragment. Mapping: slack -> slack; custom-jira / jira -> jira; custom-stackstorm /
// stackstorm -> stackstorm; shuffle and custom-webhook / webhook -> webhook; custom-email -> email.
// custom-eos (Eos's own forwarder) and integrations Eos does not send to (pagerduty, virustotal, maltiverse,
// unknown custom-*) are skipped with a note. The result is checked with DispatchRoutes::parse.
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QStringList>

namespace eos {

class IntegrationImport {
public:
    struct Result {
        QJsonArray routes;
        QStringList notes;   // skipped blocks, remarks for the admin
        QString error;       // unreadable XML (with the line)
        bool ok() const { return error.isEmpty(); }
    };
    static Result fromOssecConf(const QByteArray &xml);
};

}  // namespace eos
