// The pipeline's health as the console's status bar words it (translated): the ingest rate and spool,
// requests refused in the last minute, each running stage's backlog (and every stage's in the tooltip), and
// the alert listener — which instance runs it, or why none does — from a PipelineHealth sample, this
// console's own pipeline and the daemons found on the database. Pure functions of their arguments.
#pragma once

#include "pipeline_health.h"

#include <QCoreApplication>
#include <QString>

namespace eos {

class PipelineStatusText {
    Q_DECLARE_TR_FUNCTIONS(PipelineStatusText)
public:
    static QString describeHealth(const PipelineHealth::Sample &sample);   // "12 alerts/s · spool: 40"
    static QString describeBacklog(const PipelineHealth::Sample &sample);  // "Backlog: enrich 12 · llm 3" (running stages)
    static QString describeBacklogDetails(const PipelineHealth::Sample &sample);  // every stage, for the tooltip
    static QString describeRejected(const PipelineHealth::Sample &sample);  // "Rejected (1 min): 401 token ×3"
    struct ListenerState {
        QString text;      // for the status bar
        QString details;   // for the tooltip
        bool running = false;
    };
    // The listener as the status bar shows it: this process's pipeline (enabled, running, its start error)
    // and the instances the sample found on the database.
    static ListenerState describeListener(const PipelineHealth::Sample &sample, bool pipelineEnabled, bool pipelineRunning,
                                          const QString &pipelineError);
};

}  // namespace eos
