// Paints Live Alerts rows by their triage state at paint time (no per-row measuring), so the list tells
// what has been handled at a glance:
//   * not triaged yet: an accent bar at the row's left edge (in the first visible column), normal text;
//   * acknowledged: dimmed text, level and state chips faded, no accent;
//   * false positive: dimmed and italic;
//   * escalated: bold, with a red accent bar.
// Live rows just inserted get a background highlight that fades out over kHighlightMs, computed from
// the row's arrival time (AlertListModel::ArrivedRole) at paint time: nothing is stored or timed per row,
// the view only repaints the few live rows on screen while a highlight fades (cheap at 1M rows).
// The Level and State columns are painted by a LevelDelegate and a StateChipDelegate it owns.
#pragma once

#include <QCache>
#include <QStaticText>
#include <QStyledItemDelegate>

namespace eos {

class LevelDelegate;
class StateChipDelegate;

class AlertRowDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    static constexpr int kHighlightMs = 2000;

    // How a row is drawn: what tests check (the delegate's decision, not pixels).
    struct Look {
        bool accent = false;     // an accent bar: not triaged yet, or escalated
        bool dimmed = false;     // acknowledged, false positive
        bool italic = false;     // false positive
        bool bold = false;       // escalated
        bool alarm = false;      // the accent is the alarm colour (escalated)
        double highlight = 0;    // 0..1: the arrival highlight's strength now
    };
    static Look lookFor(const QString &triageStatus, qint64 arrivedMs, qint64 nowMs);
    static Look lookFor(const QModelIndex &index, qint64 nowMs);

    explicit AlertRowDelegate(QObject *parent = nullptr);
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    // The text of a plain cell, laid out once per (text, width, font) and drawn from the cache: a live
    // insert at the top repaints every row on screen, and Qt's item text layout (QTextLayout per cell,
    // every paint) was most of that repaint's time.
    void paintPlain(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;

    LevelDelegate *m_level;
    mutable QCache<QString, QStaticText> m_texts{4000};
    StateChipDelegate *m_state;
};

}  // namespace eos
