#include "ingest/tls_server.h"

#include "core/logging.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

#include <unistd.h>

namespace eos {
namespace {

auto log() { return Logging::get("listener"); }

}  // namespace

TlsServer *TlsServer::create(const QString &certPath, const QString &keyPath, QObject *parent, QString *error)
{
    auto fail = [error](const QString &e) {
        if (error) *error = e;
        return nullptr;
    };
    if (!QSslSocket::supportsSsl()) return fail(QStringLiteral("EOS_TLS_CERT is set but this Qt has no TLS support"));
    QFile certFile(certPath), keyFile(keyPath);
    if (!certFile.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read EOS_TLS_CERT %1: %2").arg(certPath, certFile.errorString()));
    const auto chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull())
        return fail(QStringLiteral("EOS_TLS_CERT %1 holds no PEM certificate").arg(certPath));
    if (!keyFile.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read EOS_TLS_KEY %1: %2").arg(keyPath, keyFile.errorString()));
    const QByteArray pem = keyFile.readAll();
    QSslKey key;
    for (auto alg : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        key = QSslKey(pem, alg, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull()) break;
    }
    if (key.isNull())
        return fail(QStringLiteral("EOS_TLS_KEY %1 holds no unencrypted PEM private key (RSA, EC or DSA)").arg(keyPath));
    if (chain.first().publicKey().algorithm() != key.algorithm())
        return fail(QStringLiteral("EOS_TLS_KEY is not the key of the certificate in EOS_TLS_CERT"));

    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setLocalCertificateChain(chain);
    conf.setPrivateKey(key);
    conf.setPeerVerifyMode(QSslSocket::VerifyNone);
    conf.setProtocol(QSsl::TlsV1_2OrLater);
    return new TlsServer(std::move(conf), parent);
}

TlsServer::TlsServer(QSslConfiguration conf, QObject *parent) : QTcpServer(parent), m_conf(std::move(conf)) {}

void TlsServer::incomingConnection(qintptr handle)
{
    auto *sock = new QSslSocket(this);
    if (!sock->setSocketDescriptor(handle)) {
        ::close(int(handle));
        delete sock;
        return;
    }
    sock->setSslConfiguration(m_conf);
    connect(sock, &QSslSocket::sslErrors, sock, [sock](const QList<QSslError> &errors) {
        log()->debug("TLS with {}: {}", s(sock->peerAddress().toString()), s(errors.value(0).errorString()));
    });
    addPendingConnection(sock);
    sock->startServerEncryption();
}

}  // namespace eos
