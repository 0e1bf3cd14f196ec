#include "alert_row_delegate.h"

#include "alert_list_model.h"

namespace eos {

void AlertRowDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QString triage = index.data(AlertListModel::TriageStatusRole).toString();
    if (triage == QLatin1String("false_positive")) {
        option->font.setItalic(true);
        if (!(option->state & QStyle::State_Selected))
            option->palette.setColor(QPalette::Text, option->palette.color(QPalette::Disabled, QPalette::Text));
    } else if (triage == QLatin1String("escalated")) {
        option->font.setBold(true);
    }
}

}  // namespace eos
