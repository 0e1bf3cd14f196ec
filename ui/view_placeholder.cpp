#include "view_placeholder.h"

#include <QAbstractScrollArea>
#include <QEvent>

namespace eos {

ViewPlaceholder::ViewPlaceholder(QAbstractScrollArea *view) : QLabel(view->viewport()), m_viewport(view->viewport())
{
    setObjectName(QStringLiteral("viewPlaceholder"));
    setAlignment(Qt::AlignCenter);
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setForegroundRole(QPalette::PlaceholderText);
    setAttribute(Qt::WA_TransparentForMouseEvents);  // the view's context menu and clicks still work
    m_viewport->installEventFilter(this);
    hide();
    follow();
}

bool ViewPlaceholder::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_viewport && event->type() == QEvent::Resize) follow();
    return QLabel::eventFilter(watched, event);
}

void ViewPlaceholder::follow()
{
    const int pad = fontMetrics().averageCharWidth() * 4;
    setGeometry(m_viewport->rect().adjusted(pad, pad, -pad, -pad));
}

}  // namespace eos
