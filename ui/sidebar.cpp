#include "sidebar.h"

#include "theme.h"

#include <QApplication>
#include <QEvent>
#include <QIcon>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QStyledItemDelegate>

#include <algorithm>

namespace eos {
namespace {

// Paints the entry as usual, then its count as a pill at the right edge (Highlight colours; inverted on
// the selected entry so it stays visible there).
class SidebarDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        const qint64 n = index.data(Sidebar::CountRole).toLongLong();
        QStyleOptionViewItem opt = option;
        const QFontMetrics fm(option.font);
        const QString text = n > 999 ? QStringLiteral("999+") : QLocale().toString(n);
        const int pad = fm.height() / 3;
        const int badgeW = n > 0 ? std::max(fm.height(), fm.horizontalAdvance(text) + 2 * pad) : 0;
        QStyledItemDelegate::paint(painter, opt, index);
        if (n <= 0) return;
        const bool selected = option.state & QStyle::State_Selected;
        const QPalette &pal = option.palette;
        const QRect r = option.rect;
        const QRect badge(r.right() - badgeW - pad, r.center().y() - fm.height() / 2, badgeW, fm.height());
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(selected ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Highlight));
        painter->drawRoundedRect(badge, badge.height() / 2.0, badge.height() / 2.0);
        QFont f = option.font;
        f.setBold(true);
        painter->setFont(f);
        painter->setPen(selected ? pal.color(QPalette::Highlight) : pal.color(QPalette::HighlightedText));
        painter->drawText(badge, Qt::AlignCenter, text);
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize s = QStyledItemDelegate::sizeHint(option, index);
        const QFontMetrics fm(option.font);
        s.setWidth(s.width() + fm.horizontalAdvance(QStringLiteral("9999")) + fm.height());  // room for a badge
        s.setHeight(std::max(s.height(), fm.height() * 2));
        return s;
    }
};

}  // namespace

Sidebar::Sidebar(QWidget *parent) : QListWidget(parent)
{
    setObjectName(QStringLiteral("navigation"));
    setItemDelegate(new SidebarDelegate(this));
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setUniformItemSizes(true);
    // The sidebar blends into the window: its background is the palette's Window role, looked up at
    // paint time (no palette of its own, so a theme switch reaches it at once).
    setBackgroundRole(QPalette::Window);
    viewport()->setBackgroundRole(QPalette::Window);
    const int icon = fontMetrics().height() * 5 / 4;
    setIconSize(QSize(icon, icon));
    setSpacing(fontMetrics().height() / 8);
}

bool Sidebar::useThemeIcons()
{
    return Theme::usesSystemPalette() && !QIcon::themeName().isEmpty();
}

QIcon Sidebar::bundledIcon(const QString &key, const QColor &color)
{
    QIcon out;
    for (int size : {16, 24, 32, 48, 64}) {
        QImage img(QStringLiteral(":/icons/nav/%1-%2.png").arg(key).arg(size));
        if (img.isNull()) continue;
        img = img.convertToFormat(QImage::Format_ARGB32_Premultiplied);
        // the set is black on transparent: keep the shape (alpha), paint it in the text colour
        QPainter p(&img);
        p.setCompositionMode(QPainter::CompositionMode_SourceIn);
        p.fillRect(img.rect(), color);
        p.end();
        out.addPixmap(QPixmap::fromImage(img));
    }
    return out;
}

QListWidgetItem *Sidebar::addPage(const QString &text, const QString &iconKey, const QString &themeIcon)
{
    auto *item = new QListWidgetItem(text, this);
    item->setData(IconKeyRole, iconKey);
    item->setData(ThemeIconRole, themeIcon);
    item->setToolTip(text);
    refreshIcons();
    updateAccessibleText(item);
    updateGeometry();
    return item;
}

void Sidebar::setBadge(int row, qint64 n, const QString &meaning)
{
    QListWidgetItem *it = item(row);
    if (!it) return;
    n = std::max<qint64>(0, n);
    if (it->data(CountRole).toLongLong() == n && it->data(CountHintRole).toString() == meaning) return;
    it->setData(CountRole, n);
    it->setData(CountHintRole, meaning);
    it->setToolTip(n > 0 && !meaning.isEmpty() ? QStringLiteral("%1 — %2").arg(it->text(), meaning) : it->text());
    updateAccessibleText(it);
}

qint64 Sidebar::badge(int row) const { return item(row) ? item(row)->data(CountRole).toLongLong() : 0; }

void Sidebar::updateAccessibleText(QListWidgetItem *it)
{
    const QString meaning = it->data(CountHintRole).toString();
    const qint64 n = it->data(CountRole).toLongLong();
    it->setData(Qt::AccessibleTextRole, n > 0 && !meaning.isEmpty() ? QStringLiteral("%1, %2").arg(it->text(), meaning) : it->text());
}

void Sidebar::refreshIcons()
{
    const QColor tint = palette().color(QPalette::WindowText);
    const bool theme = useThemeIcons();
    for (int i = 0; i < count(); ++i) {
        QListWidgetItem *it = item(i);
        const QString themeName = it->data(ThemeIconRole).toString();
        if (theme && !themeName.isEmpty() && QIcon::hasThemeIcon(themeName)) it->setIcon(QIcon::fromTheme(themeName));
        else it->setIcon(bundledIcon(it->data(IconKeyRole).toString(), tint));
    }
}

QSize Sidebar::sizeHint() const
{
    const int w = count() > 0 ? sizeHintForColumn(0) : fontMetrics().averageCharWidth() * 16;
    return QSize(w + 2 * frameWidth() + fontMetrics().averageCharWidth() * 2, QListWidget::sizeHint().height());
}

void Sidebar::changeEvent(QEvent *event)
{
    QListWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) refreshIcons();
    if (event->type() == QEvent::FontChange || event->type() == QEvent::LanguageChange) updateGeometry();
}

}  // namespace eos
