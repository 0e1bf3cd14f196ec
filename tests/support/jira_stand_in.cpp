#include "jira_stand_in.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace eos::test {
namespace {
QByteArray json(const QJsonObject &o) { return QJsonDocument(o).toJson(QJsonDocument::Compact); }
}  // namespace

QString JiraStandIn::text(const QJsonValue &v)
{
    if (v.isString()) return v.toString();
    QString out;
    const QJsonObject o = v.toObject();
    if (o.value(QStringLiteral("type")).toString() == QLatin1String("text")) out += o.value(QStringLiteral("text")).toString();
    if (o.value(QStringLiteral("type")).toString() == QLatin1String("hardBreak")) out += u'\n';
    for (const auto &c : o.value(QStringLiteral("content")).toArray()) out += text(c);
    if (o.value(QStringLiteral("type")).toString() == QLatin1String("paragraph") ||
        o.value(QStringLiteral("type")).toString() == QLatin1String("codeBlock"))
        out += QStringLiteral("\n\n");
    return out;
}

HttpStandIn::Reply JiraStandIn::error(int status, const QString &message, const QJsonObject &fieldErrors)
{
    ++rejected;
    Reply r;
    r.status = status;
    r.body = json(QJsonObject{{QStringLiteral("errorMessages"), message.isEmpty() ? QJsonArray{} : QJsonArray{message}},
                              {QStringLiteral("errors"), fieldErrors}});
    return r;
}

namespace {
// ADF as Jira checks it: a doc, version 1, block nodes with inline content
bool validAdf(const QJsonValue &v)
{
    const QJsonObject d = v.toObject();
    if (d.value(QStringLiteral("type")).toString() != QLatin1String("doc") || d.value(QStringLiteral("version")).toInt() != 1) return false;
    for (const auto &b : d.value(QStringLiteral("content")).toArray()) {
        const QString t = b.toObject().value(QStringLiteral("type")).toString();
        if (t != QLatin1String("paragraph") && t != QLatin1String("codeBlock")) return false;
        for (const auto &i : b.toObject().value(QStringLiteral("content")).toArray()) {
            const QString it = i.toObject().value(QStringLiteral("type")).toString();
            if (it != QLatin1String("text") && it != QLatin1String("hardBreak")) return false;
            if (it == QLatin1String("text") && i.toObject().value(QStringLiteral("text")).toString().isEmpty()) return false;
        }
    }
    return true;
}
}  // namespace

HttpStandIn::Reply JiraStandIn::answer(const Request &req)
{
    const QByteArray expected = "Basic " + (m_user + u':' + m_token).toUtf8().toBase64();
    if (req.headers.value("authorization") != expected) return error(401, QStringLiteral("You are not authenticated."));
    static const QRegularExpression re(QStringLiteral("^/rest/api/([23])/(issue|search|search/jql)(?:/([A-Z]+-\\d+))?(/comment)?$"));
    const auto m = re.match(req.path);
    if (!m.hasMatch()) return error(404, QStringLiteral("no such resource"));
    const QString version = m.captured(1), what = m.captured(2), key = m.captured(3);
    const bool v3 = version == QLatin1String("3");
    const bool comment = !m.captured(4).isEmpty();
    Reply r;
    if (what.startsWith(QLatin1String("search"))) {
        ++searches;
        if ((what == QLatin1String("search") && v3) || (what == QLatin1String("search/jql") && !v3)) return error(404, QStringLiteral("no such resource"));
        if (what == QLatin1String("search") && v2SearchGone) return error(410, QStringLiteral("The requested API has been removed."));
        static const QRegularExpression lre(QStringLiteral("labels\\s*=\\s*\"?([^\"\\s]+)\"?"));
        const auto lm = lre.match(req.query.queryItemValue(QStringLiteral("jql"), QUrl::FullyDecoded));
        QJsonArray found;
        for (const Issue &i : issues)
            if (lm.hasMatch() && i.labels.contains(lm.captured(1))) found.append(QJsonObject{{QStringLiteral("key"), i.key}});
        r.body = json(QJsonObject{{QStringLiteral("issues"), found}, {QStringLiteral("total"), found.size()}});
        return r;
    }
    if (key.isEmpty()) {
        if (req.method != "POST") return error(405, QStringLiteral("method not allowed"));
        const QJsonObject f = req.json.value(QStringLiteral("fields")).toObject();
        QJsonObject errs;
        if (f.value(QStringLiteral("project")).toObject().value(QStringLiteral("key")).toString() != m_project)
            errs.insert(QStringLiteral("project"), QStringLiteral("valid project is required"));
        if (f.value(QStringLiteral("summary")).toString().isEmpty() || f.value(QStringLiteral("summary")).toString().size() > 255)
            errs.insert(QStringLiteral("summary"), QStringLiteral("You must specify a summary of the issue."));
        if (f.value(QStringLiteral("issuetype")).toObject().value(QStringLiteral("name")).toString().isEmpty())
            errs.insert(QStringLiteral("issuetype"), QStringLiteral("valid issue type is required"));
        if (!f.value(QStringLiteral("labels")).isArray()) errs.insert(QStringLiteral("labels"), QStringLiteral("labels must be an array"));
        for (const auto &l : f.value(QStringLiteral("labels")).toArray())
            if (l.toString().contains(u' ')) errs.insert(QStringLiteral("labels"), QStringLiteral("The label '%1' contains spaces").arg(l.toString()));
        const QJsonValue d = f.value(QStringLiteral("description"));
        if (v3 ? !validAdf(d) : !d.isString())
            errs.insert(QStringLiteral("description"), v3 ? QStringLiteral("Operation value must be an Atlassian Document.")
                                                           : QStringLiteral("Operation value must be a string"));
        if (!errs.isEmpty()) return error(400, {}, errs);
        Issue i;
        i.key = QStringLiteral("%1-%2").arg(m_project).arg(++created);
        i.fields = f;
        for (const auto &l : f.value(QStringLiteral("labels")).toArray()) i.labels << l.toString();
        issues.insert(i.key, i);
        createdOrder << i.key;
        apiVersionsSeen << version;
        r.status = 201;
        r.body = json(QJsonObject{{QStringLiteral("id"), QString::number(10000 + created)}, {QStringLiteral("key"), i.key},
                                  {QStringLiteral("self"), url(QStringLiteral("/rest/api/%1/issue/%2").arg(version, i.key)).toString()}});
        return r;
    }
    if (!issues.contains(key)) return error(404, QStringLiteral("Issue does not exist or you do not have permission to see it."));
    Issue &i = issues[key];
    if (comment) {
        if (req.method == "GET") {
            QJsonArray cs;
            for (const auto &c : i.comments) cs.append(QJsonObject{{QStringLiteral("body"), c}});
            r.body = json(QJsonObject{{QStringLiteral("comments"), cs}, {QStringLiteral("total"), cs.size()}});
            return r;
        }
        const QJsonValue b = req.json.value(QStringLiteral("body"));
        if (v3 ? !validAdf(b) : !b.isString()) return error(400, QStringLiteral("Comment body can not be empty!"));
        i.comments.append(b);
        ++commented;
        r.status = 201;
        r.body = json(QJsonObject{{QStringLiteral("id"), QString::number(i.comments.size())}});
        return r;
    }
    r.body = json(QJsonObject{
        {QStringLiteral("key"), key},
        {QStringLiteral("fields"),
         QJsonObject{{QStringLiteral("status"),
                      QJsonObject{{QStringLiteral("name"), i.done ? QStringLiteral("Done") : QStringLiteral("To Do")},
                                  {QStringLiteral("statusCategory"), QJsonObject{{QStringLiteral("key"), i.done ? QStringLiteral("done") : QStringLiteral("new")}}}}}}}});
    return r;
}

}  // namespace eos::test
