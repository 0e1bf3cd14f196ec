#include "elided_label.h"

#include <QEvent>
#include <QFontMetrics>

namespace eos {

ElidedLabel::ElidedLabel(QWidget *parent) : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
}

void ElidedLabel::setFullText(const QString &text)
{
    m_full = text;
    updateText();
}

QSize ElidedLabel::minimumSizeHint() const
{
    const QFontMetrics fm(font());
    return {fm.averageCharWidth() * 4, fm.height()};
}

QSize ElidedLabel::sizeHint() const
{
    const QFontMetrics fm(font());
    const QMargins m = contentsMargins();
    return {fm.horizontalAdvance(m_full) + m.left() + m.right() + 2 * margin(), fm.height() + m.top() + m.bottom()};
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    updateText();
}

void ElidedLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange) updateText();
}

void ElidedLabel::updateText()
{
    // one line: line breaks in the value (a multi-line description) are shown as spaces
    const QString flat = QString(m_full).replace(u'\n', u' ').replace(u'\r', u' ');
    const QFontMetrics fm(font());
    const int room = contentsRect().width() - 2 * margin();
    const QString shown = room > 0 ? fm.elidedText(flat, Qt::ElideRight, room) : flat;
    m_elided = shown != flat;
    QLabel::setText(shown);
    setToolTip(m_elided || flat != m_full ? m_full : QString());
}

}  // namespace eos
