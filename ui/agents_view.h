// Agents: every agent with its status, last keep-alive, groups and alerts in the last 24 h, filterable.
// Activating an agent (Enter or double-click) asks to open Live Alerts filtered on it.
#pragma once


#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace eos {

class AgentListModel;
class DbConnectionInfo;  // from models/ (a value the session hands out)

class AgentsView : public QWidget {
    Q_OBJECT
public:
    explicit AgentsView(const DbConnectionInfo &db, QWidget *parent = nullptr);
    ~AgentsView() override;

    AgentListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }
    QList<QAction *> actions() const;

    void refresh();
    void saveLayout() const;
    void restoreLayout();

Q_SIGNALS:
    // filterText: a Live Alerts filter selecting this agent's alerts ("agent:001").
    void agentActivated(const QString &agentId, const QString &filterText);
    void errorOccurred(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void activate(const QModelIndex &proxyIndex);
    void updateCount();

    AgentListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLineEdit *m_filter;
    QLabel *m_count;
    QAction *m_focusFilter;
    QAction *m_refresh;
    QAction *m_open;
};

}  // namespace eos
