#include "alert_exporter.h"

#include "alert_labels.h"
#include "alert_list_model.h"
#include "alert_row_sql.h"
#include "db_worker.h"
#include "llm_summary_model.h"

#include <algorithm>

#include <QElapsedTimer>
#include <QPointer>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>

namespace eos {

namespace {

// A batch of NDJSON: the raw alerts with what the keyset needs (id, alert_ts in µs, the sort key).
struct RawBatch {
    QList<QByteArray> lines;
    AlertRow last;
    QString error;
};

RawBatch selectRaw(QSqlDatabase &db, const AlertSort &sort, const AlertRow *after, const QString &filterWhere,
                   const QVariantList &filterBinds, int limit)
{
    RawBatch out;
    QVariantList binds;
    QString sql = QStringLiteral("SELECT id, (extract(epoch FROM alert_ts) * 1000000)::bigint, raw::text");
    const QString key = sort.selectKey();
    if (!key.isEmpty()) sql += QStringLiteral(", ") + key;
    sql += QStringLiteral(" FROM alerts WHERE ");
    sql += after ? sort.after(*after, false, &binds) : QStringLiteral("true");
    if (!filterWhere.isEmpty()) sql += QStringLiteral(" AND (%1)").arg(filterWhere);
    sql += QStringLiteral(" ORDER BY %1 LIMIT %2").arg(sort.orderBy()).arg(limit);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(sql);
    for (const auto &b : std::as_const(binds)) q.addBindValue(b);
    for (const auto &b : filterBinds) q.addBindValue(b);
    if (!q.exec()) {
        out.error = q.lastError().text().trimmed();
        return out;
    }
    out.lines.reserve(limit);
    while (q.next()) {
        out.last.id = q.value(0).toLongLong();
        out.last.tsUs = q.value(1).toLongLong();
        out.lines << q.value(2).toString().toUtf8();
        if (!key.isEmpty()) out.last.sortValue = q.value(3);
    }
    return out;
}

bool isNumber(const QString &v)
{
    bool ok = false;
    v.toDouble(&ok);
    return ok;
}

}  // namespace

AlertExporter::AlertExporter(DbConnectionInfo db, QObject *parent)
    : QObject(parent), m_worker(std::make_unique<DbWorker>(std::move(db), QStringLiteral("eos-export")))
{
    qRegisterMetaType<eos::AlertExporter::Result>();
}

AlertExporter::~AlertExporter()
{
    if (m_control) m_control->cancel = true;
    m_worker.reset();  // cancels the running query (its socket is shut down); the job removes its file
}

bool AlertExporter::start(const Options &options)
{
    if (m_running) return false;
    m_running = true;
    auto ctl = std::make_shared<Control>();
    m_control = ctl;
    QPointer<AlertExporter> self(this);
    m_worker->call<Result>(this, [options, ctl, self](QSqlDatabase &db) {
        int expected = 0;
        if (!ctl->phase.compare_exchange_strong(expected, 1)) {  // cancelled before it began: reported already
            Result r;
            r.cancelled = true;
            return r;
        }
        QElapsedTimer since;
        since.start();
        return run(db, options, [ctl] { return ctl->cancel.load(); }, [&](qint64 written, qint64 total) {
            // at most ten reports a second (and the last one)
            if (since.elapsed() < 100 && written < total) return;
            since.restart();
            QMetaObject::invokeMethod(self.data(), [self, ctl, written, total] {
                if (self && self->m_control == ctl && !ctl->cancel.load()) Q_EMIT self->progress(written, total);
            }, Qt::QueuedConnection);
        });
    }, [this, ctl](Result r) {
        if (m_control != ctl || ctl->phase.load() != 1) return;
        m_running = false;
        if (ctl->cancel.load() && !r.ok) {
            r.cancelled = true;
            r.error.clear();
        }
        Q_EMIT finished(r);
    });
    return true;
}

void AlertExporter::cancel()
{
    if (!m_running || !m_control) return;
    m_control->cancel = true;
    m_worker->cancelAll();  // the running batch is cancelled in PostgreSQL; a queued export never starts
    int expected = 0;
    if (m_control->phase.compare_exchange_strong(expected, 2)) {
        // it had not begun and never will: no job reports, so report here
        m_running = false;
        Result r;
        r.cancelled = true;
        Q_EMIT finished(r);
    }
}

AlertExporter::Result AlertExporter::run(QSqlDatabase &db, const Options &o, const std::function<bool()> &cancelled,
                                         const std::function<void(qint64, qint64)> &progress)
{
    Result r;
    r.path = o.path;
    if (cancelled()) {
        r.cancelled = true;
        return r;
    }
    if (!db.isOpen()) {
        r.error = tr("The database is not reachable.");
        return r;
    }
    QSaveFile file(o.path);
    if (!file.open(QIODevice::WriteOnly)) {
        r.error = tr("Cannot write %1: %2").arg(o.path, file.errorString());
        return r;
    }
    QString where;
    QVariantList binds;
    o.filter.toSql(&where, &binds);
    const int batch = std::max(1, o.batchRows);

    auto fail = [&](const QString &error) {
        QSqlQuery(db).exec(QStringLiteral("ROLLBACK"));
        file.cancelWriting();
        if (cancelled()) r.cancelled = true;
        else r.error = error;
        return r;
    };
    QSqlQuery tx(db);
    if (!tx.exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"))) return fail(tx.lastError().text().trimmed());
    {
        QSqlQuery count(db);
        count.prepare(QStringLiteral("SELECT count(*) FROM alerts") + (where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where));
        for (const auto &b : std::as_const(binds)) count.addBindValue(b);
        if (!count.exec() || !count.next()) return fail(count.lastError().text().trimmed());
        r.total = count.value(0).toLongLong();
    }
    progress(0, r.total);

    QList<int> columns = o.columns;
    if (columns.isEmpty())
        for (int c = 0; c < AlertListModel::ColumnCount; ++c) columns << c;
    if (o.format == Format::Csv) {
        QByteArray head;
        for (qsizetype i = 0; i < columns.size(); ++i) {
            if (i) head += ',';
            head += csvField(i < o.headers.size() ? o.headers.at(i) : columnTitle(columns.at(i)), false);
        }
        head += "\r\n";
        r.bytes += file.write(head);
    }

    AlertRow last;
    bool haveLast = false;
    for (;;) {
        if (cancelled()) return fail({});
        QByteArray chunk;
        int n = 0;
        if (o.format == Format::Csv) {
            QString error;
            QVariantList condBinds;
            const QString cond = haveLast ? o.sort.after(last, false, &condBinds) : QString();
            const AlertRows rows = alert_sql::selectOrdered(db, cond, condBinds, where, binds, o.sort.orderBy(), o.sort.selectKey(),
                                                            batch, 0, &error);
            if (!error.isEmpty()) return fail(error);
            n = int(rows.size());
            chunk.reserve(n * 200);
            for (const AlertRow &row : rows) {
                for (qsizetype i = 0; i < columns.size(); ++i) {
                    if (i) chunk += ',';
                    const int c = columns.at(i);
                    // numbers and times as they are; text an attacker may write gets the formula guard
                    const bool guard = c != AlertListModel::TimeColumn && c != AlertListModel::LevelColumn &&
                                       c != AlertListModel::RuleIdColumn;
                    chunk += csvField(cellText(row, c, o.zone), guard);
                }
                chunk += "\r\n";
            }
            if (n > 0) {
                last = rows.last();
                haveLast = true;
            }
        } else {
            const RawBatch b = selectRaw(db, o.sort, haveLast ? &last : nullptr, where, binds, batch);
            if (!b.error.isEmpty()) return fail(b.error);
            n = int(b.lines.size());
            qsizetype size = 0;
            for (const auto &l : b.lines) size += l.size() + 1;
            chunk.reserve(size);
            for (const auto &l : b.lines) {
                chunk += l;
                chunk += '\n';
            }
            if (n > 0) {
                last = b.last;
                haveLast = true;
            }
        }
        if (!chunk.isEmpty()) {
            if (file.write(chunk) != chunk.size()) return fail(tr("Cannot write %1: %2").arg(o.path, file.errorString()));
            r.bytes += chunk.size();
        }
        r.rows += n;
        progress(r.rows, std::max(r.total, r.rows));
        if (n < batch) break;
    }
    QSqlQuery(db).exec(QStringLiteral("COMMIT"));
    if (cancelled()) return fail({});
    if (!file.commit()) {
        r.error = tr("Cannot write %1: %2").arg(o.path, file.errorString());
        return r;
    }
    r.ok = true;
    return r;
}

QByteArray AlertExporter::csvField(const QString &value, bool guardFormula)
{
    QString v = value;
    if (guardFormula && !v.isEmpty()) {
        const QChar c = v.at(0);
        if (c == u'=' || c == u'+' || c == u'@' || c == u'\t' || c == u'\r' || (c == u'-' && !isNumber(v))) v.prepend(u'\'');
    }
    bool quote = false;
    for (const QChar ch : std::as_const(v)) {
        if (ch == u',' || ch == u'"' || ch == u'\n' || ch == u'\r') {
            quote = true;
            break;
        }
    }
    if (!quote) return v.toUtf8();
    v.replace(u'"', QStringLiteral("\"\""));
    return '"' + v.toUtf8() + '"';
}

QString AlertExporter::cellText(const AlertRow &r, int column, const QTimeZone &zone)
{
    switch (column) {
    case AlertListModel::TimeColumn:
        return r.tsMs ? QDateTime::fromMSecsSinceEpoch(r.tsMs, zone).toString(Qt::ISODateWithMs) : QString();
    case AlertListModel::LevelColumn: return QString::number(r.level);
    case AlertListModel::RuleIdColumn: return QString::number(r.ruleId);
    case AlertListModel::DescriptionColumn: return r.ruleDesc;
    case AlertListModel::AgentColumn:
        return r.agentName.isEmpty() ? r.agentId : QStringLiteral("%1 (%2)").arg(r.agentName, r.agentId);
    case AlertListModel::SourceIpColumn: return r.srcIp;
    case AlertListModel::GroupsColumn: return r.groups;
    case AlertListModel::MitreColumn: return r.mitre;
    case AlertListModel::StateColumn: return AlertLabels::stateColumn(r.triageStatus, r.state, r.assignedTo);
    case AlertListModel::RiskColumn: return r.risk.isEmpty() ? QString() : LlmSummaryModel::riskLabel(r.risk);
    case AlertListModel::AssigneeColumn: return r.assignedTo;
    default: return {};
    }
}

QString AlertExporter::columnTitle(int column)
{
    switch (column) {
    case AlertListModel::TimeColumn: return QStringLiteral("time");
    case AlertListModel::LevelColumn: return QStringLiteral("level");
    case AlertListModel::RuleIdColumn: return QStringLiteral("rule");
    case AlertListModel::DescriptionColumn: return QStringLiteral("description");
    case AlertListModel::AgentColumn: return QStringLiteral("agent");
    case AlertListModel::SourceIpColumn: return QStringLiteral("srcip");
    case AlertListModel::GroupsColumn: return QStringLiteral("groups");
    case AlertListModel::MitreColumn: return QStringLiteral("mitre");
    case AlertListModel::StateColumn: return QStringLiteral("state");
    case AlertListModel::RiskColumn: return QStringLiteral("risk");
    case AlertListModel::AssigneeColumn: return QStringLiteral("assignee");
    default: return QStringLiteral("column%1").arg(column);
    }
}

QString AlertExporter::suggestedFileName(Format format, const QDateTime &now)
{
    return QStringLiteral("eos-alerts-%1.%2").arg(now.toString(QStringLiteral("yyyyMMdd-HHmm")),
                                                 format == Format::Csv ? QStringLiteral("csv") : QStringLiteral("ndjson"));
}

}  // namespace eos
