// bench-soak (run by bench/soak.sh): a real eos-daemon with every stage (ingest, enrichment against a
// Wazuh API stand-in, the LLM stage against an OpenAI-compatible stand-in, dispatch to a webhook, Jira and
// Slack stand-ins, each with its default digests) takes --rate alerts/s (NDJSON bodies of --batch, 50) for
// --seconds. Every --interval seconds it samples the daemon's RSS, its open file descriptors, the
// database connections and the backlog (alerts not yet through every stage plus outbox rows waiting) into
// a CSV. Passes when, after --warmup, none of them grows by more than 5 %: the rise of the least-squares
// line through the samples after warm-up, against its start, with small absolute allowances for the
// counts (2 descriptors, 1 connection, one second of alerts of backlog); and every alert answered 202 is
// stored exactly once. The alert mix: 10 agents, mostly repeating situations (the LLM cache answers them), 5 % of
// them new (an LLM request each), 1 % at level 12 (a Jira issue each), 0.1 % at level 15 (Slack).
#include "fault_harness.h"

#include <algorithm>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <vector>

using eos::test::FaultHarness;

namespace {

QByteArray soakAlert(const QString &prefix, int n)
{
    const bool fresh = n % 20 == 0;  // a situation the LLM has not seen
    const int level = n % 1000 == 500 ? 15 : n % 100 == 0 ? 12 : 5 + n % 3;
    const int rule = level == 12 ? 200000 + n % 100000 : level == 15 ? 300001 : 5710 + n % 5;
    const QString srcip = fresh ? QStringLiteral("10.%1.%2.%3").arg((n >> 16) & 255).arg((n >> 8) & 255).arg(n & 255)
                                : QStringLiteral("192.0.2.%1").arg(n % 10 + 1);
    return QStringLiteral(R"({"timestamp":"2026-12-01T10:00:00.000+0000","rule":{"level":%1,"id":"%2","description":"sshd: authentication failed","groups":["syslog","sshd","authentication_failed"]},"agent":{"id":"%3","name":"host-%3"},"manager":{"name":"wazuh-manager"},"id":"%4.%5","full_log":"Dec  1 10:00:00 host sshd[4242]: Failed password for admin from %6 port 52211 ssh2","location":"/var/log/auth.log","data":{"srcip":"%6","srcuser":"admin"}})")
        .arg(level)
        .arg(rule)
        .arg(QStringLiteral("%1").arg(n % 10 + 1, 3, 10, QLatin1Char('0')))
        .arg(prefix)
        .arg(n)
        .arg(srcip)
        .toUtf8();
}

long rssKb(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    for (const auto &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').value(0).toLong();
    return -1;
}

int openFds(qint64 pid) { return int(QDir(QStringLiteral("/proc/%1/fd").arg(pid)).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System).size()); }

struct Sample {
    double t;
    double rssKb, fds, connections, backlog;
    int acked, stored, sent;
};

double mean(const std::vector<Sample> &v, size_t from, size_t to, double Sample::*field)
{
    double sum = 0;
    for (size_t i = from; i < to; ++i) sum += v[i].*field;
    return to > from ? sum / double(to - from) : 0;
}

}  // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Soak: every stage at a steady rate; samples RSS, fds, connections and backlog."));
    p.addHelpOption();
    const QCommandLineOption secondsOpt(QStringLiteral("seconds"), QStringLiteral("How long to stream (default 3600)."), QStringLiteral("s"), QStringLiteral("3600"));
    const QCommandLineOption rateOpt(QStringLiteral("rate"), QStringLiteral("Alerts per second (default 500)."), QStringLiteral("n"), QStringLiteral("500"));
    const QCommandLineOption warmupOpt(QStringLiteral("warmup"), QStringLiteral("Seconds before growth counts (default a quarter of --seconds, at most 600)."), QStringLiteral("s"));
    const QCommandLineOption intervalOpt(QStringLiteral("interval"), QStringLiteral("Seconds between samples (default 10)."), QStringLiteral("s"), QStringLiteral("10"));
    const QCommandLineOption batchOpt(QStringLiteral("batch"), QStringLiteral("Alerts per request (default 50; 1: single alerts, through the ingest inbox)."), QStringLiteral("n"), QStringLiteral("50"));
    const QCommandLineOption csvOpt(QStringLiteral("csv"), QStringLiteral("CSV file to write (default soak.csv)."), QStringLiteral("file"), QStringLiteral("soak.csv"));
    p.addOptions({secondsOpt, rateOpt, warmupOpt, intervalOpt, batchOpt, csvOpt});
    p.process(app);
    const int seconds = std::max(30, p.value(secondsOpt).toInt());
    const int rate = std::max(1, p.value(rateOpt).toInt());
    const int warmup = p.isSet(warmupOpt) ? p.value(warmupOpt).toInt() : std::min(600, seconds / 4);
    const int interval = std::max(1, p.value(intervalOpt).toInt());
    const int batch = std::clamp(p.value(batchOpt).toInt(), 1, 1000);

    FaultHarness::Options o;
    o.slack = true;
    o.webhookDigest = true;
    o.webhookLevel = 10;  // notifications for the alerts that matter: every alert is routed, ~1 % notified
    // the stand-in answers at once: the LLM stage's batches (2 × LLM_CONCURRENCY) may be large
    o.env.insert(QStringLiteral("LLM_CONCURRENCY"), QStringLiteral("64"));
    o.env.insert(QStringLiteral("EOS_STAGE_MAX_ATTEMPTS"), QStringLiteral("5"));
    o.env.insert(QStringLiteral("EOS_DISPATCH_MAX_ATTEMPTS"), QStringLiteral("8"));
    o.env.insert(QStringLiteral("EOS_STAGE_LEASE_SECONDS"), QStringLiteral("60"));
    FaultHarness h(QStringLiteral("soak"), o);
    QString err;
    if (!h.startDatabase(&err) || !h.startDaemon(&err)) {
        std::fprintf(stderr, "bench-soak: %s\n", qPrintable(err));
        return 2;
    }
    QFile csv(p.value(csvOpt));
    if (!csv.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        std::fprintf(stderr, "bench-soak: cannot write %s\n", qPrintable(csv.fileName()));
        return 2;
    }
    QTextStream out(&csv);
    out << "t_s,rss_kb,open_fds,db_connections,backlog,acked,stored,sent\n";
    std::printf("soak: %d alerts/s for %d s (warm-up %d s), a sample every %d s into %s; daemon pid %lld\n", rate, seconds, warmup, interval,
                qPrintable(csv.fileName()), h.daemonPid());
    std::fflush(stdout);

    FaultHarness::Stream s;
    s.batch = batch;
    s.ratePerSecond = rate;
    s.make = soakAlert;
    h.startStream(&s, QStringLiteral("soak"));
    QElapsedTimer clock;
    clock.start();
    std::vector<Sample> samples;
    QTimer timer;
    QObject::connect(&timer, &QTimer::timeout, [&] {
        h.daemonOutput();  // drain its output
        const qint64 pid = h.daemonPid();
        Sample x{};
        x.t = double(clock.elapsed()) / 1000.0;
        x.rssKb = double(rssKb(pid));
        x.fds = openFds(pid);
        x.connections = h.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                                "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")).toDouble();
        x.backlog = h.scalar(QStringLiteral("SELECT (SELECT count(*) FROM alerts WHERE state <> 'sent') + (SELECT count(*) FROM alert_inbox) + "
                                            "(SELECT count(*) FROM dispatch_outbox WHERE state IN ('pending', 'sending', 'failed'))")).toDouble();
        x.acked = s.acked;
        x.stored = h.scalar(QStringLiteral("SELECT count(*) FROM alerts")).toInt();
        x.sent = x.stored - int(x.backlog);  // approximate; the exact figure is in the summary
        samples.push_back(x);
        out << QString::asprintf("%.1f,%.0f,%.0f,%.0f,%.0f,%d,%d,%d\n", x.t, x.rssKb, x.fds, x.connections, x.backlog, x.acked, x.stored,
                                 x.sent);
        out.flush();
        std::printf("%7.0f s  rss %7.1f MB  fds %4.0f  connections %3.0f  backlog %7.0f  answered 202 %9d  stored %9d\n", x.t,
                    x.rssKb / 1024.0, x.fds, x.connections, x.backlog, x.acked, x.stored);
        std::fflush(stdout);
        if (!h.daemonRunning()) {
            std::printf("the daemon exited: %s\n", h.daemonOutput().right(2000).constData());
            app.exit(1);
        }
        if (x.t >= seconds) app.exit(0);
    });
    timer.start(interval * 1000);
    const int loopCode = app.exec();
    timer.stop();
    s.halt();
    const double streamed = double(clock.elapsed()) / 1000.0;

    // the pipeline drains, then every acknowledged alert must be there once
    QElapsedTimer drain;
    drain.start();
    const bool done = FaultHarness::waitFor([&h] { return h.pipelineDone(); }, 600000);
    const auto f = h.figures({&s});
    h.stopDaemon(&err);
    std::printf("\nstreamed %.0f s: %d alerts answered 202 (%.0f/s), %d refused, %d without an answer; pipeline %s %.1f s after the stream stopped\n",
                streamed, f.acked, f.acked / streamed, f.refused, f.unknown, done ? "done" : "NOT done", drain.elapsed() / 1000.0);
    std::printf("stored %d (missing %d, doubled %d); LLM requests %d; Jira issues %d; webhook requests %d; Slack messages %d\n", f.stored,
                f.missing, f.doubled, f.llmRequests, f.jiraIssues, f.webhookRequests, f.slackMessages);

    // growth after warm-up: the last quarter's mean against the first quarter's
    size_t first = 0;
    while (first < samples.size() && samples[first].t < warmup) ++first;
    bool pass = loopCode == 0 && done && f.missing == 0 && f.doubled == 0;
    const size_t n = samples.size() - std::min(first, samples.size());
    if (n < 8) {
        std::printf("too few samples after the warm-up (%zu; need 8): run longer\n", n);
        pass = false;
    } else {
        const size_t q = n / 4;
        struct Metric {
            const char *name;
            double Sample::*field;
            double allowance;
            double scale;
            const char *unit;
        };
        const Metric metrics[] = {{"daemon RSS", &Sample::rssKb, 0, 1.0 / 1024, "MB"},
                                  {"open file descriptors", &Sample::fds, 2, 1, ""},
                                  {"database connections", &Sample::connections, 1, 1, ""},
                                  {"backlog (alerts + outbox rows)", &Sample::backlog, double(rate), 1, ""}};
        for (const auto &m : metrics) {
            // the least-squares line through the samples after warm-up: its rise over that time is the
            // growth (a queue's snapshots are noisy; a line is not fooled by one high sample at the end)
            double st = 0, sv = 0, stt = 0, stv = 0;
            for (size_t i = first; i < samples.size(); ++i) {
                const double t = samples[i].t, v = samples[i].*m.field;
                st += t, sv += v, stt += t * t, stv += t * v;
            }
            const double cnt = double(n), slope = (cnt * stv - st * sv) / std::max(1e-9, cnt * stt - st * st);
            const double start = (sv - slope * st) / cnt + slope * samples[first].t;
            const double end = start + slope * (samples.back().t - samples[first].t);
            const double growth = start > 0 ? (end - start) / start * 100.0 : (end > start ? 100.0 : 0.0);
            const bool ok = end <= start * 1.05 + m.allowance;
            pass = pass && ok;
            const double a = mean(samples, first, first + q, m.field);
            const double b = mean(samples, samples.size() - q, samples.size(), m.field);
            std::printf("%-32s fitted %9.1f -> %9.1f%s  growth %+6.1f %%  (quarter means %.1f -> %.1f)  %s\n", m.name, start * m.scale,
                        end * m.scale, m.unit, growth, a * m.scale, b * m.scale, ok ? "ok" : "GREW");
        }
    }
    std::printf("soak %s\n", pass ? "PASSED" : "FAILED");
    return pass ? 0 : 1;
}
