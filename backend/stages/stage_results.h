// StageResults: stores the results of a stage whose done alerts carry values of their own (the LLM's
// summary columns, dispatch's routes) for a whole batch in one statement. Each `?` of Stage::doneSql()
// becomes a column of an unnest over text arrays, cast to its type from Stage::doneTypes(), so a batch of
// 200 alerts is one UPDATE (and one run of the alerts' statement triggers) instead of 200. Like the
// runner's other writes, it is guarded by deleting this runner's own leases: alerts whose lease was taken
// over, or whose state changed meanwhile, are left alone.
#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <vector>

namespace eos {

class Stage;

class StageResults {
public:
    // True when the stage declares the types of all its placeholders (and has some).
    static bool typed(const Stage &stage);
    // The statement: parameters are the ids (int8[]), one text[] per placeholder, then the lease owner.
    static QString updateSql(const Stage &stage);
    // Runs it for alerts ids[i] with values[i] (each of doneTypes().size() values); appends the ids moved on
    // to *doneIds. False on a database error (in *error), with nothing written.
    static bool store(QSqlDatabase &db, const Stage &stage, const QString &owner, const std::vector<qint64> &ids,
                      const std::vector<const QVariantList *> &values, std::vector<qint64> *doneIds, QString *error);
    // A PostgreSQL text array literal: NULL for a null value (an empty variant, a null string or byte array,
    // an invalid time, as QPSQL binds them), every other element quoted in the text form its type's input
    // function reads (ISO 8601 in UTC with milliseconds for times, true/false, numbers as written).
    static QString textArray(const std::vector<QVariant> &values);
};

}  // namespace eos
