// Above the Live Alerts table: the filtered alerts over the time range as stacked bars per severity band
// in the table's colours (SeverityPalette), with the count per band beside them. Dragging across the
// bars selects a time range (rangeSelected); hovering shows a bucket's counts. Painted; the numbers
// come from eos::AlertHistogram (an aggregate query off the GUI thread).
#pragma once

#include "alert_histogram.h"

#include <QTimeZone>
#include <QWidget>

namespace eos {

class AlertHistogramWidget : public QWidget {
    Q_OBJECT
public:
    explicit AlertHistogramWidget(QWidget *parent = nullptr);

    void setResult(const AlertHistogram::Result &result);
    const AlertHistogram::Result &result() const { return m_result; }
    void setTimeZone(const QTimeZone &zone);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    // The bars' area (widget coordinates) and the time at an x inside it (tests drive drags with these).
    QRect plotRect() const;
    QDateTime timeAt(int x) const;
    static QString bandLabel(int band);  // "≥ 12", "8–11", …

Q_SIGNALS:
    void rangeSelected(const QDateTime &from, const QDateTime &to);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    int legendWidth() const;
    int bucketAt(int x) const;

    AlertHistogram::Result m_result;
    QTimeZone m_zone;
    int m_dragFrom = -1;
    int m_dragTo = -1;
};

}  // namespace eos
