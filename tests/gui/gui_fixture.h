// Shared set-up of the GUI tests (header-only; tests/gui/test_*.cpp each build one binary): a fresh
// database with the schema, agents and alerts inserted with SQL, a ConsoleSession on it with the
// pipeline off, QSettings in a temporary directory, and a place for screenshots under the build dir.
#pragma once

#include "console_app.h"
#include "console_session.h"
#include "core/config.h"
#include "main_window.h"
#include "test_database.h"
#include "theme.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QMenu>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

namespace eos::test {

struct GuiFixture {
    QTemporaryDir settingsDir;
    DbConnectionInfo db;
    std::unique_ptr<ConsoleSession> session;

    // Call from initTestCase (before any QSettings is created).
    bool setUp(const QString &hint)
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("eos-test"));
        QCoreApplication::setApplicationName(hint);
        db = TestDatabase::create(hint);
        Config config;
        config.set(QStringLiteral("PG_DSN"), db.toUri());
        config.set(QStringLiteral("EOS_PIPELINE"), QStringLiteral("off"));
        config.set(QStringLiteral("EOS_ANALYST"), QStringLiteral("test-analyst"));
        session = std::make_unique<ConsoleSession>(config);
        QString error;
        if (!session->open(&error)) {
            qWarning("session: %s", qPrintable(error));
            return false;
        }
        return true;
    }

    // Agents 001..00n and `count` alerts spread over them (newest = highest id), levels 3..15.
    bool insertData(int agents, int count)
    {
        QString sql = QStringLiteral(
            "INSERT INTO agents (id, name, ip, os, agent_version, status_text, last_seen, groups) "
            "SELECT lpad(g::text, 3, '0'), 'host-' || g, '10.0.0.' || g, 'Ubuntu 22.04.3 LTS', 'Wazuh v4.7.2', "
            "CASE WHEN g % 4 = 0 THEN 'disconnected' ELSE 'active' END, now() - (g || ' minutes')::interval, "
            "'[\"default\", \"linux\"]'::jsonb FROM generate_series(1, %1) g;").arg(agents);
        sql += QStringLiteral(
            "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, alert_ts, agent_name, "
            "groups, src_ip, mitre_ids, state) "
            "SELECT 'h' || i, lpad((1 + i % %2)::text, 3, '0'), r.id, r.lvl, r.descr, "
            "jsonb_build_object('timestamp', to_char(now() - (i || ' seconds')::interval, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS+0000'), "
            "  'rule', jsonb_build_object('id', r.id::text, 'level', r.lvl, 'description', r.descr, "
            "     'groups', to_jsonb(r.grp), 'mitre', jsonb_build_object('id', to_jsonb(r.mitre))), "
            "  'agent', jsonb_build_object('id', lpad((1 + i % %2)::text, 3, '0'), 'name', 'host-' || (1 + i % %2)), "
            "  'data', jsonb_build_object('srcip', '203.0.113.' || (i % 50), 'srcuser', 'root'), "
            "  'full_log', 'Nov 23 10:00:00 host-' || (1 + i % %2) || ' sshd[' || (1000 + i) || ']: ' || r.descr || ' from 203.0.113.' || (i % 50), "
            "  'location', '/var/log/auth.log'), "
            "now() - (( %1 - i) || ' seconds')::interval, 'host-' || (1 + i % %2), r.grp, '203.0.113.' || (i % 50), r.mitre, 'new' "
            "FROM generate_series(1, %1) i "
            "CROSS JOIN LATERAL (SELECT * FROM (VALUES "
            "  (5710, 5, 'sshd: Attempt to login using a non-existent user', ARRAY['syslog','sshd','authentication_failed'], ARRAY['T1110']), "
            "  (5712, 10, 'sshd: brute force trying to get access to the system. Non existent user.', ARRAY['syslog','sshd','authentication_failures'], ARRAY['T1110']), "
            "  (5501, 3, 'PAM: Login session opened.', ARRAY['pam','syslog','authentication_success'], ARRAY[]::text[]), "
            "  (31151, 8, 'Multiple web server 400 error codes from same source ip.', ARRAY['web','accesslog','web_scan'], ARRAY['T1595']), "
            "  (100002, 12, 'Suspicious process spawned by web server', ARRAY['custom','attack'], ARRAY['T1059','T1190'])"
            ") v(id, lvl, descr, grp, mitre) OFFSET (i % 5) LIMIT 1) r;")
                   .arg(count).arg(agents);
        QString error;
        if (!TestDatabase::exec(db, sql, &error)) {
            qWarning("insert: %s", qPrintable(error));
            return false;
        }
        return true;
    }

    QString scalar(const QString &sql) const { return TestDatabase::scalar(db, sql); }

    // n alerts of "now" (newer than every row shown), committed with NOTIFY new_alert, as the ingest does
    bool insertLive(int n)
    {
        const QString sql = QStringLiteral(
            "INSERT INTO alerts (alert_hash, agent_id, rule_id, rule_level, rule_desc, raw, alert_ts, agent_name, groups, "
            "src_ip, mitre_ids, state) "
            "SELECT 'live-%1-' || i, '001', 5712, 10, 'sshd: brute force trying to get access to the system.', "
            "jsonb_build_object('rule', jsonb_build_object('id', '5712', 'level', 10)), now() + (i || ' milliseconds')::interval, "
            "'host-1', ARRAY['syslog','sshd'], '198.51.100.' || (i % 200), ARRAY['T1110'], 'new' "
            "FROM generate_series(1, %2) i; NOTIFY new_alert;").arg(liveBatches++).arg(n);
        QString error;
        if (!TestDatabase::exec(db, sql, &error)) {
            qWarning("live insert: %s", qPrintable(error));
            return false;
        }
        return true;
    }
    int liveBatches = 0;

    static QString screenshotDir()
    {
        const QString dir = QCoreApplication::applicationDirPath() + QStringLiteral("/screenshots");
        QDir().mkpath(dir);
        return dir;
    }
    // The console's window on this session in English and the light theme, at `size`, on `page` when given,
    // shown and exposed; nullptr when it never got exposed.
    std::unique_ptr<MainWindow> openMainWindow(const QSize &size, std::optional<MainWindow::Page> page = std::nullopt)
    {
        ConsoleApp::installTranslators(QStringLiteral("en"));
        Theme::captureSystemPalette();
        Theme::apply(UiSettings::Theme::Light);
        auto w = std::make_unique<MainWindow>(session.get());
        w->resize(size);
        if (page) w->showPage(*page);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get())) return nullptr;
        return w;
    }

    static QString saveScreenshot(QWidget *w, const QString &name)
    {
        const QString path = screenshotDir() + u'/' + name + QStringLiteral(".png");
        w->grab().save(path);
        return path;
    }
};

// The Saved Views menu's "Load" submenu once it lists at least `atLeast` views (listed off the GUI thread
// when the menu is about to show); nullptr when that does not happen within 10 s.
inline QMenu *savedViewsLoadMenu(QMenu *viewsMenu, int atLeast = 1)
{
    Q_EMIT viewsMenu->aboutToShow();
    QMenu *load = nullptr;
    (void)QTest::qWaitFor([&] {
        for (QAction *a : viewsMenu->actions())
            if (a->menu() && a->text().contains(QStringLiteral("Load")) && a->menu()->actions().size() >= atLeast) load = a->menu();
        return load != nullptr;
    }, 10000);
    return load;
}

// Runs fn on the next modal dialog of type T once it is shown (a dialog's exec() blocks the test).
template <class T>
void onNextDialog(std::function<void(T *)> fn)
{
    auto *timer = new QTimer;
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, fn] {
        if (auto *d = qobject_cast<T *>(QApplication::activeModalWidget()); d && d->isVisible()) {
            timer->stop();
            timer->deleteLater();
            fn(d);
        }
    });
    timer->start();
}

}  // namespace eos::test
