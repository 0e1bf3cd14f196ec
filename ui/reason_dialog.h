// Asks for the reason of a triage action (false positive, escalate): OK stays disabled while the
// reason is empty or only white space.
#pragma once

#include <QDialog>

#include <optional>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace eos {

class ReasonDialog : public QDialog {
    Q_OBJECT
public:
    ReasonDialog(const QString &title, const QString &prompt, QWidget *parent = nullptr);

    QString reason() const;  // trimmed
    QPlainTextEdit *editor() const { return m_edit; }
    QDialogButtonBox *buttons() const { return m_buttons; }

    // Shows the dialog modally; nullopt when cancelled.
    static std::optional<QString> ask(QWidget *parent, const QString &title, const QString &prompt);

private:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void updateOk();

    QLabel *m_prompt;
    QPlainTextEdit *m_edit;
    QDialogButtonBox *m_buttons;
};

}  // namespace eos
