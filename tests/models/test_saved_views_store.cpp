// SavedViewsStore: per-user named views (filter text + column layout) in PostgreSQL.
#include "alert_fixture.h"
#include "saved_views_store.h"
#include "test_database.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace eos;
using eos::test::AlertFixture;
using eos::test::TestDatabase;

class TestSavedViewsStore : public QObject {
    Q_OBJECT
private:
    DbConnectionInfo m_info;

private Q_SLOTS:
    void initTestCase()
    {
        m_info = TestDatabase::create(QStringLiteral("views"));
        QString err;
        QSqlDatabase db = m_info.open(QStringLiteral("t"), &err);
        QVERIFY2(db.isOpen(), qPrintable(err));
        QVERIFY2(AlertFixture::migrate(db, &err), qPrintable(err));
    }

    void saveLoadListReplaceDelete()
    {
        SavedViewsStore alice(m_info, QStringLiteral("alice"));
        SavedViewsStore bob(m_info, QStringLiteral("bob"));
        QSignalSpy changed(&alice, &SavedViewsStore::viewsChanged);
        QString err;
        SavedViewsStore::View v;
        v.name = QStringLiteral("SSH brute force");
        v.filterText = QStringLiteral("group:sshd level>=5");
        v.columnLayout = QJsonObject{{QStringLiteral("hidden"), QJsonArray{QStringLiteral("mitre")}},
                                     {QStringLiteral("widths"), QJsonArray{120, 40, 60}}};
        QVERIFY2(alice.save(v, &err), qPrintable(err));
        QCOMPARE(changed.count(), 1);
        SavedViewsStore::View w{QStringLiteral("agent 001"), QStringLiteral("agent:001"), {}, {}};
        QVERIFY(alice.save(w, &err));

        auto loaded = alice.load(QStringLiteral("SSH brute force"), &err);
        QVERIFY2(loaded, qPrintable(err));
        QCOMPARE(loaded->filterText, v.filterText);
        QCOMPARE(loaded->columnLayout, v.columnLayout);
        QVERIFY(loaded->updatedAt.isValid());

        // per user: bob sees none of alice's views and may use the same name
        QVERIFY(bob.list(&err).isEmpty());
        QVERIFY(!bob.load(QStringLiteral("SSH brute force"), &err));
        QVERIFY(err.contains(QStringLiteral("no saved view")));
        QVERIFY(bob.save({QStringLiteral("SSH brute force"), QStringLiteral("rule:5710"), {}, {}}, &err));

        const auto list = alice.list(&err);
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].name, QStringLiteral("agent 001"));  // by name, case-insensitive
        QCOMPARE(list[1].name, QStringLiteral("SSH brute force"));

        // saving under an existing name replaces it
        v.filterText = QStringLiteral("group:sshd level>=10");
        QVERIFY(alice.save(v, &err));
        QCOMPARE(alice.list(&err).size(), 2);
        QCOMPARE(alice.load(v.name, &err)->filterText, QStringLiteral("group:sshd level>=10"));
        QCOMPARE(bob.load(v.name, &err)->filterText, QStringLiteral("rule:5710"));

        QVERIFY(alice.rename(QStringLiteral("agent 001"), QStringLiteral("Agent one"), &err));
        QVERIFY(!alice.rename(QStringLiteral("Agent one"), QStringLiteral("SSH brute force"), &err));
        QVERIFY(err.contains(QStringLiteral("exists")));
        QVERIFY(alice.remove(QStringLiteral("Agent one"), &err));
        QVERIFY(!alice.remove(QStringLiteral("Agent one"), &err));
        QVERIFY(err.contains(QStringLiteral("no saved view")));
        QCOMPARE(alice.list(&err).size(), 1);
    }

    void badNames()
    {
        SavedViewsStore s(m_info, QStringLiteral("carol"));
        QString err;
        QVERIFY(!s.save({QStringLiteral("   "), QStringLiteral("level>=3"), {}, {}}, &err));
        QVERIFY(err.contains(QStringLiteral("name")));
        QVERIFY(!s.save({QString(201, u'x'), QString(), {}, {}}, &err));
        QVERIFY(s.list(&err).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSavedViewsStore)
#include "test_saved_views_store.moc"
