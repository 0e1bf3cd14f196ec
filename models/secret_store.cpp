#include "secret_store.h"

#include "core/logging.h"
#include "stages/dispatch_routes.h"

#include <QEventLoop>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace eos {
namespace {

// Runs a QtKeychain job to its end (or the time limit) and returns its error.
QKeychain::Error runJob(QKeychain::Job *job, int timeoutMs, QString *errorString)
{
    job->setAutoDelete(false);
    QEventLoop loop;
    bool finished = false;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    job->start();
    if (!finished) loop.exec();
    if (!finished) {
        if (errorString) *errorString = QObject::tr("the keyring did not answer within %1 s").arg(timeoutMs / 1000);
        job->deleteLater();  // it may still finish later
        return QKeychain::OtherError;
    }
    const QKeychain::Error e = job->error();
    if (errorString) *errorString = job->errorString();
    job->deleteLater();
    return e;
}

}  // namespace

SecretStore::SecretStore(QString service, QObject *parent) : QObject(parent), m_service(std::move(service)) {}

QStringList SecretStore::keys()
{
    return {QStringLiteral("PG_DSN"),         QStringLiteral("WAZUH_API_PASSWD"), QStringLiteral("AZURE_OPENAI_API_KEY"),
            QStringLiteral("OPENAI_API_KEY"), QStringLiteral("SMTP_PASSWORD"),    QStringLiteral("JIRA_API_KEY")};
}

QStringList SecretStore::keys(const Config &config)
{
    QStringList all = keys();
    const QString file = config.value(QStringLiteral("EOS_ROUTES_FILE"));
    if (file.isEmpty()) return all;
    QString error;
    const auto routes = DispatchRoutes::load(file, &error);
    if (!routes) return all;  // the pipeline reports the file's error
    for (const DispatchRoute &r : *routes) all << Config::routeTokenKey(r.id);
    return all;
}

QStringList SecretStore::keysOfConsoleConfig()
{
    Config::LoadOptions o;
    o.mode = Config::Mode::Gui;
    QString error;
    const auto config = Config::load(o, &error);
    return config ? keys(*config) : keys();
}

bool SecretStore::available(QString *why)
{
    if (m_available < 0) {
        auto *job = new QKeychain::ReadPasswordJob(m_service);
        job->setKey(QStringLiteral("eos-keyring-probe"));
        QString err;
        const QKeychain::Error e = runJob(job, timeoutMs, &err);
        m_available = (e == QKeychain::NoError || e == QKeychain::EntryNotFound) ? 1 : 0;
        m_why = e == QKeychain::NoBackendAvailable ? tr("no keyring service is running (Secret Service or KWallet)")
                                                   : tr("no keyring service answers: %1").arg(err);
    }
    if (why) *why = m_available ? QString() : m_why;
    return m_available == 1;
}

QString SecretStore::read(const QString &key, QString *error)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setKey(key);
    QString value;
    connect(job, &QKeychain::Job::finished, this, [&value](QKeychain::Job *j) {
        value = static_cast<QKeychain::ReadPasswordJob *>(j)->textData();
    });
    QString err;
    const QKeychain::Error e = runJob(job, timeoutMs, &err);
    if (e == QKeychain::EntryNotFound) return QString();
    if (e != QKeychain::NoError) {
        if (error) *error = err;
        return QString();
    }
    return value;
}

bool SecretStore::write(const QString &key, const QString &value, QString *error)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setKey(key);
    job->setTextData(value);
    QString err;
    const bool ok = runJob(job, timeoutMs, &err) == QKeychain::NoError;
    if (!ok && error) *error = err;
    return ok;
}

bool SecretStore::remove(const QString &key, QString *error)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setKey(key);
    QString err;
    const QKeychain::Error e = runJob(job, timeoutMs, &err);
    if (e != QKeychain::NoError && e != QKeychain::EntryNotFound) {
        if (error) *error = err;
        return false;
    }
    return true;
}

QStringList SecretStore::fillConfig(Config *config)
{
    QStringList filled;
    QString why;
    if (!available(&why)) {
        Logging::get("config")->info("OS keyring not used: {}; secrets come from the env file and the environment", s(why));
        return filled;
    }
    QStringList values;
    for (const QString &key : keys(*config)) {
        if (!config->value(key).isEmpty()) continue;  // the env file and the environment win
        QString err;
        const QString v = read(key, &err);
        if (!err.isEmpty()) Logging::get("config")->warn("cannot read {} from the OS keyring: {}", s(key), s(err));
        if (v.isEmpty()) continue;
        config->set(key, v);
        values << v;
        filled << key;
    }
    if (!values.isEmpty()) {
        Logging::addSecrets(values);
        Logging::get("config")->info("from the OS keyring: {}", s(filled.join(QStringLiteral(", "))));
    }
    return filled;
}

}  // namespace eos
