// Splits an NDJSON body (POST /wazuh_alerts) into its lines without copying: lines end at LF, a CR right
// before the LF is dropped (CRLF senders), the last line needs no LF, and lines holding only whitespace
// (a trailing newline, blank separators) are skipped but still counted, so the line numbers given back
// are the ones the sender sees in its file (1-based). The views point into the body, which must outlive
// the splitter.
#pragma once

#include <QByteArrayView>

namespace eos {

class NdjsonSplitter {
public:
    explicit NdjsonSplitter(QByteArrayView body) : m_rest(body), m_atEnd(body.isEmpty()) {}

    // The next line that is not blank, and its line number; false once the body is used up.
    bool next(QByteArrayView *line, int *lineNumber);

    // Lines read so far, blank ones included.
    int linesRead() const { return m_line; }

private:
    QByteArrayView m_rest;
    bool m_atEnd;
    int m_line = 0;
};

}  // namespace eos
