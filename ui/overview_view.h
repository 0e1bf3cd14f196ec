// The Overview page (the console's first page): for a time range, the alerts over time stacked by
// severity band, the top rules, agents and source IPs, the MITRE tactics, and the alerts per triage
// state and per pipeline stage, each with a bar of its share. A click (or Enter) on any item asks for
// Live Alerts filtered on it and the range (filterRequested); dragging across the histogram narrows the
// range; a tall window lists the top 15 instead of 10. The numbers come from OverviewModel (aggregate queries off the GUI thread), refreshed live
// while the page is shown.
#pragma once

#include "overview_model.h"

#include <QTimeZone>
#include <QWidget>

class QLabel;
class QStackedWidget;
class QTreeWidget;

namespace eos {

class AlertHistogramWidget;
class TimeRangePicker;

class OverviewView : public QWidget {
    Q_OBJECT
public:
    explicit OverviewView(DbConnectionInfo db, QWidget *parent = nullptr);
    ~OverviewView() override;

    OverviewModel *model() const { return m_model; }
    TimeRangePicker *rangePicker() const { return m_range; }
    AlertHistogramWidget *histogram() const { return m_histogram; }
    QTreeWidget *rulesList() const { return m_rules; }
    QTreeWidget *agentsList() const { return m_agents; }
    QTreeWidget *sourceIpsList() const { return m_ips; }
    QTreeWidget *tacticsList() const { return m_tactics; }
    QTreeWidget *triageList() const { return m_triage; }
    QTreeWidget *stagesList() const { return m_stages; }
    QTreeWidget *severityList() const { return m_severity; }
    QLabel *placeholder() const { return m_placeholder; }
    QLabel *statusLabel() const { return m_status; }
    bool isShowingPlaceholder() const;
    void setTimeZone(const QTimeZone &zone);
    // The range as filter terms (as the picker writes them); refreshes.
    void setRangeTerms(const QString &terms);

Q_SIGNALS:
    // Live Alerts filter text for a clicked item ("agent:001 last:24h").
    void filterRequested(const QString &filterText);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QTreeWidget *makeList(const QString &objectName, const QString &title, QWidget **card);
    void fill(QTreeWidget *list, const QList<OverviewModel::Item> &items, const QString &emptyText, bool showKey);
    void showResult(const OverviewModel::Result &result);
    void activate(const QString &term);

    OverviewModel *m_model;
    TimeRangePicker *m_range = nullptr;
    AlertHistogramWidget *m_histogram = nullptr;
    QLabel *m_histogramTitle = nullptr;
    QLabel *m_total = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_placeholder = nullptr;
    QStackedWidget *m_body = nullptr;
    QTreeWidget *m_rules = nullptr;
    QTreeWidget *m_agents = nullptr;
    QTreeWidget *m_ips = nullptr;
    QTreeWidget *m_tactics = nullptr;
    QTreeWidget *m_triage = nullptr;
    QTreeWidget *m_stages = nullptr;
    QTreeWidget *m_severity = nullptr;
    QTimeZone m_zone;
    bool m_hasResult = false;
};

}  // namespace eos
