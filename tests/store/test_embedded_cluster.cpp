// EmbeddedCluster: initdb and start in a fresh directory, stop, a fast restart, adopting a server left
// running by a vanished owner, sharing with a second instance, and the errors a user can hit.
#include "store/embedded_cluster.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>
#include <QVariant>

#include <csignal>
#include <pwd.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

using eos::EmbeddedCluster;

namespace {

// A short temp dir (unix socket paths hold 107 bytes) that the postgres account can traverse.
std::unique_ptr<QTemporaryDir> shortTempDir()
{
    auto d = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/eos-XXXXXX"));
    ::chmod(QFile::encodeName(d->path()).constData(), 0755);
    return d;
}

EmbeddedCluster::Options options(const QString &dir)
{
    EmbeddedCluster::Options o;
    o.dataDir = dir;
    o.throwaway = true;
    o.databaseName = QStringLiteral("eos");
    return o;
}

// The postmaster's pid from postmaster.pid, 0 if there is none.
qint64 postmasterPid(const QString &dataDir)
{
    QFile f(dataDir + QStringLiteral("/pgdata/postmaster.pid"));
    if (!f.open(QIODevice::ReadOnly)) return 0;
    return f.readLine().trimmed().toLongLong();
}

bool postmasterAlive(const QString &dataDir)
{
    const qint64 pid = postmasterPid(dataDir);
    return pid > 0 && ::kill(pid_t(pid), 0) == 0;
}

// Runs one query on the cluster's database; returns the first column of the first row.
QString query(const EmbeddedCluster &c, const QString &sql, QString *error = nullptr)
{
    const QString name = QStringLiteral("ec-") + QUuid::createUuid().toString(QUuid::Id128);
    QString out, err;
    {
        QSqlDatabase db = c.connectionInfo().open(name, &err);
        if (db.isOpen()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next()) out = q.value(0).toString();
            else err = q.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(name);
    if (error) *error = err;
    return out;
}

}  // namespace

class TestEmbeddedCluster : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;  // shared by the start/stop/restart/adopt sequence

private Q_SLOTS:
    void initTestCase()
    {
        m_dir = shortTempDir();
        QVERIFY(m_dir->isValid());
    }

    void cleanupTestCase()
    {
        // never leave a server behind, whatever failed
        if (postmasterAlive(m_dir->path())) {
            EmbeddedCluster c(options(m_dir->path()));
            QString err;
            if (c.start(&err)) c.stop(&err);
        }
    }

    void startsInAFreshDirectory()
    {
        EmbeddedCluster c(options(m_dir->path()));
        QString err;
        QVERIFY2(c.start(&err), qPrintable(err));
        QVERIFY(c.initializedThisRun());
        QVERIFY(c.ownsServer());
        QVERIFY(c.isRunning());
        QVERIFY(QFileInfo::exists(c.pgdata() + QStringLiteral("/PG_VERSION")));
        QVERIFY(postmasterAlive(m_dir->path()));
        // the database asked for exists and takes queries over the socket in the data directory
        QCOMPARE(query(c, QStringLiteral("SELECT current_database()"), &err), QStringLiteral("eos"));
        QCOMPARE(c.connectionInfo().host, c.pgdata());
        QVERIFY(c.connectionInfo().embedded);
        QVERIFY(QFileInfo::exists(c.pgdata() + QStringLiteral("/.s.PGSQL.5432")));

        QVERIFY2(c.stop(&err), qPrintable(err));
        QVERIFY(!c.ownsServer());
        QVERIFY(!c.isRunning());
        QVERIFY(!QFileInfo::exists(c.pgdata() + QStringLiteral("/postmaster.pid")));
        QVERIFY(!QFileInfo::exists(c.pgdata() + QStringLiteral("/.s.PGSQL.5432")));
    }

    // (how fast is a figure, reported here; not asserted: timing targets belong to bench/)
    void restartReusesTheDataDirectory()
    {
        EmbeddedCluster c(options(m_dir->path()));
        QString err;
        QElapsedTimer t;
        t.start();
        QVERIFY2(c.start(&err), qPrintable(err));
        const qint64 ms = t.elapsed();
        QVERIFY(!c.initializedThisRun());
        qInfo("restart on an existing data directory: %lld ms", ms);
        QCOMPARE(query(c, QStringLiteral("SELECT 42"), &err), QStringLiteral("42"));
        QVERIFY2(c.stop(&err), qPrintable(err));
    }

    void destructorStopsAnOwnedServer()
    {
        {
            EmbeddedCluster c(options(m_dir->path()));
            QString err;
            QVERIFY2(c.start(&err), qPrintable(err));
            QVERIFY(postmasterAlive(m_dir->path()));
        }
        QVERIFY(!postmasterAlive(m_dir->path()));
    }

    void adoptsAServerLeftRunning()
    {
        qint64 pid = 0;
        {
            EmbeddedCluster first(options(m_dir->path()));
            QString err;
            QVERIFY2(first.start(&err), qPrintable(err));
            pid = postmasterPid(m_dir->path());
            first.detach();  // the owner goes away without stopping the server
        }
        QVERIFY(postmasterAlive(m_dir->path()));
        EmbeddedCluster second(options(m_dir->path()));
        QString err;
        QVERIFY2(second.start(&err), qPrintable(err));
        QVERIFY2(second.ownsServer(), "the new object should adopt the orphaned server");
        QCOMPARE(postmasterPid(m_dir->path()), pid);  // adopted, not restarted
        QCOMPARE(query(second, QStringLiteral("SELECT 1"), &err), QStringLiteral("1"));
        QVERIFY2(second.stop(&err), qPrintable(err));
        QVERIFY(!postmasterAlive(m_dir->path()));
    }

    void adoptsAfterTheOwnerProcessWasKilled()
    {
        // a real crash: eos-console --daemon owns the cluster and is SIGKILLed, leaving its lock behind
        QTemporaryDir cfgDir;
        QFile cfg(cfgDir.filePath(QStringLiteral("eos.env")));
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.close();
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("PG_DSN"));
        env.insert(QStringLiteral("EOS_DATA_DIR"), m_dir->path());
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(EOS_CONSOLE_BIN), {QStringLiteral("--daemon"), QStringLiteral("--config"), cfg.fileName()});
        QVERIFY(p.waitForStarted());
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (!out.contains("ready;") && t.elapsed() < 30000 && p.state() == QProcess::Running) {
            p.waitForReadyRead(200);
            out += p.readAll();
        }
        QVERIFY2(out.contains("ready;"), out.constData());
        QVERIFY(QFileInfo::exists(m_dir->filePath(QStringLiteral("cluster.lock"))));
        p.kill();
        QVERIFY(p.waitForFinished(5000));
        QVERIFY2(postmasterAlive(m_dir->path()), "the server should outlive its killed owner");

        EmbeddedCluster c(options(m_dir->path()));
        QString err;
        QVERIFY2(c.start(&err), qPrintable(err));
        QVERIFY2(c.ownsServer(), "a dead owner's lock is stale: the new object takes over");
        QVERIFY2(c.stop(&err), qPrintable(err));
        QVERIFY(!postmasterAlive(m_dir->path()));
    }

    void recoversFromAKilledServer()
    {
        // the OOM killer took the postmaster: a stale postmaster.pid is left and the next start recovers
        {
            EmbeddedCluster c(options(m_dir->path()));
            QString err;
            QVERIFY2(c.start(&err), qPrintable(err));
            const qint64 pid = postmasterPid(m_dir->path());
            QVERIFY(pid > 0);
            QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
            QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid)), 10000);  // reaped by init
            QVERIFY(QFileInfo::exists(c.pgdata() + QStringLiteral("/postmaster.pid")));
            c.detach();
        }
        EmbeddedCluster c(options(m_dir->path()));
        QString err;
        QVERIFY2(c.start(&err), qPrintable(err));
        QCOMPARE(query(c, QStringLiteral("SELECT 5"), &err), QStringLiteral("5"));
        QVERIFY2(c.stop(&err), qPrintable(err));
    }

    void stalePidFileNamingAnotherProcess()
    {
        // after a power loss and reboot, postmaster.pid remains and its PID may now belong to any process
        // the worst case: a process of the server's own account (pg_ctl and postgres can signal it)
        QProcess other;
        if (::geteuid() == 0) {
            const passwd *pw = ::getpwnam("postgres");
            QVERIFY(pw);
            const uid_t uid = pw->pw_uid;
            const gid_t gid = pw->pw_gid;
            other.setChildProcessModifier([uid, gid] {
                if (::setgid(gid) != 0 || ::setuid(uid) != 0) ::_exit(127);
            });
        }
        other.start(QStringLiteral("sleep"), {QStringLiteral("60")});
        QVERIFY(other.waitForStarted());
        if (!QFileInfo::exists(m_dir->filePath(QStringLiteral("pgdata/PG_VERSION")))) {  // run alone: initdb first
            EmbeddedCluster init(options(m_dir->path()));
            QString err;
            QVERIFY2(init.start(&err) && init.stop(&err), qPrintable(err));
        }
        const QString pidFile = m_dir->filePath(QStringLiteral("pgdata/postmaster.pid"));
        QVERIFY(!QFileInfo::exists(pidFile));
        {
            QFile f(pidFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray::number(other.processId()) + '\n' + QFile::encodeName(m_dir->filePath(QStringLiteral("pgdata"))) +
                    "\n1700000000\n5432\n" + QFile::encodeName(m_dir->filePath(QStringLiteral("pgdata"))) + "\n\n  5432001    123456\nready   \n");
        }
        EmbeddedCluster c(options(m_dir->path()));
        QString err;
        QVERIFY2(c.start(&err), qPrintable(err));
        QVERIFY(c.ownsServer());
        QVERIFY(postmasterPid(m_dir->path()) != other.processId());
        QVERIFY(postmasterAlive(m_dir->path()));
        QCOMPARE(query(c, QStringLiteral("SELECT 6"), &err), QStringLiteral("6"));
        QVERIFY2(c.stop(&err), qPrintable(err));
        QVERIFY2(other.state() == QProcess::Running, "the unrelated process was signalled");
        other.kill();
        other.waitForFinished();
    }

    void secondInstanceSharesWithoutOwning()
    {
        EmbeddedCluster first(options(m_dir->path()));
        QString err;
        QVERIFY2(first.start(&err), qPrintable(err));
        const qint64 pid = postmasterPid(m_dir->path());
        {
            EmbeddedCluster second(options(m_dir->path()));
            QVERIFY2(second.start(&err), qPrintable(err));
            QVERIFY(!second.ownsServer());
            QCOMPARE(postmasterPid(m_dir->path()), pid);
            QCOMPARE(query(second, QStringLiteral("SELECT 7"), &err), QStringLiteral("7"));
            QVERIFY2(second.stop(&err), qPrintable(err));  // not the owner: a no-op
            QVERIFY(postmasterAlive(m_dir->path()));
        }
        // the second one going away does not stop the owner's server
        QVERIFY(postmasterAlive(m_dir->path()));
        QCOMPARE(query(first, QStringLiteral("SELECT 8"), &err), QStringLiteral("8"));
        QVERIFY2(first.stop(&err), qPrintable(err));
        QVERIFY(!postmasterAlive(m_dir->path()));
    }

    void twoStartingAtOnceOnAFreshDirectory()
    {
        // the console and the daemon started together on first boot: one initialises and owns, the other waits and shares
        auto dir = shortTempDir();
        EmbeddedCluster a(options(dir->path())), b(options(dir->path()));
        QString errA, errB;
        bool okA = false, okB = false;
        QThread *ta = QThread::create([&] { okA = a.start(&errA); });
        QThread *tb = QThread::create([&] { okB = b.start(&errB); });  // (either may come first)
        ta->start();
        tb->start();
        QVERIFY(ta->wait(120000) && tb->wait(120000));
        delete ta;
        delete tb;
        QVERIFY2(okA, qPrintable(errA));
        QVERIFY2(okB, qPrintable(errB));
        QVERIFY2(a.ownsServer() != b.ownsServer(), "exactly one of them owns the server");
        QCOMPARE(query(a, QStringLiteral("SELECT 1"), &errA), QStringLiteral("1"));
        QCOMPARE(query(b, QStringLiteral("SELECT 1"), &errB), QStringLiteral("1"));
        QVERIFY(a.stop(&errA) && b.stop(&errB));
        QVERIFY(!postmasterAlive(dir->path()));
    }

    void serverRunsUnprivilegedAndListensOnlyOnItsSocket()
    {
        EmbeddedCluster c(options(m_dir->path()));
        QString err;
        QVERIFY2(c.start(&err), qPrintable(err));
        // unix socket only when tcpPort = 0
        QCOMPARE(query(c, QStringLiteral("SHOW listen_addresses"), &err), QString());
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(query(c, QStringLiteral("SHOW unix_socket_directories"), &err), c.pgdata());
        if (::geteuid() == 0) {
            struct stat st {};
            QCOMPARE(::stat(QFile::encodeName(c.pgdata() + QStringLiteral("/postmaster.pid")).constData(), &st), 0);
            QVERIFY2(st.st_uid != 0, "postmaster.pid is owned by root");
            const qint64 pid = postmasterPid(m_dir->path());
            QFile status(QStringLiteral("/proc/%1/status").arg(pid));
            QVERIFY(status.open(QIODevice::ReadOnly));
            const QString text = QString::fromLatin1(status.readAll());
            const auto uidLine = text.split(u'\n').filter(QStringLiteral("Uid:")).value(0);
            const QStringList uids = uidLine.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
            QVERIFY2(uids.size() >= 3, qPrintable(uidLine));
            QVERIFY2(uids[1] != QStringLiteral("0") && uids[2] != QStringLiteral("0"),
                     qPrintable(QStringLiteral("the postmaster runs as root: ") + uidLine));
            QCOMPARE(query(c, QStringLiteral("SELECT current_setting('data_directory')"), &err), c.pgdata());
        } else {
            qInfo("not root: the account switch is not exercised");
        }
        QVERIFY2(c.stop(&err), qPrintable(err));
    }

    void tcpPortListensOnLoopbackOnly()
    {
        // eos.conf is rewritten at each start: the same data directory, now with a port
        auto o = options(m_dir->path());
        o.tcpPort = 15000 + int(::getpid() % 20000);
        EmbeddedCluster c(o);
        QString err;
        QVERIFY2(c.start(&err), qPrintable(err));
        QCOMPARE(query(c, QStringLiteral("SHOW listen_addresses"), &err), QStringLiteral("127.0.0.1"));
        QCOMPARE(query(c, QStringLiteral("SHOW port"), &err), QString::number(o.tcpPort));
        QVERIFY2(c.stop(&err), qPrintable(err));
    }

    void missingBinariesNameTheDebianPackage()
    {
        QTemporaryDir empty;
        auto dir = shortTempDir();
        auto o = options(dir->path());
        o.binDir = empty.path();
        EmbeddedCluster c(o);
        QString err;
        QVERIFY(!c.start(&err));
        QVERIFY2(err.contains(QStringLiteral("postgresql-15")), qPrintable(err));
        QVERIFY2(err.contains(empty.path()), qPrintable(err));
        QVERIFY(!c.isRunning());
        // the default search gives the same hint when nothing is installed where it looks
        QString err2;
        if (EmbeddedCluster::findBinDir(QString(), &err2).isEmpty())
            QVERIFY2(err2.contains(QStringLiteral("postgresql-15")), qPrintable(err2));
    }

    void dataDirTooLongForASocket()
    {
        auto dir = shortTempDir();
        const QString longDir = dir->path() + u'/' + QString(100, u'd');
        EmbeddedCluster c(options(longDir));
        QString err;
        QVERIFY(!c.start(&err));
        QVERIFY2(err.contains(QStringLiteral("too long")) && err.contains(QStringLiteral("unix socket")), qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("EOS_DATA_DIR")), qPrintable(err));
        QVERIFY(!QFileInfo::exists(longDir + QStringLiteral("/pgdata/PG_VERSION")));
    }

    void unreachableDataDirIsExplained()
    {
        if (::geteuid() != 0) QSKIP("only root switches to another account");
        auto dir = shortTempDir();
        ::chmod(QFile::encodeName(dir->path()).constData(), 0700);  // the server account cannot traverse it
        EmbeddedCluster c(options(dir->path() + QStringLiteral("/data")));
        QString err;
        QVERIFY(!c.start(&err));
        QVERIFY2(err.contains(QStringLiteral("cannot reach")) && err.contains(QStringLiteral("EOS_DATA_DIR")), qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestEmbeddedCluster)
#include "test_embedded_cluster.moc"
