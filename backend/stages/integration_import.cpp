#include "stages/integration_import.h"

#include "stages/dispatch_routes.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QXmlStreamReader>

namespace eos {

IntegrationImport::Result IntegrationImport::fromOssecConf(const QByteArray &xml)
{
    Result res;
    // several <ossec_config> roots, an XML declaration maybe: wrap the whole file in one root
    static const QRegularExpression decl(QStringLiteral("<\\?xml[^>]*\\?>"));
    QString text = QString::fromUtf8(xml);
    text.remove(decl);
    QXmlStreamReader r(QStringLiteral("<eos_import>") + text + QStringLiteral("</eos_import>"));
    int index = 0;
    while (!r.atEnd()) {
        r.readNext();
        if (!r.isStartElement() || r.name() != QLatin1String("integration")) continue;
        ++index;
        const qint64 line = r.lineNumber();
        QJsonObject o;
        QString wazuhName;
        while (!(r.isEndElement() && r.name() == QLatin1String("integration")) && !r.atEnd()) {
            r.readNext();
            if (!r.isStartElement()) continue;
            const QString key = r.name().toString();
            const QString value = r.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
            if (key == QLatin1String("name")) wazuhName = value;
            else if (key == QLatin1String("level") || key == QLatin1String("max_log") || key == QLatin1String("timeout") ||
                     key == QLatin1String("retries")) {
                bool ok = false;
                const int n = value.toInt(&ok);
                if (ok) o.insert(key, n);
                else res.notes << QStringLiteral("integration %1 (line %2): <%3> \"%4\" is not a number; left out").arg(index).arg(line).arg(key, value);
            } else if (key == QLatin1String("options")) {
                const QJsonDocument d = QJsonDocument::fromJson(value.toUtf8());
                if (d.isObject()) o.insert(key, d.object());
                else if (!value.isEmpty())
                    res.notes << QStringLiteral("integration %1 (line %2): <options> is not a JSON object; left out").arg(index).arg(line);
            } else if (!value.isEmpty()) {
                o.insert(key, value);
            }
        }
        const QString n = wazuhName.toLower();
        QString kind;
        if (n == QLatin1String("slack") || n == QLatin1String("custom-slack")) kind = QStringLiteral("slack");
        else if (n == QLatin1String("jira") || n == QLatin1String("custom-jira")) kind = QStringLiteral("jira");
        else if (n == QLatin1String("stackstorm") || n == QLatin1String("custom-stackstorm") || n == QLatin1String("custom-st2"))
            kind = QStringLiteral("stackstorm");
        else if (n == QLatin1String("shuffle") || n == QLatin1String("webhook") || n == QLatin1String("custom-webhook"))
            kind = QStringLiteral("webhook");
        else if (n == QLatin1String("email") || n == QLatin1String("custom-email")) kind = QStringLiteral("email");
        if (n == QLatin1String("custom-eos")) {
            res.notes << QStringLiteral("integration %1 (line %2): custom-eos is Eos's own forwarder; skipped").arg(index).arg(line);
            continue;
        }
        if (kind.isEmpty()) {
            res.notes << QStringLiteral("integration %1 (line %2): %3 is not a service Eos sends to; skipped")
                             .arg(index).arg(line).arg(wazuhName.isEmpty() ? QStringLiteral("(no name)") : wazuhName);
            continue;
        }
        o.insert(QStringLiteral("name"), kind);
        if (kind == QLatin1String("jira") && o.contains(QStringLiteral("hook_url"))) {
            // custom-jira scripts were often given the create-issue URL: Eos wants the site
            QString url = o.value(QStringLiteral("hook_url")).toString();
            const auto at = url.indexOf(QStringLiteral("/rest/api/"));
            if (at > 0) {
                res.notes << QStringLiteral("integration %1 (line %2): Jira hook_url shortened to the site's base URL").arg(index).arg(line);
                url = url.left(at);
            }
            o.insert(QStringLiteral("hook_url"), url);
        }
        o.insert(QStringLiteral("mode"), QStringLiteral("auto"));
        res.routes.append(o);
    }
    if (r.hasError()) {
        res.error = QStringLiteral("not readable as XML at line %1: %2").arg(r.lineNumber()).arg(r.errorString());
        return res;
    }
    // what Eos will make of it: the same checks as at start
    QString err;
    if (!res.routes.isEmpty() && !DispatchRoutes::parse(QJsonDocument(res.routes).toJson(), QDir::currentPath(), &err))
        res.notes << QStringLiteral("the imported routes need editing before use: %1").arg(err);
    return res;
}

}  // namespace eos
