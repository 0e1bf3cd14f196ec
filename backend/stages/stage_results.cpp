#include "stages/stage_results.h"

#include "stages/stage.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace eos {

bool StageResults::typed(const Stage &stage)
{
    const QString sql = stage.doneSql();
    const QStringList types = stage.doneTypes();
    return !types.isEmpty() && qsizetype(sql.count(u'?')) == types.size();
}

QString StageResults::updateSql(const Stage &stage)
{
    const QStringList types = stage.doneTypes();
    // each `?` of doneSql becomes its column of v, cast to its type
    QString set;
    int k = 0;
    for (const QChar c : stage.doneSql()) {
        if (c == u'?' && k < types.size()) {
            set += QStringLiteral("(v.c%1::%2)").arg(k).arg(types[k]);
            ++k;
        } else {
            set += c;
        }
    }
    QString cols = QStringLiteral("id"), arrays = QStringLiteral("?::int8[]");
    for (int c = 0; c < types.size(); ++c) {
        cols += QStringLiteral(", c%1").arg(c);
        arrays += QStringLiteral(", ?::text[]");
    }
    return QStringLiteral("WITH v AS (SELECT * FROM unnest(%1) AS v(%2)), "
                          "l AS (DELETE FROM stage_leases WHERE alert_id IN (SELECT id FROM v) AND claimed_by = ? RETURNING alert_id) "
                          "UPDATE alerts a SET state = '%3', stage_attempts = 0, next_attempt_at = NULL, stage_error = NULL, %4 "
                          "FROM v JOIN l ON l.alert_id = v.id WHERE a.id = v.id AND a.state = '%5' RETURNING a.id")
        .arg(arrays, cols, stage.outputState(), set, stage.inputState());
}

bool StageResults::store(QSqlDatabase &db, const Stage &stage, const QString &owner, const std::vector<qint64> &ids,
                         const std::vector<const QVariantList *> &values, std::vector<qint64> *doneIds, QString *error)
{
    if (ids.empty()) return true;
    const qsizetype columns = stage.doneTypes().size();
    QSqlQuery q(db);
    if (!q.prepare(updateSql(stage))) {
        *error = q.lastError().text();
        return false;
    }
    QString idList = QStringLiteral("{");
    for (size_t i = 0; i < ids.size(); ++i) idList += (i ? QStringLiteral(",") : QString()) + QString::number(ids[i]);
    q.addBindValue(idList + u'}');
    for (qsizetype c = 0; c < columns; ++c) {
        std::vector<QVariant> column;
        column.reserve(values.size());
        for (const QVariantList *v : values) column.push_back(c < v->size() ? v->at(c) : QVariant());
        q.addBindValue(textArray(column));
    }
    q.addBindValue(owner);
    if (!q.exec()) {
        *error = q.lastError().text();
        return false;
    }
    while (q.next()) doneIds->push_back(q.value(0).toLongLong());
    return true;
}

QString StageResults::textArray(const std::vector<QVariant> &values)
{
    QString s = QStringLiteral("{");
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) s += u',';
        const QVariant &v = values[i];
        const int type = v.metaType().id();
        if (v.isNull() || (type == QMetaType::QString && v.toString().isNull()) ||
            (type == QMetaType::QByteArray && v.toByteArray().isNull()) ||
            (type == QMetaType::QDateTime && !v.toDateTime().isValid())) {
            s += QStringLiteral("NULL");
            continue;
        }
        QString text;
        switch (type) {
        case QMetaType::QDateTime: text = v.toDateTime().toUTC().toString(Qt::ISODateWithMs); break;
        case QMetaType::Bool: text = v.toBool() ? QStringLiteral("true") : QStringLiteral("false"); break;
        case QMetaType::QByteArray: text = QString::fromUtf8(v.toByteArray()); break;
        default: text = v.toString(); break;
        }
        s += u'"';
        for (const QChar c : std::as_const(text)) {
            if (c == u'"' || c == u'\\') s += u'\\';
            s += c;
        }
        s += u'"';
    }
    return s + u'}';
}

}  // namespace eos
