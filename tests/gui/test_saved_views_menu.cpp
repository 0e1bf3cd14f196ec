// SavedViewsMenu: the Live Alerts' Saved Views menu on a real SavedViewsStore — a name asked and the owner's
// snapshot saved under it (nothing when cancelled), the views listed when the menu opens, a loaded view
// handed back, deletion only after a yes, and no entries without a store.
#include "alert_fixture.h"
#include "gui_fixture.h"
#include "saved_views_menu.h"
#include "saved_views_store.h"
#include "test_database.h"

#include <QAbstractButton>
#include <QAction>
#include <QInputDialog>
#include <QMessageBox>
#include <QSignalSpy>
#include <QTest>

using namespace eos;
using eos::test::AlertFixture;
using eos::test::TestDatabase;

namespace {

QAction *entry(QMenu *menu, const QString &name)
{
    for (QAction *a : menu->actions())
        if (a->text() == name) return a;
    return nullptr;
}

}  // namespace

class TestSavedViewsMenu : public QObject {
    Q_OBJECT

    DbConnectionInfo m_info;
    int m_snapshots = 0;

    SavedViewsStore::View snapshot()
    {
        ++m_snapshots;
        SavedViewsStore::View v;
        v.filterText = QStringLiteral("group:sshd level>=10");
        v.columnLayout.insert(QStringLiteral("grouped"), true);
        v.name = QStringLiteral("ignored: the menu names the view");
        return v;
    }
    QString scalar(const QString &sql) const { return TestDatabase::scalar(m_info, sql); }

private Q_SLOTS:
    void initTestCase()
    {
        m_info = TestDatabase::create(QStringLiteral("views_menu"));
        QString err;
        QSqlDatabase db = m_info.open(QStringLiteral("t"), &err);
        QVERIFY2(db.isOpen(), qPrintable(err));
        QVERIFY2(AlertFixture::migrate(db, &err), qPrintable(err));
    }

    void withoutAStoreNothingIsOffered()
    {
        SavedViewsMenu menu([this] { return snapshot(); });
        QVERIFY(!menu.saveAction()->isEnabled());
        QVERIFY(!menu.loadMenu()->isEnabled());
        QVERIFY(!menu.deleteMenu()->isEnabled());
        menu.saveCurrentAs();  // no dialog, no snapshot
        QCOMPARE(m_snapshots, 0);
        QCOMPARE(menu.saveAction()->shortcut(), QKeySequence(QKeySequence::Save));
    }

    void saveAsksANameAndStoresTheSnapshot()
    {
        SavedViewsStore store(m_info, QStringLiteral("alice"));
        QWidget owner;
        SavedViewsMenu menu([this] { return snapshot(); }, &owner);
        menu.setStore(&store);
        QVERIFY(menu.saveAction()->isEnabled());
        QSignalSpy status(&menu, &SavedViewsMenu::statusMessage);
        test::onNextDialog<QInputDialog>([](QInputDialog *d) {
            d->setTextValue(QStringLiteral("  ssh high  "));
            d->accept();
        });
        menu.saveAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(scalar(QStringLiteral("SELECT filter_text FROM saved_views WHERE owner = 'alice' AND name = 'ssh high'")),
                                  QStringLiteral("group:sshd level>=10"), 10000);
        QCOMPARE(scalar(QStringLiteral("SELECT column_layout->>'grouped' FROM saved_views WHERE name = 'ssh high'")), QStringLiteral("true"));
        QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000);
        QCOMPARE(status.last().at(0).toString(), QStringLiteral("Saved view “ssh high”"));

        // cancelled: nothing asked of the owner, nothing stored
        const int before = m_snapshots;
        test::onNextDialog<QInputDialog>([](QInputDialog *d) {
            d->setTextValue(QStringLiteral("never"));
            d->reject();
        });
        menu.saveAction()->trigger();
        QCOMPARE(m_snapshots, before);
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM saved_views WHERE name = 'never'")), QStringLiteral("0"));
    }

    void opensListingTheViewsAndLoadsOne()
    {
        SavedViewsStore store(m_info, QStringLiteral("bob"));
        SavedViewsStore::View v;
        v.name = QStringLiteral("web scans");
        v.filterText = QStringLiteral("group:web_scan");
        v.columnLayout.insert(QStringLiteral("sort"), QStringLiteral("level desc"));
        QString err;
        QVERIFY2(store.save(v, &err), qPrintable(err));
        SavedViewsMenu menu([this] { return snapshot(); });
        menu.setStore(&store);
        QMenu *load = test::savedViewsLoadMenu(&menu);
        QVERIFY(load);
        QVERIFY(menu.loadMenu()->isEnabled());
        QVERIFY(!entry(load, QStringLiteral("ssh high")));  // alice's view is not bob's
        QAction *a = entry(load, QStringLiteral("web scans"));
        QVERIFY(a);
        QCOMPARE(a->toolTip(), QStringLiteral("group:web_scan"));
        QSignalSpy loaded(&menu, &SavedViewsMenu::viewLoaded);
        a->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 10000);
        QCOMPARE(loaded.at(0).at(0).toString(), QStringLiteral("web scans"));
        const auto got = loaded.at(0).at(1).value<SavedViewsStore::View>();
        QCOMPARE(got.filterText, QStringLiteral("group:web_scan"));
        QCOMPARE(got.columnLayout.value(QStringLiteral("sort")).toString(), QStringLiteral("level desc"));
        QVERIFY(loaded.at(0).at(2).toString().isEmpty());
    }

    void deletesOnlyAfterAYes()
    {
        SavedViewsStore store(m_info, QStringLiteral("carol"));
        SavedViewsStore::View v;
        v.name = QStringLiteral("noise");
        v.filterText = QStringLiteral("level<5");
        QString err;
        QVERIFY2(store.save(v, &err), qPrintable(err));
        QWidget owner;
        SavedViewsMenu menu([this] { return snapshot(); }, &owner);
        menu.setStore(&store);
        QVERIFY(test::savedViewsLoadMenu(&menu));
        QAction *del = entry(menu.deleteMenu(), QStringLiteral("noise"));
        QVERIFY(del);
        test::onNextDialog<QMessageBox>([](QMessageBox *b) { b->button(QMessageBox::No)->click(); });
        del->trigger();
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM saved_views WHERE owner = 'carol'")), QStringLiteral("1"));
        QSignalSpy status(&menu, &SavedViewsMenu::statusMessage);
        test::onNextDialog<QMessageBox>([](QMessageBox *b) { b->button(QMessageBox::Yes)->click(); });
        del->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(scalar(QStringLiteral("SELECT count(*) FROM saved_views WHERE owner = 'carol'")), QStringLiteral("0"), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!status.isEmpty(), 10000);
        QCOMPARE(status.last().at(0).toString(), QStringLiteral("Deleted view “noise”"));
        // listed again when opened: nothing left to load or delete
        Q_EMIT menu.aboutToShow();
        QTRY_VERIFY_WITH_TIMEOUT(!menu.loadMenu()->isEnabled() && menu.deleteMenu()->actions().isEmpty(), 10000);
    }

    void aStoreTakenAwayEmptiesTheMenu()
    {
        SavedViewsStore store(m_info, QStringLiteral("bob"));
        SavedViewsMenu menu([this] { return snapshot(); });
        menu.setStore(&store);
        QVERIFY(test::savedViewsLoadMenu(&menu));
        menu.setStore(nullptr);
        QVERIFY(!menu.saveAction()->isEnabled());
        QVERIFY(!menu.loadMenu()->isEnabled());
        QVERIFY(menu.loadMenu()->actions().isEmpty());
        // nothing from the old store arrives any more
        QSignalSpy listed(&store, &SavedViewsStore::listReady);
        store.requestList();
        QTRY_COMPARE_WITH_TIMEOUT(listed.size(), 1, 10000);
        QVERIFY(!listed.at(0).at(0).value<QList<SavedViewsStore::View>>().isEmpty());
        QVERIFY(menu.loadMenu()->actions().isEmpty());
    }
};

QTEST_MAIN(TestSavedViewsMenu)
#include "test_saved_views_menu.moc"
