// A one-line label that elides its text at the right when it does not fit, and then shows the whole
// text as its tooltip (the detail pane's card: long rule descriptions, group and MITRE lists).
#pragma once

#include <QLabel>

namespace eos {

class ElidedLabel : public QLabel {
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setFullText(const QString &text);
    QString fullText() const { return m_full; }
    bool isElided() const { return m_elided; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void updateText();

    QString m_full;
    bool m_elided = false;
};

}  // namespace eos
