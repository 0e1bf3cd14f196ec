#include "token_usage_chart.h"

#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace eos {

TokenUsageChart::TokenUsageChart(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("tokenUsageChart"));
    setAccessibleName(tr("Tokens per day"));
}

void TokenUsageChart::setUsage(const QList<LlmSummaryModel::DayUsage> &days)
{
    m_days = days;
    setToolTip(summaryText());
    update();
}

void TokenUsageChart::setPrice(double pricePer1k, const QString &currency)
{
    m_price = pricePer1k;
    m_currency = currency;
    setToolTip(summaryText());
    update();
}

QString TokenUsageChart::cost(qint64 tokens) const
{
    if (m_price <= 0) return {};
    return QStringLiteral("%1 %2").arg(QLocale().toString(double(tokens) / 1000.0 * m_price, 'f', 2), m_currency);
}

QString TokenUsageChart::summaryText() const
{
    const QLocale loc;
    qint64 total = 0;
    for (const auto &d : m_days) total += d.tokens;
    const qint64 today = m_days.isEmpty() ? 0 : m_days.last().tokens;
    auto part = [this, &loc](qint64 t) {
        const QString c = cost(t);
        return c.isEmpty() ? tr("%1 tokens").arg(loc.toString(t)) : tr("%1 tokens (%2)").arg(loc.toString(t), c);
    };
    return tr("Today: %1 · %2 days: %3").arg(part(today)).arg(m_days.size()).arg(part(total));
}

QSize TokenUsageChart::sizeHint() const { return {420, fontMetrics().height() * 7}; }
QSize TokenUsageChart::minimumSizeHint() const { return {200, fontMetrics().height() * 5}; }

void TokenUsageChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const QRect area = rect().adjusted(4, fm.height() + 6, -4, -(fm.height() + 6));
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(4, 2, width() - 8, fm.height() + 2), Qt::AlignLeft | Qt::AlignVCenter, summaryText());
    if (m_days.isEmpty() || area.width() < 10 || area.height() < 10) return;
    const qint64 peak = std::max<qint64>(1, std::max_element(m_days.begin(), m_days.end(), [](const auto &a, const auto &b) {
                                                 return a.tokens < b.tokens;
                                             })->tokens);
    const int n = int(m_days.size());
    const double slot = double(area.width()) / n;
    const double barW = std::max(2.0, slot * 0.7);
    const QColor bar = palette().color(QPalette::Highlight);
    const QColor axis = palette().color(QPalette::Mid);
    p.setPen(axis);
    p.drawLine(area.bottomLeft(), area.bottomRight());
    const QLocale loc;
    for (int i = 0; i < n; ++i) {
        const auto &d = m_days[i];
        const double h = double(area.height()) * double(d.tokens) / double(peak);
        const QRectF r(area.left() + i * slot + (slot - barW) / 2, area.bottom() - h, barW, h);
        p.fillRect(r, i == n - 1 ? bar : bar.lighter(130));
        // day labels where they fit: every k-th day
        const int every = std::max(1, int(std::ceil(fm.horizontalAdvance(QStringLiteral("00.00.")) * 1.4 / slot)));
        if ((n - 1 - i) % every == 0) {
            p.setPen(palette().color(QPalette::Text));
            p.drawText(QRectF(area.left() + i * slot - slot, area.bottom() + 2, slot * 3, fm.height() + 2), Qt::AlignHCenter | Qt::AlignTop,
                       loc.toString(d.day, QStringLiteral("dd.MM.")));
        }
    }
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(area.left(), area.top(), area.width(), fm.height()), Qt::AlignRight | Qt::AlignVCenter,
               tr("max %1").arg(loc.toString(peak)));
}

}  // namespace eos
