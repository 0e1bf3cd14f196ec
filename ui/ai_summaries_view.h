// AI Summaries: every alert the LLM stage summarised (risk, summary, model, tokens, latency), live from
// NOTIFY new_response and filterable by risk, with failed summaries listed first with their reason and
// a Retry button. Beside the list the selected alert's answer is rendered readably: sections, MITRE
// technique ids linked to their ATT&CK pages, recommended actions as a checklist (suggestions for the
// analyst: nothing a model says is ever executed), and the alert's own fields. Regenerate with another
// prompt preset, copy as text. Below, tokens and cost per day (LLM_PRICE_PER_1K_TOKENS).
#pragma once

#include <optional>

#include "llm_summary_model.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;

namespace eos {

class DbConnectionInfo;
class TokenUsageChart;

class AiSummariesView : public QWidget {
    Q_OBJECT
public:
    AiSummariesView(const DbConnectionInfo &db, const QString &analyst, double pricePer1k, const QString &currency,
                    QWidget *parent = nullptr);
    ~AiSummariesView() override;

    LlmSummaryModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QComboBox *riskFilter() const { return m_riskFilter; }
    QTextBrowser *answerView() const { return m_answer; }
    QComboBox *presetBox() const { return m_preset; }
    QPushButton *regenerateButton() const { return m_regenerate; }
    QPushButton *copyButton() const { return m_copy; }
    QPushButton *retryButton() const { return m_retry; }
    TokenUsageChart *chart() const { return m_chart; }
    QLabel *countLabel() const { return m_count; }
    qint64 currentAlertId() const { return m_currentId; }
    // The text "Copy as Text" puts on the clipboard for the shown alert.
    QString plainText() const { return m_plain; }
    // Renders an answer as the view shows it (HTML): used by the view and its test.
    static QString toHtml(const LlmSummaryModel::Details &d, bool darkBackground);
    static QString toPlainText(const LlmSummaryModel::Details &d);

    void refresh();
    void selectAlert(qint64 id);

Q_SIGNALS:
    void errorOccurred(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;  // a theme switch re-renders the answer's colours

private:
    void currentChanged();
    void showDetails(const LlmSummaryModel::Details &d);
    void updateCount();

    LlmSummaryModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QComboBox *m_riskFilter;
    QLabel *m_count;
    QTextBrowser *m_answer;
    QComboBox *m_preset;
    QPushButton *m_regenerate;
    QPushButton *m_copy;
    QPushButton *m_retry;
    QLabel *m_note;
    TokenUsageChart *m_chart;
    qint64 m_currentId = 0;
    QString m_plain;
    std::optional<LlmSummaryModel::Details> m_details;  // the answer shown
};

}  // namespace eos
