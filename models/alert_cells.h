// How the Live Alerts table shows an alert row, cell by cell: each column's text (times in the console's zone
// and format, the agent as "name (id)", states and risks as analysts read them), its tooltip, the filter term
// a cell's value stands for ("rule:5710", for "filter on this value"), and the columns' header titles and
// tooltips. Stateless: AlertListModel answers data() and headerData() with it, building strings only for
// the cells a view asks for. Columns are AlertListModel::Column values.
#pragma once

#include "alert_row.h"

#include <QCoreApplication>
#include <QString>
#include <QTimeZone>
#include <QVariant>

namespace eos {

class MitreNames;

class AlertCells {
    Q_DECLARE_TR_FUNCTIONS(AlertCells)
public:
    static QString text(const AlertRow &r, int column, const QTimeZone &zone, const QString &timeFormat);
    // The full text of the columns a narrow cell elides (description, groups, agent, assignee), the MITRE
    // ids one per line with their names where known, the state with its assignee; null for the others.
    static QVariant toolTip(const AlertRow &r, int column, const MitreNames &mitre);
    // The filter term for this cell's value (FilterBar syntax, quoted where needed); empty when none.
    static QString filterTerm(const AlertRow &r, int column);
    static QString headerTitle(int column);
    static QVariant headerToolTip(int column);  // why a column does not sort, what MITRE ids are
};

}  // namespace eos
