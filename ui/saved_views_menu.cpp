#include "saved_views_menu.h"

#include <QAction>
#include <QInputDialog>
#include <QMessageBox>

namespace eos {

SavedViewsMenu::SavedViewsMenu(Snapshot snapshot, QWidget *parent)
    : QMenu(tr("Saved &Views"), parent), m_snapshot(std::move(snapshot))
{
    m_save = new QAction(tr("&Save Current View As…"), this);
    m_save->setShortcut(QKeySequence(QKeySequence::Save));
    m_save->setEnabled(false);  // until there is a store
    connect(m_save, &QAction::triggered, this, &SavedViewsMenu::saveCurrentAs);
    addAction(m_save);
    m_load = addMenu(tr("&Load View"));
    m_delete = addMenu(tr("&Delete View"));
    // the menus show the views as last listed (off the GUI thread); opening the menu asks again
    connect(this, &QMenu::aboutToShow, this, [this] {
        if (m_store) m_store->requestList();
    });
    fill({});
}

void SavedViewsMenu::setStore(SavedViewsStore *store)
{
    for (const auto &c : std::as_const(m_storeConns)) disconnect(c);
    m_storeConns.clear();
    m_store = store;
    m_save->setEnabled(m_store != nullptr);
    if (!m_store) {
        fill({});
        return;
    }
    m_storeConns << connect(m_store, &SavedViewsStore::listReady, this, [this](const QList<SavedViewsStore::View> &list, const QString &error) {
        if (!error.isEmpty()) Q_EMIT statusMessage(tr("Saved views unavailable: %1").arg(error), 8000);
        fill(list);
    });
    m_storeConns << connect(m_store, &SavedViewsStore::saveFinished, this, [this](const QString &name, const QString &error) {
        if (error.isEmpty()) Q_EMIT statusMessage(tr("Saved view “%1”").arg(name), 5000);
        else Q_EMIT statusMessage(tr("The view could not be saved: %1").arg(error), 10000);
    });
    m_storeConns << connect(m_store, &SavedViewsStore::loadFinished, this, &SavedViewsMenu::viewLoaded);
    m_storeConns << connect(m_store, &SavedViewsStore::removeFinished, this, [this](const QString &name, const QString &error) {
        if (error.isEmpty()) Q_EMIT statusMessage(tr("Deleted view “%1”").arg(name), 5000);
        else Q_EMIT statusMessage(tr("Cannot delete view “%1”: %2").arg(name, error), 8000);
    });
    m_store->requestList();
}

void SavedViewsMenu::fill(const QList<SavedViewsStore::View> &views)
{
    m_load->clear();
    m_delete->clear();
    for (const auto &v : views) {
        QAction *load = m_load->addAction(v.name, this, [this, name = v.name] {
            if (m_store) m_store->loadAsync(name);
        });
        load->setToolTip(v.filterText);
        m_delete->addAction(v.name, this, [this, name = v.name] { askDelete(name); });
    }
    m_load->setEnabled(!views.isEmpty());
    m_delete->setEnabled(!views.isEmpty());
}

void SavedViewsMenu::saveCurrentAs()
{
    if (!m_store) return;
    bool ok = false;
    const QString name = QInputDialog::getText(parentWidget(), tr("Save View"), tr("Name of this view (filter and columns):"),
                                               QLineEdit::Normal, QString(), &ok).trimmed();
    if (!ok || name.isEmpty() || !m_store) return;
    SavedViewsStore::View v = m_snapshot();
    v.name = name;
    m_store->saveAsync(v);
}

void SavedViewsMenu::askDelete(const QString &name)
{
    if (QMessageBox::question(parentWidget(), tr("Delete View"), tr("Delete the saved view “%1”?").arg(name)) != QMessageBox::Yes)
        return;
    if (m_store) m_store->removeAsync(name);
}

}  // namespace eos
