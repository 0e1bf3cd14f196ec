// The Live Alerts' "Saved Views" menu: Save Current View As… (asks a name), Load View and Delete View (asks
// first), listing the analyst's views from a SavedViewsStore off the GUI thread (opening the menu asks again).
// What a view holds is the owner's business: a snapshot function gives the view as it is now, and
// viewLoaded hands a loaded one back to be applied. Outcomes are reported as status messages.
#pragma once

#include "saved_views_store.h"

#include <QMenu>

#include <functional>

class QAction;

namespace eos {

class SavedViewsMenu : public QMenu {
    Q_OBJECT
public:
    using Snapshot = std::function<SavedViewsStore::View()>;  // the current view (its name is set here)

    SavedViewsMenu(Snapshot snapshot, QWidget *parent = nullptr);

    // The store may be null (no views: the entries are disabled) or replaced at any time.
    void setStore(SavedViewsStore *store);
    SavedViewsStore *store() const { return m_store; }

    QAction *saveAction() const { return m_save; }
    QMenu *loadMenu() const { return m_load; }
    QMenu *deleteMenu() const { return m_delete; }

    // Asks a name, then saves the snapshot under it (off the GUI thread; saveFinished reports).
    void saveCurrentAs();

Q_SIGNALS:
    void viewLoaded(const QString &name, const eos::SavedViewsStore::View &view, const QString &error);
    void statusMessage(const QString &text, int timeoutMs);

private:
    void fill(const QList<SavedViewsStore::View> &views);
    void askDelete(const QString &name);

    Snapshot m_snapshot;
    SavedViewsStore *m_store = nullptr;
    QList<QMetaObject::Connection> m_storeConns;
    QAction *m_save;
    QMenu *m_load;
    QMenu *m_delete;
};

}  // namespace eos
