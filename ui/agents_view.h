// Agents: every agent with its status (coloured), last keep-alive and the time since, OS, IP, version,
// groups, node and alerts in the last 24 h, filterable; live (the model LISTENs on agent_status) without
// losing the selection. The header counts agents per status. Activating an agent (Enter or double-click)
// asks to open Live Alerts filtered on it.
#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace eos {

class AgentListModel;
class DbConnectionInfo;
class RemediationService;
struct RemediationPlan;  // from models/ (a value the session hands out)

class AgentsView : public QWidget {
    Q_OBJECT
public:
    explicit AgentsView(const DbConnectionInfo &db, QWidget *parent = nullptr);
    ~AgentsView() override;

    AgentListModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }
    QLabel *statusCountsLabel() const { return m_statusCounts; }  // "Active 18 · Disconnected 2 · …"
    QLabel *countLabel() const { return m_count; }
    QList<QAction *> actions() const;
    // Restart of the current agent (key r, context menu), checked against EOS_PROTECTED before it is offered.
    void setRemediation(RemediationService *service);
    QAction *restartAction() const { return m_restart; }
    // The plan for restarting the current agent, or false with *why (none selected, protected).
    bool restartPlanForCurrent(RemediationPlan *plan, QString *why) const;

    void refresh();
    void saveLayout() const;
    void restoreLayout();

Q_SIGNALS:
    // filterText: a Live Alerts filter selecting this agent's alerts ("agent:001").
    void agentActivated(const QString &agentId, const QString &filterText);
    void errorOccurred(const QString &message);
    void remediationRequested(const eos::RemediationPlan &plan);

protected:
    void showEvent(QShowEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void activate(const QModelIndex &proxyIndex);
    void updateCount();
    void updateStatusCounts();
    void fitColumns();

    AgentListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLineEdit *m_filter;
    QLabel *m_statusCounts;
    QLabel *m_count;
    QAction *m_focusFilter;
    QAction *m_refresh;
    QAction *m_open;
    QAction *m_restart = nullptr;
    RemediationService *m_remediation = nullptr;
    int m_baseWidths[16] = {};
    int m_minElastic = 0;
    bool m_fitting = false;
    bool m_userWidths = false;  // the analyst resized a column or a saved layout was restored
};

}  // namespace eos
