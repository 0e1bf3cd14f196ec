// The listener's last refused requests (time, peer address, reason, how many, which instance), opened
// from the status bar's "Rejected" field. Follows PipelineHealth's samples while open; never shows a
// token, header or body (the listener records none).
#pragma once

#include "pipeline_health.h"

#include <QDialog>
#include <QTimeZone>

class QLabel;
class QTreeWidget;

namespace eos {

class RejectionsDialog : public QDialog {
    Q_OBJECT
public:
    explicit RejectionsDialog(const QTimeZone &zone, QWidget *parent = nullptr);
    void setSample(const PipelineHealth::Sample &sample);
    QTreeWidget *list() const { return m_list; }
    QLabel *summary() const { return m_summary; }

private:
    QTimeZone m_zone;
    QLabel *m_summary;
    QTreeWidget *m_list;
};

}  // namespace eos
