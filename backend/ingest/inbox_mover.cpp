#include "ingest/inbox_mover.h"

#include "core/logging.h"

#include <QSqlError>
#include <QTimer>
#include <QUuid>

namespace eos {
namespace {
auto log() { return Logging::get("ingest"); }
constexpr int kMaxMovesPerTurn = 1000;  // then the event loop runs (stop, the sweep) before the next turn
}  // namespace

InboxMover::InboxMover(DbConnectionInfo db, Options options, QObject *parent)
    : QObject(parent), m_db(std::move(db)), m_opt(std::move(options)),
      m_connName(QStringLiteral("eos-inbox-") + QUuid::createUuid().toString(QUuid::Id128))
{
    m_opt.batchSize = std::max(1, m_opt.batchSize);
}

InboxMover::~InboxMover()
{
    m_conn = QSqlDatabase();
    if (QSqlDatabase::contains(m_connName)) QSqlDatabase::removeDatabase(m_connName);
}

void InboxMover::start()
{
    m_sweep = new QTimer(this);
    m_sweep->setInterval(std::max(50, m_opt.sweepMs));
    connect(m_sweep, &QTimer::timeout, this, &InboxMover::run);
    m_sweep->start();
    m_delay = new QTimer(this);
    m_delay->setSingleShot(true);
    m_delay->setInterval(std::max(0, m_opt.delayMs));
    connect(m_delay, &QTimer::timeout, this, &InboxMover::run);
    run();  // what an earlier run (or a killed daemon) left
}

void InboxMover::stop()
{
    if (m_sweep) m_sweep->stop();
    if (m_delay) m_delay->stop();
    run();
    if (m_conn.isOpen()) m_conn.close();
}

void InboxMover::wake()
{
    if (!m_wakePending.exchange(true))
        QMetaObject::invokeMethod(this, [this] {
            if (m_delay && !m_delay->isActive()) m_delay->start();
        }, Qt::QueuedConnection);
}

PGconn *InboxMover::connection()
{
    if (m_conn.isOpen()) return DbConnectionInfo::pgConn(m_conn);
    QString err;
    m_conn = QSqlDatabase();
    m_conn = m_db.open(m_connName, &err);
    if (!m_conn.isOpen()) {
        if (!m_warned) log()->warn("inbox not moved: {}", s(Logging::redact(err)));
        m_warned = true;
        return nullptr;
    }
    return DbConnectionInfo::pgConn(m_conn);
}

void InboxMover::run()
{
    m_wakePending = false;
    const int taken = moveWaiting();
    // a steady stream of single alerts (a move finds busyRows or more): moves wait longer and take more rows
    // each, which costs PostgreSQL less per row and leaves the acknowledgements' commits alone for longer
    // (issue 15); a quiet inbox goes back to the short wait, so an occasional alert reaches the console fast
    if (taken >= 0 && m_delay) m_delay->setInterval(std::max(0, taken >= m_opt.busyRows ? m_opt.busyDelayMs : m_opt.delayMs));
}

int InboxMover::nextDelayMs() const
{
    return m_delay ? m_delay->interval() : m_opt.delayMs;
}

int InboxMover::moveWaiting()
{
    PGconn *pg = connection();
    if (!pg) return -1;  // the sweep tries again
    int taken = 0;
    for (int turn = 0; turn < kMaxMovesPerTurn; ++turn) {
        const AlertStore::Moved m = AlertStore::moveInbox(pg, m_opt.batchSize, m_opt.entry, m_stuck);
        taken += m.ok ? int(m.taken) : 0;
        if (!m.ok) {
            if (m.connectionLost || !AlertStore::alive(pg)) {
                if (!m_warned) log()->warn("inbox not moved: {}", s(Logging::redact(m.error)));
                m_warned = true;
                m_conn.close();
                return -1;
            }
            // a statement error: one at a time, to find a row that cannot be moved (if it is one row)
            const AlertStore::Moved one = AlertStore::moveInbox(pg, 1, m_opt.entry, m_stuck);
            if (one.ok) {
                if (one.inserted) {
                    m_moved += one.inserted;
                    Q_EMIT moved(one.maxId, one.inserted);
                }
                taken += int(one.taken);
                if (one.taken == 0) return taken;
                continue;
            }
            const qint64 seq = AlertStore::oldestInboxSeq(pg, m_stuck);
            if (seq == 0) return taken;
            m_stuck.push_back(seq);
            log()->error("alert_inbox row {} cannot be moved into alerts ({}); it stays in alert_inbox and is tried "
                         "again at the next start",
                         seq, s(Logging::redact(one.error)));
            continue;
        }
        if (m_warned) log()->info("inbox moving again");
        m_warned = false;
        if (m.inserted) {
            m_moved += m.inserted;
            Q_EMIT moved(m.maxId, m.inserted);
        }
        if (m.taken < m_opt.batchSize) return taken;
    }
    wake();  // more than a turn's worth: go on after the events waiting
    return taken;
}

}  // namespace eos
