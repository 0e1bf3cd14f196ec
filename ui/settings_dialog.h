// Settings: theme, language, time zone of the time column, analyst name for the audit trail, and
// whether the embedded pipeline runs. Reads UiSettings on construction and writes them on accept.
// Secrets (PG_DSN, API keys, passwords) are stored in the OS keyring at once, not on accept.
#pragma once

#include "ui_settings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace eos {

class SecretStore;

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    // defaultAnalyst: the name used when the field is left empty (EOS_ANALYST or the OS user).
    SettingsDialog(const QString &defaultAnalyst, QWidget *parent = nullptr);

    void save() const;  // writes the dialog's values to UiSettings (accept() calls it)
    void accept() override;

    QComboBox *themeBox() const { return m_theme; }
    QComboBox *languageBox() const { return m_language; }
    QComboBox *timeZoneBox() const { return m_zone; }
    QLineEdit *analystEdit() const { return m_analyst; }
    QCheckBox *pipelineBox() const { return m_pipeline; }
    QLabel *keyringStatus() const { return m_keyringStatus; }
    QComboBox *secretKeyBox() const { return m_secretKey; }
    QLineEdit *secretEdit() const { return m_secretValue; }
    QPushButton *storeSecretButton() const { return m_storeSecret; }
    QPushButton *removeSecretButton() const { return m_removeSecret; }

    // Languages with a translation: code -> name in that language ("de" -> "Deutsch").
    static QList<QPair<QString, QString>> availableLanguages();

private:
    QComboBox *m_theme;
    QComboBox *m_language;
    QComboBox *m_zone;
    QLineEdit *m_analyst;
    QCheckBox *m_pipeline;
    // secrets in the OS keyring (QtKeychain); the env file and the environment still win
    void probeKeyring();
    SecretStore *m_secrets;
    QLabel *m_keyringStatus;
    QComboBox *m_secretKey;
    QLineEdit *m_secretValue;
    QPushButton *m_storeSecret;
    QPushButton *m_removeSecret;
};

}  // namespace eos
