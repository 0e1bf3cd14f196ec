// TlsServer: the listener's TLS server. Reads EOS_TLS_CERT/EOS_TLS_KEY with an error naming the setting
// for each way they can be wrong; hands every accepted socket over at once, before its handshake (so a
// client that never starts TLS is under the listener's bound and deadline, not held apart as QSslServer
// would); a client that trusts the certificate completes the handshake and talks. Real sockets on
// loopback, certificates made by openssl.
#include "ingest/tls_server.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using eos::TlsServer;

namespace {

bool openssl(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral("openssl"), args);
    return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

void write(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

}  // namespace

class TestTlsServer : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_cert, m_key, m_ecKey;

    QString path(const char *name) const { return m_dir.filePath(QLatin1String(name)); }

    QString createError(const QString &cert, const QString &key)
    {
        QString error;
        std::unique_ptr<TlsServer> server(TlsServer::create(cert, key, nullptr, &error));
        if (server) return QStringLiteral("(created)");
        return error;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl()) QSKIP("no TLS backend");
        QVERIFY(m_dir.isValid());
        m_cert = path("cert.pem");
        m_key = path("key.pem");
        m_ecKey = path("ec.pem");
        QVERIFY(openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1",
                         "-keyout", m_key, "-out", m_cert}));
        QVERIFY(openssl({"ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", m_ecKey}));
    }

    void errorsNameTheSettingAndTheFile()
    {
        const QString missing = path("missing.pem");
        QString e = createError(missing, m_key);
        QVERIFY2(e.startsWith(QStringLiteral("cannot read EOS_TLS_CERT ") + missing), qPrintable(e));
        write(path("junk.pem"), "not a certificate\n");
        e = createError(path("junk.pem"), m_key);
        QVERIFY2(e.contains(QStringLiteral("EOS_TLS_CERT")) && e.contains(QStringLiteral("no PEM certificate")), qPrintable(e));
        e = createError(m_cert, missing);
        QVERIFY2(e.startsWith(QStringLiteral("cannot read EOS_TLS_KEY ") + missing), qPrintable(e));
        e = createError(m_cert, m_cert);  // a certificate where the key should be
        QVERIFY2(e.contains(QStringLiteral("EOS_TLS_KEY")) && e.contains(QStringLiteral("no unencrypted PEM private key")),
                 qPrintable(e));
        e = createError(m_cert, m_ecKey);  // an EC key for an RSA certificate
        QVERIFY2(e.contains(QStringLiteral("not the key of the certificate")), qPrintable(e));
        // never the key's contents in an error
        QFile key(m_key);
        QVERIFY(key.open(QIODevice::ReadOnly));
        const QByteArray keyLine = key.readAll().split('\n').value(1);
        QVERIFY(!keyLine.isEmpty());
        for (const QString &err : {createError(m_cert, m_ecKey), createError(m_cert, m_cert)})
            QVERIFY(!err.toLatin1().contains(keyLine));
    }

    void aSocketIsHandedOverBeforeItsHandshake()
    {
        QString error;
        std::unique_ptr<TlsServer> server(TlsServer::create(m_cert, m_key, nullptr, &error));
        QVERIFY2(server, qPrintable(error));
        QVERIFY(server->listen(QHostAddress::LocalHost));
        QTcpSocket silent;  // connects and never starts TLS
        silent.connectToHost(QHostAddress::LocalHost, server->serverPort());
        QVERIFY(silent.waitForConnected(10000));
        QTRY_VERIFY_WITH_TIMEOUT(server->hasPendingConnections(), 10000);
        auto *sock = qobject_cast<QSslSocket *>(server->nextPendingConnection());
        QVERIFY(sock);
        QVERIFY(!sock->isEncrypted());
        QCOMPARE(sock->mode(), QSslSocket::SslServerMode);
    }

    void aTrustingClientTalksTls()
    {
        QString error;
        std::unique_ptr<TlsServer> server(TlsServer::create(m_cert, m_key, nullptr, &error));
        QVERIFY2(server, qPrintable(error));
        QVERIFY(server->listen(QHostAddress::LocalHost));
        QSslSocket *accepted = nullptr;
        connect(server.get(), &QTcpServer::newConnection, this, [&] {
            accepted = qobject_cast<QSslSocket *>(server->nextPendingConnection());
            connect(accepted, &QSslSocket::readyRead, accepted, [accepted] { accepted->write("pong:" + accepted->readAll()); });
        });
        QSslSocket client;
        auto conf = client.sslConfiguration();
        conf.setCaCertificates(QSslCertificate::fromPath(m_cert));  // trust exactly this certificate
        client.setSslConfiguration(conf);
        client.connectToHostEncrypted(QStringLiteral("localhost"), server->serverPort());
        // the server runs on this thread: wait with its event loop turning, not in waitForEncrypted
        QTRY_VERIFY2_WITH_TIMEOUT(client.isEncrypted(), qPrintable(client.errorString()), 10000);
        QVERIFY(client.sessionProtocol() >= QSsl::TlsV1_2);
        client.write("ping");
        QByteArray got;
        QTRY_VERIFY_WITH_TIMEOUT((got += client.readAll()) == "pong:ping", 10000);
        QVERIFY(accepted && accepted->isEncrypted());
    }

    void aClientThatDoesNotTrustItFails()
    {
        QString error;
        std::unique_ptr<TlsServer> server(TlsServer::create(m_cert, m_key, nullptr, &error));
        QVERIFY2(server, qPrintable(error));
        QVERIFY(server->listen(QHostAddress::LocalHost));
        QSslSocket client;  // the system CAs only: the self-signed certificate is refused by the client
        QSignalSpy errors(&client, &QSslSocket::sslErrors);
        client.connectToHostEncrypted(QStringLiteral("localhost"), server->serverPort());
        QTRY_VERIFY_WITH_TIMEOUT(errors.count() >= 1, 10000);
        QVERIFY(!client.isEncrypted());
    }
};

QTEST_GUILESS_MAIN(TestTlsServer)
#include "test_tls_server.moc"
