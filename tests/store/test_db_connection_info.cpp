// DbConnectionInfo: PG_DSN parsing (URI and key=value), describe() without the password, toUri() round
// trip, and opening real connections (TCP and unix socket) with errors that never show the password.
#include "store/db_connection_info.h"
#include "test_database.h"

#include <QSqlQuery>
#include <QTcpServer>
#include <QTest>
#include <QVariant>

using eos::DbConnectionInfo;
using eos::test::TestDatabase;

namespace {

DbConnectionInfo parse(const QString &dsn)
{
    QString err;
    auto info = DbConnectionInfo::fromDsn(dsn, &err);
    if (!info) qWarning("fromDsn(%s) failed: %s", qPrintable(dsn), qPrintable(err));
    return info.value_or(DbConnectionInfo{});
}

// A loopback port nobody listens on.
int closedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    const int port = s.serverPort();
    s.close();
    return port;
}

}  // namespace

class TestDbConnectionInfo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void uriAllParts()
    {
        const auto i = parse(QStringLiteral("postgresql://wazuh:s3cret@db.example.org:5433/alerts"));
        QCOMPARE(i.user, QStringLiteral("wazuh"));
        QCOMPARE(i.password, QStringLiteral("s3cret"));
        QCOMPARE(i.host, QStringLiteral("db.example.org"));
        QCOMPARE(i.port, 5433);
        QCOMPARE(i.database, QStringLiteral("alerts"));
        QVERIFY(i.options.isEmpty());
        QVERIFY(!i.embedded);
    }

    void uriShortSchemeAndDefaults()
    {
        const auto i = parse(QStringLiteral("postgres://eos@localhost/wazuh"));
        QCOMPARE(i.user, QStringLiteral("eos"));
        QVERIFY(i.password.isEmpty());
        QCOMPARE(i.host, QStringLiteral("localhost"));
        QCOMPARE(i.port, 5432);
        QCOMPARE(i.database, QStringLiteral("wazuh"));
    }

    void uriIpv6Host()
    {
        const auto i = parse(QStringLiteral("postgresql://eos@[::1]:6543/wazuh"));
        QCOMPARE(i.host, QStringLiteral("::1"));
        QCOMPARE(i.port, 6543);
    }

    void uriPercentEncoding()
    {
        // '@', ':', '/', '%', '#', '?' and spaces in user, password and database must be percent-encoded in a URI
        const auto i = parse(QStringLiteral("postgresql://soc%20team:p%40ss%3Aw%2Frd%25%23%3F@db:5432/my%20db"));
        QCOMPARE(i.user, QStringLiteral("soc team"));
        QCOMPARE(i.password, QStringLiteral("p@ss:w/rd%#?"));
        QCOMPARE(i.database, QStringLiteral("my db"));
        QCOMPARE(i.host, QStringLiteral("db"));
    }

    void uriSocketDirInQuery()
    {
        auto i = parse(QStringLiteral("postgresql:///wazuh?host=/run/postgresql"));
        QCOMPARE(i.host, QStringLiteral("/run/postgresql"));
        QCOMPARE(i.database, QStringLiteral("wazuh"));
        i = parse(QStringLiteral("postgresql:///wazuh?host=%2Fvar%2Frun%2Fpostgresql&port=5444"));
        QCOMPARE(i.host, QStringLiteral("/var/run/postgresql"));
        QCOMPARE(i.port, 5444);
        // a user with an empty host and the socket in the query, as psql accepts it
        i = parse(QStringLiteral("postgresql://eos@/wazuh?host=/run/postgresql"));
        QCOMPARE(i.user, QStringLiteral("eos"));
        QCOMPARE(i.host, QStringLiteral("/run/postgresql"));
        QCOMPARE(i.database, QStringLiteral("wazuh"));
    }

    void uriPercentEncodedSocketHost()
    {
        // libpq: "percent-encode the path" to put a socket directory in the host part
        const auto i = parse(QStringLiteral("postgresql://%2Fvar%2Frun%2Fpostgresql/wazuh"));
        QCOMPARE(i.host, QStringLiteral("/var/run/postgresql"));
        QCOMPARE(i.database, QStringLiteral("wazuh"));
        const auto j = parse(QStringLiteral("postgresql://eos:pw%40x@%2ftmp%2Fpg:5444/wazuh?sslmode=disable"));
        QCOMPARE(j.host, QStringLiteral("/tmp/pg"));
        QCOMPARE(j.port, 5444);
        QCOMPARE(j.user, QStringLiteral("eos"));
        QCOMPARE(j.password, QStringLiteral("pw@x"));
        QCOMPARE(j.optionsText(), QStringLiteral("sslmode=disable"));
    }

    void uriOptionsPassThrough()
    {
        const auto i = parse(QStringLiteral("postgresql://eos@db/wazuh?sslmode=verify-full&connect_timeout=3"));
        const QStringList opts = i.optionsText().split(u';');
        QVERIFY2(opts.contains(QStringLiteral("sslmode=verify-full")), qPrintable(i.optionsText()));
        QVERIFY2(opts.contains(QStringLiteral("connect_timeout=3")), qPrintable(i.optionsText()));
        // host/port/dbname/user/password from the query are fields, not options
        const auto j = parse(QStringLiteral("postgresql://db/wazuh?user=eos&password=pw12345&port=7000"));
        QCOMPARE(j.user, QStringLiteral("eos"));
        QCOMPARE(j.password, QStringLiteral("pw12345"));
        QCOMPARE(j.port, 7000);
        QVERIFY2(!j.optionsText().contains(QStringLiteral("pw12345")), qPrintable(j.optionsText()));
    }

    void keyValueForm()
    {
        const auto i = parse(QStringLiteral("host=db.example.org port=5434 dbname=wazuh user=eos password=plainpw sslmode=require"));
        QCOMPARE(i.host, QStringLiteral("db.example.org"));
        QCOMPARE(i.port, 5434);
        QCOMPARE(i.database, QStringLiteral("wazuh"));
        QCOMPARE(i.user, QStringLiteral("eos"));
        QCOMPARE(i.password, QStringLiteral("plainpw"));
        QCOMPARE(i.optionsText(), QStringLiteral("sslmode=require"));
    }

    void keyValueQuotesAndEscapes()
    {
        // libpq rules: single-quoted values may hold spaces; \' and \\ escape inside and outside quotes
        const auto i = parse(QStringLiteral(R"(  host = /run/postgresql  dbname='my db' user=o\'brien password='it\'s a \\secret'  )"));
        QCOMPARE(i.host, QStringLiteral("/run/postgresql"));
        QCOMPARE(i.database, QStringLiteral("my db"));
        QCOMPARE(i.user, QStringLiteral("o'brien"));
        QCOMPARE(i.password, QStringLiteral("it's a \\secret"));
        QCOMPARE(parse(QStringLiteral("dbname='' user=eos")).database, QString());
        QCOMPARE(parse(QStringLiteral("user=a\\ b")).user, QStringLiteral("a b"));
    }

    void keyValueWithoutHostUsesTheDebianSocket()
    {
        const auto i = parse(QStringLiteral("dbname=wazuh"));
        QCOMPARE(i.host, QStringLiteral("/var/run/postgresql"));
        QCOMPARE(i.port, 5432);
    }

    void badDsnsGiveClearErrors_data()
    {
        QTest::addColumn<QString>("dsn");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("empty") << QString() << QStringLiteral("PG_DSN");
        QTest::newRow("junk") << QStringLiteral("just some words") << QStringLiteral("PG_DSN");
        QTest::newRow("mysql uri") << QStringLiteral("mysql://u:topsecret9@h/db") << QStringLiteral("PG_DSN");
        QTest::newRow("kv port word") << QStringLiteral("host=db port=fivefour password=topsecret9") << QStringLiteral("fivefour");
        QTest::newRow("kv port range") << QStringLiteral("host=db port=70000") << QStringLiteral("70000");
        QTest::newRow("kv unterminated quote") << QStringLiteral("host=db password='topsecret9") << QStringLiteral("PG_DSN");
        QTest::newRow("kv missing =") << QStringLiteral("host=db user") << QStringLiteral("PG_DSN");
        QTest::newRow("uri bad port") << QStringLiteral("postgresql://u:topsecret9@db:notaport/x") << QStringLiteral("PG_DSN");
        QTest::newRow("uri port range") << QStringLiteral("postgresql://u:topsecret9@db:99999/x") << QStringLiteral("PG_DSN");
        QTest::newRow("uri query port") << QStringLiteral("postgresql://db/x?port=abc") << QStringLiteral("abc");
    }

    void badDsnsGiveClearErrors()
    {
        QFETCH(QString, dsn);
        QFETCH(QString, mentions);
        QString err;
        const auto info = DbConnectionInfo::fromDsn(dsn, &err);
        QVERIFY2(!info, qPrintable(QStringLiteral("accepted: ") + dsn));
        QVERIFY2(err.contains(mentions), qPrintable(err));
        QVERIFY2(!err.contains(QStringLiteral("topsecret9")), qPrintable(QStringLiteral("error shows the password: ") + err));
    }

    void describeNeverShowsThePassword()
    {
        const QStringList dsns{QStringLiteral("postgresql://eos:Pa55-w0rd-x@db:5432/wazuh"),
                               QStringLiteral("host=db user=eos password=Pa55-w0rd-x dbname=wazuh"),
                               QStringLiteral("postgresql:///wazuh?host=/run/pg&password=Pa55-w0rd-x&user=eos")};
        for (const auto &dsn : dsns) {
            const auto i = parse(dsn);
            QCOMPARE(i.password, QStringLiteral("Pa55-w0rd-x"));
            const QString d = i.describe();
            QVERIFY2(!d.contains(QStringLiteral("Pa55-w0rd-x")), qPrintable(d));
            QVERIFY2(d.contains(QStringLiteral("wazuh")) && d.contains(QStringLiteral("eos")), qPrintable(d));
        }
        DbConnectionInfo e;
        e.embedded = true;
        e.host = QStringLiteral("/var/lib/eos/pgdata");
        e.password = QStringLiteral("Pa55-w0rd-x");
        QVERIFY(!e.describe().contains(QStringLiteral("Pa55-w0rd-x")));
        QVERIFY(e.describe().contains(QStringLiteral("embedded")));
    }

    void toUriRoundTrip_data()
    {
        QTest::addColumn<QString>("dsn");
        QTest::newRow("tcp") << QStringLiteral("postgresql://wazuh:s3cret@db.example.org:5433/alerts");
        QTest::newRow("odd password") << QStringLiteral("host=db user=eos password='p@ss:w/rd%41#?&= x' dbname=wazuh");
        QTest::newRow("socket") << QStringLiteral("host=/run/postgresql port=5444 user=eos dbname=wazuh");
        QTest::newRow("socket no user") << QStringLiteral("host=/run/postgresql dbname=wazuh");
        QTest::newRow("options") << QStringLiteral("host=db user=eos dbname=wazuh sslmode=verify-full application_name=x");
        QTest::newRow("ipv6") << QStringLiteral("postgresql://eos@[::1]:6543/wazuh");
        QTest::newRow("multi-host") << QStringLiteral("postgresql://eos:pw@db1:5432,db2:5433/wazuh?target_session_attrs=read-write");
        QTest::newRow("service") << QStringLiteral("service=eos user=eos");
        QTest::newRow("semicolon value") << QStringLiteral("host=db dbname=wazuh application_name='a;b' password='x;y'");
    }

    // What the hand-written parser could not read (issue 15): multi-host URIs and key=value lists,
    // service=, a ';' inside a value. libpq's PQconninfoParse reads them now.
    void libpqFormsTheOldParserMissed()
    {
        const auto m = parse(QStringLiteral("postgresql://eos:pw@db1:5432,db2:5433/wazuh?target_session_attrs=read-write"));
        QCOMPARE(m.host, QStringLiteral("db1,db2"));
        QCOMPARE(m.port, 5432);
        QCOMPARE(m.ports, QStringLiteral("5432,5433"));
        QCOMPARE(m.database, QStringLiteral("wazuh"));
        QCOMPARE(m.option(QStringLiteral("target_session_attrs")), QStringLiteral("read-write"));
        QVERIFY2(m.describe().contains(QStringLiteral("db1,db2:5432,5433")), qPrintable(m.describe()));
        QVERIFY(!m.describe().contains(QStringLiteral("pw")));
        const auto k = parse(QStringLiteral("host=db1,db2 port=5432,5433 dbname=wazuh"));
        QCOMPARE(k.host, QStringLiteral("db1,db2"));
        QCOMPARE(k.ports, QStringLiteral("5432,5433"));
        const auto sv = parse(QStringLiteral("service=eos_prod"));
        QCOMPARE(sv.service, QStringLiteral("eos_prod"));
        QVERIFY2(sv.host.isEmpty(), "a service entry supplies the host");
        QCOMPARE(sv.port, -1);
        QVERIFY(sv.database.isEmpty());
        QVERIFY2(sv.describe().contains(QStringLiteral("service eos_prod")), qPrintable(sv.describe()));
        const auto semi = parse(QStringLiteral("host=db password='se;cret' options='-c search_path=a;b' user=u"));
        QCOMPARE(semi.password, QStringLiteral("se;cret"));
        QCOMPARE(semi.option(QStringLiteral("options")), QStringLiteral("-c search_path=a;b"));
        QCOMPARE(semi.user, QStringLiteral("u"));
        // Qt's driver cannot pass a ';' in a connect option: a clear error at open, not a mangled value
        QString err;
        {
            QSqlDatabase db = semi.open(QStringLiteral("semi"), &err);
            QVERIFY(!db.isOpen());
        }
        QSqlDatabase::removeDatabase(QStringLiteral("semi"));
        QVERIFY2(err.contains(QStringLiteral("options")) && err.contains(u';'), qPrintable(err));
        QVERIFY(!err.contains(QStringLiteral("se;cret")));
    }

    // A multi-host DSN whose first host is down connects to the second (libpq tries them in order), and a
    // ';' in the password passes (the password is not a connect option).
    void multiHostFailsOverToTheNextHost()
    {
        const DbConnectionInfo tcp = TestDatabase::serverTcp();
        if (tcp.port == 0) QSKIP("the test cluster has no TCP port");
        const auto info = parse(QStringLiteral("postgresql://%1@127.0.0.1:%2,127.0.0.1:%3/postgres?sslmode=disable&connect_timeout=3")
                                    .arg(tcp.user).arg(closedPort()).arg(tcp.port));
        QString err;
        {
            QSqlDatabase db = info.open(QStringLiteral("multi"), &err);
            QVERIFY2(db.isOpen(), qPrintable(err));
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT inet_server_port()")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), tcp.port);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("multi"));
    }

    void toUriRoundTrip()
    {
        QFETCH(QString, dsn);
        const auto a = parse(dsn);
        const QString uri = a.toUri();
        QVERIFY2(uri.startsWith(QStringLiteral("postgresql://")), qPrintable(uri));
        QString err;
        const auto b = DbConnectionInfo::fromDsn(uri, &err);
        QVERIFY2(b, qPrintable(uri + QStringLiteral(": ") + err));
        QCOMPARE(b->host, a.host);
        QCOMPARE(b->port, a.port);
        QCOMPARE(b->user, a.user);
        QCOMPARE(b->password, a.password);
        QCOMPARE(b->database, a.database);
        QCOMPARE(b->options, a.options);
        QCOMPARE(b->ports, a.ports);
        QCOMPARE(b->service, a.service);
    }

    void openOverTcp()
    {
        const DbConnectionInfo tcp = TestDatabase::serverTcp();
        if (tcp.port == 0) QSKIP("the test cluster has no TCP port");
        // as an external PG_DSN would give it
        const auto info = parse(QStringLiteral("postgresql://%1@127.0.0.1:%2/postgres?sslmode=disable").arg(tcp.user).arg(tcp.port));
        QString err;
        {
            QSqlDatabase db = info.open(QStringLiteral("tcp"), &err);
            QVERIFY2(db.isOpen(), qPrintable(err));
            QSqlQuery q(db);
            // a TCP session has a client address; a unix socket one has none
            QVERIFY(q.exec(QStringLiteral("SELECT inet_client_addr()::text, current_setting('application_name')")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("127.0.0.1/32"));
            QCOMPARE(q.value(1).toString(), QStringLiteral("eos"));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tcp"));
    }

    void openOverUnixSocket()
    {
        const DbConnectionInfo sock = TestDatabase::server();
        QVERIFY(sock.host.startsWith(u'/'));
        const auto info = parse(QStringLiteral("host='%1' port=%2 user=%3 dbname=postgres").arg(sock.host).arg(sock.port).arg(sock.user));
        QString err;
        {
            QSqlDatabase db = info.open(QStringLiteral("sock"), &err);
            QVERIFY2(db.isOpen(), qPrintable(err));
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT inet_client_addr() IS NULL")));
            QVERIFY(q.next());
            QVERIFY2(q.value(0).toBool(), "expected a unix socket session");
        }
        QSqlDatabase::removeDatabase(QStringLiteral("sock"));
    }

    void sslmodeIsPassedToLibpq()
    {
        // the test server has no SSL: sslmode=require must make the connection fail, proving it reached libpq
        const DbConnectionInfo tcp = TestDatabase::serverTcp();
        if (tcp.port == 0) QSKIP("the test cluster has no TCP port");
        const auto info = parse(QStringLiteral("postgresql://%1@127.0.0.1:%2/postgres?sslmode=require").arg(tcp.user).arg(tcp.port));
        QString err;
        {
            QSqlDatabase db = info.open(QStringLiteral("ssl"), &err);
            QVERIFY(!db.isOpen());
            QVERIFY2(err.contains(QStringLiteral("SSL"), Qt::CaseInsensitive), qPrintable(err));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("ssl"));
    }

    void connectionErrorsHideThePassword()
    {
        const QString secret = QStringLiteral("Zq9-very-secret-pw");
        const int port = closedPort();
        const auto info = parse(QStringLiteral("postgresql://eos:%1@127.0.0.1:%2/wazuh").arg(secret).arg(port));
        QString err;
        {
            QSqlDatabase db = info.open(QStringLiteral("closed"), &err);
            QVERIFY(!db.isOpen());
        }
        QSqlDatabase::removeDatabase(QStringLiteral("closed"));
        QVERIFY2(!err.isEmpty(), "no error for a closed port");
        QVERIFY2(err.contains(QString::number(port)) && err.contains(QStringLiteral("127.0.0.1")), qPrintable(err));
        QVERIFY2(!err.contains(secret), qPrintable(err));

        // a role that does not exist on a live server: the server answers, the password still stays hidden
        const DbConnectionInfo tcp = TestDatabase::serverTcp();
        if (tcp.port == 0) return;
        DbConnectionInfo bad = tcp;
        bad.user = QStringLiteral("nobody_here");
        bad.password = secret;
        {
            QSqlDatabase db = bad.open(QStringLiteral("badrole"), &err);
            QVERIFY(!db.isOpen());
        }
        QSqlDatabase::removeDatabase(QStringLiteral("badrole"));
        QVERIFY2(err.contains(QStringLiteral("nobody_here")), qPrintable(err));
        QVERIFY2(!err.contains(secret), qPrintable(err));
    }

    void withDatabaseKeepsTheRest()
    {
        const auto a = parse(QStringLiteral("postgresql://eos:pw1234@db:5433/one?sslmode=require"));
        const auto b = a.withDatabase(QStringLiteral("two"));
        QCOMPARE(b.database, QStringLiteral("two"));
        QCOMPARE(b.host, a.host);
        QCOMPARE(b.port, a.port);
        QCOMPARE(b.password, a.password);
        QCOMPARE(b.options, a.options);
        QCOMPARE(a.database, QStringLiteral("one"));
    }
};

QTEST_GUILESS_MAIN(TestDbConnectionInfo)
#include "test_db_connection_info.moc"
