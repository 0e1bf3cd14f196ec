// Paints the Live Alerts State column as a compact coloured chip (Security Onion and TheHive show the
// status the same way): the triage status when there is one (acknowledged green, false positive grey,
// escalated red), else the pipeline state (new blue, enriched / summarized / sent teal, failed dark red,
// archived grey). Colours per theme; the text stays readable when the row is selected.
#pragma once

#include <QColor>
#include <QStyledItemDelegate>

namespace eos {

class StateChipDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    struct Chip {
        QColor fill;
        QColor text;
    };
    // The chip's colours for a row's triage status and pipeline state (the model's TriageStatusRole and
    // PipelineStateRole), light or dark theme.
    static Chip chipFor(const QString &triageStatus, const QString &pipelineState, bool dark);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

}  // namespace eos
