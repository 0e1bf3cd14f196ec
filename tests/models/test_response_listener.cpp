// ResponseListener: NOTIFY new_response heard on a worker thread's connection, delivered on the owner's
// thread, notifications within the coalescing window as one signal with their alert ids (a payload that
// is not an id stands for any alert), and listening again after its connection was killed.
#include "response_listener.h"
#include "alert_fixture.h"
#include "test_database.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

using namespace eos;
using eos::test::AlertFixture;
using eos::test::TestDatabase;

class TestResponseListener : public QObject {
    Q_OBJECT
private:
    DbConnectionInfo m_info;
    QSqlDatabase m_db;

    void notify(const QString &payloads)
    {
        QString err;
        QVERIFY2(AlertFixture::exec(m_db, payloads, &err), qPrintable(err));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_info = TestDatabase::create(QStringLiteral("responses"));
        QString err;
        m_db = m_info.open(QStringLiteral("notify"), &err);
        QVERIFY2(m_db.isOpen(), qPrintable(err));
    }

    void coalescesPayloadsIntoOneSignal()
    {
        ResponseListener l(m_info);
        QSignalSpy arrived(&l, &ResponseListener::responsesArrived);
        QSignalSpy listening(&l, &ResponseListener::listeningChanged);
        l.start(300);
        QTRY_VERIFY(l.isListening());
        QCOMPARE(listening.count(), 1);
        // three batches committed at once (one of them twice): one signal, ids in arrival order, no repeats
        notify(QStringLiteral("SELECT pg_notify('new_response', '41'); SELECT pg_notify('new_response', '17'); "
                              "SELECT pg_notify('new_response', '41'); SELECT pg_notify('new_alert', '99')"));
        QVERIFY(arrived.wait(5000));
        QCOMPARE(arrived.count(), 1);
        const auto ids = arrived.at(0).at(0).value<QList<qint64>>();
        QCOMPARE(ids, (QList<qint64>{41, 17}));
        QCOMPARE(arrived.at(0).size(), 1);
        // delivered on this thread
        QThread *seenOn = nullptr;
        connect(&l, &ResponseListener::responsesArrived, this, [&seenOn](const QList<qint64> &) { seenOn = QThread::currentThread(); });
        // a bare NOTIFY (an older writer): any alert
        notify(QStringLiteral("NOTIFY new_response"));
        QVERIFY(arrived.wait(5000));
        QCOMPARE(arrived.last().at(0).value<QList<qint64>>(), QList<qint64>{ResponseListener::kAnyAlert});
        QCOMPARE(seenOn, thread());
    }

    void listensAgainAfterALostConnection()
    {
        ResponseListener l(m_info);
        QSignalSpy arrived(&l, &ResponseListener::responsesArrived);
        l.start(0, 1000);
        QTRY_VERIFY(l.isListening());
        // every other connection to the database is killed (a restarted server, a proxy): the periodic probe
        // notices and listens again on a new connection
        QString err;
        QVERIFY2(AlertFixture::exec(m_db, QStringLiteral(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"), &err),
                 qPrintable(err));
        // sent until heard: notifications before the new LISTEN are not delivered to anyone
        QTRY_VERIFY_WITH_TIMEOUT((notify(QStringLiteral("SELECT pg_notify('new_response', '7')")), !arrived.isEmpty()), 15000);
        QCOMPARE(arrived.last().at(0).value<QList<qint64>>(), QList<qint64>{7});
        QVERIFY(l.isListening());
    }
};

QTEST_GUILESS_MAIN(TestResponseListener)
#include "test_response_listener.moc"
