// The 50 sample alerts (tests/data/sample_alerts_50.ndjson, from Wazuh's own sample generator): one
// QByteArray per non-blank line. Header-only, shared by the parser, arena and listener tests.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QList>

namespace eos::test {

inline QList<QByteArray> sampleAlertLines()
{
    QFile f(QStringLiteral(EOS_TEST_DATA_DIR "/sample_alerts_50.ndjson"));
    if (!f.open(QIODevice::ReadOnly)) qFatal("missing sample alerts: %s", qPrintable(f.fileName()));
    QList<QByteArray> out;
    for (const QByteArray &l : f.readAll().split('\n'))
        if (!l.trimmed().isEmpty()) out.append(l);
    return out;
}

} // namespace eos::test
