#include "reason_dialog.h"

#include <QDialogButtonBox>
#include <QFontMetrics>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace eos {

ReasonDialog::ReasonDialog(const QString &title, const QString &prompt, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(title);
    auto *layout = new QVBoxLayout(this);
    m_prompt = new QLabel(prompt, this);
    m_prompt->setWordWrap(true);
    m_edit = new QPlainTextEdit(this);
    m_edit->setTabChangesFocus(true);
    m_edit->setPlaceholderText(tr("Why? This is recorded in the audit trail."));
    const QFontMetrics fm(m_edit->font());
    m_edit->setMinimumSize(fm.averageCharWidth() * 60, fm.lineSpacing() * 5);
    m_prompt->setBuddy(m_edit);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *hint = new QLabel(tr("Ctrl+Enter to confirm"), this);
    hint->setEnabled(false);
    layout->addWidget(m_prompt);
    layout->addWidget(m_edit);
    auto *row = new QHBoxLayout;
    row->addWidget(hint);
    row->addStretch();
    row->addWidget(m_buttons);
    layout->addLayout(row);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!reason().isEmpty()) accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_edit, &QPlainTextEdit::textChanged, this, &ReasonDialog::updateOk);
    m_edit->installEventFilter(this);
    updateOk();
    m_edit->setFocus();
}

QString ReasonDialog::reason() const { return m_edit->toPlainText().trimmed(); }

void ReasonDialog::updateOk() { m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!reason().isEmpty()); }

bool ReasonDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *ke = static_cast<QKeyEvent *>(event);
        if ((ke->key() == Qt::Key_Return || ke->key() == Qt::Key_Enter) && (ke->modifiers() & Qt::ControlModifier)) {
            if (!reason().isEmpty()) accept();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

std::optional<QString> ReasonDialog::ask(QWidget *parent, const QString &title, const QString &prompt)
{
    ReasonDialog d(title, prompt, parent);
    if (d.exec() != QDialog::Accepted) return std::nullopt;
    return d.reason();
}

}  // namespace eos
