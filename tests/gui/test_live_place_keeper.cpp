// LivePlaceKeeper on a real AlertListModel (PostgreSQL, NOTIFY new_alert) in a shown QTableView with the
// new-alerts bar: scrolled down, the rows read stay put and the bar counts what arrived above (its click
// goes to the top); at the top with a row selected, that row stays in view however many arrive; paused, the
// bar counts what waits and its click asks to resume; grouped, no bar; the arrival highlight is repainted
// until it has faded.
#include "gui_fixture.h"

#include "alert_list_model.h"
#include "alert_row_delegate.h"
#include "live_place_keeper.h"
#include "new_alerts_bar.h"

#include <QHeaderView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QVBoxLayout>

using namespace eos;

class TestLivePlaceKeeper : public QObject {
    Q_OBJECT
    static constexpr int kAlerts = 2000;
    test::GuiFixture m_fx;
    std::unique_ptr<QWidget> m_window;
    AlertListModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    NewAlertsBar *m_bar = nullptr;
    LivePlaceKeeper *m_keeper = nullptr;

    int rowsOnScreen() const { return m_table->viewport()->height() / m_table->rowHeight(0); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.setUp(QStringLiteral("gui_live_place")));
        QVERIFY(m_fx.insertData(5, kAlerts));
        m_window = std::make_unique<QWidget>();
        auto *layout = new QVBoxLayout(m_window.get());
        m_bar = new NewAlertsBar(m_window.get());
        m_table = new QTableView(m_window.get());
        m_table->verticalHeader()->hide();
        m_table->verticalHeader()->setDefaultSectionSize(22);
        m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
        layout->addWidget(m_bar);
        layout->addWidget(m_table);
        m_model = new AlertListModel(m_fx.db, m_window.get());
        m_table->setModel(m_model);
        m_keeper = new LivePlaceKeeper(m_table, m_model, m_bar, m_window.get());
        m_window->resize(900, 500);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_model->start();
        QTRY_VERIFY_WITH_TIMEOUT(m_model->isCountExact() && m_model->rowCount() >= kAlerts, 10000);
    }

    void cleanupTestCase() { m_window.reset(); }

    void atTheTopNewRowsShowWithoutABar()
    {
        m_table->scrollToTop();
        const int before = m_model->rowCount();
        QVERIFY(m_fx.insertLive(3));
        QTRY_COMPARE_WITH_TIMEOUT(m_model->rowCount(), before + 3, 10000);
        QCOMPARE(m_table->verticalScrollBar()->value(), 0);
        QVERIFY(m_bar->isHidden());
        QCOMPARE(m_keeper->unseen(), 0);
        // their highlight is repainted while it fades, then the timer stops
        QVERIFY(m_keeper->isFading());
        QTRY_VERIFY_WITH_TIMEOUT(!m_keeper->isFading(), AlertRowDelegate::kHighlightMs + 5000);
    }

    void scrolledDownThePlaceIsKeptAndTheBarCounts()
    {
        m_table->scrollTo(m_model->index(600, 0), QAbstractItemView::PositionAtTop);
        QTRY_VERIFY(m_table->verticalScrollBar()->value() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(m_model->alertId(m_table->rowAt(0)) != 0, 10000);
        const qint64 topId = m_model->alertId(m_table->rowAt(0));
        QVERIFY(m_fx.insertLive(7));
        QTRY_COMPARE_WITH_TIMEOUT(m_keeper->unseen(), 7, 10000);
        QCOMPARE(m_model->alertId(m_table->rowAt(0)), topId);
        QVERIFY(m_bar->isVisible());
        QCOMPARE(m_bar->count(), 7);
        QVERIFY(!m_bar->isPausedMode());
        // grouped: the bar speaks of the list's rows, so it goes; back to the list, it is there again
        m_keeper->setGrouped(true);
        QVERIFY(m_bar->isHidden());
        m_keeper->setGrouped(false);
        QCOMPARE(m_bar->count(), 7);
        // its click: to the top, nothing unseen
        QTest::mouseClick(m_bar, Qt::LeftButton, {}, m_bar->rect().center());
        QTRY_COMPARE(m_table->verticalScrollBar()->value(), 0);
        QCOMPARE(m_keeper->unseen(), 0);
        QVERIFY(m_bar->isHidden());
    }

    void scrollingBackUpSeesThem()
    {
        m_table->scrollTo(m_model->index(300, 0), QAbstractItemView::PositionAtTop);
        QTRY_VERIFY(m_table->verticalScrollBar()->value() > 0);
        QVERIFY(m_fx.insertLive(2));
        QTRY_COMPARE_WITH_TIMEOUT(m_keeper->unseen(), 2, 10000);
        m_table->verticalScrollBar()->setValue(0);
        QCOMPARE(m_keeper->unseen(), 0);
        QVERIFY(m_bar->isHidden());
    }

    void aSelectedRowAtTheTopStaysInView()
    {
        m_table->scrollToTop();
        m_table->selectRow(2);
        const qint64 selected = m_model->alertId(2);
        // more rows than the screen holds
        const int n = rowsOnScreen() + 10;
        QVERIFY(m_fx.insertLive(n));
        QTRY_COMPARE_WITH_TIMEOUT(m_model->alertId(m_table->currentIndex().row()), selected, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(m_model->alertId(2 + n) == selected, 10000);
        const int y = m_table->rowViewportPosition(m_table->currentIndex().row());
        QVERIFY2(y >= 0 && y + m_table->rowHeight(0) <= m_table->viewport()->height(), qPrintable(QString::number(y)));
        // what it pushed out of view above is counted
        QVERIFY(m_keeper->unseen() > 0);
        QVERIFY(m_bar->isVisible());
        m_table->clearSelection();
        m_table->setCurrentIndex({});
        m_keeper->showNewAlerts();
        QCOMPARE(m_table->verticalScrollBar()->value(), 0);
    }

    void pausedTheBarCountsWhatWaitsAndAsksToResume()
    {
        QSignalSpy resume(m_keeper, &LivePlaceKeeper::resumeRequested);
        m_model->setLive(false);
        const int before = m_model->rowCount();
        QVERIFY(m_fx.insertLive(4));
        QTRY_COMPARE_WITH_TIMEOUT(m_keeper->waiting(), 4, 10000);
        QVERIFY(m_bar->isVisible());
        QVERIFY(m_bar->isPausedMode());
        QCOMPARE(m_model->rowCount(), before);  // held back
        QTest::mouseClick(m_bar, Qt::LeftButton, {}, m_bar->rect().center());
        QCOMPARE(resume.size(), 1);
        // the owner resumes (AlertsView unchecks its Pause action) and starts afresh
        m_model->setLive(true);
        m_keeper->reset();
        QCOMPARE(m_keeper->waiting(), 0);
        QVERIFY(m_bar->isHidden());
        QTRY_VERIFY_WITH_TIMEOUT(m_model->rowCount() >= before + 4, 10000);
    }
};

QTEST_MAIN(TestLivePlaceKeeper)
#include "test_live_place_keeper.moc"
