#include "store/rollup_folder.h"

#include "core/logging.h"
#include "store/alert_rollup.h"

#include <QSqlDatabase>
#include <QSqlError>

namespace eos {
namespace {
auto log() { return Logging::get("rollup"); }
const QString kConn = QStringLiteral("eos-rollup");
}  // namespace

RollupFolder::RollupFolder(DbConnectionInfo db, int intervalMs, QObject *parent)
    : QObject(parent), m_db(std::move(db)), m_intervalMs(std::max(100, intervalMs))
{
}

RollupFolder::~RollupFolder()
{
    if (QSqlDatabase::contains(kConn)) {
        QSqlDatabase::database(kConn, false).close();
        QSqlDatabase::removeDatabase(kConn);
    }
}

void RollupFolder::start()
{
    m_timer = new QTimer(this);
    m_timer->setInterval(m_intervalMs);
    connect(m_timer, &QTimer::timeout, this, &RollupFolder::runOnce);
    m_timer->start();
}

void RollupFolder::runOnce()
{
    QString err;
    QSqlDatabase db = QSqlDatabase::contains(kConn) ? QSqlDatabase::database(kConn) : m_db.open(kConn, &err);
    if (!db.isOpen() && !db.open()) {
        if (!m_warned) log()->warn("alert counts not folded: {}", s(err.isEmpty() ? db.lastError().text() : err));
        m_warned = true;
        return;
    }
    const qint64 n = AlertRollup::fold(db, &err);
    if (n == -2) {
        // an old schema (before 0013) or the database went away: say so once until it works again
        if (!m_warned) log()->warn("alert counts not folded: {}", s(err));
        m_warned = true;
        db.close();
        return;
    }
    m_warned = false;
    if (n >= 0) Q_EMIT folded(n);
}

}  // namespace eos
