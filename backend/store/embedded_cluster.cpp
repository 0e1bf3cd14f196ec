#include "store/embedded_cluster.h"

#include "core/logging.h"

#include <QCollator>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

#include <cerrno>
#include <csignal>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace eos {
namespace {

auto log() { return Logging::get("cluster"); }

QString runuserPath()
{
    for (const char *p : {"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"})
        if (QFileInfo(QString::fromLatin1(p)).isExecutable()) return QString::fromLatin1(p);
    return {};
}

// A postmaster.pid left by a crash or power loss may name a PID that now belongs to another program of
// the server's account: pg_ctl then calls the server running (and "stop" would signal that program).
// Linux: a postmaster's /proc/PID/cmdline starts with the postgres binary.
bool pidFileIsStale(const QString &pgdata, qint64 *pid)
{
    QFile f(pgdata + QStringLiteral("/postmaster.pid"));
    if (!f.open(QIODevice::ReadOnly)) return false;
    *pid = f.readLine().trimmed().toLongLong();
    QFile cmd(QStringLiteral("/proc/%1/cmdline").arg(*pid));
    if (*pid <= 0 || !cmd.open(QIODevice::ReadOnly)) return false;  // gone: pg_ctl and postgres handle that
    const QByteArray argv0 = cmd.readAll().split('\0').value(0);
    // empty: a postmaster that just died and is not reaped yet; its children may still hold shared memory
    return !argv0.isEmpty() && !QFileInfo(QString::fromLocal8Bit(argv0)).fileName().startsWith(QLatin1String("postgres"));
}

// postmaster.pid's 8th line is the server's state ("starting", "ready", "stopping"), as pg_ctl -w reads it.
bool postmasterReady(const QString &pgdata)
{
    QFile f(pgdata + QStringLiteral("/postmaster.pid"));
    if (!f.open(QIODevice::ReadOnly)) return false;
    return f.readAll().split('\n').value(7).trimmed() == "ready";
}

QString confQuote(QString v) { return u'\'' + v.replace(u'\'', QStringLiteral("''")) + u'\''; }

}  // namespace

EmbeddedCluster::EmbeddedCluster(Options options) : m_opt(std::move(options)) {}

EmbeddedCluster::~EmbeddedCluster()
{
    if (m_owner) {
        QString err;
        if (!stop(&err)) log()->warn("stopping the embedded cluster: {}", s(err));
    }
}

QString EmbeddedCluster::pgdata() const { return QDir(m_opt.dataDir).absoluteFilePath(QStringLiteral("pgdata")); }

QString EmbeddedCluster::findBinDir(const QString &configured, QString *error)
{
    auto usable = [](const QString &dir) {
        return QFileInfo(dir + QStringLiteral("/initdb")).isExecutable() &&
               QFileInfo(dir + QStringLiteral("/pg_ctl")).isExecutable() &&
               QFileInfo(dir + QStringLiteral("/postgres")).isExecutable();
    };
    if (!configured.isEmpty()) {
        if (usable(configured)) return configured;
        *error = QStringLiteral("EOS_PG_BINDIR=%1 does not hold initdb, pg_ctl and postgres; install the Debian "
                                "package postgresql-15 (apt-get install postgresql-15) or fix EOS_PG_BINDIR")
                     .arg(configured);
        return {};
    }
    QDir base(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = base.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCollator numeric;
    numeric.setNumericMode(true);
    std::sort(versions.begin(), versions.end(), [&](const QString &a, const QString &b) { return numeric.compare(a, b) > 0; });
    for (const auto &v : versions) {
        const QString dir = base.filePath(v + QStringLiteral("/bin"));
        if (usable(dir)) return dir;
    }
    *error = QStringLiteral(
        "the PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found under /usr/lib/postgresql/*/bin. "
        "Install the Debian package postgresql-15 (sudo apt-get install postgresql-15), set EOS_PG_BINDIR, "
        "or set PG_DSN to use an existing database");
    return {};
}

QString EmbeddedCluster::serverAccount(const QString &runAs, QString *error)
{
    if (::geteuid() != 0) return {};
    QString name = runAs.isEmpty() ? QStringLiteral("postgres") : runAs;
    if (::getpwnam(name.toLocal8Bit().constData())) return name;
    if (name != QLatin1String("postgres")) {
        *error = QStringLiteral("EOS_PG_RUN_AS=%1: no such account; create it (useradd --system %1) or choose "
                                "another unprivileged account").arg(name);
        return {};
    }
    name = QStringLiteral("eos");
    if (::getpwnam("eos")) return name;
    QProcess p;
    p.start(QStringLiteral("useradd"), {QStringLiteral("--system"), QStringLiteral("--no-create-home"),
                                        QStringLiteral("--home-dir"), QStringLiteral("/nonexistent"),
                                        QStringLiteral("--shell"), QStringLiteral("/usr/sbin/nologin"), name});
    if (!p.waitForFinished(20000) || p.exitCode() != 0 || !::getpwnam("eos")) {
        *error = QStringLiteral("running as root and neither the account \"postgres\" nor \"eos\" exists, and "
                                "creating \"eos\" failed: %1").arg(QString::fromLocal8Bit(p.readAllStandardError()).trimmed());
        return {};
    }
    log()->info("created the system account \"eos\" to run the embedded PostgreSQL server");
    return name;
}

bool EmbeddedCluster::run(const QString &program, const QStringList &args, QString *output, int timeoutMs) const
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.setWorkingDirectory(QStringLiteral("/"));
    auto env = QProcessEnvironment::systemEnvironment();
    for (const char *v : {"PGHOST", "PGPORT", "PGDATA", "PGUSER", "PGDATABASE", "PGPASSWORD", "PGOPTIONS"})
        env.remove(QString::fromLatin1(v));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    p.setProcessEnvironment(env);
    const QString exe = m_binDir + u'/' + program;
    if (m_account.isEmpty()) {
        p.start(exe, args);
    } else {
        p.start(runuserPath(), QStringList{QStringLiteral("-u"), m_account, QStringLiteral("--"), exe} + args);
    }
    if (!p.waitForStarted(5000)) {
        *output = QStringLiteral("could not run %1: %2").arg(exe, p.errorString());
        return false;
    }
    const bool finished = p.waitForFinished(timeoutMs);
    *output = QString::fromLocal8Bit(p.readAll()).trimmed();
    if (!finished) {
        p.kill();
        p.waitForFinished(2000);
        *output = QStringLiteral("%1 did not finish within %2 s. %3").arg(program).arg(timeoutMs / 1000).arg(*output);
        return false;
    }
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

bool EmbeddedCluster::prepareDirectories(QString *error)
{
    QDir().mkpath(m_opt.dataDir);
    const QString pg = pgdata();
    const QByteArray pgPath = QFile::encodeName(pg);
    // unix sockets: sun_path holds 107 bytes
    if (pg.toLocal8Bit().size() + int(sizeof("/.s.PGSQL.65535")) > 107) {
        *error = QStringLiteral("the data directory path %1 is too long for a unix socket (107 bytes at most); "
                                "set EOS_DATA_DIR to a shorter path").arg(pg);
        return false;
    }
    if (!QDir().mkpath(pg)) {
        *error = QStringLiteral("cannot create %1").arg(pg);
        return false;
    }
    ::chmod(pgPath.constData(), 0700);
    if (m_account.isEmpty()) ::chmod(QFile::encodeName(m_opt.dataDir).constData(), 0700);  // alerts are sensitive
    if (!m_account.isEmpty()) {
        const passwd *pw = ::getpwnam(m_account.toLocal8Bit().constData());
        if (!pw) {
            *error = QStringLiteral("account %1 vanished").arg(m_account);
            return false;
        }
        // the data dir itself must be traversable by the server account
        ::chmod(QFile::encodeName(m_opt.dataDir).constData(), 0711);
        if (::chown(pgPath.constData(), pw->pw_uid, pw->pw_gid) != 0) {
            *error = QStringLiteral("cannot hand %1 to the account %2").arg(pg, m_account);
            return false;
        }
        QProcess chk;
        chk.start(runuserPath(), {QStringLiteral("-u"), m_account, QStringLiteral("--"), QStringLiteral("test"),
                                  QStringLiteral("-w"), pg});
        chk.waitForFinished(10000);
        if (chk.exitCode() != 0) {
            *error = QStringLiteral("the account %1 that runs the embedded PostgreSQL server cannot reach %2 (a parent "
                                    "directory is not traversable by it); set EOS_DATA_DIR to a directory such as "
                                    "/var/lib/eos").arg(m_account, pg);
            return false;
        }
    }
    return true;
}

bool EmbeddedCluster::initdb(QString *error)
{
    QString out;
    QStringList args{QStringLiteral("-D"), pgdata(), QStringLiteral("--username=eos"), QStringLiteral("--auth=trust"),
                     QStringLiteral("--encoding=UTF8"), QStringLiteral("--locale=C.UTF-8"), QStringLiteral("--no-instructions")};
    if (m_opt.throwaway) args << QStringLiteral("--no-sync");
    log()->info("initialising a new PostgreSQL cluster in {}", s(pgdata()));
    if (!run(QStringLiteral("initdb"), args, &out, 120000)) {
        *error = QStringLiteral("initdb failed: %1").arg(out.right(2000));
        return false;
    }
    QFile conf(pgdata() + QStringLiteral("/postgresql.conf"));
    if (!conf.open(QIODevice::Append)) {
        *error = QStringLiteral("cannot write %1").arg(conf.fileName());
        return false;
    }
    conf.write("\n# Eos Console: settings managed by eos-console, rewritten at each start\ninclude_if_exists = 'eos.conf'\n");
    m_initialized = true;
    return true;
}

bool EmbeddedCluster::writeConfig(QString *error)
{
    QString c;
    c += QStringLiteral("listen_addresses = %1\n").arg(confQuote(m_opt.tcpPort ? QStringLiteral("127.0.0.1") : QString()));
    c += QStringLiteral("port = %1\n").arg(m_opt.tcpPort ? m_opt.tcpPort : 5432);
    c += QStringLiteral("unix_socket_directories = %1\n").arg(confQuote(pgdata()));
    c += QStringLiteral("unix_socket_permissions = 0700\n");
    c += QStringLiteral("max_connections = 100\n");
    c += QStringLiteral("logging_collector = off\n");
    // The console's and stages' queries are short; JIT compiling added 20-50 ms to every aggregate over
    // more than ~100k rows (the histogram, the Overview, exact counts) and won nothing back.
    c += QStringLiteral("jit = off\n");
    if (m_opt.throwaway) c += QStringLiteral("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
    const QString path = pgdata() + QStringLiteral("/eos.conf");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    f.write(c.toUtf8());
    f.close();
    if (!m_account.isEmpty()) {
        if (const passwd *pw = ::getpwnam(m_account.toLocal8Bit().constData()))
            if (::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) != 0) {
                *error = QStringLiteral("cannot hand %1 to %2").arg(path, m_account);
                return false;
            }
    }
    return true;
}

bool EmbeddedCluster::serverAlive(const QString &pgdata)
{
    QFile pidFile(QDir(pgdata).filePath(QStringLiteral("postmaster.pid")));
    if (!pidFile.open(QIODevice::ReadOnly)) return false;
    const QList<QByteArray> lines = pidFile.readAll().split('\n');
    const qint64 pid = lines.value(0).trimmed().toLongLong();
    const QByteArray port = lines.value(3).trimmed();
    if (pid <= 0) return false;
    if (::kill(pid_t(pid), 0) != 0 && errno != EPERM) return false;  // a stale file of a crashed server
    return QFileInfo::exists(QDir(pgdata).filePath(QStringLiteral(".s.PGSQL.") + QString::fromLatin1(port.isEmpty() ? "5432" : port)));
}

bool EmbeddedCluster::isRunning() const
{
    if (m_binDir.isEmpty()) return false;
    QString out;
    return run(QStringLiteral("pg_ctl"), {QStringLiteral("status"), QStringLiteral("-D"), pgdata()}, &out, 10000);
}

bool EmbeddedCluster::start(QString *error)
{
    QElapsedTimer t;
    t.start();
    m_binDir = findBinDir(m_opt.binDir, error);
    if (m_binDir.isEmpty()) return false;
    QString accountErr;
    m_account = serverAccount(m_opt.runAs, &accountErr);
    if (!accountErr.isEmpty()) {
        *error = accountErr;
        return false;
    }
    if (!prepareDirectories(error)) return false;

    // One owner per data directory: a second Eos process on the same directory uses the running server
    // but leaves stopping it to the owner. A crashed owner's lock is stale and taken over.
    m_lock = std::make_unique<QLockFile>(QDir(m_opt.dataDir).absoluteFilePath(QStringLiteral("cluster.lock")));
    m_lock->setStaleLockTime(0);
    bool gotLock = m_lock->tryLock(0);
    if (!gotLock) {
        // The holder may be initialising or starting the server right now (console and daemon started
        // together): never initdb or start beside it. Wait until its server is ready, or take the lock
        // when the holder lets go.
        QElapsedTimer wait;
        wait.start();
        while (!(postmasterReady(pgdata()) && isRunning())) {
            if (m_lock->tryLock(500)) {
                gotLock = true;
                break;
            }
            if (wait.elapsed() > 120000) {
                *error = QStringLiteral("another Eos process holds %1 but its PostgreSQL server did not become ready "
                                        "within 2 minutes").arg(m_lock->fileName());
                return false;
            }
        }
    }

    if (!QFileInfo::exists(pgdata() + QStringLiteral("/PG_VERSION")) && !initdb(error)) return false;

    qint64 stalePid = 0;
    if (pidFileIsStale(pgdata(), &stalePid)) {
        log()->warn("{}/postmaster.pid names PID {}, which is not a PostgreSQL server (a leftover of a crash); removing it",
                    s(pgdata()), stalePid);
        if (!QFile::remove(pgdata() + QStringLiteral("/postmaster.pid"))) {
            *error = QStringLiteral("%1/postmaster.pid is stale (PID %2 is not a PostgreSQL server) and cannot be removed; "
                                    "remove it by hand").arg(pgdata()).arg(stalePid);
            return false;
        }
    }

    if (isRunning()) {
        if (gotLock) {
            m_owner = true;
            log()->info("adopted the PostgreSQL server left running in {}", s(pgdata()));
        } else {
            log()->info("using the PostgreSQL server another Eos process runs in {}", s(pgdata()));
        }
    } else {
        if (!gotLock) {
            // the lock holder is alive but its server is down: it is starting or stopping; take over carefully
            m_lock->removeStaleLockFile();
            if (!m_lock->tryLock(2000)) {
                *error = QStringLiteral("another Eos process holds %1 but its PostgreSQL server is not running")
                             .arg(m_lock->fileName());
                return false;
            }
        }
        if (!writeConfig(error)) return false;
        QString out;
        const QString logFile = pgdata() + QStringLiteral("/server.log");
        if (!run(QStringLiteral("pg_ctl"),
                 {QStringLiteral("start"), QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"),
                  QStringLiteral("-s"), QStringLiteral("-D"), pgdata(), QStringLiteral("-l"), logFile},
                 &out, 70000)) {
            QFile lf(logFile);
            QString tail;
            if (lf.open(QIODevice::ReadOnly)) tail = QString::fromLocal8Bit(lf.readAll().right(1500));
            *error = QStringLiteral("the embedded PostgreSQL server did not start: %1 %2").arg(out, tail.trimmed());
            return false;
        }
        m_owner = true;
    }
    if (!ensureDatabase(error)) return false;
    m_startMs = t.elapsed();
    log()->info("embedded PostgreSQL ready in {} ms (socket in {})", m_startMs, s(socketDir()));
    return true;
}

bool EmbeddedCluster::ensureDatabase(QString *error)
{
    const QString conn = QStringLiteral("eos-cluster-admin-") + QUuid::createUuid().toString(QUuid::Id128);
    bool ok = false;
    {
        QSqlDatabase db = connectionInfo().withDatabase(QStringLiteral("postgres")).open(conn, error);
        if (db.isOpen()) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("SELECT 1 FROM pg_database WHERE datname = ?"));
            q.addBindValue(m_opt.databaseName);
            if (q.exec() && q.next()) {
                ok = true;
            } else {
                QSqlQuery c(db);
                ok = c.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(m_opt.databaseName));
                // another Eos process sharing the server may have created it just now
                if (!ok) ok = q.exec() && q.next();
                if (!ok) *error = QStringLiteral("cannot create the database %1: %2").arg(m_opt.databaseName, c.lastError().text().trimmed());
            }
        }
    }
    QSqlDatabase::removeDatabase(conn);
    return ok;
}

bool EmbeddedCluster::stop(QString *error)
{
    if (!m_owner) return true;
    QString out;
    const bool ok = run(QStringLiteral("pg_ctl"),
                        {QStringLiteral("stop"), QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("30"),
                         QStringLiteral("-s"), QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-D"), pgdata()},
                        &out, 40000);
    if (!ok && isRunning()) {
        *error = QStringLiteral("pg_ctl stop failed: %1").arg(out);
        return false;
    }
    m_owner = false;
    if (m_lock) m_lock->unlock();
    log()->info("embedded PostgreSQL stopped");
    return true;
}

void EmbeddedCluster::detach()
{
    m_owner = false;
    if (m_lock) m_lock->unlock();
}

DbConnectionInfo EmbeddedCluster::connectionInfo() const
{
    DbConnectionInfo info;
    info.host = socketDir();
    info.port = m_opt.tcpPort ? m_opt.tcpPort : 5432;
    info.user = QStringLiteral("eos");
    info.database = m_opt.databaseName;
    info.embedded = true;
    return info;
}

}  // namespace eos
