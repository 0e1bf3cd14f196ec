#include "dependency_check.h"

#include "clients/email_composer.h"
#include "clients/email_template.h"
#include "clients/llm_client.h"
#include "clients/wazuh_api_client.h"
#include "stages/dispatch_routes.h"
#include "stages/playbook_library.h"
#include "stages/response_policies.h"
#include "store/database.h"
#include "store/embedded_cluster.h"
#include "store/migrator.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>
#include <QUuid>

#include <curl/curl.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

namespace eos {
namespace {

using Finding = DependencyCheck::Finding;
using Status = DependencyCheck::Status;

Finding make(const QString &check, Status status, const QString &found, const QString &fix = {})
{
    return Finding{check, status, found, fix};
}

QString mib(qint64 bytes) { return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MiB"); }
QString gib(qint64 bytes) { return QString::number(double(bytes) / (1024.0 * 1024.0 * 1024.0), 'f', 1) + QStringLiteral(" GiB"); }

// Waits for `start(done)` to call done, or for the time limit; false on time-out.
bool waitFor(int timeoutMs, const std::function<void(std::function<void()>)> &start)
{
    QEventLoop loop;
    bool finished = false;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    start([&] {
        finished = true;
        loop.quit();
    });
    if (!finished) {
        timer.start(timeoutMs);
        loop.exec();
    }
    return finished;
}

// GET with a time limit; status 0 and the network error's text when there was no HTTP answer.
struct HttpAnswer {
    int status = 0;
    QByteArray body;
    QString error;
};
HttpAnswer httpGet(const QNetworkRequest &request, int timeoutMs)
{
    QNetworkAccessManager nam;
    HttpAnswer a;
    QNetworkRequest r(request);
    r.setTransferTimeout(timeoutMs);
    QNetworkReply *reply = nam.get(r);
    const bool done = waitFor(timeoutMs + 1000, [reply](std::function<void()> finished) {
        QObject::connect(reply, &QNetworkReply::finished, reply, [finished] { finished(); });
    });
    if (!done) {
        a.error = QStringLiteral("no answer within %1 s").arg(timeoutMs / 1000);
        reply->abort();
    } else {
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.body = reply->readAll();
        if (a.status == 0) a.error = reply->errorString();
    }
    reply->deleteLater();
    return a;
}

QString firstLine(QString text, int max = 300)
{
    text = text.trimmed();
    const int nl = text.indexOf(u'\n');
    if (nl >= 0) text = text.left(nl);
    return text.size() > max ? text.left(max) + QStringLiteral("…") : text;
}

}  // namespace

DependencyCheck::DependencyCheck(Config config, Options options) : m_config(std::move(config)), m_opt(options) {}

QString DependencyCheck::statusText(Status s)
{
    switch (s) {
    case Status::Ok: return QStringLiteral("ok");
    case Status::Warn: return QStringLiteral("WARN");
    case Status::Fail: return QStringLiteral("FAIL");
    case Status::Skip: return QStringLiteral("skip");
    }
    return {};
}

bool DependencyCheck::passed(const std::vector<Finding> &findings)
{
    return std::none_of(findings.begin(), findings.end(), [](const Finding &f) { return f.status == Status::Fail; });
}

QJsonArray DependencyCheck::toJson(const std::vector<Finding> &findings)
{
    QJsonArray a;
    for (const Finding &f : findings)
        a.append(QJsonObject{{QStringLiteral("check"), f.check},
                             {QStringLiteral("status"), statusText(f.status).toLower()},
                             {QStringLiteral("found"), f.found},
                             {QStringLiteral("fix"), f.fix}});
    return a;
}

QString DependencyCheck::toText(const std::vector<Finding> &findings)
{
    int width = 10;
    for (const Finding &f : findings) width = std::max(width, int(f.check.size()));
    QString out;
    for (const Finding &f : findings) {
        out += QStringLiteral("%1  %2  %3\n").arg(statusText(f.status), -4).arg(f.check, -width).arg(f.found);
        if (!f.fix.isEmpty()) out += QStringLiteral("%1  %2  fix: %3\n").arg(QString(), -4).arg(QString(), -width).arg(f.fix);
    }
    return out;
}

std::vector<Finding> DependencyCheck::run()
{
    std::vector<Finding> all;
    for (const QString &w : m_config.warnings()) all.push_back(make(QStringLiteral("configuration"), Status::Warn, w));
    if (m_config.warnings().isEmpty())
        all.push_back(make(QStringLiteral("configuration"), Status::Ok,
                           m_config.sourceFile().isEmpty() ? QStringLiteral("environment only (no env file)")
                                                           : QStringLiteral("read %1 and the environment").arg(m_config.sourceFile())));
    all.push_back(database());
    all.push_back(diskSpace());
    all.push_back(spool());
    all.push_back(listener());
    all.push_back(wazuhApi());
    all.push_back(smtp());
    all.push_back(emailTemplate());
    all.push_back(llm());
    for (Finding &f : routes()) all.push_back(std::move(f));
    all.push_back(policies());
    all.push_back(playbooks());
    return all;
}

Finding DependencyCheck::database()
{
    const QString name = QStringLiteral("postgresql");
    QString why, where;
    const auto running = Database::runningConnection(m_config, &why, &where);
    if (!running) {
        if (m_config.isSet(QStringLiteral("PG_DSN")))
            return make(name, Status::Fail, QStringLiteral("PG_DSN cannot be read: %1").arg(why),
                        QStringLiteral("write PG_DSN as a postgresql:// URI or key=value pairs"));
        QString err;
        const QString bin = EmbeddedCluster::findBinDir(m_config.value(QStringLiteral("EOS_PG_BINDIR")), &err);
        if (bin.isEmpty()) return make(name, Status::Fail, QStringLiteral("embedded default: %1").arg(err),
                                       QStringLiteral("install the PostgreSQL server package, or set PG_DSN"));
        return make(name, Status::Ok, QStringLiteral("%1; it migrates the schema when it starts; PostgreSQL binaries in %2").arg(why, bin));
    }
    const DbConnectionInfo info = *running;
    const QString conn = QStringLiteral("eos-check-") + QUuid::createUuid().toString(QUuid::Id128);
    Finding f;
    {
        QString err;
        QSqlDatabase db = info.open(conn, &err);
        if (!db.isOpen()) {
            f = make(name, Status::Fail, QStringLiteral("cannot connect to %1: %2").arg(where, firstLine(err)),
                     QStringLiteral("start PostgreSQL or correct PG_DSN (host, port, database, user, password; "
                                    "a secret may come from PG_DSN_FILE)"));
        } else {
            QSqlQuery q(db);
            QString version = QStringLiteral("PostgreSQL");
            if (q.exec(QStringLiteral("SHOW server_version")) && q.next()) version += u' ' + q.value(0).toString();
            const int current = Migrator::currentVersion(db, &err);
            const int latest = Migrator().latestVersion();
            const QString at = QStringLiteral("%1 at %2").arg(version, where);
            if (current < 0)
                f = make(name, Status::Fail, QStringLiteral("%1; cannot read the schema version: %2").arg(at, firstLine(err)),
                         QStringLiteral("grant the configured user access to the database"));
            else if (current == latest)
                f = make(name, Status::Ok, QStringLiteral("%1, schema version %2 (current)").arg(at).arg(current));
            else if (current < latest)
                f = make(name, Status::Warn, QStringLiteral("%1, schema version %2; this build brings %3").arg(at).arg(current).arg(latest),
                         QStringLiteral("start eos-daemon once: it migrates the schema (once, even with several daemons)"));
            else
                f = make(name, Status::Fail,
                         QStringLiteral("%1, schema version %2 is newer than this build's %3").arg(at).arg(current).arg(latest),
                         QStringLiteral("a newer Eos upgraded this database: install that version"));
        }
    }
    QSqlDatabase::removeDatabase(conn);
    return f;
}

Finding DependencyCheck::diskSpace()
{
    const QString name = QStringLiteral("disk");
    QString dir = Database::dataDir(m_config);
    QString probe = dir;
    while (!QFileInfo::exists(probe) && QFileInfo(probe).absolutePath() != probe) probe = QFileInfo(probe).absolutePath();
    // statvfs, not QStorageInfo: that one looks the path up in the mount table, which a chroot or a
    // container's view may not list, though the file system answers fine
    struct statvfs vfs {};
    if (::statvfs(QFile::encodeName(probe).constData(), &vfs) != 0)
        return make(name, Status::Fail, QStringLiteral("cannot read the file system of %1: %2").arg(dir, QString::fromLocal8Bit(std::strerror(errno))));
    const qint64 free = qint64(vfs.f_bavail) * qint64(vfs.f_frsize);
    const qint64 total = qint64(vfs.f_blocks) * qint64(vfs.f_frsize);
    const double pct = total > 0 ? 100.0 * double(free) / double(total) : 0;
    const QString found = QStringLiteral("%1 free of %2 (%3 %) for %4").arg(gib(free), gib(total)).arg(pct, 0, 'f', 0).arg(dir);
    if (free < (qint64(1) << 30))
        return make(name, Status::Fail, found, QStringLiteral("free space there or move EOS_DATA_DIR to a larger disk "
                                                              "(the database and the spool live in it)"));
    if (pct < 10) return make(name, Status::Warn, found, QStringLiteral("less than 10 % free: plan more space or a shorter EOS_RETENTION_DAYS"));
    return make(name, Status::Ok, found);
}

Finding DependencyCheck::spool()
{
    const QString name = QStringLiteral("spool");
    const QString dir = QDir(Database::dataDir(m_config)).filePath(QStringLiteral("spool"));
    qint64 bytes = 0;
    int files = 0;
    for (const QFileInfo &fi : QDir(dir).entryInfoList({QStringLiteral("*.spool")}, QDir::Files)) {
        bytes += fi.size();
        ++files;
    }
    const qint64 max = qint64(m_config.intValue(QStringLiteral("EOS_SPOOL_MAX_MB"), 1024)) * 1024 * 1024;
    if (files == 0) return make(name, Status::Ok, QStringLiteral("empty (%1)").arg(dir));
    const QString found = QStringLiteral("%1 in %2 segment(s) waiting in %3 (limit %4)").arg(mib(bytes)).arg(files).arg(dir, mib(max));
    if (max > 0 && bytes >= max * 9 / 10)
        return make(name, Status::Fail, found, QStringLiteral("the spool is nearly full: make PostgreSQL reachable so it drains "
                                                              "(new alerts get 503 once it is full)"));
    return make(name, Status::Warn, found, QStringLiteral("alerts accepted while PostgreSQL was unreachable; they drain once it is back"));
}

Finding DependencyCheck::listener()
{
    const QString name = QStringLiteral("listener");
    const QString addr = m_config.value(QStringLiteral("LISTEN_ADDR"));
    const int port = m_config.intValue(QStringLiteral("LISTEN_PORT"), 9000);
    const QString where = QStringLiteral("%1:%2").arg(addr).arg(port);
    if (m_config.value(QStringLiteral("WEBHOOK_AUTH_TOKEN")).isEmpty())
        return make(name, Status::Warn, QStringLiteral("WEBHOOK_AUTH_TOKEN is not set: the listener on %1 will not start").arg(where),
                    QStringLiteral("set WEBHOOK_AUTH_TOKEN (and the same token for eos-forward), or use EOS_ALERTS_FILE only"));
    QHostAddress host;
    if (!host.setAddress(addr))
        return make(name, Status::Fail, QStringLiteral("LISTEN_ADDR=%1 is not an IP address").arg(addr),
                    QStringLiteral("use an address such as 127.0.0.1 or 0.0.0.0"));
    QTcpServer server;
    if (server.listen(host, quint16(port))) {
        server.close();
        return make(name, Status::Ok, QStringLiteral("%1 is free").arg(where));
    }
    if (server.serverError() != QAbstractSocket::AddressInUseError)
        return make(name, Status::Fail, QStringLiteral("cannot listen on %1: %2").arg(where, server.errorString()),
                    port < 1024 ? QStringLiteral("ports below 1024 need privileges: use a higher LISTEN_PORT")
                                : QStringLiteral("check LISTEN_ADDR is an address of this host"));
    // taken: by a running Eos (its /healthz answers with the database state) or by something else?
    const QString probeHost = host == QHostAddress::AnyIPv4 || host == QHostAddress::Any ? QStringLiteral("127.0.0.1")
                              : host == QHostAddress::AnyIPv6 ? QStringLiteral("[::1]") : addr;
    const HttpAnswer a = httpGet(QNetworkRequest(QUrl(QStringLiteral("http://%1:%2/healthz").arg(probeHost).arg(port))),
                                 std::min(m_opt.timeoutMs, 3000));
    const QJsonObject health = QJsonDocument::fromJson(a.body).object();
    if (a.status > 0 && health.contains(QStringLiteral("database")))
        return make(name, Status::Ok, QStringLiteral("%1 is in use by a running Eos (its /healthz answers)").arg(where));
    return make(name, Status::Fail, QStringLiteral("%1 is taken by another program").arg(where),
                QStringLiteral("find it with `ss -ltnp 'sport = :%1'`, or choose another LISTEN_PORT").arg(port));
}

bool DependencyCheck::wazuhAllows(const QJsonObject &policies, const QString &action)
{
    const bool black = policies.value(QStringLiteral("rbac_mode")).toString() == QLatin1String("black");
    const QJsonValue entry = policies.value(action);
    if (!entry.isObject()) return black;
    const QJsonObject resources = entry.toObject();
    // the product acts on any agent: the wildcard resource decides; without one, any deny refuses
    const QString wildcard = resources.value(QStringLiteral("agent:id:*")).toString();
    if (!wildcard.isEmpty()) return wildcard == QLatin1String("allow");
    for (auto it = resources.begin(); it != resources.end(); ++it)
        if (it.value().toString() == QLatin1String("deny")) return false;
    return black || !resources.isEmpty();
}

Finding DependencyCheck::wazuhApi()
{
    const QString name = QStringLiteral("wazuh-api");
    auto options = WazuhApiClient::optionsFrom(m_config);
    if (options.url.isEmpty())
        return make(name, Status::Skip, QStringLiteral("WAZUH_API_URL is not set: no agent enrichment, no remediation"));
    options.maxAttempts = 1;
    options.timeoutMs = m_opt.timeoutMs;
    WazuhApiClient client(options);
    WazuhApiClient::Result result;
    const bool answered = waitFor(m_opt.timeoutMs * 2 + 1000, [&](std::function<void()> done) {
        client.request("GET", QStringLiteral("/security/users/me/policies"), {}, {}, [&result, done](const WazuhApiClient::Result &r) {
            result = r;
            done();
        });
    });
    const QString url = options.url.toString();
    if (!answered) return make(name, Status::Fail, QStringLiteral("%1 did not answer").arg(url), QStringLiteral("check WAZUH_API_URL and the firewall"));
    if (!result.ok) {
        const int st = result.error.httpStatus;
        QString fix;
        if (st == 401) fix = QStringLiteral("check WAZUH_API_USER and WAZUH_API_PASSWD (or WAZUH_API_PASSWD_FILE)");
        else if (st == 403) fix = QStringLiteral("give the API user a role that may read its own policies (security:read)");
        else if (st == 0) fix = QStringLiteral("check WAZUH_API_URL (https://manager:55000); for a private CA set WAZUH_API_CA");
        else fix = QStringLiteral("see the Wazuh API's answer above");
        return make(name, Status::Fail, QStringLiteral("%1: %2").arg(url, firstLine(result.error.message())), fix);
    }
    const QJsonObject policies = result.body.value(QStringLiteral("data")).toObject();
    const std::vector<std::pair<QString, QString>> needed{
        {QStringLiteral("agent:read"), QStringLiteral("agent enrichment and status")},
        {QStringLiteral("agent:restart"), QStringLiteral("remediation: restart")},
        {QStringLiteral("active-response:command"), QStringLiteral("remediation: active response")}};
    QStringList missing;
    for (const auto &[action, why] : needed)
        if (!wazuhAllows(policies, action)) missing << QStringLiteral("%1 (%2)").arg(action, why);
    const QString user = options.user.isEmpty() ? QStringLiteral("(no user)") : options.user;
    if (!missing.isEmpty())
        return make(name, Status::Warn, QStringLiteral("%1: logged in as %2; not allowed: %3").arg(url, user, missing.join(QStringLiteral(", "))),
                    QStringLiteral("add these actions on agent:id:* to a policy of the user's role in Wazuh's RBAC"));
    return make(name, Status::Ok, QStringLiteral("%1: logged in as %2; allowed agent:read, agent:restart, active-response:command (RBAC %3 mode)")
                                      .arg(url, user, policies.value(QStringLiteral("rbac_mode")).toString(QStringLiteral("?"))));
}

Finding DependencyCheck::smtp()
{
    const QString name = QStringLiteral("smtp");
    const QString server = m_config.value(QStringLiteral("SMTP_SERVER"));
    if (server.isEmpty()) return make(name, Status::Skip, QStringLiteral("SMTP_SERVER is not set: no alert email"));
    const int port = m_config.intValue(QStringLiteral("SMTP_PORT"), 587);
    const QString tls = m_config.value(QStringLiteral("SMTP_TLS")).toLower();
    const bool implicit = port == 465 || tls == QLatin1String("implicit") || tls == QLatin1String("ssl");
    const bool none = tls == QLatin1String("none");
    const QByteArray url = QStringLiteral("%1://%2:%3").arg(implicit ? QStringLiteral("smtps") : QStringLiteral("smtp"), server).arg(port).toUtf8();
    const QByteArray user = m_config.value(QStringLiteral("SMTP_USERNAME")).toUtf8();
    const QByteArray password = m_config.value(QStringLiteral("SMTP_PASSWORD")).toUtf8();

    CURL *curl = curl_easy_init();
    if (!curl) return make(name, Status::Fail, QStringLiteral("libcurl could not start"));
    char errbuf[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(m_opt.timeoutMs));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(m_opt.timeoutMs) * 2);
    if (!none && !implicit) curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
    const QByteArray ca = m_config.value(QStringLiteral("SMTP_CA")).trimmed().toUtf8();
    if (!ca.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, ca.constData());
        curl_easy_setopt(curl, CURLOPT_CAPATH, "/etc/ssl/certs");
    }
    if (!user.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
    }
    // after the greeting, EHLO, STARTTLS and AUTH: NOOP instead of a mail transaction (nothing is sent)
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "NOOP");
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    const CURLcode rc = curl_easy_perform(curl);
    long code = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_cleanup(curl);

    const QString where = QStringLiteral("%1:%2").arg(server).arg(port);
    const QString how = implicit ? QStringLiteral("implicit TLS") : none ? QStringLiteral("NO encryption (SMTP_TLS=none)") : QStringLiteral("STARTTLS");
    if (rc == CURLE_OK) {
        const QString found = QStringLiteral("%1: connected with %2%3; nothing sent")
                                  .arg(where, how, user.isEmpty() ? QStringLiteral(", no login (SMTP_USERNAME unset)")
                                                                  : QStringLiteral(", logged in as %1").arg(QString::fromUtf8(user)));
        if (none) return make(name, Status::Warn, found, QStringLiteral("mail and the password cross the network in clear text: use STARTTLS"));
        return make(name, Status::Ok, found);
    }
    const QString text = QString::fromUtf8(errbuf[0] ? errbuf : curl_easy_strerror(rc));
    QString fix;
    switch (rc) {
    case CURLE_LOGIN_DENIED: fix = QStringLiteral("check SMTP_USERNAME and SMTP_PASSWORD"); break;
    case CURLE_USE_SSL_FAILED: fix = QStringLiteral("the server offers no STARTTLS: use port 465 (implicit TLS) or a server that does"); break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR: fix = QStringLiteral("the server's TLS certificate is not trusted by this host (name its CA in SMTP_CA)"); break;
    case CURLE_COULDNT_RESOLVE_HOST: fix = QStringLiteral("check SMTP_SERVER's spelling and DNS"); break;
    default: fix = QStringLiteral("check SMTP_SERVER and SMTP_PORT (587 STARTTLS, 465 implicit TLS) and the firewall");
    }
    return make(name, Status::Fail, QStringLiteral("%1 (%2): %3%4").arg(where, how, text, code ? QStringLiteral(" (reply %1)").arg(code) : QString()), fix);
}

Finding DependencyCheck::llm()
{
    const QString name = QStringLiteral("llm");
    QString problem;
    auto options = LlmClient::optionsFrom(m_config, &problem);
    // "off" is a valid setting (the stage passes alerts on): optionsFrom's note then only says so
    if (options.provider == LlmClient::Provider::Off)
        return make(name, Status::Skip, QStringLiteral("no provider (LLM_PROVIDER off or no endpoint): alerts pass on without a summary"));
    if (!problem.isEmpty()) return make(name, Status::Fail, problem, QStringLiteral("see the LLM keys in the README"));
    const QString provider = LlmClient::providerName(options.provider);
    if (!m_opt.llm)
        return make(name, Status::Skip, QStringLiteral("%1 configured; not contacted (add --llm to send one one-token request)").arg(provider));
    options.maxAttempts = 1;
    options.timeoutMs = m_opt.timeoutMs * 3;
    LlmClient client(options);
    LlmClient::Result result;
    LlmClient::Request request;
    request.messages.push_back({QStringLiteral("user"), QStringLiteral("Reply with OK.")});
    request.maxTokens = 1;
    const bool answered = waitFor(options.timeoutMs + 2000, [&](std::function<void()> done) {
        client.complete(request, [&result, done](const LlmClient::Result &r) {
            result = r;
            done();
        });
    });
    if (!answered) return make(name, Status::Fail, QStringLiteral("%1 did not answer").arg(provider), QStringLiteral("check the endpoint URL and the firewall"));
    if (!result.ok) {
        QString fix = QStringLiteral("check the endpoint and model/deployment name");
        if (result.httpStatus == 401 || result.httpStatus == 403) fix = QStringLiteral("check AZURE_OPENAI_API_KEY / OPENAI_API_KEY");
        else if (result.httpStatus == 404) fix = QStringLiteral("check AZURE_OPENAI_DEPLOYMENT_NAME / OPENAI_MODEL and the API version");
        return make(name, Status::Fail, QStringLiteral("%1: %2").arg(provider, firstLine(result.error)), fix);
    }
    return make(name, Status::Ok, QStringLiteral("%1 answered in %2 ms (model %3, %4 token(s))")
                                      .arg(provider).arg(result.latencyMs).arg(result.model.isEmpty() ? QStringLiteral("?") : result.model)
                                      .arg(result.totalTokens));
}

QString DependencyCheck::connectOnly(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty()) return QStringLiteral("not a URL with a host");
    const bool tls = url.scheme() == QLatin1String("https");
    const int port = url.port(tls ? 443 : 80);
    QSslSocket socket;
    if (tls) {
        socket.connectToHostEncrypted(url.host(), quint16(port));
        if (!socket.waitForEncrypted(m_opt.timeoutMs)) return socket.errorString();
    } else {
        socket.connectToHost(url.host(), quint16(port));
        if (!socket.waitForConnected(m_opt.timeoutMs)) return socket.errorString();
    }
    socket.abort();
    return {};
}

Finding DependencyCheck::jiraRoute(const QString &name, const QUrl &base, const QString &user, const QString &token, int apiVersion)
{
    if (!base.isValid() || base.host().isEmpty())
        return make(name, Status::Fail, QStringLiteral("no Jira site URL"), QStringLiteral("set the route's hook_url or JIRA_URL"));
    QUrl url(base);
    url.setPath(url.path().remove(QRegularExpression(QStringLiteral("/+$"))) + QStringLiteral("/rest/api/%1/myself").arg(apiVersion));
    QNetworkRequest r(url);
    r.setRawHeader("Accept", "application/json");
    r.setRawHeader("Authorization", "Basic " + (user + u':' + token).toUtf8().toBase64());
    const HttpAnswer a = httpGet(r, m_opt.timeoutMs);
    if (a.status == 200) {
        const QJsonObject me = QJsonDocument::fromJson(a.body).object();
        const QString who = me.value(QStringLiteral("displayName")).toString(me.value(QStringLiteral("name")).toString(user));
        return make(name, Status::Ok, QStringLiteral("%1: logged in as %2 (REST API v%3)").arg(base.toString(), who).arg(apiVersion));
    }
    if (a.status == 401 || a.status == 403)
        return make(name, Status::Fail, QStringLiteral("%1: credentials refused (HTTP %2)").arg(base.toString()).arg(a.status),
                    QStringLiteral("check JIRA_USER and JIRA_API_KEY (or the route's user/api_key)"));
    if (a.status == 0)
        return make(name, Status::Fail, QStringLiteral("%1: %2").arg(base.toString(), a.error), QStringLiteral("check the Jira URL and the network"));
    return make(name, Status::Fail, QStringLiteral("%1: HTTP %2 from /rest/api/%3/myself").arg(base.toString()).arg(a.status).arg(apiVersion),
                QStringLiteral("check the Jira URL (the site's base URL) and JIRA_API_VERSION"));
}

std::vector<Finding> DependencyCheck::routes()
{
    const QString file = m_config.value(QStringLiteral("EOS_ROUTES_FILE"));
    if (file.isEmpty()) return {make(QStringLiteral("routes"), Status::Skip, QStringLiteral("EOS_ROUTES_FILE is not set: no dispatch"))};
    QString error;
    auto routes = DispatchRoutes::load(file, &error);
    if (routes) DispatchRoutes::applyTokens(*routes, m_config);
    if (!routes) return {make(QStringLiteral("routes"), Status::Fail, error, QStringLiteral("correct the routes file"))};
    std::vector<Finding> out{make(QStringLiteral("routes"), Status::Ok, QStringLiteral("%1: %2 route(s)").arg(file).arg(routes->size()))};
    for (const DispatchRoute &r : *routes) {
        const QString name = QStringLiteral("route %1").arg(r.id);
        if (r.kind == QLatin1String("email")) {
            out.push_back(make(name, Status::Ok, QStringLiteral("email: sent through SMTP (see smtp)")));
            continue;
        }
        if (r.kind == QLatin1String("jira")) {
            const QUrl base(r.hookUrl.isEmpty() ? m_config.value(QStringLiteral("JIRA_URL")) : r.hookUrl);
            const QString user = r.extra.value(QStringLiteral("user")).toString(m_config.value(QStringLiteral("JIRA_USER")));
            const QString token = r.apiKey.isEmpty() ? m_config.value(QStringLiteral("JIRA_API_KEY")) : r.apiKey;
            const QJsonValue v = r.extra.value(QStringLiteral("api_version"));
            int version = v.isUndefined() ? m_config.intValue(QStringLiteral("JIRA_API_VERSION"), 2) : (v.isString() ? v.toString().toInt() : v.toInt());
            out.push_back(jiraRoute(name, base, user, token, version == 3 ? 3 : 2));
            continue;
        }
        QString hook = r.hookUrl;
        if (hook.isEmpty() && r.kind == QLatin1String("stackstorm")) hook = m_config.value(QStringLiteral("ST2_WEBHOOK_URL"));
        if (hook.isEmpty()) {
            out.push_back(make(name, Status::Fail, QStringLiteral("%1: no hook_url").arg(r.kind), QStringLiteral("set the route's hook_url")));
            continue;
        }
        const QUrl url(hook);
        const QString err = connectOnly(url);
        const QString where = QStringLiteral("%1 %2://%3:%4").arg(r.kind, url.scheme(), url.host()).arg(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
        if (err.isEmpty())
            out.push_back(make(name, Status::Ok, QStringLiteral("%1 reachable%2; nothing posted (a test post would notify people)")
                                                     .arg(where, url.scheme() == QLatin1String("https") ? QStringLiteral(" (TLS verified)") : QString())));
        else
            out.push_back(make(name, Status::Fail, QStringLiteral("%1: %2").arg(where, err), QStringLiteral("check the route's hook_url and the network")));
    }
    return out;
}

Finding DependencyCheck::policies()
{
    const QString name = QStringLiteral("response-policies");
    if (m_config.value(QStringLiteral("EOS_RESPONSE_POLICIES")).isEmpty())
        return make(name, Status::Skip, QStringLiteral("EOS_RESPONSE_POLICIES is not set: no automatic response"));
    QString error;
    const ResponsePolicies p = ResponsePolicies::fromConfig(m_config, &error);
    if (!error.isEmpty()) return make(name, Status::Fail, error, QStringLiteral("correct the policies file"));
    return make(name, Status::Ok, QStringLiteral("%1 policies").arg(p.policies().size()));
}

Finding DependencyCheck::emailTemplate()
{
    const QString name = QStringLiteral("email-template");
    const EmailSettings settings = EmailSettings::fromConfig(m_config);
    const bool builtIn = settings.templatePath == EmailTemplate::builtInPath();
    EmailTemplate::Error err;
    const auto t = EmailTemplate::load(settings.templatePath, &err);
    if (!t)
        return make(name, Status::Fail, err.text(),
                    QStringLiteral("correct the template (the Email Preview shows it live), or unset EOS_EMAIL_TEMPLATE for the shipped one"));
    const QString where = builtIn ? QStringLiteral("the built-in template") : settings.templatePath;
    const QString found = QStringLiteral("%1 parses (%2 placeholders); times in %3")
                              .arg(where).arg(t->usedNames().size()).arg(QString::fromUtf8(settings.zone.id()));
    if (!settings.zoneError.isEmpty())
        return make(name, Status::Warn, found + QStringLiteral("; ") + settings.zoneError, QStringLiteral("set EOS_TIMEZONE to an IANA name"));
    return make(name, Status::Ok, found);
}

Finding DependencyCheck::playbooks()
{
    const QString name = QStringLiteral("playbooks");
    const PlaybookLibrary lib = PlaybookLibrary::fromConfig(m_config);
    const QString dir = m_config.value(QStringLiteral("EOS_PLAYBOOK_DIR"));
    if (!lib.errors().isEmpty())
        return make(name, Status::Fail, QStringLiteral("%1 file(s) skipped: %2").arg(lib.errors().size()).arg(lib.errors().first()),
                    QStringLiteral("correct the playbook file(s) in EOS_PLAYBOOK_DIR"));
    return make(name, Status::Ok, QStringLiteral("%1 playbooks%2").arg(lib.playbooks().size())
                                      .arg(dir.isEmpty() ? QStringLiteral(" (built in)") : QStringLiteral(" (built in and %1)").arg(dir)));
}

}  // namespace eos
