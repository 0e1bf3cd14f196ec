// Help → Shortcuts: generated from the window's actual QActions, so the list cannot drift from the keys
// that work. Actions without a shortcut are left out.
#pragma once

#include <QDialog>
#include <QList>

class QAction;
class QTableWidget;

namespace eos {

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    struct Group {
        QString title;             // e.g. "Triage"
        QList<QAction *> actions;
    };
    explicit ShortcutsDialog(const QList<Group> &groups, QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    // "Acknowledge" from "&Acknowledge…" (mnemonics and trailing ellipses removed).
    static QString plainText(const QString &actionText);

private:
    QTableWidget *m_table;
};

}  // namespace eos
