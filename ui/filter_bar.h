// The Live Alerts filter bar: an editable combo box whose list and completer are the filter history
// (eos::FilterHistory in QSettings). Enter parses the text (eos::AlertFilter); a syntax error is shown
// next to the bar and the bad term selected, nothing is applied.
#pragma once

#include "alert_filter.h"
#include "filter_history.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QStringListModel;

namespace eos {

class FilterBar : public QWidget {
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);

    QString text() const;
    // Sets the text and applies it (as if the analyst pressed Enter); false on a syntax error.
    bool setTextAndApply(const QString &text);
    void focusFilter();  // focuses and selects the text
    QLineEdit *lineEdit() const;
    QComboBox *comboBox() const { return m_combo; }
    QString errorText() const;
    QStringList history() const { return m_history.entries(); }

Q_SIGNALS:
    void filterApplied(const eos::AlertFilter &filter, const QString &text);
    void escapePressed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool apply();
    void reloadHistory();

    QComboBox *m_combo;
    QLabel *m_error;
    QStringListModel *m_historyModel;
    FilterHistory m_history;
};

}  // namespace eos
