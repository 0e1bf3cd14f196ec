// The column layout of a table header as JSON that names columns by stable keys (not by position), so a
// saved layout survives columns added in a later version: {"columns": [{"id": "time", "width": 140},
// {"id": "rule", "hidden": true, "width": 60}, …]} in visual order. Used for Live Alerts' QSettings and
// its saved views (the column chooser: show, hide, reorder).
#pragma once

#include <QJsonObject>
#include <QStringList>

class QHeaderView;

namespace eos {

class ColumnLayout {
public:
    // keys[logical] = the column's stable key. The stretch column's width is not kept (it takes the slack).
    static QJsonObject save(const QHeaderView *header, const QStringList &keys, int stretchColumn = -1);
    // Applies a layout: the columns it names in its order (first), hidden or shown, with their widths;
    // columns it does not name keep their place after them and stay as they are. Unknown keys are ignored.
    // False when the layout names no known column (nothing changed).
    static bool restore(QHeaderView *header, const QStringList &keys, const QJsonObject &layout, int stretchColumn = -1);
};

}  // namespace eos
