#include "mitre_names.h"

#include "db_worker.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>

namespace eos {
namespace {
const QString kSeparator = QStringLiteral(", ");  // between the ids of the MITRE column's text
}  // namespace

MitreNames::MitreNames(DbWorker *worker, QObject *context) : m_worker(worker), m_context(context) {}

QString MitreNames::toolTip(const QString &techniqueIds) const
{
    if (techniqueIds.isEmpty()) return {};
    QStringList lines;
    for (const QString &id : techniqueIds.split(kSeparator, Qt::SkipEmptyParts)) {
        const QString n = m_names.value(id);
        lines << (n.isEmpty() ? id : QStringLiteral("%1 %2").arg(id, n));
    }
    return lines.join(u'\n');
}

void MitreNames::forgetUnanswered()
{
    for (auto it = m_asked.begin(); it != m_asked.end();) {
        if (m_names.contains(*it)) ++it;
        else it = m_asked.erase(it);
    }
}

void MitreNames::learn(const AlertRows &rows)
{
    // technique id -> an alert that carries it
    QHash<QString, qint64> unknown;
    for (const AlertRow &r : rows) {
        if (r.mitre.isEmpty()) continue;
        for (const QString &id : r.mitre.split(kSeparator, Qt::SkipEmptyParts))
            if (!m_asked.contains(id) && !unknown.contains(id)) unknown.insert(id, r.id);
    }
    if (unknown.isEmpty()) return;
    QSet<qint64> alertIds;
    QStringList list;
    for (auto it = unknown.cbegin(); it != unknown.cend(); ++it) {
        m_asked.insert(it.key());
        if (!alertIds.contains(it.value())) list << QString::number(it.value());
        alertIds.insert(it.value());
    }
    const QString arr = u'{' + list.join(u',') + u'}';
    using Names = QHash<QString, QString>;
    m_worker->call<Names>(m_context, [arr](QSqlDatabase &db) {
        Names names;
        if (!db.isOpen()) return names;
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(QStringLiteral("SELECT m.id, t.name FROM alerts a, "
                                 "LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(a.raw->'rule'->'mitre'->'id') = 'array' "
                                 "  THEN a.raw->'rule'->'mitre'->'id' ELSE '[]' END) WITH ORDINALITY AS m(id, n), "
                                 "LATERAL (SELECT a.raw->'rule'->'mitre'->'technique'->>(m.n::int - 1)) AS t(name) "
                                 "WHERE a.id = ANY(?::bigint[]) AND t.name IS NOT NULL"));
        q.addBindValue(arr);
        if (q.exec())
            while (q.next()) names.insert(q.value(0).toString(), q.value(1).toString());
        return names;
    }, [this](Names names) {
        for (auto it = names.cbegin(); it != names.cend(); ++it)
            if (!it.value().isEmpty()) m_names.insert(it.key(), it.value());
    });
}

}  // namespace eos
