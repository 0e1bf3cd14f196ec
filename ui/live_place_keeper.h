// Keeps the analyst's place in the Live Alerts table while live rows arrive at its top: scrolled down,
// the rows they read stay where they are and the new-alerts bar counts what arrived above; at the top with
// a row selected, that row may move down but never out of view; paused, the bar counts what waits. It also
// repaints the live rows on screen while their arrival highlight fades. The bar's click scrolls to the
// top, or (paused) asks the owner to resume.
#pragma once

#include <QObject>
#include <QTimer>

class QTableView;

namespace eos {

class AlertListModel;
class NewAlertsBar;

class LivePlaceKeeper : public QObject {
    Q_OBJECT
public:
    LivePlaceKeeper(QTableView *table, AlertListModel *model, NewAlertsBar *bar, QObject *parent = nullptr);

    // The bar speaks of the list's rows: hidden while the view shows groups instead.
    void setGrouped(bool grouped);
    // Nothing unseen and nothing waiting (live updates paused or resumed).
    void reset();
    // The bar's action: to the top, where the new rows are (paused: resumeRequested()).
    void showNewAlerts();

    int unseen() const { return m_unseen; }   // rows that arrived above while the analyst was further down
    int waiting() const { return m_waiting; }  // rows held back while paused
    bool isFading() const { return m_fade.isActive(); }

Q_SIGNALS:
    void resumeRequested();

private:
    void aboutToPrepend();
    void prepended(int n);
    void updateBar();
    void fade();

    QTableView *m_table;
    AlertListModel *m_model;
    NewAlertsBar *m_bar;
    bool m_grouped = false;
    int m_unseen = 0;
    int m_waiting = 0;
    bool m_wasAtTop = true;
    bool m_keepCurrent = false;  // at the top with a selected row: keep that row in view
    int m_currentTop = 0;        // its viewport position before the insert
    QTimer m_fade;               // repaints the live rows on screen while their highlight fades
};

}  // namespace eos
