#include "fault_harness.h"

#include "free_port.h"
#include "test_database.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <chrono>

#include <libpq-fe.h>
#include <sys/stat.h>

namespace eos::test {
namespace {

const QByteArray kToken = "fault-suite-token-7f3a";
const QString kJiraUser = QStringLiteral("soc@example.com");
const QString kJiraToken = QStringLiteral("jira-fault-token");


// One request on a keep-alive connection; the status code, 0 when there was no answer (connection
// refused, reset or no answer within 10 s: the outcome is unknown to the client).
int post(QTcpSocket &sock, int port, const QByteArray &path, const QByteArray &body)
{
    if (sock.state() != QAbstractSocket::ConnectedState) {
        sock.abort();
        sock.connectToHost(QHostAddress::LocalHost, quint16(port));
        if (!sock.waitForConnected(1000)) return 0;
    }
    sock.write("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Auth-Token: " + kToken +
               "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QByteArray buf;
    while (!buf.contains("\r\n\r\n")) {
        if (!sock.waitForReadyRead(10000)) {
            sock.abort();
            return 0;
        }
        buf += sock.readAll();
    }
    const qsizetype he = buf.indexOf("\r\n\r\n");
    const QByteArray head = buf.left(he).toLower();
    const auto cl = head.indexOf("content-length:");
    const long len = cl < 0 ? 0 : head.mid(cl + 15, head.indexOf('\r', cl) - cl - 15).trimmed().toLong();
    while (buf.size() < he + 4 + len) {
        if (!sock.waitForReadyRead(10000)) {
            sock.abort();
            return 0;
        }
        buf += sock.readAll();
    }
    if (head.contains("connection: close")) sock.disconnectFromHost();
    return buf.mid(9, 3).toInt();
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) qFatal("cannot write %s", qPrintable(path));
    f.write(content);
}

QString url(int port, const QString &path = {}) { return QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path); }

}  // namespace

FaultHarness::Stream::~Stream() { halt(); }

void FaultHarness::Stream::halt()
{
    stop = true;
    wake.notify_all();
    if (th.joinable()) th.join();
}

// Alert n: ten agents; every tenth at level 12 with a rule of its own (one Jira issue each), every 200th
// at level 15 (Slack, when on); a source address of its own, so no two share an LLM cache entry.
QByteArray FaultHarness::alertJson(const QString &prefix, int n)
{
    const int level = n % 200 == 100 ? 15 : n % 10 == 0 ? 12 : 7;
    const int rule = level == 7 ? 5712 : (level == 12 ? 200000 : 300000) + n % 100000;
    return QStringLiteral(R"({"timestamp":"2026-12-01T10:00:00.000+0000","rule":{"level":%1,"id":"%2","description":"sshd: brute force trying to get access to the system","groups":["syslog","sshd","authentication_failures"]},"agent":{"id":"%3","name":"host-%3"},"manager":{"name":"wazuh-manager"},"id":"%4.%5","full_log":"Dec  1 10:00:00 host sshd[4242]: Failed password for root from 10.%6.%7.%8 port 52211 ssh2","location":"/var/log/auth.log","data":{"srcip":"10.%6.%7.%8","srcuser":"root"}})")
        .arg(level)
        .arg(rule)
        .arg(QStringLiteral("%1").arg(n % 10 + 1, 3, 10, QLatin1Char('0')))
        .arg(prefix)
        .arg(n)
        .arg((n >> 16) & 255)
        .arg((n >> 8) & 255)
        .arg(n & 255)
        .toUtf8();
}

FaultHarness::FaultHarness(const QString &name) : FaultHarness(name, Options()) {}

FaultHarness::FaultHarness(const QString &name, Options options) : m_opt(std::move(options))
{
    m_dir = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/eos-fault-%1-XXXXXX").arg(name));
    ::chmod(QFile::encodeName(m_dir->path()).constData(), 0755);  // the server's account reaches pgdata
    QDir().mkpath(dataDir());
    m_pgPort = freePort();
    m_listenPort = freePort();
    m_wazuhPort = freePort();
    m_llmPort = freePort();
    m_jiraPort = freePort();
    m_webhookPort = freePort();
    m_slackPort = freePort();
    wazuh.addAgents(10);
    llm.expectOpenAi(QStringLiteral("fault-model"));
    jira = std::make_unique<JiraStandIn>(kJiraUser, kJiraToken);
    webhook = JsonEndpointStandIn::webhook();
    slack = std::make_unique<SlackStandIn>();
    if (m_opt.email) {
        m_smtpPort = freePort();
        SmtpStandIn::Options so;
        so.port = m_smtpPort;
        smtp = std::make_unique<SmtpStandIn>(so);
        QString err;
        if (!smtp->prepare(&err)) qWarning("the SMTP stand-in's certificate: %s", qPrintable(err));
    }

    QString routes = QStringLiteral(R"([{"name":"webhook","hook_url":"%1"%4},)"
                                    R"({"name":"jira","hook_url":"%2","api_key":"%3","level":12})")
                         .arg(url(m_webhookPort, QStringLiteral("/hook")), url(m_jiraPort), kJiraToken,
                              (m_opt.webhookDigest ? QString() : QStringLiteral(R"(,"digest_threshold":0)")) +
                                  (m_opt.webhookLevel > 0 ? QStringLiteral(R"(,"level":%1)").arg(m_opt.webhookLevel) : QString()));
    if (m_opt.slack)
        routes += QStringLiteral(R"(,{"name":"slack","hook_url":"%1","level":15,"digest_threshold":0})").arg(url(m_slackPort, QStringLiteral("/services/T0/B0/X")));
    if (m_opt.email) routes += QStringLiteral(R"(,{"name":"email","level":12,"digest_threshold":0,"recipients":"soc@example.com"})");
    routes += u']';
    writeFile(m_dir->filePath(QStringLiteral("routes.json")), routes.toUtf8());
    writeFile(m_dir->filePath(QStringLiteral("empty.env")), "# the fault suite sets everything in the environment\n");
    if (m_opt.listenAtStart && !listenStandIns()) qWarning("a stand-in could not listen");
}

FaultHarness::~FaultHarness()
{
    if (m_daemon && m_daemon->state() != QProcess::NotRunning) {
        m_daemon->kill();
        m_daemon->waitForFinished(5000);
    }
    if (m_conn) PQfinish(m_conn);
    if (m_cluster) {
        QString err;
        m_cluster->stop(&err);
    }
}

bool FaultHarness::listen(Service service)
{
    if (m_listening.contains(int(service))) return true;
    bool ok = false;
    switch (service) {
    case Service::Wazuh: ok = wazuh.listen(quint16(m_wazuhPort)); break;
    case Service::Llm: ok = llm.listen(quint16(m_llmPort)); break;
    case Service::Jira: ok = jira->listen(quint16(m_jiraPort)); break;
    case Service::Webhook: ok = webhook->listen(quint16(m_webhookPort)); break;
    case Service::Slack: ok = slack->listen(quint16(m_slackPort)); break;
    case Service::Smtp: {
        QString err;
        ok = smtp && smtp->start(&err);
        if (smtp && !ok) qWarning("the SMTP stand-in did not start: %s", qPrintable(err));
        break;
    }
    }
    if (ok) m_listening.insert(int(service));
    return ok;
}

bool FaultHarness::listenStandIns()
{
    bool ok = true;
    for (auto s : {Service::Wazuh, Service::Llm, Service::Jira, Service::Webhook, Service::Slack}) ok = listen(s) && ok;
    if (m_opt.email) ok = listen(Service::Smtp) && ok;
    return ok;
}

bool FaultHarness::startDatabase(QString *error)
{
    if (!m_cluster) {
        EmbeddedCluster::Options o;
        o.dataDir = m_dir->path() + QStringLiteral("/pg");
        o.throwaway = false;  // durable, as in production: a restart must not lose a commit
        o.tcpPort = m_pgPort;
        m_cluster = std::make_unique<EmbeddedCluster>(o);
    }
    if (!m_cluster->start(error)) return false;
    m_db = m_cluster->connectionInfo();
    if (!m_migrated) {
        if (!TestDatabase::migrate(m_db, error)) return false;
        // every state change of every alert, to check that each stage moved each alert once
        if (!TestDatabase::exec(m_db, QStringLiteral(
                "CREATE TABLE fault_transitions(id bigint, old_state text, new_state text, at timestamptz DEFAULT clock_timestamp()); "
                "CREATE FUNCTION fault_note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF OLD.state IS DISTINCT FROM NEW.state THEN INSERT INTO fault_transitions(id, old_state, new_state) "
                "VALUES (NEW.id, OLD.state::text, NEW.state::text); END IF; RETURN NEW; END $$; "
                "CREATE TRIGGER fault_note AFTER UPDATE OF state ON alerts FOR EACH ROW EXECUTE FUNCTION fault_note()"),
                                  error))
            return false;
        m_migrated = true;
    }
    return true;
}

bool FaultHarness::stopDatabase(QString *error) { return m_cluster && m_cluster->stop(error); }

bool FaultHarness::startDaemon(QString *error, int readyTimeoutMs)
{
    if (m_daemon && m_daemon->state() != QProcess::NotRunning) {
        *error = QStringLiteral("a daemon runs already");
        return false;
    }
    m_daemon = std::make_unique<QProcess>();
    QProcessEnvironment env;
    const auto sys = QProcessEnvironment::systemEnvironment();
    for (const auto &k : sys.keys()) {
        static const QStringList ours{QStringLiteral("EOS_"), QStringLiteral("PG"), QStringLiteral("WAZUH_"), QStringLiteral("SMTP_"),
                                      QStringLiteral("AZURE_"), QStringLiteral("OPENAI_"), QStringLiteral("LLM_"), QStringLiteral("JIRA_"),
                                      QStringLiteral("WEBHOOK_"), QStringLiteral("LISTEN_"), QStringLiteral("NOTIFY_SOCKET"),
                                      QStringLiteral("JOURNAL_STREAM")};
        if (std::any_of(ours.begin(), ours.end(), [&k](const QString &p) { return k.startsWith(p); })) continue;
        env.insert(k, sys.value(k));
    }
    const QMap<QString, QString> settings{
        {QStringLiteral("PG_DSN"), QStringLiteral("postgresql://eos@127.0.0.1:%1/eos").arg(m_pgPort)},
        {QStringLiteral("WEBHOOK_AUTH_TOKEN"), QString::fromLatin1(kToken)},
        {QStringLiteral("LISTEN_PORT"), QString::number(m_listenPort)},
        {QStringLiteral("EOS_DATA_DIR"), dataDir()},
        {QStringLiteral("EOS_LOG_FORMAT"), QStringLiteral("text")},
        {QStringLiteral("WAZUH_API_URL"), url(m_wazuhPort)},
        {QStringLiteral("WAZUH_API_USER"), QStringLiteral("wazuh")},
        {QStringLiteral("WAZUH_API_PASSWD"), QStringLiteral("wazuh-pw")},
        {QStringLiteral("LLM_PROVIDER"), QStringLiteral("openai")},
        {QStringLiteral("OPENAI_BASE_URL"), url(m_llmPort, QStringLiteral("/v1"))},
        {QStringLiteral("OPENAI_MODEL"), QStringLiteral("fault-model")},
        {QStringLiteral("LLM_CONCURRENCY"), QStringLiteral("8")},
        {QStringLiteral("LLM_TIMEOUT_SECONDS"), QStringLiteral("5")},
        {QStringLiteral("EOS_ROUTES_FILE"), m_dir->filePath(QStringLiteral("routes.json"))},
        {QStringLiteral("JIRA_USER"), kJiraUser},
        {QStringLiteral("JIRA_PROJECT_KEY"), QStringLiteral("SOC")},
        {QStringLiteral("EOS_DISPATCH_TIMEOUT_MS"), QStringLiteral("4000")},
        // faults must delay the work, never use it up: a stage or a dispatch gives up only much later
        {QStringLiteral("EOS_STAGE_MAX_ATTEMPTS"), QStringLiteral("1000")},
        {QStringLiteral("EOS_DISPATCH_MAX_ATTEMPTS"), QStringLiteral("1000")},
        {QStringLiteral("EOS_STAGE_LEASE_SECONDS"), QStringLiteral("5")},
        {QStringLiteral("EOS_BATCH_MS"), QStringLiteral("5")},
    };
    for (auto it = settings.begin(); it != settings.end(); ++it) env.insert(it.key(), it.value());
    if (m_opt.email) {
        env.insert(QStringLiteral("SMTP_SERVER"), QStringLiteral("127.0.0.1"));
        env.insert(QStringLiteral("SMTP_PORT"), QString::number(m_smtpPort));
        env.insert(QStringLiteral("SMTP_CA"), smtp->caFile());
        env.insert(QStringLiteral("SMTP_USERNAME"), smtp->options().user);
        env.insert(QStringLiteral("SMTP_PASSWORD"), smtp->options().password);
        env.insert(QStringLiteral("SMTP_CONNECT_TIMEOUT_MS"), QStringLiteral("3000"));
        env.insert(QStringLiteral("EMAIL_FROM"), QStringLiteral("Eos <eos@soc.example.com>"));
        env.insert(QStringLiteral("EMAIL_TO"), QStringLiteral("analyst@example.com"));
    }
    for (auto it = m_opt.env.begin(); it != m_opt.env.end(); ++it) env.insert(it.key(), it.value());
    env.insert(QStringLiteral("HOME"), m_dir->path());
    m_daemon->setProcessEnvironment(env);
    m_daemon->setProcessChannelMode(QProcess::MergedChannels);
    m_daemon->start(QStringLiteral(EOS_DAEMON_BIN), {QStringLiteral("--config"), m_dir->filePath(QStringLiteral("empty.env"))});
    if (!m_daemon->waitForStarted(5000)) {
        *error = QStringLiteral("cannot start %1").arg(QStringLiteral(EOS_DAEMON_BIN));
        return false;
    }
    const qsizetype from = m_out.size();
    // ready once it logs so (the listener is up by then); the stand-ins answer meanwhile
    const bool ready = waitFor([this, from] {
        pump();
        return m_out.indexOf("ready;", from) >= 0 || m_daemon->state() != QProcess::Running;
    }, readyTimeoutMs);
    if (ready && m_out.indexOf("ready;", from) >= 0) return true;
    *error = QStringLiteral("the daemon did not become ready: %1").arg(QString::fromUtf8(m_out.mid(from).right(3000)));
    return false;
}

void FaultHarness::killDaemon()
{
    if (!m_daemon) return;
    m_daemon->kill();
    m_daemon->waitForFinished(10000);
    pump();
}

bool FaultHarness::stopDaemon(QString *error)
{
    if (!m_daemon || m_daemon->state() == QProcess::NotRunning) return true;
    m_daemon->terminate();
    const bool done = waitFor([this] {
        pump();
        return m_daemon->state() == QProcess::NotRunning;
    }, 30000);
    pump();
    if (!done || m_daemon->exitStatus() != QProcess::NormalExit || m_daemon->exitCode() != 0) {
        *error = QStringLiteral("the daemon did not stop cleanly: %1").arg(QString::fromUtf8(m_out.right(3000)));
        return false;
    }
    return true;
}

qint64 FaultHarness::daemonPid() const { return m_daemon ? m_daemon->processId() : 0; }
bool FaultHarness::daemonRunning() const { return m_daemon && m_daemon->state() == QProcess::Running; }

void FaultHarness::pump()
{
    if (!m_daemon) return;
    m_out += m_daemon->readAll();
    if (m_out.size() > 512 * 1024) m_out = m_out.right(256 * 1024);
}

QByteArray FaultHarness::daemonOutput()
{
    pump();
    return m_out;
}

void FaultHarness::startStream(Stream *s, const QString &prefix)
{
    s->prefix = prefix;
    const int port = m_listenPort;
    s->th = std::thread([s, port, prefix] {
        QTcpSocket sock;
        const auto start = std::chrono::steady_clock::now();
        const QByteArray path = s->batch > 1 ? "/wazuh_alerts" : "/wazuh_alert";
        for (int n = 0; !s->stop && (s->maxAlerts == 0 || n < s->maxAlerts);) {
            if (s->ratePerSecond > 0) {  // keep to the rate: wait for this request's slot (or stop)
                const auto due = start + std::chrono::microseconds(qint64(n) * 1000000 / s->ratePerSecond);
                std::unique_lock lock(s->m);
                if (s->wake.wait_until(lock, due, [s] { return s->stop.load(); })) break;
            }
            QByteArray body;
            const int first = n;
            for (int i = 0; i < s->batch && (s->maxAlerts == 0 || n < s->maxAlerts); ++i, ++n)
                body += s->make(prefix, n) + '\n';
            if (s->batch == 1) body.chop(1);
            const int code = post(sock, port, path, body);
            s->sent += n - first;
            std::unique_lock lock(s->m);
            for (int i = first; i < n; ++i) {
                if (code == 202) s->ackedIds.insert(i);
                else if (code == 0) s->unknownIds.insert(i);
                else s->refusedIds.insert(i);
            }
            if (code == 202) s->acked += n - first;
            else if (code == 0) s->unanswered += n - first;
            else s->refused += n - first;
            if (code == 503) ++s->status503;
            if (code == 0)  // no daemon: keep trying, pausing briefly unless told to stop
                s->wake.wait_for(lock, std::chrono::milliseconds(20), [s] { return s->stop.load(); });
        }
    });
}

QByteArray FaultHarness::postOnce(const QByteArray &alert)
{
    QTcpSocket sock;
    sock.connectToHost(QHostAddress::LocalHost, quint16(m_listenPort));
    if (!sock.waitForConnected(3000)) return {};
    sock.write("POST /wazuh_alert HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nX-Auth-Token: " + kToken +
               "\r\nContent-Length: " + QByteArray::number(alert.size()) + "\r\n\r\n" + alert);
    QByteArray out;
    while (sock.waitForReadyRead(10000)) out += sock.readAll();
    return out + sock.readAll();
}

bool FaultHarness::waitFor(const std::function<bool()> &cond, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    for (;;) {
        if (cond()) return true;
        if (t.elapsed() > timeoutMs) return false;
        QTest::qWait(100);
    }
}

QString FaultHarness::scalar(const QString &sql)
{
    if (m_conn && PQstatus(m_conn) != CONNECTION_OK) {
        PQfinish(m_conn);
        m_conn = nullptr;
    }
    if (!m_conn) {
        m_conn = PQconnectdb(QStringLiteral("host=127.0.0.1 port=%1 user=eos dbname=eos connect_timeout=3").arg(m_pgPort).toUtf8().constData());
        if (PQstatus(m_conn) != CONNECTION_OK) {
            PQfinish(m_conn);
            m_conn = nullptr;
            return {};
        }
    }
    PGresult *r = PQexec(m_conn, sql.toUtf8().constData());
    QString out;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) out = QString::fromUtf8(PQgetvalue(r, 0, 0));
    else if (PQresultStatus(r) != PGRES_TUPLES_OK) qWarning("fault harness query failed: %s", PQresultErrorMessage(r));
    PQclear(r);
    return out;
}

// an outbox row still to do: neither sent nor digested (nor, where expected, an email route's row dead with its 5xx reply)
QString FaultHarness::outboxOpen() const
{
    return m_opt.emailDeadExpected
               ? QStringLiteral("state NOT IN ('sent', 'digested') AND NOT (route = 'email' AND state = 'dead' AND response_status BETWEEN 500 AND 599)")
               : QStringLiteral("state NOT IN ('sent', 'digested')");
}

bool FaultHarness::pipelineDone()
{
    // (alerts acknowledged from the ingest inbox and not moved yet are not in alerts: none may wait there either)
    return scalar(QStringLiteral("SELECT (SELECT count(*) FROM alerts) > 0 AND NOT EXISTS (SELECT 1 FROM alerts WHERE state <> 'sent') "
                                 "AND NOT EXISTS (SELECT 1 FROM alert_inbox) "
                                 "AND NOT EXISTS (SELECT 1 FROM dispatch_outbox WHERE %1)").arg(outboxOpen())) == QLatin1String("t");
}

QString FaultHarness::backlog()
{
    return scalar(QStringLiteral(
        "SELECT 'alerts: ' || coalesce((SELECT string_agg(state::text || ' ' || n, ', ') FROM (SELECT state, count(*) n FROM alerts GROUP BY 1 ORDER BY 1) a), 'none') "
        "|| '; inbox: ' || (SELECT count(*) FROM alert_inbox) "
        "|| '; outbox: ' || coalesce((SELECT string_agg(route || '/' || state || ' ' || n, ', ') FROM (SELECT route, state, count(*) n FROM dispatch_outbox GROUP BY 1, 2 ORDER BY 1, 2) o), 'none') "
        "|| coalesce('; last error: ' || (SELECT coalesce(stage_error, '') FROM alerts WHERE stage_error IS NOT NULL ORDER BY id DESC LIMIT 1), '') "
        "|| coalesce('; outbox error: ' || (SELECT error FROM dispatch_outbox WHERE error IS NOT NULL AND state <> 'sent' ORDER BY id DESC LIMIT 1), '')"));
}

FaultHarness::Figures FaultHarness::figures(const QList<Stream *> &streams)
{
    Figures f;
    auto num = [this](const QString &sql) { return scalar(sql).toInt(); };
    for (Stream *s : streams) {
        std::lock_guard lock(s->m);
        f.acked += int(s->ackedIds.size());
        f.refused += int(s->refusedIds.size());
        f.unknown += int(s->unknownIds.size());
        // copies stored per alert number of this stream
        const QString rows = scalar(QStringLiteral(
            "SELECT coalesce(string_agg(n || ':' || c, ','), '') FROM (SELECT split_part(raw->>'id', '.', 2)::int n, count(*) c "
            "FROM alerts WHERE raw->>'id' LIKE '%1.%' GROUP BY 1) x").arg(s->prefix));
        std::map<int, int> copies;
        for (const auto &pair : rows.split(u',', Qt::SkipEmptyParts)) {
            const auto p = pair.split(u':');
            copies[p[0].toInt()] = p[1].toInt();
        }
        for (const auto &[n, c] : copies) {
            f.stored += c;
            if (c > 1) ++f.doubled;
            if (s->refusedIds.contains(n)) ++f.refusedButStored;
        }
        for (int n : std::as_const(s->ackedIds))
            if (!copies.count(n)) ++f.missing;
    }
    f.notSent = num(QStringLiteral("SELECT count(*) FROM alerts WHERE state <> 'sent'"));
    f.failed = num(QStringLiteral("SELECT count(*) FROM alerts WHERE state = 'failed'"));
    auto stage = [&](const char *from, const char *to, int *once, int *twice) {
        *once = num(QStringLiteral("SELECT count(DISTINCT id) FROM fault_transitions WHERE old_state = '%1' AND new_state = '%2'").arg(QLatin1String(from), QLatin1String(to)));
        *twice = num(QStringLiteral("SELECT count(*) FROM (SELECT id FROM fault_transitions WHERE old_state = '%1' AND new_state = '%2' "
                                    "GROUP BY id HAVING count(*) > 1) x").arg(QLatin1String(from), QLatin1String(to)));
    };
    stage("new", "agent_enriched", &f.enriched, &f.enrichedTwice);
    stage("agent_enriched", "summarized", &f.summarized, &f.summarizedTwice);
    stage("summarized", "sent", &f.dispatched, &f.dispatchedTwice);
    f.withSummary = num(QStringLiteral("SELECT count(*) FROM alerts WHERE llm_summary IS NOT NULL AND llm_valid"));
    f.outboxRows = num(QStringLiteral("SELECT count(*) FROM dispatch_outbox"));
    f.outboxNotSent = num(QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE %1").arg(outboxOpen()));
    // every alert has one row per route it matches (webhook: all; jira: level ≥ 12; slack: level ≥ 15)
    f.outboxMissing = num(QStringLiteral(
        "SELECT count(*) FROM alerts a WHERE a.state = 'sent' AND ((a.rule_level >= %2 AND NOT EXISTS (SELECT 1 FROM dispatch_outbox o WHERE o.alert_id = a.id AND o.route = 'webhook')) "
        "OR (a.rule_level >= 12 AND NOT EXISTS (SELECT 1 FROM dispatch_outbox o WHERE o.alert_id = a.id AND o.route = 'jira'))%1)")
                              .arg((m_opt.slack ? QStringLiteral(" OR (a.rule_level >= 15 AND NOT EXISTS (SELECT 1 FROM dispatch_outbox o WHERE o.alert_id = a.id AND o.route = 'slack'))")
                                                : QString()) +
                                   (m_opt.email ? QStringLiteral(" OR (a.rule_level >= 12 AND NOT EXISTS (SELECT 1 FROM dispatch_outbox o WHERE o.alert_id = a.id AND o.route = 'email'))")
                                                : QString()))
                              .arg(m_opt.webhookLevel));
    f.webhookRows = num(QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'webhook'"));
    f.jiraRows = num(QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'jira'"));
    f.slackRows = num(QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'slack'"));

    // what the stand-ins received
    QHash<QByteArray, int> keys;
    for (const auto &r : std::as_const(webhook->accepted)) ++keys[r.headers.value("idempotency-key")];
    f.webhookRequests = int(webhook->accepted.size());
    f.webhookKeys = int(keys.size());
    for (auto it = keys.begin(); it != keys.end(); ++it)
        if (it.value() > 1) ++f.webhookKeysTwice;
    // a Jira row is an issue (its label eos-<outbox id>) or, for a repeat of an open issue's agent and
    // rule, a comment on it (its marker eos-<outbox id>)
    QHash<QString, int> labels;
    static const QRegularExpression marker(QStringLiteral("\\beos-(\\d+)\\b"));
    for (const auto &i : std::as_const(jira->issues)) {
        for (const auto &l : i.labels)
            if (l.startsWith(QStringLiteral("eos-"))) ++labels[l];
        for (const auto &c : i.comments) {
            QSet<QString> inThisComment;
            for (auto it = marker.globalMatch(JiraStandIn::text(c)); it.hasNext();) inThisComment.insert(QStringLiteral("eos-") + it.next().captured(1));
            for (const auto &m : std::as_const(inThisComment)) ++labels[m];
        }
    }
    f.jiraIssues = int(jira->issues.size());
    f.jiraComments = jira->commented;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        if (it.value() > 1) ++f.jiraLabelsTwice;
    const QString jiraIds = scalar(QStringLiteral("SELECT coalesce(string_agg(id::text, ','), '') FROM dispatch_outbox WHERE route = 'jira'"));
    for (const auto &id : jiraIds.split(u',', Qt::SkipEmptyParts))
        if (!labels.contains(QStringLiteral("eos-") + id)) ++f.jiraRowsWithoutIssue;
    f.slackMessages = int(slack->messages.size());
    f.slack429 = slack->throttled;
    f.llmRequests = llm.requests;
    f.wazuhRequests = wazuh.requests;
    f.llmViolations = int(llm.violations.size());
    f.wazuhBadRequests = int(wazuh.badRequests.size());

    // email: every row sent is one message the server took (its Message-ID, recorded in the row), a row
    // that went dead was never delivered and keeps the server's reply
    f.email = m_opt.email;
    f.emailDeadExpected = m_opt.emailDeadExpected;
    if (m_opt.email) {
        f.emailRows = num(QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'email'"));
        f.emailSent = num(QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'email' AND state = 'sent'"));
        f.emailDead = num(QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'email' AND state = 'dead'"));
        f.emailDeadWithoutReply = num(QStringLiteral("SELECT count(*) FROM dispatch_outbox WHERE route = 'email' AND state = 'dead' "
                                                     "AND NOT (response_status BETWEEN 500 AND 599 AND error ~ '\\m5[0-9][0-9] ')"));
        QSet<QString> sentIds;
        for (const QString &id : scalar(QStringLiteral("SELECT coalesce(string_agg(payload->>'message_id', ' '), '') FROM dispatch_outbox "
                                                       "WHERE route = 'email' AND state = 'sent'")).split(u' ', Qt::SkipEmptyParts))
            sentIds.insert(id.trimmed());
        QHash<QString, int> received;
        for (const QJsonObject &m : smtp->received()) {
            ++f.emailMessages;
            ++received[m.value(QStringLiteral("headers")).toObject().value(QStringLiteral("message-id")).toArray().first().toString().trimmed()];
        }
        for (auto it = received.begin(); it != received.end(); ++it) {
            if (it.value() > 1) ++f.emailIdsTwice;
            if (!sentIds.contains(it.key())) ++f.emailReceivedNotSent;
        }
        for (const QString &id : std::as_const(sentIds))
            if (!received.contains(id)) ++f.emailSentNotReceived;
    }
    return f;
}

}  // namespace eos::test
