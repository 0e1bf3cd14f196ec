// The real `eos-console --daemon` as a child process: embedded and external databases, graceful stop on
// SIGTERM/SIGINT, configuration refusals, secrets kept out of the output, and the display-less modes.
#include "test_database.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstring>
#include <memory>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using eos::test::TestDatabase;

namespace {

std::unique_ptr<QTemporaryDir> shortTempDir()
{
    auto d = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/eos-XXXXXX"));
    ::chmod(QFile::encodeName(d->path()).constData(), 0755);
    return d;
}

QString writeFile(const QString &path, const QByteArray &content, mode_t mode = 0600)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) qFatal("cannot write %s", qPrintable(path));
    f.write(content);
    f.close();
    ::chmod(QFile::encodeName(path).constData(), mode);
    return path;
}

int closedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    const int port = s.serverPort();
    s.close();
    return port;
}

qint64 postmasterPid(const QString &dataDir)
{
    QFile f(dataDir + QStringLiteral("/pgdata/postmaster.pid"));
    if (!f.open(QIODevice::ReadOnly)) return 0;
    return f.readLine().trimmed().toLongLong();
}

// Running and not a zombie waiting to be reaped (the postmaster's parent is init once pg_ctl is gone).
bool processAlive(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !f.open(QIODevice::ReadOnly)) return false;
    const QByteArray stat = f.readAll();
    const auto close = stat.lastIndexOf(')');
    return close > 0 && stat.size() > close + 2 && stat[close + 2] != 'Z' && stat[close + 2] != 'X';
}

// An environment with nothing of ours in it and no display: only what each test adds.
QProcessEnvironment cleanEnvironment(const QString &home)
{
    QProcessEnvironment env;
    const auto sys = QProcessEnvironment::systemEnvironment();
    for (const auto &k : sys.keys()) {
        if (k.startsWith(QStringLiteral("EOS_")) || k.startsWith(QStringLiteral("PG")) || k.startsWith(QStringLiteral("WAZUH_")) ||
            k.startsWith(QStringLiteral("SMTP_")) || k.startsWith(QStringLiteral("AZURE_")) || k.startsWith(QStringLiteral("WEBHOOK_")) ||
            k.startsWith(QStringLiteral("QT_")) || k == QLatin1String("DISPLAY") || k == QLatin1String("WAYLAND_DISPLAY") ||
            k == QLatin1String("JOURNAL_STREAM") || k == QLatin1String("NOTIFY_SOCKET") || k.startsWith(QStringLiteral("XDG_")))
            continue;
        env.insert(k, sys.value(k));
    }
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    return env;
}

// A unix datagram socket standing in for systemd's NOTIFY_SOCKET.
class NotifySocket {
public:
    explicit NotifySocket(const QString &path) : m_path(path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        const QByteArray p = QFile::encodeName(path);
        std::memcpy(addr.sun_path, p.constData(), size_t(p.size()));
        if (::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) qWarning("bind %s failed", p.constData());
    }
    ~NotifySocket()
    {
        ::close(m_fd);
        QFile::remove(m_path);
    }
    QByteArray readAll()
    {
        QByteArray out;
        char buf[512];
        for (ssize_t n; (n = ::recv(m_fd, buf, sizeof buf, 0)) > 0;) out += QByteArray(buf, int(n)) + '\n';
        return out;
    }

private:
    QString m_path;
    int m_fd = -1;
};

class Daemon {
public:
    QProcess p;
    QByteArray out, err;

    void start(const QProcessEnvironment &env, const QStringList &args, const QString &program = QStringLiteral(EOS_CONSOLE_BIN))
    {
        p.setProcessEnvironment(env);
        p.start(program, args);
        if (!p.waitForStarted(5000)) qWarning("cannot start %s", qPrintable(program));
    }
    void pump()
    {
        out += p.readAllStandardOutput();
        err += p.readAllStandardError();
    }
    bool waitForOutput(const QByteArray &text, int ms)
    {
        QElapsedTimer t;
        t.start();
        for (;;) {
            pump();
            if (err.contains(text) || out.contains(text)) return true;
            if (p.state() != QProcess::Running || t.elapsed() > ms) return false;
            p.waitForReadyRead(100);
        }
    }
    bool waitForExit(int ms)
    {
        const bool done = p.waitForFinished(ms);
        pump();
        return done;
    }
    QByteArray all() const { return out + err; }
    ~Daemon()
    {
        if (p.state() != QProcess::NotRunning) {
            p.kill();
            p.waitForFinished(3000);
        }
    }
};

}  // namespace

class TestDaemon : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dataDir;  // the embedded cluster, shared by the SIGTERM and SIGINT runs
    QTemporaryDir m_home;
    QString m_emptyConfig;

    // Starts the daemon on the embedded default, waits until ready, sends signo, checks the clean exit.
    // eos-console --daemon, or eos-daemon (useDaemonBinary): the same daemon
    void embeddedRunStoppedBy(int signo, bool useDaemonBinary = false)
    {
        auto env = cleanEnvironment(m_home.path());
        env.insert(QStringLiteral("EOS_DATA_DIR"), m_dataDir->path());
        const QString notifyPath = m_dataDir->filePath(QStringLiteral("notify.sock"));
        NotifySocket notify(notifyPath);
        env.insert(QStringLiteral("NOTIFY_SOCKET"), notifyPath);
        env.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("400000"));  // WatchdogSec=0.4s: a ping every 200 ms
        Daemon d;
        if (useDaemonBinary) d.start(env, {QStringLiteral("--config"), m_emptyConfig}, QStringLiteral(EOS_DAEMON_BIN));
        else d.start(env, {QStringLiteral("--daemon"), QStringLiteral("--config"), m_emptyConfig});
        QVERIFY2(d.waitForOutput("ready;", 60000), d.all().constData());
        QVERIFY2(d.err.contains("embedded"), d.err.constData());
        QVERIFY2(d.err.contains(useDaemonBinary ? "eos-daemon " : "eos-console "), d.err.constData());
        QByteArray notified;
        QTRY_VERIFY_WITH_TIMEOUT((notified += notify.readAll()).contains("READY=1"), 10000);
        // the watchdog pings while every pipeline thread answers (several pings, not just one)
        QTRY_VERIFY_WITH_TIMEOUT((notified += notify.readAll()).count("WATCHDOG=1") >= 3, 10000);
        QVERIFY2(d.waitForOutput("systemd watchdog", 10000), d.err.constData());
        const qint64 pid = postmasterPid(m_dataDir->path());
        QVERIFY2(processAlive(pid), "the embedded postmaster should run while the daemon does");
        // the daemon migrated the embedded database
        eos::DbConnectionInfo info;
        info.host = m_dataDir->filePath(QStringLiteral("pgdata"));
        info.user = QStringLiteral("eos");
        info.database = QStringLiteral("eos");
        QCOMPARE(TestDatabase::scalar(info, QStringLiteral("SELECT count(*) > 0 FROM schema_migrations")), QStringLiteral("true"));

        QElapsedTimer t;
        t.start();
        ::kill(pid_t(d.p.processId()), signo);
        QVERIFY2(d.waitForExit(10000), qPrintable(QStringLiteral("no exit within 10 s after %1").arg(QString::fromLatin1(strsignal(signo)))));
        const qint64 ms = t.elapsed();
        QCOMPARE(d.p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(d.p.exitCode() == 0, d.all().constData());
        qInfo("%s: exited 0 in %lld ms", strsignal(signo), ms);
        QVERIFY(notify.readAll().contains("STOPPING=1"));
        // the embedded cluster is stopped: no postmaster left behind
        // (pg_ctl stop -w returns once postmaster.pid is gone; the process ends a moment later)
        QTRY_VERIFY2_WITH_TIMEOUT(!processAlive(pid), "the postmaster is still running after the daemon exited", 3000);
        QVERIFY(!QFileInfo::exists(m_dataDir->filePath(QStringLiteral("pgdata/postmaster.pid"))));
        QVERIFY2(d.err.contains("embedded PostgreSQL stopped"), d.err.constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo(QStringLiteral(EOS_CONSOLE_BIN)).isExecutable(), EOS_CONSOLE_BIN);
        m_dataDir = shortTempDir();
        m_emptyConfig = writeFile(m_home.filePath(QStringLiteral("empty.env")), "# nothing\n");
    }

    void embeddedDefaultStopsOnSigterm() { embeddedRunStoppedBy(SIGTERM); }

    void embeddedDefaultStopsOnSigint() { embeddedRunStoppedBy(SIGINT, true); }

    // eos-daemon is for servers: it links no GUI or display library (qbittorrent-nox style)
    void daemonBinaryLinksNoGui()
    {
        QProcess ldd;
        ldd.start(QStringLiteral("ldd"), {QStringLiteral(EOS_DAEMON_BIN)});
        QVERIFY(ldd.waitForFinished(10000));
        QCOMPARE(ldd.exitCode(), 0);
        const QString libs = QString::fromLocal8Bit(ldd.readAllStandardOutput());
        QVERIFY2(libs.contains(QStringLiteral("libQt6Core")), qPrintable(libs));  // it did list the libraries
        static const QRegularExpression gui(QStringLiteral(
            R"(\b(libQt6(Gui|Widgets|OpenGL|WebEngine\w*|Quick|Qml|DBus|XcbQpa)|libX11|libxcb|libxkb\w*|libEGL|libGLX|libGL\b|libOpenGL|libwayland\w*|libfontconfig|libfreetype|libdbus)[\w.-]*\.so)"));
        const auto m = gui.match(libs);
        QVERIFY2(!m.hasMatch(), qPrintable(QStringLiteral("eos-daemon links %1").arg(m.captured(0))));
        // and the console does link the GUI (so the pattern really finds GUI libraries)
        ldd.start(QStringLiteral("ldd"), {QStringLiteral(EOS_CONSOLE_BIN)});
        QVERIFY(ldd.waitForFinished(10000));
        QVERIFY(gui.match(QString::fromLocal8Bit(ldd.readAllStandardOutput())).hasMatch());

        Daemon help;
        help.start(cleanEnvironment(m_home.path()), {QStringLiteral("--help")}, QStringLiteral(EOS_DAEMON_BIN));
        QVERIFY(help.waitForExit(10000));
        QCOMPARE(help.p.exitCode(), 0);
        QVERIFY2(help.out.contains("--config") && help.out.contains("eos-daemon"), help.all().constData());
    }

    void externalDatabase()
    {
        const auto tcp = TestDatabase::serverTcp();
        if (tcp.port == 0) QSKIP("the test cluster has no TCP port (run through ctest)");
        const auto db = TestDatabase::create(QStringLiteral("daemon_ext"));
        auto dataDir = shortTempDir();
        // a misspelt key in the named file: logged with a suggestion, not fatal
        const QString cfg = writeFile(m_home.filePath(QStringLiteral("ext.env")), "LISTEN_PROT=9100\n");
        auto env = cleanEnvironment(m_home.path());
        env.insert(QStringLiteral("PG_DSN"), QStringLiteral("postgresql://%1@127.0.0.1:%2/%3").arg(tcp.user).arg(tcp.port).arg(db.database));
        env.insert(QStringLiteral("EOS_DATA_DIR"), dataDir->path());
        env.insert(QStringLiteral("JOURNAL_STREAM"), QStringLiteral("8:4242"));  // as under systemd
        Daemon d;
        d.start(env, {QStringLiteral("--daemon"), QStringLiteral("--config"), cfg});
        QVERIFY2(d.waitForOutput("ready;", 30000), d.all().constData());
        // SIGHUP is explained, not fatal
        ::kill(pid_t(d.p.processId()), SIGHUP);
        QVERIFY2(d.waitForOutput("SIGHUP", 5000), d.all().constData());
        QCOMPARE(d.p.state(), QProcess::Running);
        QVERIFY2(d.err.contains("did you mean LISTEN_PORT"), d.err.constData());
        QVERIFY2(d.err.contains("127.0.0.1"), d.err.constData());
        QVERIFY(TestDatabase::scalar(db, QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt() >= 1);
        QCOMPARE(TestDatabase::scalar(db, QStringLiteral("SELECT to_regclass('alerts') IS NOT NULL")), QStringLiteral("true"));
        // no embedded cluster was made
        QVERIFY(!QFileInfo::exists(dataDir->filePath(QStringLiteral("pgdata"))));
        ::kill(pid_t(d.p.processId()), SIGTERM);
        QVERIFY2(d.waitForExit(10000), "no exit within 10 s after SIGTERM");
        QCOMPARE(d.p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(d.p.exitCode() == 0, d.all().constData());
        // under journald every line carries a priority, nothing (e.g. libpq NOTICEs) bypasses the log format
        static const QRegularExpression journalLine(QStringLiteral("^<[0-7]>[a-z]+: "));
        const QStringList lines = QString::fromUtf8(d.err).split(u'\n', Qt::SkipEmptyParts);
        QVERIFY(lines.size() >= 3);
        for (const auto &line : lines) QVERIFY2(journalLine.match(line).hasMatch(), qPrintable(line));
        TestDatabase::drop(db);
    }

    void secretFileReadableByOthersIsRefused()
    {
        const QString cfg = writeFile(m_home.filePath(QStringLiteral("open.env")), "WEBHOOK_AUTH_TOKEN=Tk-0penfile-4242\n", 0644);
        Daemon d;
        d.start(cleanEnvironment(m_home.path()), {QStringLiteral("--daemon"), QStringLiteral("--config"), cfg});
        QVERIFY(d.waitForExit(10000));
        QVERIFY(d.p.exitCode() != 0);
        QVERIFY2(d.err.contains("chmod 600 " + QFile::encodeName(cfg)), d.err.constData());
        QVERIFY2(!d.all().contains("Tk-0penfile-4242"), d.all().constData());
        // the same through EOS_ENV_FILE
        auto env = cleanEnvironment(m_home.path());
        env.insert(QStringLiteral("EOS_ENV_FILE"), cfg);
        Daemon d2;
        d2.start(env, {QStringLiteral("--daemon")});
        QVERIFY(d2.waitForExit(10000));
        QVERIFY(d2.p.exitCode() != 0);
        QVERIFY2(d2.err.contains("chmod 600 " + QFile::encodeName(cfg)), d2.err.constData());
    }

    void secretsNeverAppearInTheOutput_data()
    {
        QTest::addColumn<QString>("dsnTemplate");
        QTest::addColumn<QString>("format");
        QTest::newRow("uri, text") << QStringLiteral("postgresql://eos:%1@127.0.0.1:%2/wazuh") << QStringLiteral("text");
        QTest::newRow("uri, journal") << QStringLiteral("postgresql://eos:%1@127.0.0.1:%2/wazuh?sslmode=prefer") << QStringLiteral("journal");
        QTest::newRow("key=value") << QStringLiteral("host=127.0.0.1 user=eos password='%1' port=%2 dbname=wazuh") << QStringLiteral("text");
    }

    void secretsNeverAppearInTheOutput()
    {
        QFETCH(QString, dsnTemplate);
        QFETCH(QString, format);
        const QStringList secrets{QStringLiteral("Webhook-Tok-8c1d2e"), QStringLiteral("Smtp-Pw-5b9f0a"),
                                  QStringLiteral("Wazuh-Pw-3e7d11"), QStringLiteral("Azure-Key-6a2c4f"),
                                  QStringLiteral("Pg-Pw-91ab7c")};
        auto env = cleanEnvironment(m_home.path());
        env.insert(QStringLiteral("WEBHOOK_AUTH_TOKEN"), secrets[0]);
        env.insert(QStringLiteral("SMTP_PASSWORD"), secrets[1]);
        env.insert(QStringLiteral("WAZUH_API_PASSWD"), secrets[2]);
        env.insert(QStringLiteral("AZURE_OPENAI_API_KEY"), secrets[3]);
        env.insert(QStringLiteral("PG_DSN"), dsnTemplate.arg(secrets[4]).arg(closedPort()));
        env.insert(QStringLiteral("EOS_LOG_LEVEL"), QStringLiteral("trace"));
        env.insert(QStringLiteral("EOS_LOG_FORMAT"), format);
        auto dataDir = shortTempDir();  // the outage spool
        env.insert(QStringLiteral("EOS_DATA_DIR"), dataDir->path());
        const int listenPort = closedPort();
        env.insert(QStringLiteral("LISTEN_PORT"), QString::number(listenPort));
        Daemon d;
        d.start(env, {QStringLiteral("--daemon"), QStringLiteral("--config"), m_emptyConfig});
        // it says what went wrong; then it either exits non-zero or (external database down) keeps
        // accepting alerts into its spool while it retries
        QVERIFY2(d.waitForOutput("cannot connect", 20000), d.all().constData());
        QVERIFY2(d.err.contains("127.0.0.1"), d.err.constData());
        if (d.p.state() == QProcess::Running && d.waitForOutput("ready;", 5000)) {
            // an alert sent with the real token: the listener must not echo it either
            QTcpSocket sock;
            sock.connectToHost(QHostAddress::LocalHost, quint16(listenPort));
            if (sock.waitForConnected(3000)) {
                const QByteArray body = R"({"timestamp":"2026-11-22T11:07:16.828+0000","rule":{"level":5,"id":"5715","description":"x"},"agent":{"id":"001","name":"a"},"id":"1.1"})";
                sock.write("POST /wazuh_alert HTTP/1.1\r\nHost: x\r\nX-Auth-Token: " + secrets[0].toUtf8() +
                           "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                QVERIFY(sock.waitForReadyRead(5000));
                const QByteArray reply = sock.readAll();
                QVERIFY2(reply.startsWith("HTTP/1.1 2"), reply.constData());  // accepted into the spool
            }
            qInfo("external database down: the daemon keeps running on its spool");
            d.waitForOutput("still unreachable", 5000);  // one retry logged
            ::kill(pid_t(d.p.processId()), SIGTERM);
            QVERIFY2(d.waitForExit(10000), d.all().constData());
            QCOMPARE(d.p.exitCode(), 0);
        } else {
            QVERIFY2(d.waitForExit(20000), d.all().constData());
            QVERIFY2(d.p.exitCode() != 0, d.all().constData());
        }
        for (const auto &s : secrets) QVERIFY2(!d.all().contains(s.toUtf8()), qPrintable(s + QStringLiteral(" leaked:\n") + QString::fromUtf8(d.all())));
    }

    void helpAndVersionWithoutADisplay()
    {
        const auto env = cleanEnvironment(m_home.path());
        QVERIFY(!env.contains(QStringLiteral("DISPLAY")) && !env.contains(QStringLiteral("QT_QPA_PLATFORM")));
        Daemon help;
        help.start(env, {QStringLiteral("--help")});
        QVERIFY(help.waitForExit(10000));
        QCOMPARE(help.p.exitCode(), 0);
        QVERIFY2(help.out.contains("--daemon") && help.out.contains("--config"), help.all().constData());
        Daemon version;
        version.start(env, {QStringLiteral("--version")});
        QVERIFY(version.waitForExit(10000));
        QCOMPARE(version.p.exitCode(), 0);
        QVERIFY2(version.out.contains(EOS_VERSION), version.all().constData());
    }

    // A session logout sends the console SIGTERM: it closes as its Quit does, stopping the pipeline and
    // the embedded PostgreSQL instead of leaving them running
    void guiStopsItsEmbeddedClusterOnSigterm()
    {
        auto dataDir = shortTempDir();
        auto env = cleanEnvironment(m_home.path());
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("EOS_DATA_DIR"), dataDir->path());
        Daemon gui;
        gui.start(env, {QStringLiteral("--config"), m_emptyConfig});
        QVERIFY2(gui.waitForOutput("pipeline started", 60000), gui.all().constData());
        const qint64 pid = postmasterPid(dataDir->path());
        QVERIFY2(processAlive(pid), "the console's embedded postmaster should run");
        ::kill(pid_t(gui.p.processId()), SIGTERM);
        QVERIFY2(gui.waitForExit(20000), "the console did not close within 20 s after SIGTERM");
        QCOMPARE(gui.p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(gui.p.exitCode() == 0, gui.all().constData());
        QTRY_VERIFY2_WITH_TIMEOUT(!processAlive(pid), "the postmaster is still running after the console closed", 5000);
    }

    void guiWithoutADisplayExplainsAndExits2()
    {
        Daemon gui;
        gui.start(cleanEnvironment(m_home.path()), {});
        QVERIFY(gui.waitForExit(10000));
        QCOMPARE(gui.p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(gui.p.exitCode(), 2);
        QVERIFY2(gui.err.contains("--daemon") && gui.err.contains("DISPLAY"), gui.err.constData());
        // the same with a GUI-only option
        Daemon gui2;
        gui2.start(cleanEnvironment(m_home.path()), {QStringLiteral("--no-pipeline")});
        QVERIFY(gui2.waitForExit(10000));
        QCOMPARE(gui2.p.exitCode(), 2);
    }

    void misspeltKeyGetsASuggestion()
    {
        const QString cfg = writeFile(m_home.filePath(QStringLiteral("typo.env")), "EOS_RETENTOIN_DAYS=30\nLISTEN_PORT=9000\n");
        Daemon d;
        d.start(cleanEnvironment(m_home.path()), {QStringLiteral("--check-config"), QStringLiteral("--config"), cfg});
        QVERIFY(d.waitForExit(10000));
        QCOMPARE(d.p.exitCode(), 0);
        QVERIFY2(d.err.contains("EOS_RETENTOIN_DAYS") && d.err.contains("did you mean EOS_RETENTION_DAYS?"), d.all().constData());
    }

    void unreadableNamedConfigIsAnError()
    {
        Daemon d;
        d.start(cleanEnvironment(m_home.path()), {QStringLiteral("--daemon"), QStringLiteral("--config"), m_home.filePath(QStringLiteral("missing.env"))});
        QVERIFY(d.waitForExit(10000));
        QCOMPARE(d.p.exitCode(), 2);
        QVERIFY2(d.err.contains("missing.env"), d.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestDaemon)
#include "test_daemon.moc"
