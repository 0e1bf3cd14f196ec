// The "N new alerts — show" bar above Live Alerts (Twitter's and Security Onion's pattern): shown while
// the analyst reads further down the list (or keeps a selected row in place) and alerts arrive at the
// top, or while live updates are paused; clicking it (or its link) asks to show them (scroll to the top,
// or resume). The view decides when it shows and what it counts.
#pragma once

#include <QFrame>

class QLabel;

namespace eos {

class NewAlertsBar : public QFrame {
    Q_OBJECT
public:
    explicit NewAlertsBar(QWidget *parent = nullptr);

    // count new alerts; paused: live updates are paused (the click resumes them). 0 hides the bar.
    void setCount(int count, bool paused);
    int count() const { return m_count; }
    bool isPausedMode() const { return m_paused; }
    QString text() const;

Q_SIGNALS:
    void showRequested();

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void applyColours();

    QLabel *m_label;
    int m_count = 0;
    bool m_paused = false;
};

}  // namespace eos
