// Versioned schema migrations shipped as resources (:/migrations/NNNN_name.sql), applied in one
// transaction and recorded in schema_migrations. Re-running is a no-op; a newer schema is refused.
#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace eos {

class Migrator {
public:
    struct Migration {
        int version = 0;
        QString name;
        QString sql;
    };
    struct Result {
        bool ok = false;
        int fromVersion = 0;
        int toVersion = 0;
        QStringList applied;
        QString error;
    };

    explicit Migrator(QList<Migration> migrations = builtin());
    static QList<Migration> builtin();
    int latestVersion() const;
    Result migrate(QSqlDatabase &db) const;
    // The version recorded in the database (0 = none); -1 on error.
    static int currentVersion(QSqlDatabase &db, QString *error);

private:
    QList<Migration> m_migrations;
};

}  // namespace eos
