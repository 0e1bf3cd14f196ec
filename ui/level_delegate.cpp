#include "level_delegate.h"
#include "severity_palette.h"

#include "alert_list_model.h"

#include <QApplication>
#include <QPainter>

namespace eos {

LevelDelegate::LevelDelegate(int levelRole, QObject *parent) : QStyledItemDelegate(parent), m_role(levelRole) {}

void LevelDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QVariant v = index.data(m_role);
    if (!v.isValid()) v = index.data(Qt::DisplayRole);
    bool ok = false;
    const int level = v.toInt(&ok);
    if (!ok || index.data(Qt::DisplayRole).toString().isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    opt.backgroundBrush = QBrush();
    const QWidget *w = option.widget;
    QStyle *style = w ? w->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, w);  // selection / focus background

    const QFontMetrics fm(opt.font);
    const QString text = QString::number(level);
    const int padX = fm.averageCharWidth();
    const int badgeW = std::max(fm.horizontalAdvance(QStringLiteral("00")), fm.horizontalAdvance(text)) + 2 * padX;
    const int badgeH = std::min(opt.rect.height() - 2, fm.height() + 2);
    const QRect badge(opt.rect.left() + padX / 2 + 1, opt.rect.center().y() - badgeH / 2 + 1, badgeW, badgeH);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(SeverityPalette::background(level));
    painter->drawRoundedRect(badge, badgeH / 3.0, badgeH / 3.0);
    painter->setPen(SeverityPalette::text(level));
    QFont f = opt.font;
    f.setBold(level >= 12);
    painter->setFont(f);
    painter->drawText(badge, Qt::AlignCenter, text);
    painter->restore();
}

}  // namespace eos
