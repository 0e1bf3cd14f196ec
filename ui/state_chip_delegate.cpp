#include "state_chip_delegate.h"

#include "alert_list_model.h"

#include <QApplication>

#include <algorithm>
#include <QPainter>

namespace eos {

StateChipDelegate::Chip StateChipDelegate::chipFor(const QString &triage, const QString &state, bool dark)
{
    // fill, text: light theme first, dark theme second (muted fills with light text)
    auto pick = [dark](const char *lf, const char *lt, const char *df, const char *dt) {
        return dark ? Chip{QColor(df), QColor(dt)} : Chip{QColor(lf), QColor(lt)};
    };
    if (triage == QLatin1String("acknowledged")) return pick("#d7f0dd", "#1d6b34", "#1f4d2c", "#b8e6c4");
    if (triage == QLatin1String("false_positive")) return pick("#e4e4e7", "#52525b", "#3f3f46", "#d4d4d8");
    if (triage == QLatin1String("escalated")) return pick("#fbd5d5", "#9b1c1c", "#6b1f1f", "#fecaca");
    if (state == QLatin1String("failed")) return pick("#7f1d1d", "#ffffff", "#991b1b", "#ffffff");
    if (state == QLatin1String("archived")) return pick("#e4e4e7", "#52525b", "#3f3f46", "#d4d4d8");
    if (state == QLatin1String("new")) return pick("#dbe7fd", "#1e429f", "#1e3a6e", "#c3d7fb");
    // agent_enriched, summarized, sent: through the pipeline, not triaged yet
    return pick("#d5f0ef", "#115e59", "#134e4a", "#b6e8e4");
}

void StateChipDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    if (text.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    opt.text.clear();
    const QWidget *w = option.widget;
    QStyle *style = w ? w->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, w);  // selection / focus background

    const bool dark = opt.palette.color(QPalette::Base).lightness() < 128;
    const Chip chip = chipFor(index.data(AlertListModel::TriageStatusRole).toString(),
                              index.data(AlertListModel::PipelineStateRole).toString(), dark);
    QFont f = opt.font;
    f.setItalic(false);
    const QFontMetrics fm(f);
    const int padX = std::max(4, fm.averageCharWidth());
    const int h = std::min(opt.rect.height() - 2, fm.height() + 2);
    const int maxW = opt.rect.width() - padX;
    const QString shown = fm.elidedText(text, Qt::ElideRight, std::max(0, maxW - 2 * padX));
    const int chipW = std::min(maxW, fm.horizontalAdvance(shown) + 2 * padX);
    if (chipW <= 2 * padX) return;
    const QRect r(opt.rect.left() + padX / 2, opt.rect.center().y() - h / 2 + 1, chipW, h);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(chip.fill);
    painter->drawRoundedRect(r, h / 2.0, h / 2.0);
    painter->setPen(chip.text);
    painter->setFont(f);
    painter->drawText(r, Qt::AlignCenter, shown);
    painter->restore();
}

QSize StateChipDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.rwidth() += 2 * QFontMetrics(option.font).averageCharWidth();
    return s;
}

}  // namespace eos
