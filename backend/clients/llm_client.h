// LlmClient: chat completions from Azure OpenAI or any OpenAI-compatible server (Ollama, vLLM,
// llama.cpp's llama-server, OpenAI itself). Lives on the LLM stage's thread; requests are asynchronous.
//
//  Azure    POST {AZURE_OPENAI_ENDPOINT}/openai/deployments/{deployment}/chat/completions?api-version=…
//           header `api-key`; no `model` in the body (the deployment names it). API version defaults to
//           the GA 2024-10-21 (the inference description in tests/data/azure-openai-inference-excerpt.yaml).
//  openai   POST {OPENAI_BASE_URL}/chat/completions (a base without a path gets /v1), `Authorization:
//           Bearer` when OPENAI_API_KEY is set, `model` = OPENAI_MODEL.
//  Body     {messages:[{role,content}], temperature, max_tokens[, model][, response_format:{type:json_object}]}.
//           A server that refuses response_format with 400 is asked again without it, and never with it
//           again (older llama.cpp builds, some proxies).
//  Answer   choices[0].message.content, finish_reason (`content_filter`, `length`), usage{prompt_tokens,
//           completion_tokens,total_tokens}, model.
//  Retries  429, 408, 5xx, time-outs and connection errors, up to maxAttempts, exponential backoff with
//           full jitter; `retry-after-ms` (Azure's, preferred) or `Retry-After` (seconds or HTTP date) is
//           honoured and pauses every request of this client (a rate limit is per deployment, not per
//           request). A wait longer than maxWaitMs is not sat out: the call fails as transient with
//           retryAfterMs so the stage reschedules the alert for then.
//  Errors   OpenAI's {error:{message,code,type}} or the body's first 300 characters, with the status.
//  Secrets  the key is sent only in its header, never logged.
//  Parallel a QNetworkAccessManager keeps at most 6 HTTP/1.1 connections per host, so the client uses one
//           manager per 6 requests of Options::parallel (LLM_CONCURRENCY) and sends each request through
//           the least busy one.
#pragma once

#include "core/config.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QObject>
#include <QString>
#include <QUrl>

#include <deque>
#include <functional>
#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;

namespace eos {

class NamPool;

class LlmClient : public QObject {
    Q_OBJECT
public:
    enum class Provider { Off, Azure, OpenAi };
    struct Options {
        Provider provider = Provider::Off;
        QUrl endpoint;                                       // Azure endpoint, or the OpenAI-compatible base
        QString apiKey;
        QString deployment;                                  // Azure
        QString apiVersion = QStringLiteral("2024-10-21");   // Azure
        QString model;                                       // openai
        int timeoutMs = 60000;                               // per HTTP request
        int maxAttempts = 4;                                 // per call, retries included
        int baseBackoffMs = 1000;
        int maxBackoffMs = 30000;
        int maxWaitMs = 120000;                              // longest Retry-After sat out inside a call
        int maxTokens = 800;
        double temperature = 0.2;
        bool jsonMode = true;                                // send response_format for JSON prompts
        int parallel = 4;                                    // requests the caller keeps under way at once
    };
    // Reads LLM_PROVIDER and the provider's keys. *problem gets why the provider is off (unset, or a
    // configuration that cannot work, e.g. Azure without a deployment).
    static Options optionsFrom(const Config &config, QString *problem = nullptr);
    static QString providerName(Provider p);

    struct Message {
        QString role;     // system, user, assistant
        QString content;
    };
    struct Request {
        std::vector<Message> messages;
        bool json = false;   // ask for a JSON object (response_format) where the server supports it
        int maxTokens = 0;   // 0: Options::maxTokens
    };
    struct Result {
        bool ok = false;
        int httpStatus = 0;
        QString content;
        QString finishReason;
        QString model;           // as the server reports it
        int promptTokens = 0;
        int completionTokens = 0;
        int totalTokens = 0;
        QString error;           // when !ok: readable, with status
        bool transient = false;  // worth trying later (429, 5xx, time-out, network)
        qint64 retryAfterMs = -1;
        int attempts = 0;        // HTTP requests made
        qint64 latencyMs = 0;    // from the call to its answer, retries included
    };
    using Callback = std::function<void(const Result &)>;

    explicit LlmClient(Options options, QObject *parent = nullptr);
    ~LlmClient() override;

    bool isConfigured() const { return m_options.provider != Provider::Off; }
    const Options &options() const { return m_options; }
    QUrl chatUrl() const;
    // The model the answers come from, for display: Azure's deployment or OPENAI_MODEL.
    QString modelLabel() const;

    void complete(Request request, Callback cb);

    // Counters (tests, benchmarks, metrics)
    int requestsSent() const { return m_requestsSent; }
    int inFlight() const { return m_inFlight; }
    int maxInFlight() const { return m_maxInFlight; }
    int rateLimited() const { return m_rateLimited; }

    // retry-after-ms, else Retry-After (seconds or HTTP date); -1 when neither is readable.
    static qint64 retryAfterFromHeaders(const QByteArray &retryAfterMs, const QByteArray &retryAfter, const QDateTime &now);

private:
    struct Call;
    void send(std::shared_ptr<Call> call);
    void finished(std::shared_ptr<Call> call, QNetworkReply *reply);
    void retryOrFail(std::shared_ptr<Call> call, Result r);
    QByteArray body(const Call &call) const;
    int backoffMs(int attempt) const;

    Options m_options;
    // One access manager opens at most 6 HTTP/1.1 connections to a host; enough of them for `parallel`.
    NamPool *m_pool;
    QElapsedTimer m_clock;
    qint64 m_pausedUntilMs = 0;  // on m_clock: a rate limit holds every request until then
    bool m_jsonRefused = false;
    int m_requestsSent = 0;
    int m_inFlight = 0;
    int m_maxInFlight = 0;
    int m_rateLimited = 0;
};

}  // namespace eos
