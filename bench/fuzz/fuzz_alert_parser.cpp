// libFuzzer target: AlertParser (JSON alert → canonical JSON + dedup hash). Must never crash; an alert it
// accepts must be accepted again from its own canonical JSON with the same canonical bytes and hash (the
// canonical form is a fixed point, which the dedup relies on).
#include "ingest/alert_parser.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    eos::AlertRecord r;
    QString msg;
    const QByteArrayView in(reinterpret_cast<const char *>(data), qsizetype(size));
    if (eos::AlertParser::parse(in, &r, &msg) != eos::AlertParser::Error::None) return 0;
    eos::AlertRecord again;
    if (eos::AlertParser::parse(r.canonicalJson, &again, &msg) != eos::AlertParser::Error::None) std::abort();
    if (again.canonicalJson != r.canonicalJson || again.hash != r.hash) std::abort();
    return 0;
}
