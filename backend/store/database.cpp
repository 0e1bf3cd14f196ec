#include "store/database.h"

#include "core/logging.h"
#include "store/migrator.h"

#include <QDir>
#include <QStandardPaths>
#include <QUuid>

#include <unistd.h>

namespace eos {
namespace {
auto log() { return Logging::get("store"); }
}

Database::~Database() { close(); }

QString Database::dataDir(const Config &config)
{
    if (config.isSet(QStringLiteral("EOS_DATA_DIR"))) return QDir(config.value(QStringLiteral("EOS_DATA_DIR"))).absolutePath();
    // root, or the system's configuration (the package's service and an administrator's `sudo -u eos
    // eos-daemon status` then agree on where the data lives)
    if (::geteuid() == 0 || config.sourceFile() == QLatin1String("/etc/eos/eos.env")) return QStringLiteral("/var/lib/eos");
    QString base = qEnvironmentVariable("XDG_DATA_HOME");
    if (base.isEmpty()) base = QDir::homePath() + QStringLiteral("/.local/share");
    return base + QStringLiteral("/eos");
}

std::optional<DbConnectionInfo> Database::runningConnection(const Config &config, QString *why, QString *where)
{
    if (config.isSet(QStringLiteral("PG_DSN"))) {
        auto info = DbConnectionInfo::fromDsn(config.value(QStringLiteral("PG_DSN")), why);
        if (info && where) *where = info->describe();
        return info;
    }
    EmbeddedCluster::Options o;
    o.dataDir = dataDir(config);
    EmbeddedCluster cluster(o);  // not started here, so not stopped when it goes away
    if (where) *where = QStringLiteral("the embedded cluster in %1").arg(cluster.pgdata());
    if (!EmbeddedCluster::serverAlive(cluster.pgdata())) {
        if (why) *why = QStringLiteral("the embedded cluster in %1 is not running (eos-daemon or the console starts it)").arg(cluster.pgdata());
        return std::nullopt;
    }
    return cluster.connectionInfo();
}

bool Database::open(const Config &config, QString *error)
{
    m_failedToConnect = false;
    if (config.isSet(QStringLiteral("PG_DSN"))) {
        auto info = DbConnectionInfo::fromDsn(config.value(QStringLiteral("PG_DSN")), error);
        if (!info) return false;
        m_info = *info;
        if (!m_announced) log()->info("using the external database {}", s(m_info.describe()));
        m_announced = true;
    } else {
        EmbeddedCluster::Options o;
        o.dataDir = dataDir(config);
        o.binDir = config.value(QStringLiteral("EOS_PG_BINDIR"));
        o.runAs = config.value(QStringLiteral("EOS_PG_RUN_AS"));
        m_cluster = std::make_unique<EmbeddedCluster>(o);
        if (!m_cluster->start(error)) {
            m_cluster.reset();
            return false;
        }
        m_info = m_cluster->connectionInfo();
    }

    const QString conn = QStringLiteral("eos-migrate-") + QUuid::createUuid().toString(QUuid::Id128);
    bool ok = false;
    {
        QSqlDatabase db = m_info.open(conn, error);
        if (!db.isOpen()) m_failedToConnect = !m_cluster;
        if (db.isOpen()) {
            const auto r = Migrator().migrate(db);
            ok = r.ok;
            if (!ok) *error = r.error;
            m_schemaVersion = r.toVersion;
        }
    }
    QSqlDatabase::removeDatabase(conn);
    if (!ok) close();
    return ok;
}

void Database::close()
{
    if (m_cluster) {
        QString err;
        if (!m_cluster->stop(&err)) log()->error("{}", s(err));
        m_cluster.reset();
    }
}

}  // namespace eos
