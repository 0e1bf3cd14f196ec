#include "alert_notifier.h"

#include "alert_row_sql.h"
#include "db_worker.h"
#include "live_feed.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace eos {

QString AlertNotifier::Notification::filter() const
{
    return alertId > 0 && count == 1 ? QStringLiteral("id:%1").arg(alertId) : QStringLiteral("level>=%1").arg(level);
}

AlertNotifier::AlertNotifier(DbConnectionInfo db, int level, QObject *parent)
    : QObject(parent), m_level(std::clamp(level, 0, 16)), m_valid(!db.host.isEmpty() || !db.service.isEmpty())
{
    qRegisterMetaType<eos::AlertNotifier::Notification>();
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { flush(QDateTime::currentMSecsSinceEpoch()); });
    if (m_valid) {
        m_feed = std::make_unique<LiveFeed>(db);
        m_worker = std::make_unique<DbWorker>(db, QStringLiteral("eos-notifier"));
        connect(m_feed.get(), &LiveFeed::rowsArrived, this, [this](quint64, const AlertRows &rows, qint64) {
            addAlerts(rows, QDateTime::currentMSecsSinceEpoch());
        });
        connect(m_feed.get(), &LiveFeed::error, this, &AlertNotifier::error);
    }
}

AlertNotifier::~AlertNotifier() = default;

void AlertNotifier::start()
{
    if (!m_feed) return;
    m_wanted = true;
    m_worker->call<qint64>(this, [](QSqlDatabase &db) {
        QString error;
        return db.isOpen() ? alert_sql::maxId(db, &error) : qint64(-1);
    }, [this](qint64 top) {
        if (!m_wanted) return;  // stopped meanwhile
        if (top < 0) {
            // unreachable: following from 0 would announce every old alert as new; ask again shortly
            QTimer::singleShot(5000, this, &AlertNotifier::start);
            return;
        }
        m_feed->follow(1, top, QStringLiteral("rule_level >= ?"), {m_level});
        m_following = true;
        Q_EMIT following(top);
    });
}

void AlertNotifier::stop()
{
    if (m_feed) m_feed->stop();
    m_wanted = false;
    m_following = false;
    m_flushTimer.stop();
}

void AlertNotifier::addAlerts(const AlertRows &rows, qint64 nowMs)
{
    int added = 0;
    for (const AlertRow &r : rows) {
        if (r.level < m_level) continue;
        m_pending << r;
        ++added;
    }
    if (!added) return;
    m_unseen += added;
    Q_EMIT unseenChanged(m_unseen);
    flush(nowMs);
}

void AlertNotifier::flush(qint64 nowMs)
{
    if (m_pending.isEmpty()) return;
    if (m_lastShownMs >= 0 && nowMs - m_lastShownMs < m_minIntervalMs) {
        scheduleFlush(nowMs);
        return;
    }
    // the alert to name: the highest level, then the newest
    const auto top = std::max_element(m_pending.begin(), m_pending.end(), [](const AlertRow &a, const AlertRow &b) {
        return a.level != b.level ? a.level < b.level : a.id < b.id;
    });
    Notification n;
    n.count = int(m_pending.size());
    n.level = m_level;
    const QString agent = top->agentName.isEmpty() ? top->agentId : top->agentName;
    const QString what = agent.isEmpty() ? top->ruleDesc : tr("%1 (agent %2)").arg(top->ruleDesc, agent);
    if (n.count == 1) {
        n.alertId = top->id;
        n.title = tr("Level %1 alert").arg(top->level);
        n.text = what;
    } else {
        n.title = tr("%1 alerts at level %2 or above").arg(QLocale().toString(n.count)).arg(m_level);
        n.text = tr("Highest: level %1, %2").arg(top->level).arg(what);
    }
    m_pending.clear();
    m_lastShownMs = nowMs;
    m_flushTimer.stop();
    Q_EMIT notify(n);
}

void AlertNotifier::scheduleFlush(qint64 nowMs)
{
    if (m_flushTimer.isActive()) return;
    m_flushTimer.start(int(std::clamp<qint64>(m_lastShownMs + m_minIntervalMs - nowMs, 0, m_minIntervalMs)));
}

void AlertNotifier::markSeen()
{
    if (m_unseen == 0) return;
    m_unseen = 0;
    Q_EMIT unseenChanged(0);
}

}  // namespace eos
