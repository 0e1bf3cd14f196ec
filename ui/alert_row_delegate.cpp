#include "alert_row_delegate.h"

#include "alert_list_model.h"
#include "level_delegate.h"
#include "state_chip_delegate.h"

#include <QApplication>
#include <QDateTime>
#include <QHeaderView>
#include <QPainter>
#include <QTableView>

#include <algorithm>

namespace eos {
namespace {

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

bool isFirstVisibleColumn(const QStyleOptionViewItem &option, int column)
{
    const auto *table = qobject_cast<const QTableView *>(option.widget);
    if (!table) return column == 0;
    const QHeaderView *h = table->horizontalHeader();
    for (int v = 0; v < h->count(); ++v) {
        const int logical = h->logicalIndex(v);
        if (!h->isSectionHidden(logical)) return logical == column;
    }
    return false;
}

}  // namespace

AlertRowDelegate::AlertRowDelegate(QObject *parent)
    : QStyledItemDelegate(parent), m_level(new LevelDelegate(AlertListModel::LevelRole, this)),
      m_state(new StateChipDelegate(this))
{
}

AlertRowDelegate::Look AlertRowDelegate::lookFor(const QString &triage, qint64 arrivedMs, qint64 nowMs)
{
    Look l;
    if (triage.isEmpty()) {
        l.accent = true;
    } else if (triage == QLatin1String("acknowledged")) {
        l.dimmed = true;
    } else if (triage == QLatin1String("false_positive")) {
        l.dimmed = true;
        l.italic = true;
    } else if (triage == QLatin1String("escalated")) {
        l.bold = true;
        l.accent = true;
        l.alarm = true;
    }
    if (arrivedMs > 0 && nowMs >= arrivedMs && nowMs - arrivedMs < kHighlightMs)
        l.highlight = 1.0 - double(nowMs - arrivedMs) / kHighlightMs;
    return l;
}

AlertRowDelegate::Look AlertRowDelegate::lookFor(const QModelIndex &index, qint64 nowMs)
{
    if (!index.data(AlertListModel::LoadedRole).toBool()) return {};
    return lookFor(index.data(AlertListModel::TriageStatusRole).toString(), index.data(AlertListModel::ArrivedRole).toLongLong(),
                   nowMs);
}

void AlertRowDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const Look l = lookFor(index.data(AlertListModel::TriageStatusRole).toString(), 0, 0);
    option->font.setItalic(l.italic);
    option->font.setBold(l.bold);
    if (l.dimmed && !(option->state & QStyle::State_Selected)) {
        const QPalette &p = option->palette;
        option->palette.setColor(QPalette::Text, mix(p.color(QPalette::Text), p.color(QPalette::Base), 0.45));
    }
}

void AlertRowDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const qint64 arrived = index.data(AlertListModel::ArrivedRole).toLongLong();
    const Look l = lookFor(index.data(AlertListModel::TriageStatusRole).toString(), arrived,
                           arrived > 0 ? QDateTime::currentMSecsSinceEpoch() : 0);
    const bool selected = option.state & QStyle::State_Selected;
    if (l.highlight > 0 && !selected) {
        // amber, not the selection's colour: "just arrived" must not read as "selected"
        const bool dark = option.palette.color(QPalette::Base).lightness() < 128;
        QColor c(0xff, 0xc1, 0x07);
        c.setAlphaF(float((dark ? 0.30 : 0.45) * l.highlight));
        painter->fillRect(option.rect, c);
    }
    const int column = index.column();
    if (column == AlertListModel::LevelColumn || column == AlertListModel::StateColumn) {
        QStyledItemDelegate *d = column == AlertListModel::LevelColumn ? static_cast<QStyledItemDelegate *>(m_level) : m_state;
        QStyleOptionViewItem opt = option;
        opt.font.setItalic(l.italic);
        if (l.dimmed && !selected) {
            painter->save();
            painter->setOpacity(0.5);
            d->paint(painter, opt, index);
            painter->restore();
        } else {
            d->paint(painter, opt, index);
        }
    } else {
        paintPlain(painter, option, index);
    }
    if (l.accent && isFirstVisibleColumn(option, column)) {
        const int w = std::max(3, option.rect.height() / 7);
        QColor c = l.alarm ? QColor(0xdc, 0x26, 0x26) : option.palette.color(QPalette::Highlight);
        if (selected) c = option.palette.color(QPalette::HighlightedText);
        painter->fillRect(QRect(option.rect.left(), option.rect.top() + 1, w, option.rect.height() - 2), c);
    }
}

void AlertRowDelegate::paintPlain(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    QString text = opt.text;
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);  // background, selection, focus
    if (text.isEmpty()) return;
    // as QCommonStyle lays out an item's text: its sub-rectangle less the focus frame's margin
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect r = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget).adjusted(margin, 0, -margin, 0);
    if (r.width() <= 0) return;
    const QString key = text + QChar(0x1f) + QString::number(r.width()) + QChar(0x1f) + opt.font.key();
    QStaticText *st = m_texts.object(key);
    if (!st) {
        text.replace(u'\n', u' ');
        st = new QStaticText(QFontMetrics(opt.font).elidedText(text, opt.textElideMode, r.width()));
        st->setTextFormat(Qt::PlainText);
        st->prepare(QTransform(), opt.font);
        m_texts.insert(key, st);
    }
    QPalette::ColorGroup cg = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    if (cg == QPalette::Normal && !(opt.state & QStyle::State_Active)) cg = QPalette::Inactive;
    painter->save();
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(cg, opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
    const QSizeF size = st->size();
    qreal x = r.left();
    const Qt::Alignment h = QStyle::visualAlignment(opt.direction, opt.displayAlignment) & Qt::AlignHorizontal_Mask;
    if (h & Qt::AlignRight) x = r.right() + 1 - size.width();
    else if (h & Qt::AlignHCenter) x = r.left() + (r.width() - size.width()) / 2;
    const qreal y = r.top() + (r.height() - size.height()) / 2;
    painter->drawStaticText(QPointF(x, y), *st);
    painter->restore();
}

}  // namespace eos
