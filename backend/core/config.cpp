#include "core/config.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QUrl>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>

namespace eos {
namespace {

// Every key Eos reads. Keys of the older Python pipeline keep their names and meaning.
constexpr std::array kKeys{
    // -- older pipeline (kept) --
    ConfigKey{"PG_DSN", "", "PostgreSQL connection (URI postgresql://user:pass@host:port/db?sslmode=… or "
                            "key=value). Unset: Eos runs its own private cluster under EOS_DATA_DIR.", true},
    ConfigKey{"AGENTS_PG_DSN", "", "Database for the agents table; unset = same as PG_DSN.", true},
    ConfigKey{"WAZUH_API_URL", "", "Wazuh server API, e.g. https://wazuh-manager:55000.", false},
    ConfigKey{"WAZUH_API_USER", "", "Wazuh API user.", false},
    ConfigKey{"WAZUH_API_PASSWD", "", "Wazuh API password.", true},
    ConfigKey{"WAZUH_API_CA", "", "PEM file of the private CA that signed the Wazuh API's certificate (added to the "
                                  "system CAs).", false},
    ConfigKey{"WAZUH_API_INSECURE", "0", "1 = do not verify the Wazuh API's TLS certificate (logged as a warning "
                                         "at start; prefer WAZUH_API_CA).", false},
    ConfigKey{"WAZUH_AGENT_SYNC_SECONDS", "60", "Seconds between syncs of the agent inventory (status) from the "
                                                "Wazuh API.", false},
    ConfigKey{"AZURE_OPENAI_ENDPOINT", "", "Azure OpenAI endpoint, e.g. https://NAME.openai.azure.com/.", false},
    ConfigKey{"AZURE_OPENAI_API_KEY", "", "Azure OpenAI API key.", true},
    ConfigKey{"AZURE_OPENAI_DEPLOYMENT_NAME", "", "Azure OpenAI deployment name.", false},
    ConfigKey{"AZURE_OPENAI_API_VERSION", "2024-10-21", "Azure OpenAI inference API version (api-version).", false},
    ConfigKey{"SMTP_SERVER", "", "SMTP server host name.", false},
    ConfigKey{"SMTP_PORT", "587", "SMTP port.", false},
    ConfigKey{"SMTP_USERNAME", "", "SMTP user name.", false},
    ConfigKey{"SMTP_PASSWORD", "", "SMTP password.", true},
    ConfigKey{"EMAIL_FROM", "", "Sender address of alert emails.", false},
    ConfigKey{"EMAIL_TO", "", "Recipient address(es) of alert emails, comma separated.", false},
    ConfigKey{"WEBHOOK_AUTH_TOKEN", "", "Token Wazuh sends in X-Auth-Token. Unset: the listener does not start.", true},
    // -- email (SMTP through libcurl; the template and the preview) --
    ConfigKey{"SMTP_TLS", "", "starttls (required; the default), implicit (TLS from the first byte; the default on port "
                              "465) or none (clear text: logged as a warning at every start).", false},
    ConfigKey{"SMTP_CA", "", "PEM file of the private CA that signed the SMTP server's certificate (added to the "
                             "system CAs).", false},
    ConfigKey{"SMTP_CONNECT_TIMEOUT_MS", "10000", "Time-out of the SMTP connection (TCP and TLS), in ms; the whole "
                                                  "mail transaction is bounded by EOS_DISPATCH_TIMEOUT_MS.", false},
    ConfigKey{"SUPPORT_EMAIL", "", "Address shown as $support_email in alert emails (default EMAIL_FROM).", false},
    ConfigKey{"EOS_EMAIL_TEMPLATE", "", "HTML template of alert emails ($subject, $body, ${rule.description}, ...). "
                                        "Unset: resources/email/alert.html as shipped.", false},
    ConfigKey{"EOS_TIMEZONE", "", "IANA time zone of the times in emails, e.g. Europe/Berlin (default: the system's "
                                  "zone).", false},
    ConfigKey{"WAZUH_DASHBOARD_URL", "", "Wazuh dashboard base URL, e.g. https://wazuh.example.com: emails link to "
                                         "the alert there, and the console offers Open in Wazuh dashboard.", false},
    // -- new --
    ConfigKey{"LISTEN_ADDR", "127.0.0.1", "Address the alert listener binds.", false},
    ConfigKey{"LISTEN_PORT", "9000", "Port the alert listener binds.", false},
    ConfigKey{"EOS_ENV_FILE", "", "Env file to read (same as --config).", false},
    ConfigKey{"EOS_DATA_DIR", "", "Data directory (embedded cluster, spool, state). Default: /var/lib/eos as root or with /etc/eos/eos.env, "
                                  "else $XDG_DATA_HOME/eos (~/.local/share/eos).", false},
    ConfigKey{"EOS_LOG_LEVEL", "info", "trace, debug, info, warn, error or critical.", false},
    ConfigKey{"EOS_LOG_FORMAT", "auto", "auto (journald priority prefixes when started by systemd), journal or text.", false},
    ConfigKey{"EOS_STATUS_INTERVAL_S", "10", "Seconds between this instance's reports in daemon_status (read by "
                                             "eos-console status); 0 = do not report.", false},
    ConfigKey{"EOS_RETENTION_DAYS", "0", "Delete alerts older than this many days (0 = keep forever).", false},
    ConfigKey{"EOS_AUDIT_RETENTION_DAYS", "0", "Delete audit log rows older than this many days (0 = keep forever); "
                                               "the audit trail is never deleted with alerts.", false},
    ConfigKey{"EOS_INGEST_QUEUE_MAX", "100000", "Alerts queued for the database at most (and 64 MiB of them); beyond, "
                                                "the listener answers 503 with Retry-After.", false},
    ConfigKey{"EOS_HEADER_TIMEOUT_MS", "3000", "A client must send a complete request head within this time (408).", false},
    ConfigKey{"EOS_MAX_CONNECTIONS_PER_PEER", "32", "Concurrent listener connections from one address; more are refused.", false},
    ConfigKey{"EOS_PG_BINDIR", "", "PostgreSQL server binaries for the embedded cluster. Default: the newest "
                                   "/usr/lib/postgresql/<version>/bin.", false},
    ConfigKey{"EOS_PG_RUN_AS", "postgres", "Account that runs the embedded cluster when Eos is started as root.", false},
    ConfigKey{"EOS_MIN_LEVEL", "0", "Alerts with rule.level below this are answered 204 and not stored.", false},
    ConfigKey{"EOS_MAX_BODY", "1048576", "Largest request body the listener takes, in bytes (413 above).", false},
    ConfigKey{"EOS_MAX_CONNECTIONS", "256", "Concurrent listener connections; more are refused.", false},
    ConfigKey{"EOS_HTTP_TIMEOUT_MS", "10000", "A client idle or slow for this long is disconnected.", false},
    ConfigKey{"EOS_TLS_CERT", "", "PEM certificate: the listener speaks HTTPS when set with EOS_TLS_KEY.", false},
    ConfigKey{"EOS_TLS_KEY", "", "PEM private key for EOS_TLS_CERT.", false},
    ConfigKey{"EOS_SPOOL_MAX_MB", "1024", "Largest on-disk spool used while PostgreSQL is unreachable.", false},
    ConfigKey{"EOS_BATCH_SIZE", "400", "Alerts per ingest transaction at most.", false},
    ConfigKey{"EOS_BATCH_MS", "10", "Group commit: under load, the longest a part batch waits for a busy connection, in ms "
                                    "(an idle database commits at once).", false},
    ConfigKey{"EOS_INGEST_CONNECTIONS", "2", "Ingest batches in flight at once, each on its own database connection "
                                             "(committed strictly in order).", false},
    ConfigKey{"EOS_ALERTS_FILE", "", "Follow this Wazuh alerts.json (e.g. /var/ossec/logs/alerts/alerts.json) "
                                     "instead of, or besides, the HTTP listener.", false},
    ConfigKey{"EOS_HOOK_URL", "", "eos-forward: listener URL when integratord passes none.", false},
    ConfigKey{"EOS_ANALYST", "", "Analyst name recorded in the audit trail (default: the OS user).", false},
    ConfigKey{"EOS_NOTIFY_LEVEL", "12", "GUI: alerts at or above this rule.level raise a desktop notification (at most "
                                        "one every 10 s; more are counted into it) and a count on Live Alerts.", false},
    ConfigKey{"EOS_PIPELINE", "on", "GUI: run the embedded pipeline (off = pure console on a shared database).", false},
    ConfigKey{"EOS_PIPELINE_STAGES", "all", "What this daemon runs: all, or a comma list of ingest (listener and "
                                            "alerts.json follower) and stage names (enrich, …), e.g. ingest on the "
                                            "manager host and the stages elsewhere.", false},
    ConfigKey{"EOS_AGENT_OFFLINE_MINUTES", "10", "An agent disconnected longer than this raises one alert (rule "
                                                 "100900); its reconnection a recovery alert (rule 100901).", false},
    ConfigKey{"EOS_AGENT_OFFLINE_LEVEL", "10", "rule.level of the agent-disconnected alert.", false},
    ConfigKey{"EOS_STAGE_LEASE_SECONDS", "60", "How long a stage holds claimed alerts; a daemon killed mid-work "
                                               "leaves leases that expire after this and another daemon (or the next "
                                               "start) takes the work over.", false},
    ConfigKey{"EOS_STAGE_MAX_ATTEMPTS", "5", "Attempts of a stage on one alert before it is marked failed (retryable "
                                             "from the console).", false},
    ConfigKey{"EOS_STAGE_BATCH", "200", "Alerts a stage claims at once.", false},
    ConfigKey{"EOS_STAGE_CONCURRENCY", "4", "Batches a stage works on at once.", false},
    ConfigKey{"EOS_AR_COMMANDS", "", "JSON file of the active-response commands remediation offers (Wazuh ar.conf "
                                     "names, the alert fields they take and their types). Unset: block-ip "
                                     "(firewall-drop600), host-deny, route-null, disable-account, restart-wazuh.", false},
    ConfigKey{"EOS_PROTECTED", "000 user:root", "Agents (ids, name:NAME), accounts (user:NAME), IP addresses and CIDR "
                                                "ranges no remediation ever acts on, comma or space separated.", false},
    ConfigKey{"EOS_PLAYBOOK_DIR", "", "Directory of extra response playbooks (*.md with front matter); a file with "
                                      "the id of a shipped playbook replaces it.", false},
    ConfigKey{"EOS_RESPONSE_POLICIES", "", "JSON file of auto-response policies (match like Wazuh's <integration>, "
                                           "action, limits, dry_run). Unset: no automatic action.", false},
    ConfigKey{"EOS_POLICY_MAX_AGE_MINUTES", "60", "Auto-response acts only on alerts ingested this recently.", false},
    // -- LLM triage --
    ConfigKey{"LLM_PROVIDER", "auto", "azure, openai or off; auto = azure when AZURE_OPENAI_ENDPOINT is set, else off "
                                      "(alerts then pass the LLM stage unsummarised).", false},
    ConfigKey{"OPENAI_BASE_URL", "", "OpenAI-compatible server for LLM_PROVIDER=openai, e.g. http://localhost:11434/v1 "
                                     "(Ollama), :8000/v1 (vLLM), :8080/v1 (llama.cpp).", false},
    ConfigKey{"OPENAI_API_KEY", "", "Bearer key for OPENAI_BASE_URL (optional for local servers).", true},
    ConfigKey{"OPENAI_MODEL", "", "Model name sent to OPENAI_BASE_URL, e.g. llama3.1:8b.", false},
    ConfigKey{"LLM_MIN_LEVEL", "3", "Alerts with rule.level below this pass the LLM stage without a summary.", false},
    ConfigKey{"LLM_CONCURRENCY", "4", "LLM requests under way at once (per daemon).", false},
    ConfigKey{"LLM_DAILY_TOKEN_BUDGET", "0", "Tokens all daemons may spend per UTC day; then alerts wait for the next "
                                             "day (0 = no limit).", false},
    ConfigKey{"LLM_CACHE_MINUTES", "60", "An alert with the same rule, agent and key fields within this many minutes "
                                         "reuses the earlier answer (0 = no cache).", false},
    ConfigKey{"LLM_CACHE_FIELDS", "data.srcip,data.srcuser,data.dstuser,data.win.eventdata.targetUserName,syscheck.path,"
                                  "data.url,data.command",
              "Alert fields (dotted paths) that make up the cache key with rule and agent.", false},
    ConfigKey{"LLM_PROMPT_PRESET", "structured", "Prompt preset: structured (JSON), long or short (the older "
                                                 "pipeline's notification styles).", false},
    ConfigKey{"LLM_PROMPT_FILE", "", "A prompt file of your own (see resources/prompts/); overrides LLM_PROMPT_PRESET.", false},
    ConfigKey{"LLM_REDACT_PATTERNS", "", "More regular expressions (separated by ;;) whose matches are removed from "
                                         "what is sent to the LLM; a group named v limits it to that part.", false},
    ConfigKey{"LLM_MAX_ALERT_CHARS", "12000", "Longest alert JSON sent to the LLM; longer fields are cut.", false},
    ConfigKey{"LLM_MAX_TOKENS", "800", "max_tokens of each answer.", false},
    ConfigKey{"LLM_TEMPERATURE", "0.2", "Sampling temperature.", false},
    ConfigKey{"LLM_TIMEOUT_SECONDS", "60", "A request without an answer for this long is retried.", false},
    ConfigKey{"LLM_MAX_ATTEMPTS", "4", "HTTP attempts per summary (429, 5xx, time-outs) before the alert is "
                                       "rescheduled by the stage.", false},
    ConfigKey{"LLM_JSON_MODE", "1", "Send response_format json_object for JSON prompts (0 for servers without it).", false},
    ConfigKey{"LLM_PRICE_PER_1K_TOKENS", "0", "Price per 1,000 tokens for the console's daily cost chart.", false},
    ConfigKey{"LLM_CURRENCY", "USD", "Currency shown with LLM_PRICE_PER_1K_TOKENS.", false},
    // -- dispatch (routes file, outbox, Jira and StackStorm defaults for routes that leave them out) --
    ConfigKey{"EOS_ROUTES_FILE", "", "Dispatch routes: JSON array of Wazuh <integration>-style routes (slack, jira, "
                                     "stackstorm, webhook, email). Unset: no dispatch, alerts stay summarized.", false},
    ConfigKey{"EOS_DISPATCH_MAX_ATTEMPTS", "8", "Attempts of one dispatch before it is dead (a route's max_attempts "
                                                "overrides; 429 answers do not count).", false},
    ConfigKey{"EOS_DISPATCH_TIMEOUT_MS", "15000", "Time-out of one dispatch request, in ms.", false},
    ConfigKey{"JIRA_URL", "", "Jira site for jira routes without hook_url, e.g. https://acme.atlassian.net.", false},
    ConfigKey{"JIRA_USER", "", "Jira user (Cloud: the account's email) for basic auth with JIRA_API_KEY.", false},
    ConfigKey{"JIRA_API_KEY", "", "Jira API token (a route's api_key overrides).", true},
    ConfigKey{"JIRA_PROJECT_KEY", "", "Jira project key for new issues (a route's project overrides).", false},
    ConfigKey{"JIRA_API_VERSION", "2", "Jira REST API version: 2 (description as text) or 3 (Atlassian Document "
                                       "Format).", false},
    ConfigKey{"JIRA_ISSUE_TYPE", "Task", "Issue type of new Jira issues.", false},
    ConfigKey{"ST2_WEBHOOK_URL", "", "StackStorm webhook for stackstorm routes without hook_url, e.g. "
                                     "https://st2/api/v1/webhooks/wazuh_alert.", false},
    ConfigKey{"ST2_API_KEY", "", "StackStorm API key, sent as St2-Api-Key (a route's api_key overrides).", true},
};

int editDistance(const QString &a, const QString &b)
{
    std::vector<int> prev(static_cast<size_t>(b.size()) + 1), cur(prev.size());
    for (size_t j = 0; j < prev.size(); ++j) prev[j] = static_cast<int>(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        cur[0] = static_cast<int>(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int subst = prev[size_t(j - 1)] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[size_t(j)] = std::min({prev[size_t(j)] + 1, cur[size_t(j - 1)] + 1, subst});
        }
        std::swap(prev, cur);
    }
    return prev[size_t(b.size())];
}

// Prefixes of variables that belong to us: unknown ones among these are worth a warning.
bool looksLikeOurs(const QString &key)
{
    static const QStringList prefixes{QStringLiteral("EOS_"), QStringLiteral("WAZUH_"), QStringLiteral("AZURE_OPENAI"),
                                      QStringLiteral("SMTP_"), QStringLiteral("EMAIL_"), QStringLiteral("WEBHOOK_"),
                                      QStringLiteral("PG_"), QStringLiteral("AGENTS_PG"), QStringLiteral("LISTEN_"),
                                      QStringLiteral("LLM_"), QStringLiteral("OPENAI_"), QStringLiteral("JIRA_"), QStringLiteral("ST2_")};
    return std::any_of(prefixes.begin(), prefixes.end(), [&](const QString &p) { return key.startsWith(p); });
}

QString unquote(QString v)
{
    v = v.trimmed();
    if (v.size() >= 2 && ((v.startsWith(u'"') && v.endsWith(u'"')) || (v.startsWith(u'\'') && v.endsWith(u'\'')))) {
        const bool dbl = v.startsWith(u'"');
        v = v.mid(1, v.size() - 2);
        if (dbl) {
            v.replace(QStringLiteral("\\n"), QStringLiteral("\n"));
            v.replace(QStringLiteral("\\\""), QStringLiteral("\""));
            v.replace(QStringLiteral("\\\\"), QStringLiteral("\\"));
        }
        return v;
    }
    // unquoted: strip a trailing " # comment"
    const auto hash = v.indexOf(QStringLiteral(" #"));
    if (hash >= 0) v = v.left(hash).trimmed();
    return v;
}

QString readSecretFile(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, f.errorString());
        return {};
    }
    // as the env file: a secret others may read (or write) is refused; group read is allowed for a secret
    // shared with the service's group (root:eos 0640)
    struct stat st {};
    if (::fstat(f.handle(), &st) == 0 && (st.st_mode & 007) != 0) {
        *error = QStringLiteral("%1 holds a secret but its permissions %2 let others read it; refusing to start. "
                                "Fix it with: chmod o-rwx %1")
                     .arg(path, QString::number(st.st_mode & 0777, 8).rightJustified(4, u'0'));
        return {};
    }
    QString v = QString::fromUtf8(f.read(64 * 1024));
    while (v.endsWith(u'\n') || v.endsWith(u'\r')) v.chop(1);
    return v;
}

}  // namespace

std::span<const ConfigKey> Config::knownKeys() { return kKeys; }

const ConfigKey *Config::findKey(const QString &name)
{
    for (const auto &k : kKeys)
        if (name == QLatin1String(k.name)) return &k;
    return nullptr;
}

bool Config::isSecretKey(const QString &name)
{
    const auto *k = findKey(name);
    return (k && k->secret) || isRouteTokenKey(name);
}

QString Config::routeTokenKey(const QString &routeId)
{
    QString id = routeId.toUpper();
    for (QChar &c : id)
        if (!((c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9'))) c = u'_';
    return QStringLiteral("EOS_ROUTE_TOKEN_") + id;
}

bool Config::isRouteTokenKey(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^EOS_ROUTE_TOKEN_[A-Z0-9_]+$"));
    return re.match(name).hasMatch();
}

QString Config::defaultEnvFile(Mode mode, const QHash<QString, QString> &env)
{
    if (mode == Mode::Daemon || mode == Mode::Tool) {
        if (QFileInfo::exists(QStringLiteral("/etc/eos/eos.env"))) return QStringLiteral("/etc/eos/eos.env");
        if (mode == Mode::Daemon) return {};
    }
    QString base = env.value(QStringLiteral("XDG_CONFIG_HOME"));
    if (base.isEmpty()) base = env.value(QStringLiteral("HOME"), QDir::homePath()) + QStringLiteral("/.config");
    const QString p = base + QStringLiteral("/eos/eos.env");
    return QFileInfo::exists(p) ? p : QString();
}

QHash<QString, QString> Config::parseEnvText(const QString &text, const QString &origin, QStringList *warnings)
{
    static const QRegularExpression keyRe(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    QHash<QString, QString> out;
    const auto lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = lines[i].trimmed();
        if (line.endsWith(u'\r')) line.chop(1);
        if (line.isEmpty() || line.startsWith(u'#')) continue;
        if (line.startsWith(QStringLiteral("export "))) line = line.mid(7).trimmed();
        const auto eq = line.indexOf(u'=');
        const QString key = eq > 0 ? line.left(eq).trimmed() : QString();
        if (eq <= 0 || !keyRe.match(key).hasMatch()) {
            if (warnings)
                warnings->append(QStringLiteral("%1:%2: ignored a line that is not KEY=VALUE").arg(origin).arg(i + 1));
            continue;
        }
        out.insert(key, unquote(line.mid(eq + 1)));
    }
    return out;
}

QString Config::nearestKnownKey(const QString &key)
{
    QString best;
    int bestDist = 1 << 30;
    for (const auto &k : kKeys) {
        const QString name = QLatin1String(k.name);
        const int d = editDistance(key, name);
        if (d < bestDist) {
            bestDist = d;
            best = name;
        }
    }
    // a suggestion only when it is plausibly a typo
    return bestDist <= std::max<qsizetype>(3, key.size() / 3) ? best : QString();
}

void Config::checkUnknownKeys(const QHash<QString, QString> &fromFile, const QHash<QString, QString> &env)
{
    auto check = [this](const QString &key, const QString &where, bool strict) {
        QString base = key;
        if (base.endsWith(QStringLiteral("_FILE")) && isSecretKey(base.chopped(5))) return;
        if (findKey(base) || isRouteTokenKey(base)) return;
        if (!strict && !looksLikeOurs(base)) return;
        const QString near = nearestKnownKey(base);
        if (near.isEmpty())
            m_warnings.append(QStringLiteral("unknown key %1 in %2").arg(key, where));
        else
            m_warnings.append(QStringLiteral("unknown key %1 in %2; did you mean %3?").arg(key, where, near));
    };
    for (auto it = fromFile.cbegin(); it != fromFile.cend(); ++it) check(it.key(), m_sourceFile, true);
    for (auto it = env.cbegin(); it != env.cend(); ++it) check(it.key(), QStringLiteral("the environment"), false);
}

std::optional<Config> Config::load(const LoadOptions &options, QString *error)
{
    Config cfg;
    QHash<QString, QString> env = options.environment;
    if (options.useProcessEnvironment && env.isEmpty()) {
        const auto pe = QProcessEnvironment::systemEnvironment();
        for (const auto &k : pe.keys()) env.insert(k, pe.value(k));
    }

    QString file = options.explicitFile;
    bool named = !file.isEmpty();
    if (!named && !env.value(QStringLiteral("EOS_ENV_FILE")).isEmpty()) {
        file = env.value(QStringLiteral("EOS_ENV_FILE"));
        named = true;
    }
    if (!named) file = defaultEnvFile(options.mode, env);

    QHash<QString, QString> fromFile;
    if (!file.isEmpty()) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            if (named) {
                *error = QStringLiteral("cannot read the configuration file %1: %2").arg(file, f.errorString());
                return std::nullopt;
            }
        } else {
            cfg.m_sourceFile = QFileInfo(file).absoluteFilePath();
            fromFile = parseEnvText(QString::fromUtf8(f.readAll()), file, &cfg.m_warnings);
            bool holdsSecret = false;
            for (auto it = fromFile.cbegin(); it != fromFile.cend(); ++it)
                if (isSecretKey(it.key()) && !it.value().isEmpty()) holdsSecret = true;
            struct stat st {};
            if (holdsSecret && ::stat(QFile::encodeName(file).constData(), &st) == 0 && (st.st_mode & 077) != 0) {
                *error = QStringLiteral(
                             "the configuration file %1 holds secrets but its permissions %2 let group or others "
                             "read it; refusing to start. Fix it with: chmod 600 %1")
                             .arg(cfg.m_sourceFile, QString::number(st.st_mode & 0777, 8).rightJustified(4, u'0'));
                return std::nullopt;
            }
        }
    }

    // Layering: the environment overrides the file. A KEY in the environment also hides KEY_FILE of the
    // file and vice versa, so the higher layer wins whichever form it uses.
    QHash<QString, QString> merged = fromFile;
    for (auto it = env.cbegin(); it != env.cend(); ++it) {
        const QString &k = it.key();
        if (!findKey(k) && !isRouteTokenKey(k) && !(k.endsWith(QStringLiteral("_FILE")) && isSecretKey(k.chopped(5)))) continue;
        merged.insert(k, it.value());
        if (k.endsWith(QStringLiteral("_FILE"))) {
            if (!env.contains(k.chopped(5))) merged.remove(k.chopped(5));
        }
        else if (isSecretKey(k) && !env.contains(k + QStringLiteral("_FILE")))
            merged.remove(k + QStringLiteral("_FILE"));
    }
    QStringList secretNames;
    for (const auto &k : kKeys)
        if (k.secret) secretNames << QLatin1String(k.name);
    for (auto it = merged.cbegin(); it != merged.cend(); ++it) {
        const QString base = it.key().endsWith(QStringLiteral("_FILE")) ? it.key().chopped(5) : it.key();
        if (isRouteTokenKey(base) && !secretNames.contains(base)) secretNames << base;
    }
    for (const QString &name : std::as_const(secretNames)) {
        const QString fileKey = name + QStringLiteral("_FILE");
        if (!merged.contains(fileKey)) continue;
        if (merged.contains(name)) {
            *error = QStringLiteral("both %1 and %2 are set; set only one of them").arg(name, fileKey);
            return std::nullopt;
        }
        QString readErr;
        const QString v = readSecretFile(merged.value(fileKey), &readErr);
        if (!readErr.isEmpty()) {
            *error = QStringLiteral("%1: %2").arg(fileKey, readErr);
            return std::nullopt;
        }
        merged.remove(fileKey);
        merged.insert(name, v);
    }
    for (auto it = merged.cbegin(); it != merged.cend(); ++it)
        if (findKey(it.key()) || isRouteTokenKey(it.key())) cfg.m_values.insert(it.key(), it.value());

    cfg.checkUnknownKeys(fromFile, env);
    return cfg;
}

QString Config::value(const QString &key) const
{
    auto it = m_values.constFind(key);
    if (it != m_values.cend() && !it->isEmpty()) return *it;
    const auto *k = findKey(key);
    return k ? QString::fromLatin1(k->defaultValue) : QString();
}

bool Config::isSet(const QString &key) const { return !m_values.value(key).isEmpty(); }

int Config::intValue(const QString &key, int fallback) const
{
    const QString v = value(key);
    if (v.isEmpty()) return fallback;
    bool ok = false;
    const int n = v.toInt(&ok);
    if (!ok) {
        m_intWarnings.append(QStringLiteral("%1=%2 is not a whole number; using %3").arg(key, v).arg(fallback));
        return fallback;
    }
    return n;
}

void Config::set(const QString &key, const QString &value) { m_values.insert(key, value); }

QStringList Config::secretValues() const
{
    QStringList out;
    for (const auto &k : kKeys) {
        if (!k.secret) continue;
        const QString v = m_values.value(QLatin1String(k.name));
        if (v.isEmpty()) continue;
        out.append(v);
        // a DSN's password alone may also show up (e.g. in a driver error)
        const QUrl url(v);
        if (url.isValid() && !url.password().isEmpty()) out.append(url.password());
        static const QRegularExpression pw(QStringLiteral("password\\s*=\\s*'?([^\\s']+)"));
        const auto m = pw.match(v);
        if (m.hasMatch()) out.append(m.captured(1));
    }
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it)
        if (isRouteTokenKey(it.key()) && !it.value().isEmpty()) out.append(it.value());
    return out;
}

}  // namespace eos
