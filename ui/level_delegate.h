// Paints the level column as a coloured badge in Wazuh's Slack integration colours (≤4 green, 5–7 amber,
// 8–11 red, ≥12 purple); the number stays readable in both themes and when selected.
#pragma once

#include <QStyledItemDelegate>

namespace eos {

class LevelDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    // levelRole: the model role holding the int level (falls back to DisplayRole).
    explicit LevelDelegate(int levelRole, QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_role;
};

}  // namespace eos
