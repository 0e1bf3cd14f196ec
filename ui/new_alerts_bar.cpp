#include "new_alerts_bar.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>

#include <algorithm>

namespace eos {

NewAlertsBar::NewAlertsBar(QWidget *parent) : QFrame(parent), m_label(new QLabel(this))
{
    setObjectName(QStringLiteral("newAlertsBar"));
    setFrameShape(QFrame::NoFrame);
    setAutoFillBackground(true);
    setCursor(Qt::PointingHandCursor);
    setAccessibleName(tr("New alerts"));
    auto *l = new QHBoxLayout(this);
    const int m = fontMetrics().height() / 4;
    l->setContentsMargins(m * 2, m, m * 2, m);
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setTextFormat(Qt::RichText);
    m_label->setAttribute(Qt::WA_TransparentForMouseEvents);  // a click anywhere on the bar shows them
    l->addWidget(m_label, 1);
    applyColours();
    setVisible(false);
}

QString NewAlertsBar::text() const
{
    return m_paused ? tr("Paused: %Ln new alert(s) — resume", "", m_count) : tr("%Ln new alert(s) — show", "", m_count);
}

void NewAlertsBar::setCount(int count, bool paused)
{
    m_count = std::max(0, count);
    m_paused = paused;
    if (m_count == 0) {
        setVisible(false);
        return;
    }
    // the last word is a link (keyboard and screen readers); the whole bar is clickable too
    QString t = text().toHtmlEscaped();
    const int dash = int(t.lastIndexOf(QStringLiteral(" — ")));
    if (dash >= 0) {
        const QString word = t.mid(dash + 3);
        t = QStringLiteral("<b>%1</b> — <a href=\"show\" style=\"color: palette(highlighted-text)\">%2</a>")
                .arg(t.left(dash), word);
    }
    m_label->setText(t);
    setToolTip(paused ? tr("Resume live updates") : tr("Scroll to the newest alerts"));
    setVisible(true);
}

void NewAlertsBar::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint())) Q_EMIT showRequested();
    QFrame::mouseReleaseEvent(event);
}

void NewAlertsBar::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) applyColours();
}

void NewAlertsBar::applyColours()
{
    // the accent of the current theme: the selection colours (light and dark themes define both)
    const QPalette app = QApplication::palette();
    QPalette p = app;
    p.setColor(QPalette::Window, app.color(QPalette::Highlight));
    p.setColor(QPalette::WindowText, app.color(QPalette::HighlightedText));
    p.setColor(QPalette::Link, app.color(QPalette::HighlightedText));
    if (p != palette()) setPalette(p);
    m_label->setPalette(p);
}

}  // namespace eos
