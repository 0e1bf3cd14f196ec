// Export of the filtered alerts of Live Alerts (its filter, time range and sort) to a file:
//   CSV     the visible columns in their order, a header row, RFC 4180 (fields with a comma, quote, CR or
//           LF quoted, quotes doubled, CRLF line ends), UTF-8; times ISO 8601 in the console's zone. A
//           text field an attacker may write (rule description, agent, groups) that begins with = + - @
//           TAB or CR gets a leading ' so that a spreadsheet does not run it as a formula (OWASP CSV
//           injection); numbers are written as they are.
//   NDJSON  the raw alert (as stored) per line.
// Streamed from the database on the exporter's own worker thread (DbWorker) in keyset batches of the
// list's own order (AlertSort::after), inside one REPEATABLE READ READ ONLY transaction so the count and
// the rows come from one snapshot: never more than one batch in memory. Written to a temporary file
// beside the target that is renamed over it at the end (QSaveFile); cancel() stops the running query in
// PostgreSQL (PQcancel) and removes the temporary file, so a cancelled or failed export leaves nothing.
#pragma once

#include "alert_filter.h"
#include "alert_row.h"
#include "alert_sort.h"
#include "store/db_connection_info.h"

#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <atomic>
#include <functional>
#include <memory>

namespace eos {

class DbWorker;

class AlertExporter : public QObject {
    Q_OBJECT
public:
    enum class Format { Csv, Ndjson };

    struct Options {
        Format format = Format::Csv;
        QString path;           // the file to write (replaced when it exists)
        AlertFilter filter;
        AlertSort sort;
        QList<int> columns;     // CSV: AlertListModel::Column values in the order shown; empty = all
        QStringList headers;    // CSV: their titles; empty = columnTitle()
        QTimeZone zone = QTimeZone::systemTimeZone();
        int batchRows = 2000;
    };
    struct Result {
        bool ok = false;
        bool cancelled = false;
        qint64 rows = 0;        // rows written
        qint64 total = 0;       // rows the filter matched when the export began
        qint64 bytes = 0;
        QString path;
        QString error;          // for the analyst (no secrets)
    };

    explicit AlertExporter(DbConnectionInfo db, QObject *parent = nullptr);
    ~AlertExporter() override;

    // Starts an export on the worker (false when one is already running). progress() and finished() follow.
    bool start(const Options &options);
    // Stops the running export: its query is cancelled in PostgreSQL, the temporary file removed;
    // finished() reports cancelled.
    void cancel();
    bool isRunning() const { return m_running; }

    // The export itself, blocking on db (the worker runs it; benches may too). `cancelled` is polled
    // between batches; progress(written, total) is called after each batch.
    static Result run(QSqlDatabase &db, const Options &options, const std::function<bool()> &cancelled,
                      const std::function<void(qint64, qint64)> &progress);

    // RFC 4180 field (quoted when needed) with the formula guard described above when guardFormula.
    static QByteArray csvField(const QString &value, bool guardFormula = true);
    // A column's value for CSV (AlertListModel::Column).
    static QString cellText(const AlertRow &row, int column, const QTimeZone &zone);
    static QString columnTitle(int column);  // English, stable
    static QString suggestedFileName(Format format, const QDateTime &now);  // eos-alerts-20261201-1304.csv

Q_SIGNALS:
    void progress(qint64 written, qint64 total);
    void finished(const eos::AlertExporter::Result &result);

private:
    std::unique_ptr<DbWorker> m_worker;
    struct Control {
        std::atomic<bool> cancel{false};
        std::atomic<int> phase{0};  // 0 queued, 1 running (reports when done), 2 cancelled before it ran
    };
    std::shared_ptr<Control> m_control;
    bool m_running = false;
};

}  // namespace eos

Q_DECLARE_METATYPE(eos::AlertExporter::Result)
