#include "ingest/http_request_parser.h"

#include <algorithm>
#include <cstring>

#include <zlib.h>

namespace eos {
namespace {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t')) v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t')) v.chop(1);
    return v;
}

bool equalsIgnoreCase(QByteArrayView a, const char *lower)
{
    const auto n = qsizetype(std::strlen(lower));
    if (a.size() != n) return false;
    for (qsizetype i = 0; i < n; ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
        if (c != lower[i]) return false;
    }
    return true;
}

// Calls f(token) for each comma-separated, trimmed list element.
template <typename F>
void forEachListElement(QByteArrayView v, F f)
{
    while (!v.isEmpty()) {
        const auto comma = v.indexOf(',');
        f(trimmed(comma < 0 ? v : v.first(comma)));
        if (comma < 0) break;
        v = v.sliced(comma + 1);
    }
}

// Replaces the contents, keeping the allocation (the parser is reused for every request).
void setBytes(QByteArray &to, QByteArrayView from)
{
    to.resize(0);
    to.append(from.data(), from.size());
}

}  // namespace

HttpRequestParser::HttpRequestParser() : HttpRequestParser(Limits()) {}

HttpRequestParser::HttpRequestParser(Limits limits) : m_limits(limits) {}

void HttpRequestParser::append(QByteArrayView data)
{
    m_buf.append(data.data(), data.size());
}

char *HttpRequestParser::appendSpace(qsizetype n)
{
    m_appendAt = m_buf.size();
    m_buf.resize(m_appendAt + n);
    return m_buf.data() + m_appendAt;
}

void HttpRequestParser::commitAppend(qsizetype got)
{
    // appendSpace() grew the buffer by n; keep only what was filled
    m_buf.resize(m_appendAt + std::max<qsizetype>(got, 0));
}

QByteArrayView HttpRequestParser::body() const
{
    if (m_gzip) return m_inflatedBody;
    if (m_chunked) return m_chunkedBody;
    if (m_contentLength <= 0) return {};
    return QByteArrayView(m_buf.constData() + m_bodyStart, m_contentLength);
}

bool HttpRequestParser::bodyStillExpected() const
{
    switch (m_state) {
    case State::Body: return m_buf.size() - m_bodyStart < m_contentLength;
    case State::ChunkSize:
    case State::ChunkData:
    case State::ChunkDataEnd:
    case State::Trailers: return true;
    case State::Error: return m_chunked || m_contentLength > 0;  // refused mid-body (e.g. chunked over the limit)
    default: return false;
    }
}

HttpRequestParser::Status HttpRequestParser::fail(int status, const char *message)
{
    m_state = State::Error;
    m_errorStatus = status;
    m_errorMessage = message;
    return Status::Error;
}

void HttpRequestParser::reset()
{
    if (m_state == State::Complete && !m_chunked && m_contentLength > 0) m_pos = m_bodyStart + m_contentLength;
    // keep the pipelined rest, drop what was consumed (capacity stays)
    if (m_pos >= m_buf.size()) m_buf.resize(0);
    else if (m_pos > 0) m_buf.remove(0, m_pos);
    m_pos = m_scan = 0;
    m_state = State::RequestLine;
    m_method.resize(0);
    m_path.resize(0);
    m_token.resize(0);
    m_minor = 1;
    m_contentLength = -1;
    m_chunked = m_expectContinue = m_hasToken = m_gzip = m_inflated = false;
    m_inflatedBody.resize(0);
    m_keepAlive = true;
    m_bodyStart = 0;
    m_chunkedBody.resize(0);
    m_chunkLeft = 0;
    m_trailerBytes = 0;
    m_errorStatus = 0;
    m_errorMessage = "";
}

void HttpRequestParser::clear()
{
    m_buf.resize(0);
    m_pos = 0;
    m_state = State::RequestLine;
    reset();
}

HttpRequestParser::Status HttpRequestParser::advance()
{
    const Status st = advanceRaw();
    if (st == Status::Complete && m_gzip && !m_inflated) return inflateBody();
    return st;
}

HttpRequestParser::Status HttpRequestParser::inflateBody()
{
    m_inflated = true;
    const QByteArrayView in = m_chunked ? QByteArrayView(m_chunkedBody)
                                        : m_contentLength > 0 ? QByteArrayView(m_buf.constData() + m_bodyStart, m_contentLength)
                                                              : QByteArrayView();
    m_inflatedBody.resize(0);
    if (in.isEmpty()) return Status::Complete;
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return fail(500, "cannot decompress");
    z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
    z.avail_in = uInt(in.size());
    int rc = Z_OK;
    const qint64 limit = m_limits.maxBody;
    while (rc != Z_STREAM_END) {
        const qsizetype have = m_inflatedBody.size();
        const qsizetype room = qsizetype(std::min<qint64>(64 * 1024, limit + 1 - have));
        if (room <= 0) break;
        m_inflatedBody.resize(have + room);
        z.next_out = reinterpret_cast<Bytef *>(m_inflatedBody.data() + have);
        z.avail_out = uInt(room);
        rc = inflate(&z, Z_NO_FLUSH);
        m_inflatedBody.resize(have + room - qsizetype(z.avail_out));
        if (rc == Z_STREAM_END) break;
        if (rc != Z_OK) break;
        if (z.avail_in == 0 && z.avail_out != 0) break;  // truncated
    }
    const bool complete = rc == Z_STREAM_END && z.avail_in == 0;
    inflateEnd(&z);
    if (m_inflatedBody.size() > limit) {
        m_inflatedBody = QByteArray();
        return fail(413, "request body too large once decompressed");
    }
    if (!complete) {
        m_inflatedBody = QByteArray();
        return fail(400, "Content-Encoding: gzip but the body is not one complete gzip stream");
    }
    m_state = State::Complete;
    return Status::Complete;
}

HttpRequestParser::Status HttpRequestParser::advanceRaw()
{
    switch (m_state) {
    case State::Error: return Status::Error;
    case State::Complete: return Status::Complete;
    case State::RequestLine: {
        // leading empty lines before a request are ignored (RFC 9112 2.2)
        while (m_buf.size() - m_pos >= 2 && m_buf[m_pos] == '\r' && m_buf[m_pos + 1] == '\n') m_pos += 2;
        if (m_scan < m_pos) m_scan = m_pos;
        const char *d = m_buf.constData();
        const qsizetype n = m_buf.size();
        while (m_scan < n) {
            const void *nl = std::memchr(d + m_scan, '\n', size_t(n - m_scan));
            if (!nl) {
                m_scan = n;
                break;
            }
            const qsizetype i = static_cast<const char *>(nl) - d;
            if (i == m_pos || d[i - 1] != '\r') return fail(400, "line ends must be CRLF");
            m_scan = i + 1;
            if (i - m_pos >= 3 && d[i - 2] == '\n' && d[i - 3] == '\r') {
                if (m_scan - m_pos > m_limits.maxHeaderBytes) return fail(431, "request headers too large");
                return parseHead(m_scan);
            }
        }
        if (m_buf.size() - m_pos > m_limits.maxHeaderBytes) return fail(431, "request headers too large");
        return Status::NeedMore;
    }
    case State::Body:
        if (m_buf.size() - m_bodyStart >= m_contentLength) {
            m_state = State::Complete;
            return Status::Complete;
        }
        return Status::NeedMore;
    case State::ChunkSize:
    case State::ChunkData:
    case State::ChunkDataEnd:
    case State::Trailers: return advanceChunked();
    }
    return Status::NeedMore;
}

HttpRequestParser::Status HttpRequestParser::parseHead(qsizetype end)
{
    // end points just past the blank line; lines are CRLF-terminated (checked while scanning)
    QByteArrayView head(m_buf.constData() + m_pos, end - m_pos - 4);
    const auto eol = head.indexOf("\r\n");
    QByteArrayView line = eol < 0 ? head : head.first(eol);
    QByteArrayView rest = eol < 0 ? QByteArrayView() : head.sliced(eol + 2);

    // request line: METHOD SP origin-form SP HTTP/1.x
    const auto sp1 = line.indexOf(' ');
    const auto sp2 = line.lastIndexOf(' ');
    if (sp1 <= 0 || sp2 <= sp1 + 1) return fail(400, "malformed request line");
    const auto method = line.first(sp1);
    for (char c : method)
        if (c < 'A' || c > 'Z') return fail(400, "malformed request method");
    auto target = line.sliced(sp1 + 1, sp2 - sp1 - 1);
    // absolute-form (RFC 9112 3.2.2: a server must accept it): http://host[:port]/path -> /path
    const bool http = target.size() >= 7 && equalsIgnoreCase(target.first(7), "http://");
    const bool https = target.size() >= 8 && equalsIgnoreCase(target.first(8), "https://");
    if (http || https) {
        const auto afterScheme = target.sliced(http ? 7 : 8);
        const auto slash = afterScheme.indexOf('/');
        const auto query = afterScheme.indexOf('?');
        if (afterScheme.isEmpty() || afterScheme.front() == '/') return fail(400, "absolute-form target without a host");
        if (slash >= 0 && (query < 0 || slash < query)) target = afterScheme.sliced(slash);
        else target = QByteArrayView("/");
    }
    if (target.front() != '/') return fail(400, "request target must be a path");
    for (char c : target)
        if (uchar(c) <= 0x20 || uchar(c) >= 0x7f) return fail(400, "invalid character in request target");
    const auto version = line.sliced(sp2 + 1);
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' || version[5] < '0' ||
        version[5] > '9' || version[7] < '0' || version[7] > '9')
        return fail(400, "malformed HTTP version");
    if (version[5] != '1') return fail(505, "only HTTP/1.0 and HTTP/1.1 are supported");
    m_minor = version[7] - '0';
    m_keepAlive = m_minor >= 1;
    setBytes(m_method, method);
    const auto q = target.indexOf('?');
    setBytes(m_path, q < 0 ? target : target.first(q));

    bool keepAliveToken = false, closeToken = false, sawTe = false;
    while (!rest.isEmpty()) {
        const auto e = rest.indexOf("\r\n");
        const auto h = e < 0 ? rest : rest.first(e);
        rest = e < 0 ? QByteArrayView() : rest.sliced(e + 2);
        if (h.front() == ' ' || h.front() == '\t') return fail(400, "obsolete header line folding is not accepted");
        const auto colon = h.indexOf(':');
        if (colon <= 0) return fail(400, "malformed header line");
        const auto name = h.first(colon);
        for (char c : name)
            if (!isTokenChar(c)) return fail(400, "malformed header name");
        const auto value = trimmed(h.sliced(colon + 1));
        for (char c : value)
            if ((uchar(c) < 0x20 && c != '\t') || c == 0x7f) return fail(400, "control character in a header value");
        switch (name.size()) {  // cheap dispatch before the case-insensitive compare
        case 14:
            if (equalsIgnoreCase(name, "content-length")) {
                if (value.isEmpty() || value.size() > 18) return fail(400, "invalid Content-Length");
                qint64 len = 0;
                for (char c : value) {
                    if (c < '0' || c > '9') return fail(400, "invalid Content-Length");
                    len = len * 10 + (c - '0');
                }
                if (m_contentLength >= 0 && m_contentLength != len) return fail(400, "conflicting Content-Length headers");
                m_contentLength = len;
            }
            break;
        case 17:
            if (equalsIgnoreCase(name, "transfer-encoding")) {
                if (sawTe || !equalsIgnoreCase(value, "chunked")) return fail(501, "only Transfer-Encoding: chunked is supported");
                sawTe = true;
            }
            break;
        case 10:
            if (equalsIgnoreCase(name, "connection"))
                forEachListElement(value, [&](QByteArrayView t) {
                    if (equalsIgnoreCase(t, "close")) closeToken = true;
                    else if (equalsIgnoreCase(t, "keep-alive")) keepAliveToken = true;
                });
            break;
        case 12:
            if (equalsIgnoreCase(name, "x-auth-token")) {
                if (m_hasToken) return fail(400, "more than one X-Auth-Token header");
                m_hasToken = true;
                setBytes(m_token, value);
            }
            break;
        case 16:
            if (equalsIgnoreCase(name, "content-encoding")) {
                bool bad = false;
                forEachListElement(value, [&](QByteArrayView t) {
                    if (t.isEmpty() || equalsIgnoreCase(t, "identity")) return;
                    if ((equalsIgnoreCase(t, "gzip") || equalsIgnoreCase(t, "x-gzip")) && !m_gzip) m_gzip = true;
                    else bad = true;
                });
                if (bad) return fail(415, "only Content-Encoding: gzip (once) is supported");
            }
            break;
        case 6:
            if (equalsIgnoreCase(name, "expect")) {
                if (!equalsIgnoreCase(value, "100-continue")) return fail(417, "only Expect: 100-continue is supported");
                m_expectContinue = m_minor >= 1;
            }
            break;
        default: break;
        }
    }
    if (sawTe && m_contentLength >= 0) return fail(400, "both Content-Length and Transfer-Encoding");
    if (sawTe && m_minor == 0) return fail(400, "Transfer-Encoding in an HTTP/1.0 request");
    if (m_contentLength > m_limits.maxBody) return fail(413, "request body too large");
    if (closeToken) m_keepAlive = false;
    else if (keepAliveToken) m_keepAlive = true;

    m_pos = end;
    m_chunked = sawTe;
    if (m_chunked) {
        m_state = State::ChunkSize;
    } else {
        m_bodyStart = end;
        if (m_contentLength < 0) m_contentLength = 0;
        m_state = State::Body;
    }
    return Status::HeadersComplete;
}

void HttpRequestParser::compactChunked()
{
    // decoded data lives in m_chunkedBody: the raw bytes already consumed can go
    if (m_pos >= 64 * 1024) {
        m_buf.remove(0, m_pos);
        m_scan = 0;
        m_pos = 0;
    }
}

HttpRequestParser::Status HttpRequestParser::advanceChunked()
{
    for (;;) {
        const char *d = m_buf.constData();
        const qsizetype avail = m_buf.size() - m_pos;
        switch (m_state) {
        case State::ChunkSize: {
            const auto view = QByteArrayView(d + m_pos, avail);
            const auto eol = view.indexOf("\r\n");
            if (eol < 0) {
                if (avail > 1024) return fail(400, "chunk size line too long");
                return Status::NeedMore;
            }
            auto sizeText = view.first(eol);
            const auto semi = sizeText.indexOf(';');  // chunk extensions are ignored
            if (semi >= 0) sizeText = sizeText.first(semi);
            sizeText = trimmed(sizeText);
            if (sizeText.isEmpty() || sizeText.size() > 15) return fail(400, "invalid chunk size");
            qint64 size = 0;
            for (char c : sizeText) {
                int v;
                if (c >= '0' && c <= '9') v = c - '0';
                else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
                else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
                else return fail(400, "invalid chunk size");
                size = size * 16 + v;
            }
            m_pos += eol + 2;
            if (size == 0) {
                m_state = State::Trailers;
                break;
            }
            if (m_chunkedBody.size() + size > m_limits.maxBody) return fail(413, "request body too large");
            m_chunkLeft = size;
            m_state = State::ChunkData;
            break;
        }
        case State::ChunkData: {
            if (avail == 0) {
                compactChunked();
                return Status::NeedMore;
            }
            const auto take = qsizetype(std::min<qint64>(m_chunkLeft, avail));
            m_chunkedBody.append(d + m_pos, take);
            m_pos += take;
            m_chunkLeft -= take;
            if (m_chunkLeft > 0) {
                compactChunked();
                return Status::NeedMore;
            }
            m_state = State::ChunkDataEnd;
            break;
        }
        case State::ChunkDataEnd:
            if (avail < 2) return Status::NeedMore;
            if (d[m_pos] != '\r' || d[m_pos + 1] != '\n') return fail(400, "chunk data not followed by CRLF");
            m_pos += 2;
            m_state = State::ChunkSize;
            break;
        case State::Trailers: {
            const auto view = QByteArrayView(d + m_pos, avail);
            const auto eol = view.indexOf("\r\n");
            if (eol < 0) {
                if (m_trailerBytes + avail > m_limits.maxHeaderBytes) return fail(431, "trailers too large");
                return Status::NeedMore;
            }
            m_trailerBytes += eol + 2;
            if (m_trailerBytes > m_limits.maxHeaderBytes) return fail(431, "trailers too large");
            m_pos += eol + 2;
            if (eol == 0) {
                m_state = State::Complete;
                return Status::Complete;
            }
            break;  // trailer fields are ignored
        }
        default: return advance();
        }
    }
}

}  // namespace eos
