// libFuzzer target: NdjsonSplitter (the NDJSON body of POST /wazuh_alerts split into lines). Must never
// crash nor read outside the body; every line it gives back must be exactly that line of the input (split
// at LF, one CR before the LF dropped), not blank, in increasing line order, and the lines it skips must
// all be blank; it must count as many lines as the input has.
#include "ingest/ndjson_splitter.h"

#include <QByteArray>
#include <QList>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // a copy of exactly the input, so ASan sees any read past its end
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    QList<QByteArray> expected = body.split('\n');
    if (body.endsWith('\n')) expected.removeLast();  // a final LF opens no line
    if (body.isEmpty()) expected.clear();
    eos::NdjsonSplitter s(body);
    QByteArrayView l;
    int n = 0, last = 0;
    while (s.next(&l, &n)) {
        if (n <= last || n > expected.size()) std::abort();
        for (int skipped = last + 1; skipped < n; ++skipped)
            if (!expected[skipped - 1].trimmed().isEmpty()) std::abort();  // a line with content was skipped
        QByteArray want = expected[n - 1];
        if (want.endsWith('\r')) want.chop(1);
        if (l != QByteArrayView(want) || l.trimmed().isEmpty() || l.contains('\n')) std::abort();
        if (l.data() < body.constData() || l.data() + l.size() > body.constData() + body.size()) std::abort();
        last = n;
    }
    for (int skipped = last + 1; skipped <= expected.size(); ++skipped)
        if (!expected[skipped - 1].trimmed().isEmpty()) std::abort();
    if (s.linesRead() != expected.size()) std::abort();
    if (s.next(&l, &n)) std::abort();
    return 0;
}
