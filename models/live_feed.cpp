#include "live_feed.h"

#include "alert_row_sql.h"
#include "core/logging.h"
#include "core/worker_thread.h"

#include <QSqlDriver>
#include <libpq-fe.h>
#include <sys/socket.h>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>
#include <QUuid>

#include <algorithm>
#include <atomic>
#include <deque>
#include <limits>
#include <unordered_set>

namespace eos {
namespace {
constexpr int kBatch = 5000;        // rows per catch-up query; more are fetched in further queries
constexpr int kSafetyPollMs = 2000; // catch up even without a notification (lost LISTEN connection)
constexpr int kCommitsPerQuery = 500;      // commit log rows per catch-up query
constexpr size_t kRememberedIds = 100000;  // delivered ids kept to drop them from interleaved ranges
}  // namespace

// The sockets of the feed's two connections, so that the destructor can end a query a database that
// stopped answering would hold forever (shutdown(2); the thread then ends instead of being waited on).
struct LiveFeed::Sockets {
    std::atomic<int> listen{-1};
    std::atomic<int> query{-1};
};

class LiveFeed::Worker : public QObject {
    Q_OBJECT
public:
    Worker(DbConnectionInfo info, std::shared_ptr<Sockets> sockets) : m_info(std::move(info)), m_sockets(std::move(sockets))
    {
        const QString id = QUuid::createUuid().toString(QUuid::Id128).left(12);
        m_listenName = QStringLiteral("live-listen-") + id;
        m_queryName = QStringLiteral("live-query-") + id;
    }
    ~Worker() override
    {
        m_query.close();
        m_query = QSqlDatabase();
        for (const auto &n : {m_listenName, m_queryName}) {
            if (!QSqlDatabase::contains(n)) continue;
            { QSqlDatabase db = QSqlDatabase::database(n, false); db.close(); }
            QSqlDatabase::removeDatabase(n);
        }
    }

    void follow(quint64 gen, qint64 afterId, const QString &where, const QVariantList &binds, const QString &keyExpr)
    {
        m_keyExpr = keyExpr;
        m_gen = gen;
        m_lastSeen = afterId;
        m_afterId = afterId;
        m_lastSeq = -1;  // the first catch-up starts the commit order
        m_delivered.clear();
        m_deliveredOrder.clear();
        m_where = where;
        m_binds = binds;
        m_following = true;
        ensureListening();
        if (!m_poll) {
            m_poll = new QTimer(this);
            connect(m_poll, &QTimer::timeout, this, [this] { schedule(); });
        }
        m_poll->start(kSafetyPollMs);
        schedule();
    }
    void stop()
    {
        m_following = false;
        if (m_poll) m_poll->stop();
    }
    void schedule()
    {
        if (m_scheduled || !m_following) return;
        m_scheduled = true;
        // every wake-up that arrives before this runs is served by the same catch-up
        QTimer::singleShot(0, this, [this] { catchUp(); });
    }

Q_SIGNALS:
    void rowsArrived(quint64 gen, const eos::AlertRows &rows, qint64 highestId);
    void notified(qint64 payloadId);
    void error(const QString &message);

private:
    void ensureListening()
    {
        if (QSqlDatabase::contains(m_listenName) && QSqlDatabase::database(m_listenName, false).isOpen()) return;
        QString err;
        m_sockets->listen = -1;
        QSqlDatabase db = m_info.open(m_listenName, &err);
        if (PGconn *pg = DbConnectionInfo::pgConn(db)) m_sockets->listen = PQsocket(pg);
        if (!db.isOpen()) {
            Q_EMIT error(tr("Live updates paused: cannot reach the database (%1)").arg(err));
            return;
        }
        QSqlDriver *drv = db.driver();
        connect(drv, &QSqlDriver::notification, this,
                [this](const QString &name, QSqlDriver::NotificationSource, const QVariant &payload) {
                    if (name != QLatin1String("new_alert")) return;
                    Q_EMIT notified(payload.toLongLong());
                    schedule();
                });
        if (!drv->subscribeToNotification(QStringLiteral("new_alert")))
            Q_EMIT error(tr("Live updates unavailable: LISTEN new_alert failed (%1)").arg(drv->lastError().text()));
    }

    QSqlDatabase &queryDb()
    {
        if (!m_query.isOpen() || m_query.lastError().type() == QSqlError::ConnectionError) {
            QString err;
            m_sockets->query = -1;
            m_query = m_info.open(m_queryName, &err);
            if (PGconn *pg = DbConnectionInfo::pgConn(m_query)) m_sockets->query = PQsocket(pg);
        }
        return m_query;
    }

    void catchUp()
    {
        m_scheduled = false;
        if (!m_following) return;
        ensureListening();  // reconnects after a lost connection (the safety poll brings us here)
        QString err;
        QSqlDatabase &db = queryDb();
        if (m_hasCommitLog < 0) {
            QSqlQuery q(db);
            if (!q.exec(QStringLiteral("SELECT to_regclass('alert_commits') IS NOT NULL")) || !q.next()) {
                Q_EMIT error(tr("Live updates: %1").arg(q.lastError().text().trimmed()));
                return;
            }
            m_hasCommitLog = q.value(0).toBool() ? 1 : 0;
        }
        if (m_hasCommitLog == 1) catchUpByCommit(db);
        else catchUpById(db);
    }

    // Older schema: by id (may skip a row whose lower id commits late).
    void catchUpById(QSqlDatabase &db)
    {
        QString err;
        const qint64 hi = alert_sql::maxId(db, &err);
        if (hi < 0) {
            Q_EMIT error(tr("Live updates: %1").arg(err));
            return;
        }
        if (hi <= m_lastSeen) return;
        const AlertRows rows = alert_sql::selectOrdered(db, QStringLiteral("id > ? AND id <= ?"), {m_lastSeen, hi}, m_where,
                                                        m_binds, QStringLiteral("id"), m_keyExpr, kBatch, 0, &err);
        if (!err.isEmpty()) {
            Q_EMIT error(tr("Live updates: %1").arg(err));
            return;
        }
        const bool more = rows.size() == kBatch;
        m_lastSeen = more ? rows.last().id : hi;
        Q_EMIT rowsArrived(m_gen, rows, m_lastSeen);
        if (more) schedule();
    }

    void catchUpByCommit(QSqlDatabase &db)
    {
        QString err;
        AlertRows rows;
        bool more = false;
        if (m_lastSeq < 0) {
            // the start: what is visible above afterId and the commit order's position, in one snapshot
            if (!db.transaction()) {
                Q_EMIT error(tr("Live updates: %1").arg(db.lastError().text().trimmed()));
                return;
            }
            QSqlQuery q(db);
            qint64 seq = -1;
            if (q.exec(QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")) &&
                q.exec(QStringLiteral("SELECT COALESCE(max(seq), 0) FROM alert_commits")) && q.next())
                seq = q.value(0).toLongLong();
            else err = q.lastError().text().trimmed();
            if (seq >= 0)
                rows = alert_sql::selectOrdered(db, QStringLiteral("id > ?"), {m_afterId}, m_where, m_binds,
                                                QStringLiteral("id"), m_keyExpr, 1000000, 0, &err);
            db.commit();
            if (!err.isEmpty()) {
                Q_EMIT error(tr("Live updates: %1").arg(err));
                return;
            }
            m_lastSeq = seq;
        } else {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("SELECT seq, min_id, max_id FROM alert_commits WHERE seq > ? ORDER BY seq LIMIT ?"));
            q.addBindValue(m_lastSeq);
            q.addBindValue(kCommitsPerQuery);
            if (!q.exec()) {
                Q_EMIT error(tr("Live updates: %1").arg(q.lastError().text().trimmed()));
                return;
            }
            QStringList ranges;
            qint64 lastSeq = m_lastSeq;
            int commits = 0;
            while (q.next()) {
                ++commits;
                lastSeq = q.value(0).toLongLong();
                const qint64 lo = std::max(q.value(1).toLongLong(), m_afterId + 1), hi = q.value(2).toLongLong();
                if (hi >= lo) ranges << QStringLiteral("(id BETWEEN %1 AND %2)").arg(lo).arg(hi);
            }
            if (commits == 0) return;
            more = commits == kCommitsPerQuery;
            if (!ranges.isEmpty()) {
                rows = alert_sql::selectOrdered(db, QStringLiteral("(") + ranges.join(QStringLiteral(" OR ")) + u')', {},
                                                m_where, m_binds, QStringLiteral("id"), m_keyExpr, 1000000, 0, &err);
                if (!err.isEmpty()) {
                    Q_EMIT error(tr("Live updates: %1").arg(err));
                    return;
                }
            }
            m_lastSeq = lastSeq;
        }
        // drop what an earlier commit's range already brought (interleaved ids), remember the rest
        AlertRows fresh;
        fresh.reserve(rows.size());
        for (const auto &r : std::as_const(rows)) {
            if (!m_delivered.insert(r.id).second) continue;
            m_deliveredOrder.push_back(r.id);
            fresh.push_back(r);
            m_lastSeen = std::max(m_lastSeen, r.id);
        }
        while (m_deliveredOrder.size() > kRememberedIds) {
            m_delivered.erase(m_deliveredOrder.front());
            m_deliveredOrder.pop_front();
        }
        // oldest first by id within this catch-up (rows of one commit arrive together)
        std::sort(fresh.begin(), fresh.end(), [](const AlertRow &a, const AlertRow &b) { return a.id < b.id; });
        Q_EMIT rowsArrived(m_gen, fresh, m_lastSeen);
        if (more) schedule();
    }

    DbConnectionInfo m_info;
    std::shared_ptr<Sockets> m_sockets;
    QString m_listenName;
    QString m_queryName;
    QSqlDatabase m_query;
    quint64 m_gen = 0;
    qint64 m_lastSeen = 0;   // highest id delivered (or, by id, scanned)
    qint64 m_afterId = 0;    // rows at or below it are the model's paged part
    qint64 m_lastSeq = -1;   // commit log position; -1: not started
    int m_hasCommitLog = -1; // alert_commits exists (1), not (0), unknown (-1)
    std::unordered_set<qint64> m_delivered;
    std::deque<qint64> m_deliveredOrder;
    QString m_where;
    QVariantList m_binds;
    QString m_keyExpr;
    bool m_following = false;
    bool m_scheduled = false;
    QTimer *m_poll = nullptr;
};

LiveFeed::LiveFeed(DbConnectionInfo db, QObject *parent) : QObject(parent)
{
    qRegisterMetaType<eos::AlertRows>("eos::AlertRows");
    m_sockets = std::make_shared<Sockets>();
    m_worker = new Worker(std::move(db), m_sockets);
    connect(m_worker, &Worker::rowsArrived, this, &LiveFeed::rowsArrived);
    connect(m_worker, &Worker::notified, this, &LiveFeed::notified);
    connect(m_worker, &Worker::error, this, &LiveFeed::error);
    m_thread = std::make_unique<WorkerThread>(QStringLiteral("eos-live"), m_worker);
    m_thread->start();
}

LiveFeed::~LiveFeed()
{
    // cancel rather than wait: a catch-up stuck on a database that stopped answering ends at once
    stop();
    for (const int fd : {m_sockets->query.load(), m_sockets->listen.load()})
        if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
    m_thread.reset();
}

void LiveFeed::follow(quint64 gen, qint64 afterId, const QString &where, const QVariantList &binds, const QString &keyExpr)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, gen, afterId, where, binds, keyExpr] { w->follow(gen, afterId, where, binds, keyExpr); },
                              Qt::QueuedConnection);
}

void LiveFeed::stop()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->stop(); }, Qt::QueuedConnection);
}

void LiveFeed::poke()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->schedule(); }, Qt::QueuedConnection);
}

}  // namespace eos

#include "live_feed.moc"
