// One spdlog logger per subsystem, all writing to stderr through one sink that redacts secrets.
// With systemd (JOURNAL_STREAM set) or EOS_LOG_FORMAT=journal each line starts with a "<N>" syslog
// priority so journald files it at the right level; otherwise lines carry a timestamp.
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <spdlog/logger.h>

#include <memory>

namespace eos {

class Logging {
public:
    enum class Format { Auto, Journal, Text };

    // Safe to call more than once (tests do); later calls change level/format.
    static void init(const QString &level = QStringLiteral("info"), Format format = Format::Auto);
    static Format parseFormat(const QString &text);
    // The logger of a subsystem ("store", "ingest", "http", "qt", …), created on first use.
    static std::shared_ptr<spdlog::logger> get(const std::string &subsystem);
    // Every later log line has these replaced by "***". Empty and very short values are ignored.
    static void addSecrets(const QStringList &secrets);
    // Also redacts the given text, for error messages shown to the user.
    static QString redact(const QString &text);
    // The last 20 error/critical lines of this process (redacted), oldest first: a daemon stores them
    // with its heartbeat for `eos-console status`.
    struct RecentError {
        QDateTime at;
        QString text;  // "subsystem: message"
    };
    static QList<RecentError> recentErrors();
    // Tests: copy every line also into this file (appended).
    static void setMirrorFile(const QString &path);
};

// Short helper: spdlog wants std::string.
inline std::string s(const QString &q) { return q.toStdString(); }

}  // namespace eos
