// The detail pane of Live Alerts: the whole alert as a collapsible JSON tree, its full_log, and the
// triage history (audit trail). Context menu on the tree: copy value, copy field path, filter on this value.
// A failed alert (a stage gave up on it) shows which stage and why above the tree, with a Retry button.
#pragma once

#include "triage_store.h"

#include <QTimeZone>
#include <QWidget>

class QAction;
class QLabel;
class QPlainTextEdit;
class QPushButton;
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
    // The alert's pipeline stage: failed → "Failed in stage enrich: <error>" and Retry; a stage still
    // retrying → its last error; otherwise nothing. Ignored unless it is about the alert shown.
    void showStageStatus(const TriageStore::StageStatus &status);
    // The LLM triage's risk and summary (hidden when the alert has none). Ignored unless about the alert shown.
    void showSummary(qint64 id, const QString &risk, const QString &summary, const QString &model, bool valid);
    QLabel *summaryLabel() const { return m_summary; }
    void setTimeZone(const QTimeZone &zone);
    qint64 alertId() const { return m_id; }
    void focusTree();

    QTreeView *tree() const { return m_tree; }
    JsonTreeModel *jsonModel() const { return m_json; }
    QPlainTextEdit *fullLogView() const { return m_fullLog; }
    QTreeWidget *historyView() const { return m_history; }
    QLabel *stageBanner() const { return m_stageBanner; }
    QPushButton *retryButton() const { return m_retryButton; }
    QSplitter *splitter() const { return m_split; }
    QList<QAction *> treeActions() const;

    // Display text of an audit action ("acknowledge" -> "Acknowledged").
    static QString actionLabel(const QString &action);
    // The "What" of a history row: the action with what its details add ("Assigned to alice",
    // "Failed in stage enrich", "Retried stage enrich").
    static QString describeEntry(const TriageStore::HistoryEntry &entry);

protected:
    void changeEvent(QEvent *event) override;

Q_SIGNALS:
    void filterOnTermRequested(const QString &term);
    void backToListRequested();
    void retryRequested(qint64 alertId);

private:
    void copyValue();
    void copyPath();
    void filterOnValue();
    QModelIndex currentValueIndex() const;

    qint64 m_id = 0;
    void hideStageStatus();
    void styleBanner();

    QLabel *m_title;
    QWidget *m_stageBox;
    QLabel *m_stageBanner;
    QLabel *m_summary = nullptr;
    QPushButton *m_retryButton;
    bool m_stageFailed = false;
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
