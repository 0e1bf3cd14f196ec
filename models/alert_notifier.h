// High-level alerts for the analyst's attention: alerts at or above EOS_NOTIFY_LEVEL (default 12) raise a
// desktop notification and count on the sidebar's Live Alerts entry until the analyst looks.
//
// It rides the existing live feed (LiveFeed: LISTEN new_alert, catch-up in commit order) with its own
// filter `rule_level >= level`, so no extra polling and independent of the table's filter. Notifications
// are rate-limited: the first alert is shown at once, alerts arriving within minIntervalMs after a
// notification are coalesced into one ("3 alerts at level 12 or above") shown when the interval is over.
// The logic (addAlerts, flush, the unseen count) takes the time as an argument, so tests drive it
// without waiting; the UI shows `notify` through a seam (QSystemTrayIcon in the console).
#pragma once

#include "alert_row.h"
#include "store/db_connection_info.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace eos {

class DbWorker;
class LiveFeed;

class AlertNotifier : public QObject {
    Q_OBJECT
public:
    struct Notification {
        QString title;       // "Level 12 alert" / "3 alerts at level 12 or above"
        QString text;        // the (highest, newest) alert's description and agent, "+ N more"
        qint64 alertId = 0;  // the alert, when it is about one alert; 0 for several
        int count = 0;
        int level = 0;       // the threshold
        QString filter() const;  // what Live Alerts shows on a click: "id:N" or "level>=12"
    };

    // db without a host or service (DbConnectionInfo{}): logic only, no feed (tests).
    AlertNotifier(DbConnectionInfo db, int level, QObject *parent = nullptr);
    ~AlertNotifier() override;

    static int defaultLevel() { return 12; }
    int level() const { return m_level; }
    void setMinInterval(int ms) { m_minIntervalMs = ms; }
    int minInterval() const { return m_minIntervalMs; }

    // Starts following alerts that arrive from now on (the current highest id is read off the GUI thread).
    void start();
    void stop();
    bool isFollowing() const { return m_following; }

    // The logic. Rows below the level are ignored. nowMs: the wall clock in ms.
    void addAlerts(const AlertRows &rows, qint64 nowMs);
    void flush(qint64 nowMs);  // shows what is pending when the interval since the last one is over
    int unseen() const { return m_unseen; }
    void markSeen();           // the analyst looked (Live Alerts shown, notification clicked)
    int pending() const { return int(m_pending.size()); }

Q_SIGNALS:
    void notify(const eos::AlertNotifier::Notification &n);
    void unseenChanged(int count);
    void following(qint64 afterId);  // start(): alerts with a higher id will be noticed
    void error(const QString &message);

private:
    void scheduleFlush(qint64 nowMs);

    int m_level;
    int m_minIntervalMs = 10000;
    bool m_valid;
    std::unique_ptr<LiveFeed> m_feed;
    std::unique_ptr<DbWorker> m_worker;
    AlertRows m_pending;
    qint64 m_lastShownMs = -1;
    int m_unseen = 0;
    bool m_following = false;
    bool m_wanted = false;  // start() called, stop() not
    QTimer m_flushTimer;
};

}  // namespace eos

Q_DECLARE_METATYPE(eos::AlertNotifier::Notification)
