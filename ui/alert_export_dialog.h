// The progress of an export of the filtered alerts (AlertExporter): rows written of the total, Cancel
// (stops the query and removes the partial file). Modeless: the window keeps working meanwhile.
#pragma once

#include "alert_exporter.h"

#include <QDialog>
#include <QElapsedTimer>

class QDialogButtonBox;
class QLabel;
class QProgressBar;

namespace eos {

class AlertExportDialog : public QDialog {
    Q_OBJECT
public:
    AlertExportDialog(const DbConnectionInfo &db, const AlertExporter::Options &options, QWidget *parent = nullptr);

    void start();
    AlertExporter *exporter() const { return m_exporter; }
    QProgressBar *progressBar() const { return m_bar; }
    QLabel *statusLabel() const { return m_status; }
    // The last result (valid once finished() was emitted).
    AlertExporter::Result result() const { return m_result; }
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    void statusMessage(const QString &message, int timeoutMs);
    void exportFinished(const eos::AlertExporter::Result &result);

protected:
    void reject() override;  // Cancel, Esc and the close button cancel a running export

private:
    void onProgress(qint64 written, qint64 total);
    void onFinished(const AlertExporter::Result &result);

    AlertExporter::Options m_options;
    AlertExporter *m_exporter;
    QLabel *m_status;
    QProgressBar *m_bar;
    QDialogButtonBox *m_buttons;
    QElapsedTimer m_clock;
    AlertExporter::Result m_result;
    bool m_finished = false;
};

}  // namespace eos
