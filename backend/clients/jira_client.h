// JiraClient: Jira Cloud and Server/Data Center REST API v2 or v3 (`POST /rest/api/{2,3}/issue`, basic
// auth user:token). v3 needs the description in Atlassian Document Format, v2 takes plain text.
// Fields: project key, summary "[Wazuh] <agent>: <rule description> (level n)", issue type, priority from
// the level (>= 12 Highest, >= 10 High, >= 7 Medium, >= 4 Low, else Lowest), labels wazuh, rule-<id>,
// agent-<id> and eos-<outbox id>; the description holds the alert's key fields, the LLM summary, the
// matching playbook's steps and the alert JSON. The route's `options` are merged into `fields`.
// An analyst's escalation (DispatchRequest::escalation): summary "[Wazuh, escalated] …", label escalated,
// priority at least High, and "Escalated by <analyst> in Eos Console: <reason>" first in the description
// (or in the comment, when the agent and rule have an open issue).
// One send() may make several requests:
//  - a repeat for an agent and rule whose issue Eos created and tracks (existingIssueKey): GET the
//    issue's status; while it is not done, POST a comment (marked eos-<outbox id>) instead of a new issue;
//    a done or deleted issue is reported back (closedIssueKey) and a new one is created;
//  - outcomeUnknown (a crash after a send began): first look for the label eos-<outbox id> (JQL search;
//    /rest/api/3/search/jql on v3 and when v2's search answers 410) or, for a comment, for the marker in
//    the issue's comments, and answer `found` instead of sending again.
#pragma once

#include "clients/dispatch_client.h"
#include "clients/json_poster.h"

namespace eos {

class JiraClient : public DispatchClient {
    Q_OBJECT
public:
    struct Options {
        QUrl baseUrl;            // JIRA_URL or the route's hook_url
        QString user;            // JIRA_USER
        QString token;           // JIRA_API_KEY or the route's api_key
        QString project;         // JIRA_PROJECT_KEY or the route's project
        QString issueType = QStringLiteral("Task");
        int apiVersion = 2;      // JIRA_API_VERSION or the route's api_version
        int timeoutMs = 15000;
    };
    explicit JiraClient(Options options, QObject *parent = nullptr);
    QString kind() const override { return QStringLiteral("jira"); }
    void send(const DispatchRequest &request, std::function<void(DispatchResult)> done) override;

    const Options &options() const { return m_options; }
    static QString priorityFor(int level);
    QJsonObject issueBody(const DispatchRequest &request) const;
    QJsonObject commentBody(const DispatchRequest &request) const;
    static QString descriptionText(const DispatchRequest &request);
    static QJsonObject adf(const QString &text);  // plain text as an ADF document (paragraphs, code block for JSON)

private:
    QUrl api(const QString &path) const;
    void create(const DispatchRequest &request, std::function<void(DispatchResult)> done, QString closedKey);
    void commentOrCreate(const DispatchRequest &request, std::function<void(DispatchResult)> done);
    void postComment(const DispatchRequest &request, std::function<void(DispatchResult)> done);
    void findByLabel(const DispatchRequest &request, bool v3Search, std::function<void(DispatchResult)> done);
    static DispatchResult fromAnswer(const JsonPoster::Answer &a, const QByteArray &payload);

    Options m_options;
    JsonPoster *m_poster;
    JsonPoster::Headers m_auth;
};

}  // namespace eos
