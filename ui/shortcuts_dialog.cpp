#include "shortcuts_dialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFontMetrics>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace eos {

QString ShortcutsDialog::plainText(const QString &actionText)
{
    QString t = actionText;
    t.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    t.remove(u'&');
    t.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    if (t.endsWith(QStringLiteral("…"))) t.chop(1);
    if (t.endsWith(QStringLiteral("..."))) t.chop(3);
    return t.trimmed();
}

ShortcutsDialog::ShortcutsDialog(const QList<Group> &groups, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Keyboard Shortcuts"));
    auto *layout = new QVBoxLayout(this);
    m_table = new QTableWidget(this);
    m_table->setColumnCount(2);
    m_table->setHorizontalHeaderLabels({tr("Action"), tr("Keys")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    const QFontMetrics fm(font());
    m_table->verticalHeader()->setDefaultSectionSize(fm.height() + fm.height() / 2);

    int row = 0;
    for (const auto &g : groups) {
        QList<QAction *> withKeys;
        for (QAction *a : g.actions)
            if (a && !a->shortcuts().isEmpty()) withKeys.append(a);
        if (withKeys.isEmpty()) continue;
        m_table->setRowCount(row + 1 + int(withKeys.size()));
        auto *title = new QTableWidgetItem(g.title);
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
        title->setFlags(Qt::ItemIsEnabled);
        m_table->setItem(row, 0, title);
        m_table->setSpan(row, 0, 1, 2);
        ++row;
        for (QAction *a : withKeys) {
            QStringList keys;
            for (const QKeySequence &k : a->shortcuts()) keys << k.toString(QKeySequence::NativeText);
            auto *name = new QTableWidgetItem(plainText(a->text()));
            name->setToolTip(a->toolTip());
            auto *key = new QTableWidgetItem(keys.join(tr(" or ")));
            m_table->setItem(row, 0, name);
            m_table->setItem(row, 1, key);
            ++row;
        }
    }
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);  // few rows
    m_table->setMinimumSize(fm.averageCharWidth() * 64, fm.height() * 36);
    layout->addWidget(m_table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

}  // namespace eos
