#include "alert_histogram_widget.h"

#include "severity_palette.h"

#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QTimeZone>
#include <QToolTip>

#include <algorithm>

namespace eos {
namespace {
// a representative level of each band, for the palette's colours
constexpr int kBandLevel[AlertHistogram::kBands] = {3, 6, 10, 12};
}  // namespace

AlertHistogramWidget::AlertHistogramWidget(QWidget *parent) : QWidget(parent), m_zone(QTimeZone::systemTimeZone())
{
    setObjectName(QStringLiteral("alertHistogram"));
    setAccessibleName(tr("Alerts over time by severity"));
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setCursor(Qt::CrossCursor);
}

QSize AlertHistogramWidget::sizeHint() const
{
    const QFontMetrics fm(font());
    return {fm.averageCharWidth() * 120, fm.height() * 5};
}

QSize AlertHistogramWidget::minimumSizeHint() const
{
    const QFontMetrics fm(font());
    return {legendWidth() + fm.averageCharWidth() * 20, fm.height() * 5};
}

void AlertHistogramWidget::setResult(const AlertHistogram::Result &result)
{
    m_result = result;
    update();
}

void AlertHistogramWidget::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone.isValid() ? zone : QTimeZone::systemTimeZone();
    update();
}

QString AlertHistogramWidget::bandLabel(int band)
{
    switch (band) {
    case 0: return tr("≤ 4");
    case 1: return tr("5–7");
    case 2: return tr("8–11");
    default: return tr("≥ 12");
    }
}

int AlertHistogramWidget::legendWidth() const
{
    const QFontMetrics fm(font());
    return fm.horizontalAdvance(QStringLiteral("8–11  999,999,999")) + fm.height() * 2;
}

QRect AlertHistogramWidget::plotRect() const
{
    const QFontMetrics fm(font());
    return QRect(fm.averageCharWidth(), 2, width() - legendWidth() - fm.averageCharWidth() * 2, height() - fm.height() - 6);
}

int AlertHistogramWidget::bucketAt(int x) const
{
    const QRect p = plotRect();
    const int n = int(m_result.buckets.size());
    if (n == 0 || p.width() <= 0) return -1;
    return std::clamp(int(qint64(x - p.left()) * n / p.width()), 0, n - 1);
}

QDateTime AlertHistogramWidget::timeAt(int x) const
{
    const QRect p = plotRect();
    if (m_result.buckets.isEmpty() || p.width() <= 0) return {};
    const qint64 startMs = m_result.buckets.first().startMs;
    const qint64 spanMs = qint64(m_result.buckets.size()) * m_result.bucketSeconds * 1000;
    const qint64 at = startMs + qint64(std::clamp(x - p.left(), 0, p.width())) * spanMs / p.width();
    return QDateTime::fromMSecsSinceEpoch(at, QTimeZone::utc());
}

void AlertHistogramWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    const QRect plot = plotRect();
    const QFontMetrics fm(font());
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    const int n = int(m_result.buckets.size());
    qint64 peak = 0;
    for (const auto &b : m_result.buckets) peak = std::max(peak, b.total());
    if (!m_result.error.isEmpty()) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(plot, Qt::AlignCenter, tr("Histogram unavailable: %1").arg(m_result.error));
    } else if (n > 0 && peak > 0) {
        const double bw = double(plot.width()) / n;
        for (int i = 0; i < n; ++i) {
            const auto &b = m_result.buckets[i];
            double y = plot.bottom() + 1;
            const double x0 = plot.left() + i * bw;
            const double w = std::max(1.0, bw - (bw > 4 ? 1 : 0));
            for (int k = 0; k < AlertHistogram::kBands; ++k) {
                const double h = double(b.counts[size_t(k)]) * plot.height() / double(peak);
                if (h <= 0) continue;
                p.fillRect(QRectF(x0, y - h, w, h), SeverityPalette::background(kBandLevel[k]));
                y -= h;
            }
        }
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(QRect(plot.left(), plot.top(), plot.width(), fm.height()), Qt::AlignRight | Qt::AlignTop,
                   QLocale().toString(peak));
    } else {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(plot, Qt::AlignCenter, m_result.from.isValid() ? tr("No alerts in this range") : tr("Loading…"));
    }
    // axis: the range's ends
    p.setPen(pal.color(QPalette::Mid));
    p.drawLine(plot.bottomLeft() + QPoint(0, 1), plot.bottomRight() + QPoint(0, 1));
    if (n > 0) {
        p.setPen(pal.color(QPalette::Text));
        const QString fmt = m_result.bucketSeconds >= 86400 ? QStringLiteral("yyyy-MM-dd") : QStringLiteral("yyyy-MM-dd HH:mm");
        const QRect axis(plot.left(), plot.bottom() + 3, plot.width(), fm.height());
        p.drawText(axis, Qt::AlignLeft, QDateTime::fromMSecsSinceEpoch(m_result.buckets.first().startMs, m_zone).toString(fmt));
        p.drawText(axis, Qt::AlignRight, m_result.to.toTimeZone(m_zone).toString(fmt));
    }
    // drag selection
    if (m_dragFrom >= 0 && m_dragTo >= 0) {
        QColor sel = pal.color(QPalette::Highlight);
        sel.setAlpha(70);
        const int a = std::min(m_dragFrom, m_dragTo), b = std::max(m_dragFrom, m_dragTo);
        p.fillRect(QRect(a, plot.top(), std::max(1, b - a), plot.height()), sel);
    }
    // legend: the count per band beside the bars, most severe first
    const QLocale loc;
    int y = plot.top();
    const int lx = width() - legendWidth() + fm.height() / 2;
    for (int k = AlertHistogram::kBands - 1; k >= 0; --k) {
        const QRect chip(lx, y + 2, fm.height() - 4, fm.height() - 4);
        p.fillRect(chip, SeverityPalette::background(kBandLevel[k]));
        p.setPen(pal.color(QPalette::Text));
        p.drawText(QRect(chip.right() + 6, y, legendWidth(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   QStringLiteral("%1  %2").arg(bandLabel(k), loc.toString(m_result.totals[size_t(k)])));
        y += fm.height();
    }
}

void AlertHistogramWidget::mousePressEvent(QMouseEvent *e)
{
    if (e->button() != Qt::LeftButton || !plotRect().contains(e->position().toPoint())) return;
    m_dragFrom = m_dragTo = e->position().toPoint().x();
    update();
}

void AlertHistogramWidget::mouseMoveEvent(QMouseEvent *e)
{
    if (m_dragFrom < 0) return;
    const QRect p = plotRect();
    m_dragTo = std::clamp(e->position().toPoint().x(), p.left(), p.right());
    update();
}

void AlertHistogramWidget::mouseReleaseEvent(QMouseEvent *e)
{
    if (m_dragFrom < 0 || e->button() != Qt::LeftButton) return;
    const int a = std::min(m_dragFrom, m_dragTo), b = std::max(m_dragFrom, m_dragTo);
    m_dragFrom = m_dragTo = -1;
    update();
    if (b - a < 3) {
        // a click: the bucket under it
        const int i = bucketAt(a);
        if (i < 0) return;
        const QDateTime from = QDateTime::fromMSecsSinceEpoch(m_result.buckets[i].startMs, QTimeZone::utc());
        Q_EMIT rangeSelected(from, from.addSecs(m_result.bucketSeconds));
        return;
    }
    const QDateTime from = timeAt(a), to = timeAt(b);
    if (from.isValid() && to > from) Q_EMIT rangeSelected(from, to);
}

bool AlertHistogramWidget::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *he = static_cast<QHelpEvent *>(e);
        const int i = plotRect().contains(he->pos()) ? bucketAt(he->pos().x()) : -1;
        if (i < 0) {
            QToolTip::hideText();
            return true;
        }
        const auto &b = m_result.buckets[i];
        const QLocale loc;
        const QDateTime from = QDateTime::fromMSecsSinceEpoch(b.startMs, m_zone);
        QString tip = QStringLiteral("<b>%1 – %2</b><br>%3")
                          .arg(from.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                               from.addSecs(m_result.bucketSeconds).toString(QStringLiteral("HH:mm")),
                               tr("%n alert(s)", "", int(std::min<qint64>(b.total(), INT_MAX))));
        for (int k = AlertHistogram::kBands - 1; k >= 0; --k)
            if (b.counts[size_t(k)] > 0) tip += QStringLiteral("<br>%1: %2").arg(bandLabel(k), loc.toString(b.counts[size_t(k)]));
        tip += QStringLiteral("<br><i>%1</i>").arg(tr("Drag to narrow the time range"));
        QToolTip::showText(he->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(e);
}

}  // namespace eos
