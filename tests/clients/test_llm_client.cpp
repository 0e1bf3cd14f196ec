// LlmClient against the LLM stand-in (real HTTP): the request shape of each provider (URL, headers,
// body as the Azure OpenAI inference description says, tests/data/azure-openai-inference-excerpt.yaml),
// answers and usage, 429 with retry-after-ms and with Retry-After, 5xx, time-outs, unreadable answers,
// a server that refuses response_format, errors in OpenAI's shape, configuration from env keys.
#include "clients/llm_client.h"
#include "llm_stand_in.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTest>

#include <optional>

using eos::Config;
using eos::LlmClient;
using eos::test::LlmStandIn;

namespace {

Config configWith(const QHash<QString, QString> &env)
{
    Config c;
    for (auto it = env.begin(); it != env.end(); ++it) c.set(it.key(), it.value());
    return c;
}

LlmClient::Options azureAt(const QUrl &url, const QString &path = {})
{
    LlmClient::Options o;
    o.provider = LlmClient::Provider::Azure;
    QUrl u = url;
    u.setPath(path);
    o.endpoint = u;
    o.apiKey = QStringLiteral("azure-test-key-0123456789");
    o.deployment = QStringLiteral("gpt-4o-triage");
    o.timeoutMs = 3000;
    o.baseBackoffMs = 20;
    o.maxBackoffMs = 100;
    return o;
}

LlmClient::Options openAiAt(const QUrl &url, const QString &key = {})
{
    LlmClient::Options o;
    o.provider = LlmClient::Provider::OpenAi;
    QUrl u = url;
    u.setPath(QStringLiteral("/v1"));
    o.endpoint = u;
    o.apiKey = key;
    o.model = QStringLiteral("llama3.1:8b");
    o.timeoutMs = 3000;
    o.baseBackoffMs = 20;
    o.maxBackoffMs = 100;
    return o;
}

LlmClient::Request ask(bool json = true)
{
    LlmClient::Request r;
    r.json = json;
    r.messages = {{QStringLiteral("system"), QStringLiteral("You triage alerts. Answer in JSON.")},
                  {QStringLiteral("user"), QStringLiteral("Alert: {\"rule\":{\"id\":\"5710\"}}")}};
    return r;
}

// Calls and waits for the answer (the stand-in lives on this thread: QTRY_ lets it run).
std::optional<LlmClient::Result> call(LlmClient &c, LlmClient::Request req = ask(), int timeoutMs = 15000)
{
    std::optional<LlmClient::Result> out;
    c.complete(std::move(req), [&out](const LlmClient::Result &r) { out = r; });
    QElapsedTimer t;
    t.start();
    while (!out && t.elapsed() < timeoutMs) QTest::qWait(5);
    return out;
}

}  // namespace

class TestLlmClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void azureRequestShape()
    {
        LlmStandIn server;
        server.expectAzure(QStringLiteral("gpt-4o-triage"), QStringLiteral("azure-test-key-0123456789"));
        QVERIFY(server.listen());
        // the documented form of the endpoint ends in a slash: it must not give "//openai"
        LlmClient client(azureAt(server.url(), QStringLiteral("/")));
        QCOMPARE(client.chatUrl().path(), QStringLiteral("/openai/deployments/gpt-4o-triage/chat/completions"));
        QCOMPARE(client.chatUrl().query(), QStringLiteral("api-version=2024-10-21"));
        const auto r = call(client);
        QVERIFY(r);
        QVERIFY2(r->ok, qPrintable(r->error));
        QVERIFY2(server.violations.isEmpty(), qPrintable(server.violations.join(u'\n')));
        QCOMPARE(server.seen.size(), size_t(1));
        const auto &seen = server.seen.front();
        QCOMPARE(seen.path, QStringLiteral("/openai/deployments/gpt-4o-triage/chat/completions"));
        QCOMPARE(seen.headers.value("api-key"), QByteArray("azure-test-key-0123456789"));
        QCOMPARE(seen.body.value(QStringLiteral("messages")).toArray().size(), 2);
        QCOMPARE(seen.body.value(QStringLiteral("response_format")).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("json_object"));
        QCOMPARE(seen.body.value(QStringLiteral("max_tokens")).toInt(), 800);
        QVERIFY(!seen.body.contains(QStringLiteral("model")));
        // the answer
        QCOMPARE(r->content, LlmStandIn::defaultContent(QStringLiteral("medium")));
        QCOMPARE(r->finishReason, QStringLiteral("stop"));
        QCOMPARE(r->promptTokens, 300);
        QCOMPARE(r->completionTokens, 120);
        QCOMPARE(r->totalTokens, 420);
        QCOMPARE(r->model, QStringLiteral("gpt-4o-2024-08-06"));
        QCOMPARE(r->attempts, 1);

        // an endpoint with a path prefix (a gateway) and another API version
        auto o = azureAt(server.url(), QStringLiteral("/gateway//"));
        o.apiVersion = QStringLiteral("2024-06-01");
        LlmClient c2(o);
        QCOMPARE(c2.chatUrl().path(), QStringLiteral("/gateway/openai/deployments/gpt-4o-triage/chat/completions"));
        QCOMPARE(c2.chatUrl().query(), QStringLiteral("api-version=2024-06-01"));
    }

    void openAiRequestShape()
    {
        LlmStandIn server;
        server.expectOpenAi(QStringLiteral("llama3.1:8b"), QStringLiteral("sk-local-123456"));
        QVERIFY(server.listen());
        LlmClient client(openAiAt(server.url(), QStringLiteral("sk-local-123456")));
        QCOMPARE(client.chatUrl().path(), QStringLiteral("/v1/chat/completions"));
        const auto r = call(client, ask(false));
        QVERIFY(r && r->ok);
        QVERIFY2(server.violations.isEmpty(), qPrintable(server.violations.join(u'\n')));
        const auto &seen = server.seen.front();
        QCOMPARE(seen.headers.value("authorization"), QByteArray("Bearer sk-local-123456"));
        QCOMPARE(seen.body.value(QStringLiteral("model")).toString(), QStringLiteral("llama3.1:8b"));
        QVERIFY(!seen.body.contains(QStringLiteral("response_format")));  // a text prompt
        QCOMPARE(r->model, QStringLiteral("llama3.1:8b"));

        // no key (a local Ollama): no Authorization header at all
        LlmStandIn open;
        open.expectOpenAi(QStringLiteral("llama3.1:8b"));
        QVERIFY(open.listen());
        LlmClient keyless(openAiAt(open.url()));
        const auto r2 = call(keyless);
        QVERIFY(r2 && r2->ok);
        QVERIFY2(open.violations.isEmpty(), qPrintable(open.violations.join(u'\n')));
        QVERIFY(!open.seen.front().headers.contains("authorization"));
        // a base URL without a path gets /v1
        auto o = openAiAt(open.url());
        o.endpoint.setPath(QString());
        QCOMPARE(LlmClient(o).chatUrl().path(), QStringLiteral("/v1/chat/completions"));
        o.endpoint.setPath(QStringLiteral("/v1/"));
        QCOMPARE(LlmClient(o).chatUrl().path(), QStringLiteral("/v1/chat/completions"));
    }

    void configurationFromEnvKeys()
    {
        QString why;
        auto o = LlmClient::optionsFrom(configWith({}), &why);
        QCOMPARE(o.provider, LlmClient::Provider::Off);
        QVERIFY(why.contains(QStringLiteral("no LLM provider")));
        // Azure by default when its endpoint is set
        o = LlmClient::optionsFrom(configWith({{QStringLiteral("AZURE_OPENAI_ENDPOINT"), QStringLiteral("https://eos.openai.azure.com/")},
                                               {QStringLiteral("AZURE_OPENAI_API_KEY"), QStringLiteral("k-123456")},
                                               {QStringLiteral("AZURE_OPENAI_DEPLOYMENT_NAME"), QStringLiteral("gpt4o")}}),
                                   &why);
        QCOMPARE(o.provider, LlmClient::Provider::Azure);
        QCOMPARE(o.apiVersion, QStringLiteral("2024-10-21"));
        QCOMPARE(LlmClient(o).chatUrl().toString(),
                 QStringLiteral("https://eos.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21"));
        // a deployment is needed
        why.clear();
        o = LlmClient::optionsFrom(configWith({{QStringLiteral("AZURE_OPENAI_ENDPOINT"), QStringLiteral("https://eos.openai.azure.com/")},
                                               {QStringLiteral("AZURE_OPENAI_API_KEY"), QStringLiteral("k-123456")}}),
                                   &why);
        QCOMPARE(o.provider, LlmClient::Provider::Off);
        QVERIFY(why.contains(QStringLiteral("AZURE_OPENAI_DEPLOYMENT_NAME")));
        // openai with a local server; off wins over an Azure endpoint
        o = LlmClient::optionsFrom(configWith({{QStringLiteral("LLM_PROVIDER"), QStringLiteral("openai")},
                                               {QStringLiteral("OPENAI_BASE_URL"), QStringLiteral("http://localhost:11434/v1")},
                                               {QStringLiteral("OPENAI_MODEL"), QStringLiteral("llama3.1:8b")}}),
                                   &why);
        QCOMPARE(o.provider, LlmClient::Provider::OpenAi);
        QCOMPARE(LlmClient(o).chatUrl().toString(), QStringLiteral("http://localhost:11434/v1/chat/completions"));
        o = LlmClient::optionsFrom(configWith({{QStringLiteral("LLM_PROVIDER"), QStringLiteral("off")},
                                               {QStringLiteral("AZURE_OPENAI_ENDPOINT"), QStringLiteral("https://eos.openai.azure.com/")}}),
                                   &why);
        QCOMPARE(o.provider, LlmClient::Provider::Off);
        o = LlmClient::optionsFrom(configWith({{QStringLiteral("LLM_PROVIDER"), QStringLiteral("bard")}}), &why);
        QCOMPARE(o.provider, LlmClient::Provider::Off);
        QVERIFY(why.contains(QStringLiteral("bard")));
    }

    void rateLimitHonoursRetryAfterMs()
    {
        LlmStandIn server;
        server.expectAzure(QStringLiteral("gpt-4o-triage"), QStringLiteral("azure-test-key-0123456789"));
        LlmStandIn::Answer limited;
        limited.status = 429;
        limited.headers = {{"retry-after-ms", "400"}, {"Retry-After", "30"}};  // the ms header wins
        limited.body = "{\"error\":{\"code\":\"429\",\"message\":\"Requests to the ChatCompletions_Create Operation have exceeded the rate limit.\"}}";
        server.script.push_back(limited);
        QVERIFY(server.listen());
        LlmClient client(azureAt(server.url()));
        const auto r = call(client);
        QVERIFY(r && r->ok);
        QCOMPARE(r->attempts, 2);
        QCOMPARE(client.rateLimited(), 1);
        QCOMPARE(server.seen.size(), size_t(2));
        const qint64 gap = server.seen[1].atMs - server.seen[0].atMs;
        QVERIFY2(gap >= 380, qPrintable(QString::number(gap)));   // waited as told
        QVERIFY2(gap < 20000, qPrintable(QString::number(gap)));  // not the 30 s of Retry-After
    }

    void rateLimitHonoursRetryAfterSecondsAndDates()
    {
        LlmStandIn server;
        server.expectOpenAi(QStringLiteral("llama3.1:8b"));
        LlmStandIn::Answer limited;
        limited.status = 429;
        limited.headers = {{"Retry-After", "1"}};
        server.script.push_back(limited);
        QVERIFY(server.listen());
        LlmClient client(openAiAt(server.url()));
        const auto r = call(client);
        QVERIFY(r && r->ok);
        QCOMPARE(server.seen.size(), size_t(2));
        QVERIFY2(server.seen[1].atMs - server.seen[0].atMs >= 950, qPrintable(QString::number(server.seen[1].atMs - server.seen[0].atMs)));
        // the header forms
        const QDateTime now = QDateTime::fromString(QStringLiteral("2026-12-01T10:00:00Z"), Qt::ISODate);
        QCOMPARE(LlmClient::retryAfterFromHeaders("250", "9", now), 250);
        QCOMPARE(LlmClient::retryAfterFromHeaders({}, "9", now), 9000);
        QCOMPARE(LlmClient::retryAfterFromHeaders({}, "Tue, 01 Dec 2026 10:00:05 GMT", now), 5000);
        QCOMPARE(LlmClient::retryAfterFromHeaders({}, {}, now), -1);
        QCOMPARE(LlmClient::retryAfterFromHeaders("soon", "later", now), -1);
    }

    void longRetryAfterIsLeftToTheCaller()
    {
        // a wait longer than maxWaitMs is not sat out inside the call: transient, with the delay
        LlmStandIn server;
        server.expectOpenAi(QStringLiteral("llama3.1:8b"));
        LlmStandIn::Answer limited;
        limited.status = 429;
        limited.headers = {{"Retry-After", "600"}};
        server.script.push_back(limited);
        QVERIFY(server.listen());
        auto o = openAiAt(server.url());
        o.maxWaitMs = 5000;
        LlmClient client(o);
        const auto r = call(client);
        QVERIFY(r);
        QVERIFY(!r->ok);
        QVERIFY(r->transient);
        QCOMPARE(r->httpStatus, 429);
        QCOMPARE(r->retryAfterMs, 600000);
        QCOMPARE(server.seen.size(), size_t(1));
    }

    void serverErrorsAreRetriedWithBackoff()
    {
        LlmStandIn server;
        server.expectOpenAi(QStringLiteral("llama3.1:8b"));
        LlmStandIn::Answer down;
        down.status = 503;
        down.body = "<html>Service Unavailable</html>";
        server.script = {down, down};
        QVERIFY(server.listen());
        LlmClient client(openAiAt(server.url()));
        const auto r = call(client);
        QVERIFY(r && r->ok);
        QCOMPARE(r->attempts, 3);
        // out of attempts: the error says what the server said
        server.script = {down, down, down, down};
        const auto bad = call(client);
        QVERIFY(bad && !bad->ok);
        QVERIFY(bad->transient);
        QCOMPARE(bad->httpStatus, 503);
        QVERIFY2(bad->error.contains(QStringLiteral("503")) && bad->error.contains(QStringLiteral("Service Unavailable")) &&
                     bad->error.contains(QStringLiteral("after 4 attempts")),
                 qPrintable(bad->error));
    }

    void timeoutsAreRetried()
    {
        LlmStandIn server;
        server.expectOpenAi(QStringLiteral("llama3.1:8b"));
        LlmStandIn::Answer hang;
        hang.hang = true;
        server.script = {hang};
        QVERIFY(server.listen());
        auto o = openAiAt(server.url());
        o.timeoutMs = 500;
        LlmClient client(o);
        const auto r = call(client);
        QVERIFY(r);
        QVERIFY2(r->ok, qPrintable(r->error));
        QCOMPARE(r->attempts, 2);
        // always silent: a time-out error after the attempts
        o.maxAttempts = 2;
        LlmClient c2(o);
        server.script = {hang, hang};
        const auto t = call(c2);
        QVERIFY(t && !t->ok && t->transient);
        QVERIFY2(t->error.contains(QStringLiteral("no answer")), qPrintable(t->error));
    }

    void unreadableAnswersAndClientErrors()
    {
        LlmStandIn server;
        server.expectOpenAi(QStringLiteral("llama3.1:8b"));
        LlmStandIn::Answer garbage;
        garbage.body = "{\"choices\": [";  // cut off
        server.script = {garbage};
        QVERIFY(server.listen());
        LlmClient client(openAiAt(server.url()));
        auto r = call(client);
        QVERIFY(r && r->ok);  // retried
        QCOMPARE(r->attempts, 2);
        // 400 in OpenAI's error shape: not retried, the message is kept
        LlmStandIn::Answer bad;
        bad.status = 400;
        bad.body = "{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens.\",\"type\":\"invalid_request_error\",\"code\":\"context_length_exceeded\"}}";
        server.script = {bad};
        r = call(client);
        QVERIFY(r && !r->ok);
        QVERIFY(!r->transient);
        QCOMPARE(r->attempts, 1);
        QVERIFY2(r->error.contains(QStringLiteral("maximum context length")) && r->error.contains(QStringLiteral("context_length_exceeded")),
                 qPrintable(r->error));
        // Ollama's flat {"error": "..."}
        bad.status = 404;
        bad.body = "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}";
        server.script = {bad};
        r = call(client);
        QVERIFY(r && !r->ok);
        QVERIFY2(r->error.contains(QStringLiteral("try pulling it first")), qPrintable(r->error));
        // nobody listening: transient network error with the address
        auto o = openAiAt(QUrl(QStringLiteral("http://127.0.0.1:1")));
        o.maxAttempts = 1;
        LlmClient none(o);
        r = call(none);
        QVERIFY(r && !r->ok && r->transient);
        QVERIFY2(r->error.contains(QStringLiteral("127.0.0.1:1")), qPrintable(r->error));
    }

    void serverWithoutResponseFormat()
    {
        LlmStandIn server;
        server.expectOpenAi(QStringLiteral("llama3.1:8b"));
        server.refuseResponseFormat = true;
        QVERIFY(server.listen());
        LlmClient client(openAiAt(server.url()));
        auto r = call(client);
        QVERIFY(r && r->ok);
        QCOMPARE(server.seen.size(), size_t(2));
        QVERIFY(server.seen[0].body.contains(QStringLiteral("response_format")));
        QVERIFY(!server.seen[1].body.contains(QStringLiteral("response_format")));
        // and never again
        r = call(client);
        QVERIFY(r && r->ok);
        QCOMPARE(server.seen.size(), size_t(3));
        QVERIFY(!server.seen[2].body.contains(QStringLiteral("response_format")));
    }

    void rateLimitPausesEveryRequest()
    {
        // one 429 holds the other requests of the client too (the limit is the deployment's)
        LlmStandIn server;
        server.expectOpenAi(QStringLiteral("llama3.1:8b"));
        LlmStandIn::Answer limited;
        limited.status = 429;
        limited.headers = {{"retry-after-ms", "600"}};
        server.script = {limited};
        server.delayMs = 0;
        QVERIFY(server.listen());
        LlmClient client(openAiAt(server.url()));
        std::optional<LlmClient::Result> first;
        client.complete(ask(), [&first](const LlmClient::Result &r) { first = r; });
        QTRY_COMPARE_WITH_TIMEOUT(client.rateLimited(), 1, 10000);
        const qint64 limitedAt = server.seen[0].atMs;
        const auto second = call(client);
        QVERIFY(second && second->ok);
        QTRY_VERIFY_WITH_TIMEOUT(first.has_value(), 10000);
        for (size_t i = 1; i < server.seen.size(); ++i)
            QVERIFY2(server.seen[i].atMs - limitedAt >= 550, qPrintable(QString::number(server.seen[i].atMs - limitedAt)));
    }
};

QTEST_GUILESS_MAIN(TestLlmClient)
#include "test_llm_client.moc"
