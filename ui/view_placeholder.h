// A centred message over an empty item view ("No alerts match level>=12"), drawn in the view's viewport
// and following its size; shown and hidden by its owner.
#pragma once

#include <QLabel>

class QAbstractScrollArea;

namespace eos {

class ViewPlaceholder : public QLabel {
    Q_OBJECT
public:
    explicit ViewPlaceholder(QAbstractScrollArea *view);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void follow();
    QWidget *m_viewport;
};

}  // namespace eos
