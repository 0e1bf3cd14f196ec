// Incremental, strict HTTP/1.1 request parser for the alert listener (see http_listener.h for why the
// listener does not use QHttpServer). Bytes are appended as they arrive; advance() moves through the
// request line and headers (stopping once they are complete so the caller can refuse the request —
// wrong path, bad token, Content-Length over the limit — before any body is read), then the body
// (Content-Length or chunked). Nothing above the limits is ever buffered: headers over maxHeaderBytes
// give 431, a body over maxBody gives 413 (decided on Content-Length, or as soon as chunked data
// passes the limit). Anything ambiguous (Content-Length with Transfer-Encoding, conflicting lengths,
// obsolete line folding, bare LF line ends) is refused with 400: this parser only has to understand
// well-behaved clients, and refusing is safer than guessing (request smuggling).
// Qt has no public HTTP request parser (QHttpServer's is private), hence this small one.
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace eos {

class HttpRequestParser {
public:
    struct Limits {
        qsizetype maxHeaderBytes = 16 * 1024;  // request line + headers (+ chunked trailers)
        qint64 maxBody = 1 << 20;
    };
    enum class Status {
        NeedMore,         // feed more bytes
        HeadersComplete,  // request line and headers parsed; call advance() again for the body
        Complete,         // whole request parsed; body() is valid until reset()
        Error             // errorStatus()/errorMessage() say why; the connection must be closed
    };

    HttpRequestParser();
    explicit HttpRequestParser(Limits limits);

    // Appending: either copy bytes in, or write straight into the buffer (no intermediate copy).
    void append(QByteArrayView data);
    char *appendSpace(qsizetype n);    // room for n more bytes
    void commitAppend(qsizetype got);  // of which got were filled
    qsizetype buffered() const { return m_buf.size(); }

    // Content-Encoding: gzip bodies are inflated once complete (bounded by maxBody: 413 beyond; 400 when
    // not valid gzip); other codings get 415. Absolute-form targets (http://host/path) are accepted.
    Status advance();
    // Drops the finished request, keeping any bytes of the next one (pipelining). Keeps capacity.
    void reset();
    // Forget everything (also the buffered bytes).
    void clear();
    // True once any byte of the current request (other than leading blank lines) arrived.
    bool started() const { return m_state != State::RequestLine || m_buf.size() > m_pos; }

    // The parsed request (valid from HeadersComplete on).
    QByteArrayView method() const { return m_method; }
    QByteArrayView path() const { return m_path; }  // without the query string
    int versionMinor() const { return m_minor; }
    qint64 contentLength() const { return m_contentLength; }  // -1 when absent
    bool chunked() const { return m_chunked; }
    bool keepAlive() const { return m_keepAlive; }
    bool expectContinue() const { return m_expectContinue; }
    bool gzip() const { return m_gzip; }
    bool hasAuthToken() const { return m_hasToken; }
    QByteArrayView authToken() const { return m_token; }  // X-Auth-Token
    QByteArrayView body() const;
    // After HeadersComplete: whether the client still has body bytes to send (chunked: until complete).
    bool bodyStillExpected() const;

    int errorStatus() const { return m_errorStatus; }
    const char *errorMessage() const { return m_errorMessage; }

private:
    enum class State { RequestLine, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Complete, Error };
    Status fail(int status, const char *message);
    Status advanceRaw();
    Status inflateBody();
    Status parseHead(qsizetype end);
    bool parseHeader(QByteArrayView line);
    Status advanceChunked();
    void compactChunked();

    Limits m_limits;
    QByteArray m_buf;
    qsizetype m_pos = 0;   // first unconsumed byte of m_buf
    qsizetype m_appendAt = 0;
    qsizetype m_scan = 0;  // where the search for the end of the headers resumes
    State m_state = State::RequestLine;

    QByteArray m_method, m_path, m_token;
    int m_minor = 1;
    qint64 m_contentLength = -1;
    bool m_chunked = false;
    bool m_keepAlive = true;
    bool m_expectContinue = false;
    bool m_hasToken = false;
    bool m_gzip = false;
    bool m_inflated = false;
    QByteArray m_inflatedBody;  // a gzip body, decoded
    qsizetype m_bodyStart = 0;  // Content-Length body: offset in m_buf
    QByteArray m_chunkedBody;   // chunked body: decoded here
    qint64 m_chunkLeft = 0;
    qsizetype m_trailerBytes = 0;

    int m_errorStatus = 0;
    const char *m_errorMessage = "";
};

}  // namespace eos
