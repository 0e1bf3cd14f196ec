// Test helper: Prism (Stoplight's OpenAPI mock server) serving an OpenAPI description, e.g. Wazuh's own
// tests/data/wazuh-api-4.14.yaml, as `prism mock --errors`: every request is validated against the spec
// and one that does not fit it (unknown path, bad parameter, body or missing credentials) is answered
// 4xx, so a malformed request fails the test instead of passing against a lenient stand-in.
//
// Prism is installed by installer/install-deps.sh (npm ci into tests/prism/node_modules); when it is
// missing start() fails with a message saying so. Prism runs as a child process on a free port of
// 127.0.0.1 and is stopped by the destructor. Lives on the test's thread: its log is collected while
// the event loop runs (QTRY_* waits).
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

namespace eos::test {

class PrismServer {
public:
    // prismBin: the `prism` executable (tests pass EOS_PRISM_BIN); spec: the OpenAPI file to serve.
    PrismServer(QString prismBin, QString spec);
    ~PrismServer();
    PrismServer(const PrismServer &) = delete;
    PrismServer &operator=(const PrismServer &) = delete;

    // Starts Prism and waits (up to timeoutMs) until it listens. False with *error explaining why.
    bool start(QString *error, int timeoutMs = 60000);
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    QUrl url() const { return m_url; }  // http://127.0.0.1:<port>

    // Everything Prism printed so far (stdout and stderr): one line per request, its validation
    // errors ("Violation: request.query.limit ...") and the answer it chose.
    QString log() const { return m_log; }
    qsizetype logSize() const { return m_log.size(); }
    // The "Violation: ..." lines logged since the offset (a logSize() taken before the requests).
    QStringList violationsSince(qsizetype offset = 0) const;

private:
    void readOutput();

    QString m_bin, m_spec;
    QProcess m_process;
    QUrl m_url;
    QString m_log;
};

// A Prism started on the first ask and kept for the rest of the test program (its test functions share it);
// one that cannot start fails every test that asks for it, with the reason (never skipped). For Wazuh's API:
// the credentials of the spec's examples (Prism checks that some are sent, not which).
class LazyPrism {
public:
    LazyPrism(QString prismBin, QString spec) : m_bin(std::move(prismBin)), m_spec(std::move(spec)) {}
    bool ensure(QString *error);
    PrismServer *operator->() const { return m_server.get(); }
    void reset() { m_server.reset(); }
    static QString wazuhUser() { return QStringLiteral("wazuh-wui"); }
    static QString wazuhPassword() { return QStringLiteral("MyS3cr37P450r.*-"); }

private:
    QString m_bin, m_spec;
    std::unique_ptr<PrismServer> m_server;
    QString m_error;  // the first start's failure: not tried again
};

}  // namespace eos::test
