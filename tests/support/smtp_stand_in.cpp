#include "smtp_stand_in.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace eos::test {

SmtpStandIn::SmtpStandIn(Options options) : m_options(std::move(options)) {}

SmtpStandIn::~SmtpStandIn()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.closeWriteChannel();  // the server stops when its stdin closes
        if (!m_process.waitForFinished(5000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
}

QString SmtpStandIn::caFile() const { return m_options.tls ? m_dir.filePath(QStringLiteral("cert.pem")) : QString(); }

bool SmtpStandIn::prepare(QString *error)
{
    if (m_prepared) return true;
    if (m_options.tls) {
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                       QStringLiteral("-nodes"), QStringLiteral("-keyout"), m_dir.filePath(QStringLiteral("key.pem")),
                       QStringLiteral("-out"), m_dir.filePath(QStringLiteral("cert.pem")), QStringLiteral("-days"),
                       QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"), QStringLiteral("-addext"),
                       QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1")});
        if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
            *error = QStringLiteral("openssl: ") + QString::fromUtf8(openssl.readAllStandardError());
            return false;
        }
    }
    m_prepared = true;
    return true;
}

bool SmtpStandIn::start(QString *error)
{
    if (!prepare(error)) return false;
    QStringList args{QStringLiteral(EOS_TEST_DATA_DIR "/../support/smtp_stand_in.py"), m_dir.filePath(QStringLiteral("server"))};
    if (m_options.tls) {
        args << QStringLiteral("--cert") << m_dir.filePath(QStringLiteral("cert.pem")) << QStringLiteral("--key")
             << m_dir.filePath(QStringLiteral("key.pem"));
        if (m_options.implicit) args << QStringLiteral("--implicit");
    }
    if (!m_options.user.isEmpty()) args << QStringLiteral("--user") << m_options.user << QStringLiteral("--password") << m_options.password;
    if (m_options.port > 0) args << QStringLiteral("--port") << QString::number(m_options.port);
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(QStringLiteral("/usr/bin/python3"), args);
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start /usr/bin/python3: ") + m_process.errorString();
        return false;
    }
    while (m_process.waitForReadyRead(20000)) {
        m_output += QString::fromUtf8(m_process.readAll());
        const qsizetype at = m_output.indexOf(QStringLiteral("READY "));
        if (at >= 0 && m_output.indexOf(u'\n', at) > at) {
            m_port = m_output.mid(at + 6).section(u'\n', 0, 0).trimmed().toInt();
            return m_port > 0;
        }
    }
    *error = QStringLiteral("the SMTP stand-in did not start: ") + m_output + QString::fromUtf8(m_process.readAll());
    return false;
}

void SmtpStandIn::setMode(const QString &mode)
{
    QDir().mkpath(m_dir.filePath(QStringLiteral("server")));
    QFile f(m_dir.filePath(QStringLiteral("server/mode")));
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate)) f.write(mode.toUtf8());
}

QList<QJsonObject> SmtpStandIn::received() const
{
    QList<QJsonObject> out;
    QDir d(m_dir.filePath(QStringLiteral("server/received")));
    for (const QString &name : d.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        QFile f(d.filePath(name));
        if (f.open(QIODevice::ReadOnly)) out << QJsonDocument::fromJson(f.readAll()).object();
    }
    return out;
}

int SmtpStandIn::receivedCount() const
{
    return int(QDir(m_dir.filePath(QStringLiteral("server/received"))).entryList({QStringLiteral("*.json")}, QDir::Files).size());
}

int SmtpStandIn::heldCount() const
{
    return int(QDir(m_dir.filePath(QStringLiteral("server/held"))).entryList({QStringLiteral("*.eml")}, QDir::Files).size());
}

QString SmtpStandIn::output()
{
    m_output += QString::fromUtf8(m_process.readAll());
    return m_output;
}

}  // namespace eos::test
