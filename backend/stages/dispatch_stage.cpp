#include "stages/dispatch_stage.h"

#include "core/logging.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace eos {

DispatchStage::DispatchStage(std::vector<DispatchRoute> routes) : m_routes(std::move(routes)) {}

QString DispatchStage::enqueueJson(const std::vector<const DispatchRoute *> &routes, const QJsonObject &alert, const QString &agentId)
{
    const QJsonValue rid = alert.value(QStringLiteral("rule")).toObject().value(QStringLiteral("id"));
    const QString ruleId = rid.isString() ? rid.toString() : QString::number(rid.toInteger());
    const QString agent = agentId.isEmpty() ? alert.value(QStringLiteral("agent")).toObject().value(QStringLiteral("id")).toString() : agentId;
    QJsonArray arr;
    for (const DispatchRoute *r : routes)
        arr.append(QJsonObject{{QStringLiteral("route"), r->id},
                               {QStringLiteral("kind"), r->kind},
                               {QStringLiteral("review"), r->review},
                               {QStringLiteral("dedup_key"), agent + u':' + ruleId}});
    return QString::fromUtf8(QJsonDocument(arr).toJson(QJsonDocument::Compact));
}

void DispatchStage::process(const std::vector<ClaimedAlert> &batch, Done done)
{
    std::vector<StageOutcome> out;
    out.reserve(batch.size());
    for (const ClaimedAlert &a : batch) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(a.raw, &pe);
        if (!doc.isObject()) {
            // ingest stores only JSON objects; this would be a damaged row: say so, do not route blindly
            out.push_back(StageOutcome::fail(QStringLiteral("alert body is not a JSON object: %1").arg(pe.errorString())));
            continue;
        }
        const auto routes = DispatchRoutes::matching(m_routes, doc.object());
        out.push_back(StageOutcome::done({enqueueJson(routes, doc.object(), a.agentId)}));
    }
    done(std::move(out));
}

}  // namespace eos
