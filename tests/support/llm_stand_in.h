// Test and benchmark helper: a local stand-in for an LLM chat-completions server speaking both protocols
// the LlmClient uses (real HTTP, QHttpServer on 127.0.0.1):
//   Azure OpenAI   POST /openai/deployments/{deployment}/chat/completions?api-version=…, header api-key
//   OpenAI-compat. POST /v1/chat/completions, Authorization: Bearer (optional), "model" in the body
// Every request is checked against the expected protocol (path, api-version, key header, body shape as
// in tests/data/azure-openai-inference-excerpt.yaml); what does not fit is listed in `violations`.
// Answers: a script (status, headers such as retry-after-ms / Retry-After, body, a delay, or no answer
// at all) consumed first, then a default: a valid structured answer with usage, after `delayMs`.
// A prompt that contains "IGNORE ALL PREVIOUS INSTRUCTIONS" gets a gullible first answer (prose plus a
// command), as a model that fell for the injection would give. Lives on the creating thread.
#pragma once

#include <QHash>
#include <QHttpServer>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <deque>
#include <functional>
#include <memory>
#include <vector>

class QHttpServerResponder;

namespace eos::test {

class LlmStandIn {
public:
    enum class Protocol { Azure, OpenAi };
    struct Seen {
        QString path;
        QString query;
        QHash<QByteArray, QByteArray> headers;  // lower-case names
        QJsonObject body;
        QString userPrompt;    // the last user message
        QString systemPrompt;
        qint64 atMs = 0;       // since listen()
    };
    struct Answer {
        int status = 200;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;       // empty with status 200: the default answer
        QString content;       // with status 200 and no body: this message content in a normal completion
        int delayMs = -1;      // -1: the stand-in's delayMs
        bool hang = false;     // never answer (client time-out)
    };

    LlmStandIn();
    ~LlmStandIn();
    bool listen(quint16 port = 0);  // 0: any free port (a fault test reserves one and listens late: "down")
    QUrl url() const;  // http://127.0.0.1:port

    void expectAzure(const QString &deployment, const QString &apiKey, const QString &apiVersion = QStringLiteral("2024-10-21"));
    void expectOpenAi(const QString &model, const QString &apiKey = {});

    std::deque<Answer> script;            // consumed first
    std::function<Answer(const Seen &)> handler;  // then this, when set
    int delayMs = 0;                      // default answers
    int promptTokens = 300, completionTokens = 120;
    QString risk = QStringLiteral("medium");  // of the default answer
    bool refuseResponseFormat = false;    // 400 for bodies with response_format (older llama.cpp)

    std::vector<Seen> seen;
    QStringList violations;
    int requests = 0;
    int inFlight = 0;
    int maxInFlight = 0;
    int answered = 0;

    static QString defaultContent(const QString &risk);

private:
    void handle(const QHttpServerRequest &req, QHttpServerResponder &&responder, const QString &deployment);
    void reply(std::shared_ptr<QHttpServerResponder> r, const Answer &a);
    QHttpServer m_server;
    quint16 m_port = 0;
    Protocol m_protocol = Protocol::OpenAi;
    QString m_deployment, m_key, m_version, m_model;
    qint64 m_startMs = 0;
    std::vector<std::shared_ptr<QHttpServerResponder>> m_hung;
};

}  // namespace eos::test
