#include "bench_database.h"

#include "store/embedded_cluster.h"
#include "store/migrator.h"

#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <cstdio>

namespace eos::bench {

long peakRssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:")) return line.mid(6).trimmed().split(' ').first().toLong();
    return -1;
}

BenchDatabase::BenchDatabase() = default;
BenchDatabase::~BenchDatabase() = default;

bool BenchDatabase::open(QString *error)
{
    const QString dsn = qEnvironmentVariable("PG_DSN");
    if (!dsn.isEmpty()) {
        const auto parsed = DbConnectionInfo::fromDsn(dsn, error);
        if (!parsed) {
            *error = QStringLiteral("PG_DSN: %1").arg(*error);
            return false;
        }
        m_info = *parsed;
        std::printf("database: %s (PG_DSN; the tables the run fills are emptied)\n", qPrintable(m_info.describe()));
    } else {
        m_tmp = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/eos-bench-XXXXXX"));
        // the server may run as another account (root cannot run PostgreSQL): it must reach the directory
        QFile::setPermissions(m_tmp->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                                 QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                 QFileDevice::ExeOther);
        EmbeddedCluster::Options o;
        o.dataDir = m_tmp->path();
        o.throwaway = true;
        o.databaseName = QStringLiteral("eos_bench");
        m_cluster = std::make_unique<EmbeddedCluster>(o);
        if (!m_cluster->start(error)) {
            *error = QStringLiteral("cannot start a throwaway cluster: %1").arg(*error);
            return false;
        }
        m_info = m_cluster->connectionInfo();
        std::printf("database: throwaway embedded cluster\n");
    }
    m_db = m_info.open(QStringLiteral("bench-main"), error);
    if (!m_db.isOpen()) {
        *error = QStringLiteral("cannot connect: %1").arg(*error);
        return false;
    }
    const auto m = Migrator().migrate(m_db);
    if (!m.ok) {
        *error = QStringLiteral("migration failed: %1").arg(m.error);
        return false;
    }
    return true;
}

bool BenchDatabase::reset(const QString &tables, QString *error)
{
    QSqlQuery q(m_db);
    for (const QString &sql : {QStringLiteral("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate"),
                               QStringLiteral("TRUNCATE %1 CASCADE").arg(tables),
                               QStringLiteral("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate")}) {
        if (!q.exec(sql)) {
            *error = QStringLiteral("%1: %2").arg(sql, q.lastError().text());
            return false;
        }
    }
    return true;
}

}  // namespace eos::bench
