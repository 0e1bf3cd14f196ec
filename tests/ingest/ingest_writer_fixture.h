// Shared by the IngestWriter tests (test_ingest_writer: batching, dedup, the inbox, NOTIFY, group commit;
// test_ingest_writer_failures: what PostgreSQL refuses, outages and the spool, the bounded queue, error logs):
// a writer on its own thread, its results collected, distinct sample alerts, a console's LISTEN connection.
#pragma once

#include "core/worker_thread.h"
#include "http_test_support.h"
#include "ingest/alert_parser.h"
#include "ingest/ingest_writer.h"

#include <QMetaObject>
#include <QSqlDatabase>
#include <QSqlDriver>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace eos::test::ingest_writer {

struct Collected {
    std::mutex m;
    std::vector<IngestResult> results;
    std::atomic<int> count{0};
};

// n sample alerts, parsed, each distinct (unique ids, as the benchmark does)
inline std::vector<AlertRecord> sampleAlerts(int n, int salt = 0)
{
    std::vector<AlertRecord> out;
    for (int i = 0; i < n; ++i) {
        AlertRecord r;
        QString msg;
        if (AlertParser::parse(eos::test::uniqueAlert(i, QByteArray::number(salt)), &r, &msg) != AlertParser::Error::None)
            qFatal("%s", qPrintable(msg));
        out.push_back(std::move(r));
    }
    return out;
}


// A second connection LISTENing on new_alert, as a console does; closed and removed when it goes.
struct NotifyListener {
    QString name;
    QSqlDatabase db;
    NotifyListener(const DbConnectionInfo &info, const QString &connectionName) : name(connectionName)
    {
        QString err;
        db = info.open(name, &err);
        if (!db.isOpen() || !db.driver()->subscribeToNotification(QStringLiteral("new_alert")))
            qWarning("cannot LISTEN new_alert: %s", qPrintable(err));
    }
    ~NotifyListener()
    {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
    bool listening() const { return db.isOpen() && db.driver()->subscribedToNotifications().contains(QStringLiteral("new_alert")); }
};

struct Running {
    IngestWriter *writer;
    std::unique_ptr<WorkerThread> thread;
};
inline Running startWriter(const DbConnectionInfo &db, IngestWriter::Options o)
{
    auto *w = new IngestWriter(db, o);
    Running r{w, std::make_unique<WorkerThread>(QStringLiteral("ingest"), w)};
    r.thread->start();
    QMetaObject::invokeMethod(w, &IngestWriter::start, Qt::BlockingQueuedConnection);
    return r;
}
inline void stopWriter(Running &r)
{
    QMetaObject::invokeMethod(r.writer, &IngestWriter::stop, Qt::BlockingQueuedConnection);
    r.thread.reset();
}
inline void submit(IngestWriter *w, std::vector<AlertRecord> alerts, Collected *c)
{
    w->submit(std::move(alerts), [c](const IngestResult &r) {
        std::lock_guard lock(c->m);
        c->results.push_back(r);
        ++c->count;
    });
}

}  // namespace eos::test::ingest_writer
