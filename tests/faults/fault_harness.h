// The fault suite's stage (ctest -L faults): a real build/app/eos-daemon process running every stage that
// exists (ingest, enrichment, LLM, dispatch) against a private PostgreSQL cluster the test can stop and
// start, and local stand-ins speaking the real protocols (Wazuh API, an OpenAI-compatible LLM, Jira, a
// webhook, Slack and, with Options::email, SMTP: Debian's aiosmtpd in a process of its own), reached over loopback on ports reserved up front so a service can be "down" (nothing
// listening) and come up later on the same address. Streams of alerts are posted from threads of their
// own and every answer is recorded; a trigger records every state change of every alert, so the check at
// the end can say, per alert, that it was stored once and that every stage moved it once, and count what
// each stand-in received. The stand-ins live on the test's thread: wait with waitFor() (or QTRY_*) so
// they can answer.
#pragma once

#include "jira_stand_in.h"
#include "json_endpoint_stand_in.h"
#include "llm_stand_in.h"
#include "slack_stand_in.h"
#include "smtp_stand_in.h"
#include "store/db_connection_info.h"
#include "store/embedded_cluster.h"
#include "wazuh_stand_in.h"

#include <QByteArray>
#include <QProcess>
#include <QSet>
#include <QString>
#include <QTemporaryDir>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

struct pg_conn;

namespace eos::test {

class FaultHarness {
public:
    struct Options {
        bool slack = false;            // a Slack route for level ≥ 15 (one message a second at most)
        bool listenAtStart = true;     // false: the services are down (nothing listening) until listenStandIns()
        bool webhookDigest = false;    // the webhook route's default digests (20 a minute); off: one delivery per alert
        int webhookLevel = 0;          // the webhook route's level filter (0: every alert)
        QMap<QString, QString> env;    // more daemon environment
        bool email = false;            // an email route for level ≥ 12 (no digests) to the SMTP stand-in (STARTTLS, AUTH)
        bool emailDeadExpected = false;  // email rows may end dead (a 5xx reply): done, not a problem, if the reply is kept
    };

    // Streams alerts "<prefix>.<n>" from a thread: single POST /wazuh_alert (batch 1) or NDJSON bodies of
    // `batch` alerts; at most ratePerSecond (0: as fast as answers come), at most maxAlerts (0: until stopped).
    struct Stream {
        int batch = 1;
        int ratePerSecond = 0;
        int maxAlerts = 0;
        QString prefix;                // set by startStream
        std::function<QByteArray(const QString &prefix, int n)> make = &FaultHarness::alertJson;
        std::atomic<bool> stop{false};
        std::atomic<int> sent{0}, acked{0}, refused{0}, unanswered{0};
        std::atomic<int> status503{0};
        std::mutex m;
        std::condition_variable wake;
        QSet<int> ackedIds, refusedIds, unknownIds;  // under m
        std::thread th;
        ~Stream();
        void halt();                   // stop and join
    };

    struct Figures {
        int acked = 0, refused = 0, unknown = 0;
        int stored = 0, missing = 0, doubled = 0, refusedButStored = 0;
        int notSent = 0, failed = 0;                    // alerts not at the end of the pipeline / marked failed
        int enriched = 0, enrichedTwice = 0;            // new → agent_enriched
        int summarized = 0, summarizedTwice = 0;        // agent_enriched → summarized
        int dispatched = 0, dispatchedTwice = 0;        // summarized → sent
        int withSummary = 0;                            // an LLM answer stored
        int outboxRows = 0, outboxNotSent = 0, outboxMissing = 0;
        int webhookRows = 0, webhookKeys = 0, webhookRequests = 0, webhookKeysTwice = 0;
        int jiraRows = 0, jiraIssues = 0, jiraComments = 0, jiraLabelsTwice = 0, jiraRowsWithoutIssue = 0;
        int slackRows = 0, slackMessages = 0, slack429 = 0;
        int llmRequests = 0, wazuhRequests = 0, llmViolations = 0, wazuhBadRequests = 0;
        bool email = false, emailDeadExpected = false;
        int emailRows = 0, emailSent = 0, emailDead = 0, emailDeadWithoutReply = 0;
        int emailMessages = 0, emailIdsTwice = 0, emailSentNotReceived = 0, emailReceivedNotSent = 0;
        QString text() const;
        // every acknowledged alert stored once, every stage's work done once, nothing sent twice
        // (slackMayRepeat: Slack has no idempotency key, a kill between its answer and our commit repeats it)
        QStringList problems(bool slackMayRepeat = false) const;
    };

    explicit FaultHarness(const QString &name);
    FaultHarness(const QString &name, Options options);
    ~FaultHarness();

    bool startDatabase(QString *error);
    bool stopDatabase(QString *error);
    enum class Service { Wazuh, Llm, Jira, Webhook, Slack, Smtp };
    bool listen(Service service);          // on its reserved port (it was "down": connections refused)
    bool listenStandIns();                 // every service not listening yet
    bool startDaemon(QString *error, int readyTimeoutMs = 60000);
    void killDaemon();                     // SIGKILL
    bool stopDaemon(QString *error);       // SIGTERM, exit 0
    qint64 daemonPid() const;
    bool daemonRunning() const;
    QByteArray daemonOutput();             // what it printed (the last 256 KiB)
    QString dataDir() const { return m_dir->path() + QStringLiteral("/data"); }
    int listenPort() const { return m_listenPort; }

    void startStream(Stream *s, const QString &prefix);
    QByteArray postOnce(const QByteArray &alert);  // POST /wazuh_alert on a new connection: the whole answer

    // Polls cond every 100 ms while the event loop runs (the stand-ins answer); false after timeoutMs.
    static bool waitFor(const std::function<bool()> &cond, int timeoutMs);
    // Every stored alert of the run at the end of the pipeline, every outbox row sent.
    bool pipelineDone();
    QString backlog();                     // alerts per state and outbox rows per state, for messages
    Figures figures(const QList<Stream *> &streams);
    QString scalar(const QString &sql);    // on the harness's own connection (reconnects); "" on error

    WazuhStandIn wazuh;
    LlmStandIn llm;
    std::unique_ptr<JiraStandIn> jira;
    std::unique_ptr<JsonEndpointStandIn> webhook;
    std::unique_ptr<SlackStandIn> slack;
    std::unique_ptr<SmtpStandIn> smtp;  // with Options::email; its own process: "down" until listen(Service::Smtp)

    static QByteArray alertJson(const QString &prefix, int n);

private:
    void pump();
    QString outboxOpen() const;
    Options m_opt;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<EmbeddedCluster> m_cluster;
    DbConnectionInfo m_db;
    int m_pgPort = 0, m_listenPort = 0, m_wazuhPort = 0, m_llmPort = 0, m_jiraPort = 0, m_webhookPort = 0, m_slackPort = 0, m_smtpPort = 0;
    bool m_migrated = false;
    QSet<int> m_listening;
    std::unique_ptr<QProcess> m_daemon;
    QByteArray m_out;
    pg_conn *m_conn = nullptr;
    std::atomic<int> m_nextId{0};
};

}  // namespace eos::test
