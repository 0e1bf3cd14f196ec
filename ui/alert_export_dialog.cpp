#include "alert_export_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace eos {

AlertExportDialog::AlertExportDialog(const DbConnectionInfo &db, const AlertExporter::Options &options, QWidget *parent)
    : QDialog(parent), m_options(options)
{
    setObjectName(QStringLiteral("alertExportDialog"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Export Filtered Alerts"));
    m_exporter = new AlertExporter(db, this);
    auto *layout = new QVBoxLayout(this);
    const bool ndjson = options.format == AlertExporter::Format::Ndjson;
    auto *what = new QLabel(ndjson ? tr("Writing the filtered alerts, one whole alert per line, to\n%1")
                                         .arg(QDir::toNativeSeparators(options.path))
                                   : tr("Writing the filtered alerts (%n visible column(s)) as CSV to\n%1", "",
                                        int(options.columns.isEmpty() ? 10 : options.columns.size()))
                                         .arg(QDir::toNativeSeparators(options.path)),
                            this);
    what->setWordWrap(true);
    what->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(what);
    if (!options.filter.isEmpty()) {
        auto *filter = new QLabel(tr("Filter: %1").arg(options.filter.format()), this);
        filter->setWordWrap(true);
        layout->addWidget(filter);
    }
    m_bar = new QProgressBar(this);
    m_bar->setRange(0, 0);  // counting first
    layout->addWidget(m_bar);
    m_status = new QLabel(tr("Counting the alerts…"), this);
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AlertExportDialog::reject);
    connect(m_exporter, &AlertExporter::progress, this, &AlertExportDialog::onProgress);
    connect(m_exporter, &AlertExporter::finished, this, &AlertExportDialog::onFinished);
    const QFontMetrics fm(font());
    setMinimumWidth(fm.averageCharWidth() * 70);
}

void AlertExportDialog::start()
{
    m_clock.start();
    if (!m_exporter->start(m_options)) m_status->setText(tr("An export is already running."));
}

void AlertExportDialog::onProgress(qint64 written, qint64 total)
{
    const QLocale loc;
    // a QProgressBar counts in int: in thousandths of the total
    m_bar->setRange(0, 1000);
    m_bar->setValue(total > 0 ? int(written * 1000 / total) : 1000);
    const double s = double(m_clock.elapsed()) / 1000;
    m_status->setText(tr("%1 of %2 alerts written (%3 alerts/s)")
                          .arg(loc.toString(written), loc.toString(total), loc.toString(s > 0 ? qint64(double(written) / s) : 0)));
}

void AlertExportDialog::onFinished(const AlertExporter::Result &r)
{
    m_finished = true;
    m_result = r;
    const QLocale loc;
    QString message;
    if (r.ok) {
        message = tr("Exported %1 alerts to %2 (%3)")
                      .arg(loc.toString(r.rows), QDir::toNativeSeparators(r.path), loc.formattedDataSize(r.bytes));
    } else if (r.cancelled) {
        message = tr("Export cancelled; no file was written.");
    } else {
        message = tr("The export failed: %1").arg(r.error);
    }
    Q_EMIT statusMessage(message, r.ok || r.cancelled ? 10000 : 20000);
    Q_EMIT exportFinished(r);
    if (r.ok || r.cancelled) {
        QDialog::accept();
        return;
    }
    // a failure stays on screen with its reason until closed
    m_bar->setRange(0, 1);
    m_bar->setValue(0);
    m_status->setText(message);
    m_buttons->setStandardButtons(QDialogButtonBox::Close);
}

void AlertExportDialog::reject()
{
    if (!m_finished && m_exporter->isRunning()) {
        m_status->setText(tr("Cancelling…"));
        m_buttons->setEnabled(false);
        m_exporter->cancel();  // finished(cancelled) closes the dialog
        return;
    }
    QDialog::reject();
}

}  // namespace eos
