#include "store/db_connection_info.h"

#include "core/logging.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QVariant>

#include <libpq-fe.h>
#include <QUrl>
#include <QUrlQuery>
#include <QRegularExpression>

#include <algorithm>

namespace eos {
namespace {

void noticeToLog(void *, const char *message)
{
    QByteArray m(message);
    Logging::get("store")->info("postgresql: {}", m.trimmed().toStdString());
}

// libpq's parse errors quote the text they stumbled on, which may hold the password: drop the quotes' contents.
QString withoutQuotedParts(const QString &msg)
{
    static const QRegularExpression quoted(QStringLiteral("\"[^\"]*\""));
    QString m = msg.trimmed();
    m.replace(quoted, QStringLiteral("\"…\""));
    return m;
}

// libpq conninfo value quoting: 'value' with \ and ' escaped.
QString quoted(const QString &v)
{
    QString out = v;
    out.replace(u'\\', QStringLiteral("\\\\"));
    out.replace(u'\'', QStringLiteral("\\'"));
    return u'\'' + out + u'\'';
}

}  // namespace

std::optional<DbConnectionInfo> DbConnectionInfo::fromDsn(const QString &dsnIn, QString *error)
{
    const QString dsn = dsnIn.trimmed();
    if (dsn.isEmpty()) {
        *error = QStringLiteral("PG_DSN is empty: give a postgresql:// URI or libpq key=value pairs");
        return std::nullopt;
    }
    const bool uri = dsn.startsWith(QLatin1String("postgresql://")) || dsn.startsWith(QLatin1String("postgres://"));
    if (!uri && !dsn.contains(u'=')) {
        *error = QStringLiteral("PG_DSN is neither a postgresql:// URI nor key=value pairs");
        return std::nullopt;
    }
    char *perr = nullptr;
    PQconninfoOption *parsed = PQconninfoParse(dsn.toUtf8().constData(), &perr);
    if (!parsed) {
        const QString why = perr ? withoutQuotedParts(QString::fromUtf8(perr)) : QStringLiteral("out of memory");
        if (perr) PQfreemem(perr);
        *error = uri ? QStringLiteral("PG_DSN is not a valid postgresql:// URI (libpq: %1)").arg(why)
                     : QStringLiteral("PG_DSN is neither a postgresql:// URI nor valid key=value pairs (libpq: %1)").arg(why);
        return std::nullopt;
    }
    DbConnectionInfo info;
    QString hostaddr, portText;
    bool haveDb = false, haveHost = false;
    for (PQconninfoOption *o = parsed; o->keyword; ++o) {
        if (!o->val) continue;
        const QString key = QString::fromLatin1(o->keyword);
        const QString value = QString::fromUtf8(o->val);
        if (key == QLatin1String("host")) {
            info.host = value;
            haveHost = !value.isEmpty();
        } else if (key == QLatin1String("hostaddr")) hostaddr = value;
        else if (key == QLatin1String("port")) portText = value;
        else if (key == QLatin1String("dbname")) {
            info.database = value;
            haveDb = true;
        } else if (key == QLatin1String("user")) info.user = value;
        else if (key == QLatin1String("password")) info.password = value;
        else if (key == QLatin1String("service")) info.service = value;
        else info.options.append({key, value});
    }
    PQconninfoFree(parsed);
    if (!hostaddr.isEmpty()) {
        if (haveHost) info.options.append({QStringLiteral("hostaddr"), hostaddr});
        else {
            info.host = hostaddr;
            haveHost = true;
        }
    }
    if (!portText.isEmpty()) {
        const QStringList parts = portText.split(u',');
        for (const QString &p : parts) {
            bool ok = false;
            const int n = p.trimmed().toInt(&ok);
            if (!ok || n <= 0 || n > 65535) {
                *error = QStringLiteral("PG_DSN: port \"%1\" is not a valid port").arg(p);
                return std::nullopt;
            }
        }
        info.port = parts.first().trimmed().toInt();
        if (parts.size() > 1) info.ports = portText;
    } else if (!info.service.isEmpty()) {
        info.port = -1;  // from the service file
    }
    if (!info.service.isEmpty()) {
        if (!haveDb) info.database.clear();
    } else if (!haveHost) {
        info.host = QStringLiteral("/var/run/postgresql");
    }
    return info;
}

QString DbConnectionInfo::optionsText() const
{
    QStringList out;
    for (const auto &[k, v] : options) out.append(k + u'=' + v);
    return out.join(u';');
}

QString DbConnectionInfo::option(const QString &key) const
{
    for (const auto &[k, v] : options)
        if (k == key) return v;
    return {};
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
    db.setPort(ports.isEmpty() ? port : -1);
    db.setDatabaseName(database);
    db.setUserName(user);
    db.setPassword(password);
    // Qt's driver turns every ';' of the connect options into a space, so a value holding one cannot pass
    QStringList o;
    for (const auto &[k, v] : options) {
        if (v.contains(u';')) {
            *error = QStringLiteral("PG_DSN option %1 holds a ';', which Qt's PostgreSQL driver cannot pass on; "
                                    "use a service file entry (service=…) for it").arg(k);
            return db;
        }
        o.append(k + u'=' + quoted(v));
    }
    if (!ports.isEmpty()) o.append(QStringLiteral("port=") + quoted(ports));
    if (!service.isEmpty()) o.append(QStringLiteral("service=") + quoted(service));
    if (option(QStringLiteral("connect_timeout")).isEmpty()) o.append(QStringLiteral("connect_timeout=5"));
    if (option(QStringLiteral("application_name")).isEmpty()) o.append(QStringLiteral("application_name=eos"));
    db.setConnectOptions(o.join(u';'));
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
    if (!service.isEmpty() && host.isEmpty()) return QStringLiteral("%1service %2%3").arg(who, service, database.isEmpty() ? QString() : u'/' + database);
    if (host.startsWith(u'/')) return QStringLiteral("%1%2 (socket %3)").arg(who, database, host);
    const QString portPart = !ports.isEmpty() ? ports : port > 0 ? QString::number(port) : QString();
    return QStringLiteral("%1%2%3/%4").arg(who, host, portPart.isEmpty() ? QString() : u':' + portPart, database);
}

QString DbConnectionInfo::toUri() const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    QUrlQuery q;
    // values go percent-encoded into the query (QUrlQuery leaves ';', '&', '=' and '+' alone otherwise)
    auto enc = [](const QString &v) { return QString::fromLatin1(QUrl::toPercentEncoding(v)); };
    QStringList query;
    if (host.startsWith(u'/') || host.contains(u',')) query.append(QStringLiteral("host=") + enc(host));
    else if (!host.isEmpty()) url.setHost(host);
    if (!ports.isEmpty()) query.append(QStringLiteral("port=") + enc(ports));
    else if (port > 0) url.setPort(port);
    if (!service.isEmpty()) query.append(QStringLiteral("service=") + enc(service));
    url.setUserName(user);
    url.setPassword(password);
    url.setPath(u'/' + database);
    for (const auto &[k, v] : options) query.append(enc(k) + u'=' + enc(v));
    if (!query.isEmpty()) url.setQuery(query.join(u'&'), QUrl::StrictMode);
    return url.toString(QUrl::FullyEncoded);
}

}  // namespace eos
