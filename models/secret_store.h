// Secrets on the desktop in the OS keyring (Secret Service / KWallet through QtKeychain): the console's
// Settings dialog stores PG_DSN, WAZUH_API_PASSWD, AZURE_OPENAI_API_KEY, OPENAI_API_KEY, SMTP_PASSWORD,
// JIRA_API_KEY and route tokens there, and the console reads them at start for keys the env file and the
// environment leave unset (those still win). Where no keyring service runs, available() says so and the
// secrets stay in the 0600 env file. Calls wait for the keyring (it may ask the user to unlock it) with a
// local event loop and a time limit: call them from the GUI thread at start or from the dialog.
#pragma once

#include "core/config.h"

#include <QObject>
#include <QString>
#include <QStringList>

namespace eos {

class SecretStore : public QObject {
    Q_OBJECT
public:
    explicit SecretStore(QString service = QStringLiteral("eos-console"), QObject *parent = nullptr);

    // The configuration keys the keyring may hold: the fixed secrets, and EOS_ROUTE_TOKEN_<ID> for each
    // route of the configuration's EOS_ROUTES_FILE (a route without api_key/api_key_file reads it).
    static QStringList keys();
    static QStringList keys(const Config &config);
    // keys() of the console's own configuration (its env file and the environment), for the Settings dialog.
    static QStringList keysOfConsoleConfig();

    // Whether a keyring service answers; *why says what is missing when it does not.
    bool available(QString *why = nullptr);
    // The stored value, or a null string when there is none (*error set when the keyring failed).
    QString read(const QString &key, QString *error = nullptr);
    bool write(const QString &key, const QString &value, QString *error = nullptr);
    bool remove(const QString &key, QString *error = nullptr);

    // Fills keys() that config leaves unset from the keyring (and tells Logging to redact them). Returns
    // the keys it filled; does nothing when no keyring service runs.
    QStringList fillConfig(Config *config);

    int timeoutMs = 5000;

private:
    QString m_service;
    int m_available = -1;  // unknown / 0 / 1
    QString m_why;
};

}  // namespace eos
