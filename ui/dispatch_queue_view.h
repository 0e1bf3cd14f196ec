// Dispatch Queue: the outbox live (every send to Slack, Jira, StackStorm, webhooks and email), filtered by
// route and state; the selected row's payload as sent, response and attempt history below; actions
// Approve (review mode), Retry now and Cancel, on the selected rows, each audited. The selection is kept
// by outbox id while rows come and go.
#pragma once

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;
class QTabWidget;

namespace eos {

class DispatchQueueModel;
class DbConnectionInfo;

class DispatchQueueView : public QWidget {
    Q_OBJECT
public:
    DispatchQueueView(const DbConnectionInfo &db, const QString &actor, QWidget *parent = nullptr);
    ~DispatchQueueView() override;

    DispatchQueueModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QComboBox *routeFilter() const { return m_routeBox; }
    QComboBox *stateFilter() const { return m_stateBox; }
    QPlainTextEdit *payloadView() const { return m_payload; }
    QAction *approveAction() const { return m_approve; }
    QAction *retryAction() const { return m_retry; }
    QAction *cancelAction() const { return m_cancel; }
    QList<QAction *> actions() const;
    QList<qint64> selectedIds() const;
    void selectId(qint64 id);

Q_SIGNALS:
    void errorOccurred(const QString &message);
    void statusMessage(const QString &message, int timeoutMs);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateDetails();
    void updateActions();
    void fillRoutes();
    void run(int action);

    DispatchQueueModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QComboBox *m_routeBox;
    QComboBox *m_stateBox;
    QLabel *m_count;
    QTabWidget *m_tabs;
    QPlainTextEdit *m_payload;
    QPlainTextEdit *m_response;
    QPlainTextEdit *m_history;
    QAction *m_approve, *m_retry, *m_cancel, *m_refresh;
    QList<qint64> m_keepSelection;
    bool m_started = false;
    bool m_sized = false;
};

}  // namespace eos
