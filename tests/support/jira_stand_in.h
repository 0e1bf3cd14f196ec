// A Jira REST stand-in (see HttpStandIn) for API v2 and v3, with state: issues created by
// POST /rest/api/{2,3}/issue (checked: basic auth, project, summary, issue type, labels, priority; v2's
// description a string, v3's an Atlassian Document Format doc; errors as Jira's {errorMessages, errors}),
// GET /rest/api/N/issue/KEY?fields=status, comments (POST and GET /rest/api/N/issue/KEY/comment), and the
// label search (GET /rest/api/2/search, or 410 Gone like Jira Cloud when v2SearchGone; GET
// /rest/api/3/search/jql). setDone() resolves an issue; remove() deletes one.
#pragma once

#include "http_stand_in.h"

#include <QJsonArray>
#include <QMap>

namespace eos::test {

class JiraStandIn : public HttpStandIn {
public:
    struct Issue {
        QString key;
        QJsonObject fields;     // as created
        QStringList labels;
        bool done = false;
        QList<QJsonValue> comments;
    };
    JiraStandIn(QString user, QString token, QString project = QStringLiteral("SOC"))
        : m_user(std::move(user)), m_token(std::move(token)), m_project(std::move(project)) {}

    bool v2SearchGone = false;
    QMap<QString, Issue> issues;   // by key
    QStringList createdOrder;
    int created = 0, commented = 0, searches = 0, rejected = 0;
    QStringList apiVersionsSeen;   // "2" / "3" per create

    void setDone(const QString &key) { issues[key].done = true; }
    void remove(const QString &key) { issues.remove(key); }
    // what a comment or description says, as text (v2 string or v3 ADF)
    static QString text(const QJsonValue &v);

protected:
    Reply answer(const Request &request) override;

private:
    Reply error(int status, const QString &message, const QJsonObject &fieldErrors = {});
    QString m_user, m_token, m_project;
};

}  // namespace eos::test
