#include "prism_server.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTcpSocket>

namespace eos::test {

PrismServer::PrismServer(QString prismBin, QString spec) : m_bin(std::move(prismBin)), m_spec(std::move(spec))
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    QObject::connect(&m_process, &QProcess::readyRead, &m_process, [this] { readOutput(); });
}

PrismServer::~PrismServer()
{
    if (m_process.state() == QProcess::NotRunning) return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

void PrismServer::readOutput() { m_log += QString::fromUtf8(m_process.readAll()); }

QStringList PrismServer::violationsSince(qsizetype offset) const
{
    QStringList out;
    const QStringList lines = m_log.mid(offset).split(QLatin1Char('\n'));
    for (const QString &line : lines)
        if (line.contains(QLatin1String("Violation:"))) out.append(line.trimmed());
    return out;
}

bool PrismServer::start(QString *error, int timeoutMs)
{
    const QFileInfo bin(m_bin);
    if (!bin.exists() || !bin.isExecutable()) {
        *error = QStringLiteral("Prism is not installed (%1 is missing): run installer/install-deps.sh, which "
                                "installs it with npm into tests/prism/node_modules")
                     .arg(m_bin);
        return false;
    }
    if (!QFileInfo::exists(m_spec)) {
        *error = QStringLiteral("OpenAPI description %1 is missing").arg(m_spec);
        return false;
    }
    // A free port: the kernel's pick for a socket we close again at once.
    quint16 port = 0;
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0)) {
            *error = QStringLiteral("no free port: %1").arg(probe.errorString());
            return false;
        }
        port = probe.serverPort();
    }
    m_url = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("NO_COLOR"), QStringLiteral("1"));
    env.insert(QStringLiteral("FORCE_COLOR"), QStringLiteral("0"));
    m_process.setProcessEnvironment(env);
    m_process.start(m_bin, {QStringLiteral("mock"), QStringLiteral("--errors"), QStringLiteral("-h"),
                            QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(port), m_spec});
    if (!m_process.waitForStarted(30000)) {
        *error = QStringLiteral("cannot run %1: %2").arg(m_bin, m_process.errorString());
        return false;
    }
    // Wait for its "Prism is listening on ..." line, then make sure the port answers.
    QElapsedTimer clock;
    clock.start();
    while (!m_log.contains(QLatin1String("Prism is listening"))) {
        if (m_process.state() == QProcess::NotRunning) {
            readOutput();
            *error = QStringLiteral("Prism exited (code %1) before listening:\n%2")
                         .arg(m_process.exitCode())
                         .arg(m_log.right(4000));
            return false;
        }
        if (clock.hasExpired(timeoutMs)) {
            *error = QStringLiteral("Prism did not listen within %1 ms:\n%2").arg(timeoutMs).arg(m_log.right(4000));
            return false;
        }
        m_process.waitForReadyRead(250);  // returns as soon as Prism prints something
        readOutput();
    }
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, port);
    if (!probe.waitForConnected(10000)) {
        *error = QStringLiteral("Prism says it listens but %1 does not accept: %2")
                     .arg(m_url.toString(), probe.errorString());
        return false;
    }
    return true;
}

bool LazyPrism::ensure(QString *error)
{
    if (!m_server && m_error.isEmpty()) {
        m_server = std::make_unique<PrismServer>(m_bin, m_spec);
        if (!m_server->start(&m_error)) m_server.reset();
    }
    *error = m_error;
    return m_server != nullptr;
}

}  // namespace eos::test
