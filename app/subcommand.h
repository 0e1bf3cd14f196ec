// The start-up every subcommand (check, status, remediate) shares: a QCoreApplication over the arguments
// after the subcommand's name, a parser with --help and --config, and the configuration loaded in tool mode
// with its secrets registered for redaction. The subcommand adds its own options, then calls parse() and
// loadConfig(); output and exit codes stay the subcommand's.
#pragma once

#include "core/config.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>

#include <optional>
#include <vector>

namespace eos {

class Subcommand {
public:
    // argv[1] is the subcommand's name; name is what --help and errors call the program ("eos-console status").
    Subcommand(int argc, char **argv, const QString &name, const QString &description);
    Subcommand(const Subcommand &) = delete;
    Subcommand &operator=(const Subcommand &) = delete;

    QCommandLineParser &parser() { return m_parser; }
    const QCommandLineOption &configOption() const { return m_configOpt; }

    enum class Parsed { Run, Help, Error };
    // Parses the command line; Help: print helpText(); Error: print errorText() (and exit with usage).
    // Positional arguments are an error unless allowPositional.
    Parsed parse(bool allowPositional = false);
    QString helpText() const { return m_parser.helpText(); }
    QString errorText() const { return m_error; }

    // The configuration (--config or the usual places); its secrets are added to the log redaction.
    std::optional<Config> loadConfig(QString *error) const;

private:
    std::vector<char *> m_args;
    int m_argc;
    QCoreApplication m_app;
    QCommandLineParser m_parser;
    QCommandLineOption m_configOpt;
    QString m_error;
};

}  // namespace eos
