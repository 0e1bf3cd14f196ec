// Beside the Live Alerts filter: the time range (last 15 min / 1 h / 24 h / 7 d / 30 d, a custom from–to
// picked with a calendar, or all), kept in sync with the filter's last:/after:/before: terms both ways:
// choosing a range emits the terms that replace those in the filter; applying a filter shows its range.
#pragma once

#include <QDateTime>
#include <QWidget>

class QComboBox;

namespace eos {

class AlertFilter;

class TimeRangePicker : public QWidget {
    Q_OBJECT
public:
    explicit TimeRangePicker(QWidget *parent = nullptr);

    // Shows the range of a filter (a preset, custom, or all) without emitting rangeChosen.
    void showFilter(const AlertFilter &filter);
    QComboBox *comboBox() const { return m_combo; }
    // The terms for a range ("last:1h", "after:… before:…", "" for all).
    static QString termsFor(qint64 lastSeconds);
    static QString termsFor(const QDateTime &from, const QDateTime &to);
    // Custom range: opens the from–to dialog (with calendars); false when cancelled.
    bool pickCustom();

Q_SIGNALS:
    void rangeChosen(const QString &terms);

private:
    void onActivated(int index);
    int customIndex() const;

    QComboBox *m_combo;
    QDateTime m_customFrom, m_customTo;
    int m_shown = 0;
};

}  // namespace eos
