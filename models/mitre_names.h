// The names of MITRE ATT&CK techniques as Wazuh's rules give them (rule.mitre.technique[i] beside
// rule.mitre.id[i]), learnt from the alerts themselves: for each technique id not asked for before, one alert
// that carries it is read on the owner's DbWorker (one query for all new ids of a batch of rows), and the
// names arrive on the owner's thread. The Live Alerts table shows them in the MITRE column's tooltip.
#pragma once

#include "alert_row.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>

namespace eos {

class DbWorker;

class MitreNames {
public:
    // worker: runs the lookups; context: the thread (and lifetime) the names arrive on
    MitreNames(DbWorker *worker, QObject *context);

    void learn(const AlertRows &rows);
    QString name(const QString &techniqueId) const { return m_names.value(techniqueId); }
    // "T1110, T1021.004" (the MITRE column's text) as one line per id, with its name where known
    QString toolTip(const QString &techniqueIds) const;
    // ids asked for and not answered (their lookup was cancelled with the worker's other jobs) are asked again
    void forgetUnanswered();

private:
    DbWorker *m_worker;
    QObject *m_context;
    QHash<QString, QString> m_names;  // technique id -> name
    QSet<QString> m_asked;            // ids asked for (answered or not)
};

}  // namespace eos
