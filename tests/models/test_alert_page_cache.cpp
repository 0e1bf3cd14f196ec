// AlertPageCache: Live Alerts' pages in memory — rows by (page, offset), the least recently used page out
// first, fetches under way asked for once, pages renumbered when live rows are folded above them, and an
// alert found by id. No database: rows are built here.
#include "alert_page_cache.h"

#include <QTest>

using namespace eos;

namespace {

// a page of n rows whose ids start at firstId
AlertRows pageOf(qint64 firstId, int n)
{
    AlertRows rows;
    for (int i = 0; i < n; ++i) {
        AlertRow r;
        r.id = firstId + i;
        rows << r;
    }
    return rows;
}

}  // namespace

class TestAlertPageCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsByPageAndOffset()
    {
        AlertPageCache c;
        QVERIFY(!c.row(0, 0));
        c.insert(0, pageOf(100, 3));
        c.insert(2, pageOf(300, 2));
        QCOMPARE(c.pageCount(), 2);
        QCOMPARE(c.rowCount(), 5);
        QCOMPARE(c.row(0, 2)->id, 102);
        QCOMPARE(c.row(2, 1)->id, 301);
        QVERIFY(!c.row(0, 3));   // past a short page
        QVERIFY(!c.row(0, -1));
        QVERIFY(!c.row(1, 0));   // a page not here
        QVERIFY(c.contains(2) && !c.contains(1));
        QCOMPARE(c.rows(2)->size(), 2);
        QVERIFY(!c.rows(1));
        QCOMPARE(c.pageNumbers(), (QList<int>{0, 2}));
    }

    void leastRecentlyUsedGoesFirst()
    {
        AlertPageCache c;
        for (int p = 0; p < 4; ++p) c.insert(p, pageOf(p * 10, 10));
        // page 0 is the oldest insert, but reading a row of it makes page 1 the least recently used
        QVERIFY(c.row(0, 5));
        c.evictTo(3);
        QCOMPARE(c.pageNumbers(), (QList<int>{0, 2, 3}));
        // rows() does not count as a use: page 2 goes next, though it was just looked at
        QVERIFY(c.rows(2));
        c.evictTo(2);
        QCOMPARE(c.pageNumbers(), (QList<int>{0, 3}));
        c.evictTo(5);  // under the bound: nothing goes
        QCOMPARE(c.pageCount(), 2);
    }

    void replacingAPageMarksItUsed()
    {
        AlertPageCache c;
        c.insert(0, pageOf(0, 2));
        c.insert(1, pageOf(10, 2));
        c.insert(0, pageOf(50, 2));  // page 0 fetched again (a refresh of the top)
        QCOMPARE(c.row(0, 0)->id, 50);
        c.evictTo(1);
        QCOMPARE(c.pageNumbers(), QList<int>{0});
    }

    void fetchesUnderWay()
    {
        AlertPageCache c;
        QVERIFY(!c.isRequested(3));
        c.markRequested(3);
        QVERIFY(c.isRequested(3));
        c.requestDone(3);  // a failed fetch: asked for again later
        QVERIFY(!c.isRequested(3));
        c.markRequested(4);
        c.clear();
        QVERIFY(!c.isRequested(4));
        QCOMPARE(c.pageCount(), 0);
    }

    void shiftDownRenumbersAndForgetsFetches()
    {
        AlertPageCache c;
        c.insert(0, pageOf(100, 2));
        c.insert(3, pageOf(400, 2));
        c.markRequested(1);  // numbered the old way
        c.shiftDown({pageOf(900, 2), pageOf(800, 2)});
        QCOMPARE(c.pageNumbers(), (QList<int>{0, 1, 2, 5}));
        QCOMPARE(c.rows(2)->at(0).id, 100);  // (rows(): not a use)
        QCOMPARE(c.rows(5)->at(1).id, 401);
        QVERIFY(!c.isRequested(1));
        // the folded pages count as just used: the old pages go first
        c.evictTo(2);
        QCOMPARE(c.pageNumbers(), (QList<int>{0, 1}));
        QCOMPARE(c.row(0, 0)->id, 900);
        QCOMPARE(c.row(1, 1)->id, 801);
    }

    void findAndUpdateInPlace()
    {
        AlertPageCache c;
        c.insert(0, pageOf(100, 3));
        c.insert(4, pageOf(500, 3));
        QCOMPARE(c.find(502), (std::optional<std::pair<int, int>>{{4, 2}}));
        QCOMPARE(c.find(101), (std::optional<std::pair<int, int>>{{0, 1}}));
        QVERIFY(!c.find(7));
        int seen = 0;
        c.forEachRow([&](int page, int offset, AlertRow &r) {
            ++seen;
            if (page == 4 && offset == 0) r.state = QStringLiteral("summarized");
        });
        QCOMPARE(seen, 6);
        QCOMPARE(c.rows(4)->at(0).state, QStringLiteral("summarized"));
        QVERIFY(c.rows(0)->at(0).state.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAlertPageCache)
#include "test_alert_page_cache.moc"
