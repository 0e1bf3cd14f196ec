// The detail pane of Live Alerts: the whole alert as a collapsible JSON tree, its full_log, and the
// triage history (audit trail). Context menu on the tree: copy value, copy field path, filter on this value.
#pragma once

#include "triage_store.h"

#include <QTimeZone>
#include <QWidget>

class QAction;
class QLabel;
class QPlainTextEdit;
class QSplitter;
class QTreeView;
class QTreeWidget;

namespace eos {

class JsonTreeModel;

class AlertDetailPane : public QWidget {
    Q_OBJECT
public:
    explicit AlertDetailPane(QWidget *parent = nullptr);

    void clear();
    void showLoading(qint64 id);
    void showDetails(qint64 id, const QByteArray &json, const QString &fullLog);
    void showError(qint64 id, const QString &message);
    void showHistory(const QList<TriageStore::HistoryEntry> &history, const QString &error = {});
    void setTimeZone(const QTimeZone &zone);
    qint64 alertId() const { return m_id; }
    void focusTree();

    QTreeView *tree() const { return m_tree; }
    JsonTreeModel *jsonModel() const { return m_json; }
    QPlainTextEdit *fullLogView() const { return m_fullLog; }
    QTreeWidget *historyView() const { return m_history; }
    QSplitter *splitter() const { return m_split; }
    QList<QAction *> treeActions() const;

    // Display text of an audit action ("acknowledge" -> "Acknowledged").
    static QString actionLabel(const QString &action);

Q_SIGNALS:
    void filterOnTermRequested(const QString &term);
    void backToListRequested();

private:
    void copyValue();
    void copyPath();
    void filterOnValue();
    QModelIndex currentValueIndex() const;

    qint64 m_id = 0;
    QLabel *m_title;
    QSplitter *m_split;
    QTreeView *m_tree;
    JsonTreeModel *m_json;
    QPlainTextEdit *m_fullLog;
    QTreeWidget *m_history;
    QAction *m_copyValue;
    QAction *m_copyPath;
    QAction *m_filterOn;
    QAction *m_back;
    QList<TriageStore::HistoryEntry> m_entries;
    QTimeZone m_zone;
};

}  // namespace eos
