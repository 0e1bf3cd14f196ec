// Eos configuration: a .env file overridden by the process environment, secrets also from KEY_FILE.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>
#include <span>

namespace eos {

struct ConfigKey {
    const char *name;
    const char *defaultValue;  // as documented; "" = unset
    const char *description;
    bool secret;
};

class Config {
public:
    enum class Mode { Gui, Daemon, Tool };

    struct LoadOptions {
        Mode mode = Mode::Gui;
        QString explicitFile;                 // --config FILE
        bool useProcessEnvironment = true;    // tests may switch it off
        QHash<QString, QString> environment;  // used instead of the process env when set
    };

    // The keys Eos knows, with defaults and meaning (the README's table is generated from the same list).
    static std::span<const ConfigKey> knownKeys();
    static const ConfigKey *findKey(const QString &name);
    static bool isSecretKey(const QString &name);
    // A dispatch route's token (for a route without api_key/api_key_file): EOS_ROUTE_TOKEN_<ID>, the route
    // id upper-cased with other characters as '_' ("jira-soc" -> EOS_ROUTE_TOKEN_JIRA_SOC). A secret key
    // family: from the env file, the environment (a Kubernetes Secret), a _FILE, or the OS keyring.
    static QString routeTokenKey(const QString &routeId);
    static bool isRouteTokenKey(const QString &name);
    // The env file used when none is named: /etc/eos/eos.env for the daemon (if present),
    // $XDG_CONFIG_HOME/eos/eos.env for the GUI.
    static QString defaultEnvFile(Mode mode, const QHash<QString, QString> &env);

    // Loads and validates. On a fatal problem (unreadable named file, secret-holding file readable by
    // group/others, unreadable KEY_FILE) returns nullopt and sets *error to a message for the user.
    static std::optional<Config> load(const LoadOptions &options, QString *error);
    // Parses .env text (KEY=VALUE, optional `export`, quotes, # comments). Bad lines go to *warnings.
    static QHash<QString, QString> parseEnvText(const QString &text, const QString &origin,
                                                QStringList *warnings);

    QString value(const QString &key) const;  // set value, else the documented default
    bool isSet(const QString &key) const;
    int intValue(const QString &key, int fallback) const;  // bad numbers fall back, with a warning
    void set(const QString &key, const QString &value);   // for tests and command-line overrides

    QStringList warnings() const { return m_warnings + m_intWarnings; }
    QString sourceFile() const { return m_sourceFile; }
    // Values of every secret key that is set, so logging can redact them.
    QStringList secretValues() const;

private:
    static QString nearestKnownKey(const QString &key);
    void checkUnknownKeys(const QHash<QString, QString> &fromFile, const QHash<QString, QString> &env);

    QHash<QString, QString> m_values;
    QStringList m_warnings;
    QString m_sourceFile;
    mutable QStringList m_intWarnings;
};

}  // namespace eos
