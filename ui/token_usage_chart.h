// A small bar chart of LLM tokens per day (drawn with QPainter: one bar a day, the latest on the right),
// with the day's cost when a price per 1,000 tokens is configured (LLM_PRICE_PER_1K_TOKENS).
#pragma once

#include "llm_summary_model.h"

#include <QWidget>

namespace eos {

class TokenUsageChart : public QWidget {
    Q_OBJECT
public:
    explicit TokenUsageChart(QWidget *parent = nullptr);

    void setUsage(const QList<LlmSummaryModel::DayUsage> &days);
    void setPrice(double pricePer1k, const QString &currency);
    // "Today: 12,400 tokens (0.25 USD) · 14 days: 98,000 tokens (1.96 USD)"
    QString summaryText() const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString cost(qint64 tokens) const;
    QList<LlmSummaryModel::DayUsage> m_days;
    double m_price = 0;
    QString m_currency;
};

}  // namespace eos
