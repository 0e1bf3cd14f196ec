// SQL shared by AlertListModel's workers and LiveFeed: the columns of an AlertRow and one windowed
// SELECT on alerts. Runs on worker threads only.
#pragma once

#include "alert_row.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

namespace eos::alert_sql {

QString selectColumns();
// SELECT <columns> FROM alerts WHERE <cond> [AND (<filterWhere>)] ORDER BY id DESC|ASC LIMIT limit [OFFSET offset]
AlertRows select(QSqlDatabase &db, const QString &cond, const QVariantList &condBinds, const QString &filterWhere,
                 const QVariantList &filterBinds, bool descending, int limit, qint64 offset, QString *error);
// The same in any order (AlertSort::orderBy()), reading keyExpr (AlertSort::selectKey(), may be empty)
// into AlertRow::sortValue.
AlertRows selectOrdered(QSqlDatabase &db, const QString &cond, const QVariantList &condBinds, const QString &filterWhere,
                        const QVariantList &filterBinds, const QString &orderBy, const QString &keyExpr, int limit,
                        qint64 offset, QString *error);
// The highest alert id (0 for an empty table); -1 on error.
qint64 maxId(QSqlDatabase &db, QString *error);

}  // namespace eos::alert_sql
