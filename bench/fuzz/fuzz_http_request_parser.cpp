// libFuzzer target: HttpRequestParser (the listener's own HTTP/1.1 parser). The input is split at a byte
// chosen by its first byte, as data arriving in two reads; the parser must never crash, never report a
// body larger than its limit, and stay failed once failed.
#include "ingest/http_request_parser.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    eos::HttpRequestParser::Limits limits;
    limits.maxBody = 64 * 1024;
    limits.maxHeaderBytes = 4096;
    eos::HttpRequestParser p(limits);
    const auto *bytes = reinterpret_cast<const char *>(data + 1);
    const size_t n = size - 1;
    const size_t cut = n ? data[0] % (n + 1) : 0;
    using S = eos::HttpRequestParser::Status;
    for (int part = 0; part < 2; ++part) {
        const size_t from = part == 0 ? 0 : cut, len = part == 0 ? cut : n - cut;
        p.append(QByteArrayView(bytes + from, qsizetype(len)));
        for (int guard = 0; guard < 64; ++guard) {
            const S st = p.advance();
            if (st == S::Error) {
                if (p.advance() != S::Error) std::abort();  // stays failed
                return 0;
            }
            if (st == S::Complete) {
                if (p.body().size() > limits.maxBody) std::abort();
                (void)p.path();
                (void)p.authToken();
                p.reset();  // pipelined requests: go on with the rest
                continue;
            }
            if (st == S::NeedMore) break;
        }
    }
    return 0;
}
