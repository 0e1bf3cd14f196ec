// Triage actions on alerts with an audit trail (resources/migrations/0002_console.sql). Each action on
// one or many alerts is one transaction: the alerts' triage columns are updated and one audit_log row is
// written per alert. Synchronous (a single UPDATE … WHERE id = ANY(…) plus one INSERT … SELECT; a few ms
// even for thousands of alerts) on a connection of the thread that created the store.
#pragma once

#include "core/config.h"
#include "store/db_connection_info.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

namespace eos {

class TriageStore : public QObject {
    Q_OBJECT
public:
    enum class Action { Acknowledge, FalsePositive, Escalate, AssignToMe, Unassign, Reopen };
    Q_ENUM(Action)

    struct Result {
        bool ok = false;
        Action action = Action::Acknowledge;
        QList<qint64> changed;   // alerts updated (audit row written)
        QList<qint64> missing;   // ids not found (deleted by retention meanwhile)
        QString error;           // for the analyst when !ok
        QString summary() const; // "Acknowledged 3 alerts (1 not found)"
    };

    struct HistoryEntry {
        qint64 id = 0;
        QDateTime at;
        QString actor;
        QString action;          // acknowledge, false_positive, escalate, assign, unassign, reopen
        QString reason;
        QJsonObject details;     // {"from": previous status, "to": new status, "assigned_to": …}
    };

    // actor: the analyst name for the audit trail (see actorFromConfig()).
    TriageStore(DbConnectionInfo db, QString actor, QObject *parent = nullptr);
    ~TriageStore() override;

    // EOS_ANALYST when set, else the OS user ($USER / $LOGNAME / getpwuid), else "unknown".
    static QString actorFromConfig(const Config &config);
    QString actor() const { return m_actor; }

    static bool reasonRequired(Action action);  // FalsePositive, Escalate
    static QString actionName(Action action);   // the audit_log.action text

    // A reason is required for FalsePositive and Escalate (Result.error otherwise, nothing changed).
    Result apply(Action action, const QList<qint64> &alertIds, const QString &reason = {});
    Result acknowledge(const QList<qint64> &ids, const QString &reason = {}) { return apply(Action::Acknowledge, ids, reason); }
    Result markFalsePositive(const QList<qint64> &ids, const QString &reason) { return apply(Action::FalsePositive, ids, reason); }
    Result escalate(const QList<qint64> &ids, const QString &reason) { return apply(Action::Escalate, ids, reason); }
    Result assignToMe(const QList<qint64> &ids) { return apply(Action::AssignToMe, ids); }

    // The audit trail of one alert, oldest first.
    QList<HistoryEntry> history(qint64 alertId, QString *error = nullptr);

Q_SIGNALS:
    // After a successful action: models refresh these rows (AlertListModel::refreshAlerts).
    void alertsChanged(const QList<qint64> &ids);

private:
    bool ensureOpen(QString *error);

    DbConnectionInfo m_info;
    QString m_actor;
    QString m_connName;
};

}  // namespace eos
