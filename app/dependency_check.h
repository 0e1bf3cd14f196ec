// eos-console check: every configured dependency, one finding each with what was found and how to fix
// it. PostgreSQL (reachable, schema version), the data directory's disk space, the spool, the listener's
// port, the Wazuh API (login and the permissions the product's calls need), SMTP (connect, STARTTLS and
// login, nothing sent), the LLM endpoint (one one-token request, only when asked), the dispatch routes
// (file valid, each endpoint reachable; Jira's credentials checked with GET /myself) and the playbook and
// response-policy files. Read-only: it never starts the embedded cluster, sends mail or posts messages.
#pragma once

#include "core/config.h"

#include <QJsonArray>
#include <QString>
#include <QUrl>

#include <functional>
#include <vector>

namespace eos {

class DependencyCheck {
public:
    enum class Status { Ok, Warn, Fail, Skip };
    struct Finding {
        QString check;  // "postgresql", "wazuh-api", "route slack-soc", …
        Status status = Status::Ok;
        QString found;  // what it saw
        QString fix;    // how to fix it (empty when nothing to do)
    };
    struct Options {
        bool llm = false;       // --llm: send one one-token request to the LLM endpoint
        int timeoutMs = 10000;  // per network check
    };

    DependencyCheck(Config config, Options options);

    // Runs every check (blocking; spins a local event loop for network checks). Call from a thread with
    // a QCoreApplication.
    std::vector<Finding> run();

    static QString statusText(Status s);  // ok, WARN, FAIL, skip
    static bool passed(const std::vector<Finding> &findings);  // no Fail
    static QJsonArray toJson(const std::vector<Finding> &findings);
    static QString toText(const std::vector<Finding> &findings);

    // Wazuh's processed policies (GET /security/users/me/policies, "data") allow `action` on every agent?
    // Black RBAC mode allows what is not denied, white mode only what is allowed.
    static bool wazuhAllows(const QJsonObject &policies, const QString &action);

    // The individual checks (tests call them one by one).
    Finding database();
    Finding diskSpace();
    Finding spool();
    Finding listener();
    Finding wazuhApi();
    Finding smtp();
    Finding emailTemplate();  // EOS_EMAIL_TEMPLATE parses; EOS_TIMEZONE names a zone
    Finding llm();
    std::vector<Finding> routes();
    Finding policies();
    Finding playbooks();

private:
    // TCP (+TLS for https/smtps) connect only: nothing is sent. Empty string when it worked.
    QString connectOnly(const QUrl &url);
    Finding jiraRoute(const QString &name, const QUrl &base, const QString &user, const QString &token, int apiVersion);

    Config m_config;
    Options m_opt;
};

}  // namespace eos
