// The routing stage: `summarized` -> `sent` (NOTIFY alert_sent). For each claimed alert it finds the
// routes of EOS_ROUTES_FILE whose Wazuh filters match and, in the transaction that moves the alert on,
// creates one dispatch_outbox row per route (eos_dispatch_enqueue, schema 7; state `review` for routes in
// review mode, else `pending`; NOTIFY dispatch_outbox). An alert that matches no route moves on with no row.
// The DispatchSender then sends the rows. Wakes on new_response (the LLM stage's done channel).
#pragma once

#include "core/config.h"
#include "stages/dispatch_routes.h"
#include "stages/stage.h"

#include <memory>
#include <vector>

namespace eos {

class DispatchStage : public Stage {
public:
    explicit DispatchStage(std::vector<DispatchRoute> routes);

    QString name() const override { return QStringLiteral("dispatch"); }
    QString inputState() const override { return QStringLiteral("summarized"); }
    QString outputState() const override { return QStringLiteral("sent"); }
    QString wakeChannel() const override { return QStringLiteral("new_response"); }
    QString doneChannel() const override { return QStringLiteral("alert_sent"); }
    bool wantsRaw() const override { return true; }
    QString doneSql() const override { return QStringLiteral("alert_sent_at = eos_dispatch_enqueue(a.id, ?::jsonb)"); }
    QStringList doneTypes() const override { return {QStringLiteral("jsonb")}; }

    void process(const std::vector<ClaimedAlert> &batch, Done done) override;

    const std::vector<DispatchRoute> &routes() const { return m_routes; }
    // The outbox entries for one alert, as eos_dispatch_enqueue takes them (JSON array text).
    static QString enqueueJson(const std::vector<const DispatchRoute *> &routes, const QJsonObject &alert, const QString &agentId);

private:
    std::vector<DispatchRoute> m_routes;
};

}  // namespace eos
