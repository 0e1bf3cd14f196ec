// TlsServer: the listener's TCP server when EOS_TLS_CERT/EOS_TLS_KEY are set. Not QSslServer: that one
// hands a connection over only after its handshake and keeps the ones still shaking hands to itself,
// outside the listener's connection bound and its deadlines (a client that connects and never starts TLS
// would hold a socket for as long as it likes). Here every accepted socket is handed over at once as a
// QSslSocket whose server-side handshake has started; the connection's deadline covers the handshake.
#pragma once

#include <QSslConfiguration>
#include <QString>
#include <QTcpServer>

namespace eos {

class TlsServer : public QTcpServer {
    Q_OBJECT
public:
    // Reads the PEM certificate chain and its unencrypted PEM private key (RSA, EC or DSA). On any
    // problem (unreadable file, no certificate, no key, a key that is not the certificate's, no TLS in
    // this Qt) returns nullptr with *error naming the setting and the file.
    static TlsServer *create(const QString &certFile, const QString &keyFile, QObject *parent, QString *error);

    const QSslConfiguration &configuration() const { return m_conf; }

protected:
    void incomingConnection(qintptr handle) override;

private:
    TlsServer(QSslConfiguration conf, QObject *parent);
    QSslConfiguration m_conf;
};

}  // namespace eos
