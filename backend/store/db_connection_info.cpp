#include "store/db_connection_info.h"

#include "core/logging.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QVariant>

#include <libpq-fe.h>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace eos {
namespace {

// Splits libpq key=value text, honouring single quotes and backslash escapes.
QList<QPair<QString, QString>> splitKeyValues(const QString &dsn, bool *ok)
{
    QList<QPair<QString, QString>> out;
    *ok = true;
    qsizetype i = 0;
    const qsizetype n = dsn.size();
    while (i < n) {
        while (i < n && dsn[i].isSpace()) ++i;
        if (i >= n) break;
        const qsizetype keyStart = i;
        while (i < n && dsn[i] != u'=' && !dsn[i].isSpace()) ++i;
        const QString key = dsn.mid(keyStart, i - keyStart);
        while (i < n && dsn[i].isSpace()) ++i;
        if (i >= n || dsn[i] != u'=' || key.isEmpty()) {
            *ok = false;
            return out;
        }
        ++i;
        while (i < n && dsn[i].isSpace()) ++i;
        QString value;
        if (i < n && dsn[i] == u'\'') {
            ++i;
            bool closed = false;
            while (i < n) {
                if (dsn[i] == u'\\' && i + 1 < n) {
                    value += dsn[i + 1];
                    i += 2;
                } else if (dsn[i] == u'\'') {
                    ++i;
                    closed = true;
                    break;
                } else {
                    value += dsn[i++];
                }
            }
            if (!closed) {
                *ok = false;
                return out;
            }
        } else {
            while (i < n && !dsn[i].isSpace()) {
                if (dsn[i] == u'\\' && i + 1 < n) ++i;
                value += dsn[i++];
            }
        }
        out.append({key, value});
    }
    return out;
}

void noticeToLog(void *, const char *message)
{
    QByteArray m(message);
    Logging::get("store")->info("postgresql: {}", m.trimmed().toStdString());
}

}  // namespace

std::optional<DbConnectionInfo> DbConnectionInfo::fromDsn(const QString &dsnIn, QString *error)
{
    const QString dsn = dsnIn.trimmed();
    DbConnectionInfo info;
    QStringList opts;
    auto apply = [&](const QString &key, const QString &value) -> bool {
        if (key == QLatin1String("host") || key == QLatin1String("hostaddr")) info.host = value;
        else if (key == QLatin1String("port")) {
            bool ok = false;
            info.port = value.toInt(&ok);
            if (!ok || info.port <= 0 || info.port > 65535) {
                *error = QStringLiteral("PG_DSN: port \"%1\" is not a valid port").arg(value);
                return false;
            }
        } else if (key == QLatin1String("dbname")) info.database = value;
        else if (key == QLatin1String("user")) info.user = value;
        else if (key == QLatin1String("password")) info.password = value;
        else opts.append(key + u'=' + value);
        return true;
    };

    if (dsn.startsWith(QLatin1String("postgresql://")) || dsn.startsWith(QLatin1String("postgres://"))) {
        // libpq lets a socket directory stand percent-encoded in the host part
        // (postgresql://%2Fvar%2Frun%2Fpostgresql/db), which QUrl rejects as a host name: move it aside.
        QString uri = dsn, socketHost;
        const qsizetype authStart = uri.indexOf(QLatin1String("://")) + 3;
        qsizetype authEnd = authStart;
        while (authEnd < uri.size() && uri[authEnd] != u'/' && uri[authEnd] != u'?') ++authEnd;
        const qsizetype hostStart = std::max(authStart, uri.lastIndexOf(u'@', authEnd - 1) + 1);
        if (uri.mid(hostStart, 3).compare(QLatin1String("%2F"), Qt::CaseInsensitive) == 0) {
            qsizetype hostEnd = uri.indexOf(u':', hostStart);
            if (hostEnd < 0 || hostEnd > authEnd) hostEnd = authEnd;
            socketHost = QUrl::fromPercentEncoding(uri.mid(hostStart, hostEnd - hostStart).toLatin1());
            uri.remove(hostStart, hostEnd - hostStart);
        }
        const QUrl url(uri, QUrl::StrictMode);
        if (!url.isValid()) {
            *error = QStringLiteral("PG_DSN is not a valid postgresql:// URI");
            return std::nullopt;
        }
        info.host = socketHost.isEmpty() ? url.host() : socketHost;
        if (url.port() > 0) info.port = url.port();
        info.user = url.userName(QUrl::FullyDecoded);
        info.password = url.password(QUrl::FullyDecoded);
        const QString path = url.path(QUrl::FullyDecoded);
        if (path.size() > 1) info.database = path.mid(1);
        const QUrlQuery q(url);
        for (const auto &[k, v] : q.queryItems(QUrl::FullyDecoded))
            if (!apply(k, v)) return std::nullopt;
    } else if (dsn.contains(u'=')) {
        bool ok = false;
        const auto kvs = splitKeyValues(dsn, &ok);
        if (!ok) {
            *error = QStringLiteral("PG_DSN is neither a postgresql:// URI nor valid key=value pairs");
            return std::nullopt;
        }
        for (const auto &[k, v] : kvs)
            if (!apply(k, v)) return std::nullopt;
    } else {
        *error = QStringLiteral("PG_DSN is neither a postgresql:// URI nor key=value pairs");
        return std::nullopt;
    }
    if (info.host.isEmpty()) info.host = QStringLiteral("/var/run/postgresql");
    info.options = opts.join(u';');
    return info;
}

QSqlDatabase DbConnectionInfo::open(const QString &connectionName, QString *error) const
{
    if (QSqlDatabase::contains(connectionName)) QSqlDatabase::removeDatabase(connectionName);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    if (!db.isValid()) {
        *error = QStringLiteral("the Qt PostgreSQL driver (QPSQL) is not available; install libqt6sql6-psql");
        return db;
    }
    db.setHostName(host);
    db.setPort(port);
    db.setDatabaseName(database);
    db.setUserName(user);
    db.setPassword(password);
    QString o = options;
    if (!o.contains(QLatin1String("connect_timeout"))) o += (o.isEmpty() ? "" : ";") + QStringLiteral("connect_timeout=5");
    if (!o.contains(QLatin1String("application_name"))) o += QStringLiteral(";application_name=eos");
    db.setConnectOptions(o);
    if (!db.open()) {
        QString msg = db.lastError().text().trimmed();
        if (!password.isEmpty()) msg.replace(password, QStringLiteral("***"));
        *error = QStringLiteral("cannot connect to PostgreSQL at %1: %2").arg(describe(), msg);
        return db;
    }
    // libpq prints server NOTICEs straight to stderr, past the log format: route them into the log.
    if (PGconn *pg = pgConn(db)) PQsetNoticeProcessor(pg, &noticeToLog, nullptr);
    return db;
}

PGconn *DbConnectionInfo::pgConn(const QSqlDatabase &db)
{
    if (!db.isOpen()) return nullptr;
    const QVariant h = db.driver()->handle();
    // Qt registers the handle as "pg_conn*" (PGconn is a typedef of struct pg_conn)
    if (h.isValid() && (qstrcmp(h.typeName(), "pg_conn*") == 0 || qstrcmp(h.typeName(), "PGconn*") == 0))
        return *static_cast<PGconn *const *>(h.constData());
    return nullptr;
}

DbConnectionInfo DbConnectionInfo::withDatabase(const QString &db) const
{
    DbConnectionInfo c = *this;
    c.database = db;
    return c;
}

QString DbConnectionInfo::describe() const
{
    if (embedded) return QStringLiteral("embedded (%1)").arg(host);
    const QString who = user.isEmpty() ? QString() : user + u'@';
    if (host.startsWith(u'/')) return QStringLiteral("%1%2 (socket %3)").arg(who, database, host);
    return QStringLiteral("%1%2:%3/%4").arg(who, host).arg(port).arg(database);
}

QString DbConnectionInfo::toUri() const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    QUrlQuery q;
    if (host.startsWith(u'/')) q.addQueryItem(QStringLiteral("host"), host);
    else url.setHost(host);
    url.setPort(port);
    url.setUserName(user);
    url.setPassword(password);
    url.setPath(u'/' + database);
    for (const auto &kv : options.split(u';', Qt::SkipEmptyParts)) {
        const auto eq = kv.indexOf(u'=');
        if (eq > 0) q.addQueryItem(kv.left(eq), kv.mid(eq + 1));
    }
    url.setQuery(q);
    return url.toString(QUrl::FullyEncoded);
}

}  // namespace eos
