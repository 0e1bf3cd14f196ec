// Paints Live Alerts rows by their triage state at paint time (no per-row measuring): false positives are
// dimmed and italic, escalated alerts bold, so the list tells what has been handled at a glance.
#pragma once

#include <QStyledItemDelegate>

namespace eos {

class AlertRowDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

}  // namespace eos
