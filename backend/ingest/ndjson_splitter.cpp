#include "ingest/ndjson_splitter.h"

namespace eos {

bool NdjsonSplitter::next(QByteArrayView *line, int *lineNumber)
{
    while (!m_atEnd) {
        const auto nl = m_rest.indexOf('\n');
        QByteArrayView l = nl < 0 ? m_rest : m_rest.first(nl);
        if (nl < 0) {
            m_rest = {};
            m_atEnd = true;
        } else {
            m_rest = m_rest.sliced(nl + 1);
            m_atEnd = m_rest.isEmpty();  // a final LF ends the last line; it opens no empty one
        }
        ++m_line;
        if (!l.isEmpty() && l.back() == '\r') l.chop(1);
        if (l.trimmed().isEmpty()) continue;
        *line = l;
        *lineNumber = m_line;
        return true;
    }
    return false;
}

}  // namespace eos
