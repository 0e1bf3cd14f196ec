#include "store/migrator.h"

#include "core/logging.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <unistd.h>

namespace eos {
namespace {
auto log() { return Logging::get("store"); }
constexpr qint64 kMigrationLockKey = 0x456f734d69677261;  // "EosMigra": one migrator at a time
}  // namespace

Migrator::Migrator(QList<Migration> migrations) : m_migrations(std::move(migrations))
{
    std::sort(m_migrations.begin(), m_migrations.end(), [](const auto &a, const auto &b) { return a.version < b.version; });
}

QList<Migrator::Migration> Migrator::builtin()
{
    static const QRegularExpression re(QStringLiteral("^(\\d{4})_(.+)\\.sql$"));
    QList<Migration> out;
    const QDir dir(QStringLiteral(":/migrations"));
    for (const auto &file : dir.entryList(QDir::Files, QDir::Name)) {
        const auto m = re.match(file);
        if (!m.hasMatch()) continue;
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly)) continue;
        out.append({m.captured(1).toInt(), m.captured(2), QString::fromUtf8(f.readAll())});
    }
    return out;
}

int Migrator::latestVersion() const { return m_migrations.isEmpty() ? 0 : m_migrations.last().version; }

int Migrator::currentVersion(QSqlDatabase &db, QString *error)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT to_regclass('schema_migrations') IS NOT NULL"))) {
        *error = q.lastError().text();
        return -1;
    }
    if (!q.next() || !q.value(0).toBool()) return 0;
    if (!q.exec(QStringLiteral("SELECT COALESCE(max(version), 0) FROM schema_migrations")) || !q.next()) {
        *error = q.lastError().text();
        return -1;
    }
    return q.value(0).toInt();
}

Migrator::Result Migrator::migrate(QSqlDatabase &db) const
{
    Result r;
    r.toVersion = latestVersion();
    auto fail = [&](const QString &what, const QSqlQuery &q) {
        r.error = QStringLiteral("%1: %2").arg(what, q.lastError().text().trimmed());
        db.rollback();
        return r;
    };
    if (!db.transaction()) {
        r.error = QStringLiteral("cannot begin the migration transaction: %1").arg(db.lastError().text());
        return r;
    }
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kMigrationLockKey)))
        return fail(QStringLiteral("cannot take the migration lock"), q);
    // libpq prints NOTICEs ("already exists, skipping") straight to stderr, past the log format
    if (!q.exec(QStringLiteral("SET LOCAL client_min_messages = warning")))
        return fail(QStringLiteral("cannot set client_min_messages"), q);
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                               " version int PRIMARY KEY, name text NOT NULL,"
                               " applied_at timestamptz NOT NULL DEFAULT now(), applied_by text)")))
        return fail(QStringLiteral("cannot create schema_migrations"), q);
    if (!q.exec(QStringLiteral("SELECT COALESCE(max(version), 0) FROM schema_migrations")) || !q.next())
        return fail(QStringLiteral("cannot read schema_migrations"), q);
    r.fromVersion = q.value(0).toInt();
    if (r.fromVersion > latestVersion()) {
        r.error = QStringLiteral("the database schema is version %1 but this Eos build knows only up to version %2; "
                                 "a newer Eos has upgraded this database. Run that newer version (or restore a backup) "
                                 "instead of this one")
                      .arg(r.fromVersion)
                      .arg(latestVersion());
        db.rollback();
        return r;
    }
    for (const auto &m : m_migrations) {
        if (m.version <= r.fromVersion) continue;
        QSqlQuery step(db);
        // A script holds many statements but QPSQL's exec() reports only the first one's outcome: walk
        // every statement's result so an error further down is caught and named.
        bool stepOk = step.exec(m.sql);
        while (stepOk && step.nextResult()) {}
        if (!stepOk || step.lastError().isValid())
            return fail(QStringLiteral("migration %1 (%2) failed").arg(m.version).arg(m.name), step);
        QSqlQuery rec(db);
        rec.prepare(QStringLiteral("INSERT INTO schema_migrations(version, name, applied_by) VALUES (?, ?, ?)"));
        rec.addBindValue(m.version);
        rec.addBindValue(m.name);
        rec.addBindValue(QStringLiteral("eos-console %1").arg(QStringLiteral(EOS_VERSION)));
        if (!rec.exec()) return fail(QStringLiteral("cannot record migration %1").arg(m.version), rec);
        r.applied.append(QStringLiteral("%1_%2").arg(m.version, 4, 10, QLatin1Char('0')).arg(m.name));
    }
    if (!db.commit()) {
        r.error = QStringLiteral("cannot commit the migrations: %1").arg(db.lastError().text());
        db.rollback();
        return r;
    }
    r.ok = true;
    if (!r.applied.isEmpty())
        log()->info("schema upgraded from version {} to {} ({})", r.fromVersion, r.toVersion, s(r.applied.join(u',')));
    else
        log()->debug("schema is current (version {})", r.fromVersion);
    return r;
}

}  // namespace eos
