#include "daemon.h"

#include "store/database.h"
#include "core/logging.h"
#include "stages/pipeline.h"
#include "unix_signal_watcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace eos {
namespace {
auto log() { return Logging::get("daemon"); }

// systemd Type=notify support without linking libsystemd: one datagram to $NOTIFY_SOCKET.
void sdNotify(const char *state)
{
    const QByteArray path = qgetenv("NOTIFY_SOCKET");
    if (path.isEmpty() || path.size() >= int(sizeof(sockaddr_un::sun_path))) return;
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.constData(), size_t(path.size()));
    if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0';
    const socklen_t len = socklen_t(offsetof(sockaddr_un, sun_path) + size_t(path.size()));
    [[maybe_unused]] auto n = ::sendto(fd, state, std::strlen(state), MSG_NOSIGNAL, reinterpret_cast<sockaddr *>(&addr), len);
    ::close(fd);
}
}  // namespace

std::optional<Config> Daemon::loadConfig(Config::Mode mode, const QString &explicitFile)
{
    Config::LoadOptions lo;
    lo.mode = mode;
    lo.explicitFile = explicitFile;
    QString error;
    auto config = Config::load(lo, &error);
    if (!config) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()), qPrintable(error));
        return std::nullopt;
    }
    Logging::addSecrets(config->secretValues());
    Logging::init(config->value(QStringLiteral("EOS_LOG_LEVEL")), Logging::parseFormat(config->value(QStringLiteral("EOS_LOG_FORMAT"))));
    auto log = Logging::get("config");
    if (!config->sourceFile().isEmpty()) log->info("configuration from {} and the environment", s(config->sourceFile()));
    for (const auto &w : config->warnings()) log->warn("{}", s(w));
    return config;
}

// A daemon runs for months: glibc's defaults suit short programs. Its per-thread arenas (up to 8 per core)
// each keep freed memory, and its mmap threshold rises with every large block freed, so later large
// buffers (batches of alerts, query results) come from those arenas and fragment them: RSS creeps while
// the live heap stays flat (heaptrack over a soak at 500 alerts/s: live heap at most 13.2 MB). Four
// arenas, and blocks of 256 KiB and more always mapped on their own and returned when freed. An operator's
// GLIBC_TUNABLES (glibc.malloc.*) wins.
static void tuneAllocator()
{
#ifdef __GLIBC__
    if (!qEnvironmentVariableIsEmpty("GLIBC_TUNABLES")) return;
    mallopt(M_ARENA_MAX, 4);
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
#endif
}

int Daemon::run(const Config &config)
{
    tuneAllocator();
    Daemon d(config);
    if (!d.start()) return 1;
    return QCoreApplication::exec();
}

Daemon::Daemon(Config config, QObject *parent) : QObject(parent), m_config(std::move(config)) {}

Daemon::~Daemon()
{
    m_pipeline.reset();
    m_db.reset();
}

bool Daemon::start()
{
    auto *signals = new UnixSignalWatcher({SIGTERM, SIGINT, SIGHUP}, this);
    connect(signals, &UnixSignalWatcher::unixSignal, this, [this](int signo) {
        if (signo == SIGHUP) {
            log()->info("SIGHUP: configuration is read at start; restart the service to apply changes");
            return;
        }
        shutdown(signo);
    });
    ::signal(SIGPIPE, SIG_IGN);

    log()->info("{} {} starting in daemon mode", s(QCoreApplication::applicationName()), EOS_VERSION);
    m_db = std::make_unique<Database>();
    QString err;
    bool schemaReady = m_db->open(m_config, &err);
    if (!schemaReady && !m_db->failedToConnect()) {
        log()->critical("cannot open the database: {}", s(Logging::redact(err)));
        return false;
    }
    if (!schemaReady) {
        // An external database that is down must not cost alerts: accept into the spool meanwhile.
        log()->error("{}; accepting alerts into the spool and retrying", s(Logging::redact(err)));
        QTimer::singleShot(1000, this, &Daemon::retryDatabase);
    }
    m_pipeline = std::make_unique<Pipeline>(m_config, m_db->connectionInfo(), Database::dataDir(m_config));
    if (!m_pipeline->start(&err, schemaReady)) {
        log()->critical("cannot start the pipeline: {}", s(Logging::redact(err)));
        return false;
    }
    // READY=1 before the log line: whoever waits on the line (an operator, a test) finds systemd told already
    sdNotify("READY=1");
    log()->info("ready; database {}, schema version {}", s(m_db->connectionInfo().describe()), m_db->schemaVersion());
    startWatchdog();
    return true;
}

// systemd's WatchdogSec: WATCHDOG=1 every half interval, but only while every pipeline thread's event
// loop answers; a hung stage (or writer, or listener) stops the pings and systemd restarts the service.
void Daemon::startWatchdog()
{
    const qint64 usec = qEnvironmentVariable("WATCHDOG_USEC").toLongLong();
    const QByteArray pid = qgetenv("WATCHDOG_PID");
    if (usec <= 0 || (!pid.isEmpty() && pid.toLongLong() != qint64(::getpid()))) return;
    const int periodMs = int(std::max<qint64>(50, usec / 2000));
    auto *timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, [this, periodMs] {
        if (m_stopping || !m_pipeline) return;
        // every thread had more than one period to answer the previous probe
        const QStringList stalled = m_pipeline->stalledThreads(qint64(periodMs) * 3 / 2 + 1000);
        if (stalled.isEmpty()) {
            sdNotify("WATCHDOG=1");
            if (m_watchdogStalled) log()->info("watchdog: every thread answers again");
            m_watchdogStalled = false;
        } else if (!m_watchdogStalled) {
            m_watchdogStalled = true;
            log()->error("watchdog: thread(s) {} do not answer; not pinging systemd, which will restart the service",
                         s(stalled.join(QStringLiteral(", "))));
        }
        m_pipeline->probeThreads();
    });
    m_pipeline->probeThreads();
    timer->start(periodMs);
    log()->info("systemd watchdog: pinging every {} ms while every pipeline thread answers", periodMs);
}

void Daemon::retryDatabase()
{
    if (m_stopping) return;
    QString err;
    if (m_db->open(m_config, &err)) {
        log()->info("database reachable again; schema version {}; draining the spool", m_db->schemaVersion());
        m_retryMs = 0;
        m_pipeline->setSchemaReady(true);
        return;
    }
    if (!m_db->failedToConnect()) {
        log()->critical("cannot use the database: {}", s(Logging::redact(err)));
        shutdown(SIGTERM);
        QCoreApplication::exit(1);
        return;
    }
    m_retryMs = std::min(30000, m_retryMs ? m_retryMs * 2 : 1000);
    const int jitter = int(QRandomGenerator::global()->bounded(m_retryMs / 5 + 1));
    log()->warn("database still unreachable; next try in {} ms", m_retryMs + jitter);
    QTimer::singleShot(m_retryMs + jitter, this, &Daemon::retryDatabase);
}

void Daemon::shutdown(int signo)
{
    if (m_stopping) return;
    m_stopping = true;
    QElapsedTimer t;
    t.start();
    log()->info("received {}: stopping (no new alerts accepted, finishing in-flight work)", strsignal(signo));
    sdNotify("STOPPING=1");
    if (m_pipeline) m_pipeline->stop();
    m_pipeline.reset();
    if (m_db) m_db->close();
    log()->info("stopped in {} ms", t.elapsed());
    QCoreApplication::exit(0);
}

}  // namespace eos
