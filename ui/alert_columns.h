// The Live Alerts table's columns: which show by default, widths fitted to the font (never to the rows),
// the column chooser (the header's context menu: a checkable entry per column in the header's order,
// "Reset Columns"; columns are reordered by dragging their headers), and the layout kept in QSettings
// and in saved views by the columns' keys (AlertListModel::columnKey, see ColumnLayout). Also fits the
// grouped table's widths. Works on the tables it is given; their models must be set first.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>

class QMenu;
class QTableView;
class QWidget;

namespace eos {

class AlertColumns : public QObject {
    Q_OBJECT
public:
    // table shows an AlertListModel, groupTable an AlertGroupModel; both outlive this object.
    AlertColumns(QTableView *table, QTableView *groupTable, QObject *parent = nullptr);

    static QList<int> defaultHidden();  // shown one click away in the chooser
    QMenu *createMenu(QWidget *parent);
    void setVisible(int column, bool visible);  // never hides the last visible column
    void reset();                               // default order, visibility and widths
    QJsonObject layout() const;
    bool apply(const QJsonObject &layout);  // false when it names no known column
    void fitWidths();                       // both tables, from the font's advances of typical contents
    void restoreSaved();                    // the defaults, then what QSettings kept
    void save() const;                      // into QSettings

private:
    QTableView *m_table;
    QTableView *m_groupTable;
    bool m_applying = false;  // moving sections ourselves: not a change to save
};

}  // namespace eos
