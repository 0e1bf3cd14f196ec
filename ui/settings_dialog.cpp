#include "settings_dialog.h"

#include "secret_store.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QStandardPaths>
#include <QPushButton>
#include <QTimer>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTimeZone>
#include <QVBoxLayout>

namespace eos {

QList<QPair<QString, QString>> SettingsDialog::availableLanguages()
{
    return {{QStringLiteral("en"), QStringLiteral("English")}, {QStringLiteral("de"), QStringLiteral("Deutsch")}};
}

SettingsDialog::SettingsDialog(const QString &defaultAnalyst, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Settings"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    layout->addLayout(form);

    m_theme = new QComboBox(this);
    m_theme->addItem(tr("Follow the system"), UiSettings::themeKey(UiSettings::Theme::System));
    m_theme->addItem(tr("Light"), UiSettings::themeKey(UiSettings::Theme::Light));
    m_theme->addItem(tr("Dark"), UiSettings::themeKey(UiSettings::Theme::Dark));
    m_theme->setCurrentIndex(m_theme->findData(UiSettings::themeKey(UiSettings::theme())));
    form->addRow(tr("&Theme:"), m_theme);

    m_language = new QComboBox(this);
    QString systemLanguage = QLocale::system().nativeLanguageName();
    if (systemLanguage.isEmpty() && QLocale::system().language() != QLocale::C)
        systemLanguage = QLocale::languageToString(QLocale::system().language());
    m_language->addItem(systemLanguage.isEmpty() ? tr("System language") : tr("System language (%1)").arg(systemLanguage), QString());
    for (const auto &[code, name] : availableLanguages()) m_language->addItem(name, code);
    const int li = m_language->findData(UiSettings::language());
    m_language->setCurrentIndex(li < 0 ? 0 : li);
    form->addRow(tr("&Language:"), m_language);

    m_zone = new QComboBox(this);
    m_zone->setEditable(true);
    m_zone->setInsertPolicy(QComboBox::NoInsert);
    m_zone->addItem(tr("Local time (%1)").arg(QString::fromUtf8(QTimeZone::systemTimeZoneId())), QString());
    m_zone->addItem(QStringLiteral("UTC"), QStringLiteral("UTC"));
    const auto ids = QTimeZone::availableTimeZoneIds();
    for (const QByteArray &id : ids) {
        const QString s = QString::fromUtf8(id);
        if (s != QLatin1String("UTC")) m_zone->addItem(s, s);
    }
    m_zone->completer()->setFilterMode(Qt::MatchContains);
    m_zone->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_zone->completer()->setCompletionMode(QCompleter::PopupCompletion);
    const int zi = m_zone->findData(UiSettings::timeZoneId());
    m_zone->setCurrentIndex(zi < 0 ? 0 : zi);
    form->addRow(tr("Time &zone of the time column:"), m_zone);

    m_analyst = new QLineEdit(UiSettings::analystName(), this);
    m_analyst->setPlaceholderText(defaultAnalyst);
    m_analyst->setClearButtonEnabled(true);
    form->addRow(tr("&Analyst name:"), m_analyst);
    auto *analystHint = new QLabel(tr("Recorded in the audit trail of every triage action. Empty: %1.")
                                       .arg(defaultAnalyst.toHtmlEscaped()), this);
    analystHint->setWordWrap(true);
    analystHint->setEnabled(false);
    form->addRow(QString(), analystHint);

    m_pipeline = new QCheckBox(tr("Run the embedded alert &pipeline"), this);
    m_pipeline->setChecked(UiSettings::pipelineEnabled());
    form->addRow(QString(), m_pipeline);
    auto *restartHint = new QLabel(tr("Language and pipeline changes take effect at the next start. Without the "
                                      "pipeline Eos is a pure console on a database that daemons fill."), this);
    restartHint->setWordWrap(true);
    restartHint->setEnabled(false);
    form->addRow(QString(), restartHint);

    // Secrets in the OS keyring: stored at once (Store), read at the next start for keys the env file and
    // the environment leave unset
    auto *secretsBox = new QGroupBox(tr("Secrets in the OS keyring"), this);
    auto *secretsForm = new QFormLayout(secretsBox);
    m_secrets = new SecretStore(QStringLiteral("eos-console"), this);
    m_keyringStatus = new QLabel(tr("Checking the OS keyring…"), secretsBox);
    m_keyringStatus->setObjectName(QStringLiteral("keyringStatus"));
    m_keyringStatus->setWordWrap(true);
    secretsForm->addRow(m_keyringStatus);
    m_secretKey = new QComboBox(secretsBox);
    m_secretKey->addItems(SecretStore::keysOfConsoleConfig());
    secretsForm->addRow(tr("&Key:"), m_secretKey);
    m_secretValue = new QLineEdit(secretsBox);
    m_secretValue->setEchoMode(QLineEdit::Password);
    m_secretValue->setPlaceholderText(tr("New value (not shown)"));
    secretsForm->addRow(tr("&Value:"), m_secretValue);
    auto *secretButtons = new QHBoxLayout;
    m_storeSecret = new QPushButton(tr("&Store in Keyring"), secretsBox);
    m_removeSecret = new QPushButton(tr("&Remove from Keyring"), secretsBox);
    secretButtons->addWidget(m_storeSecret);
    secretButtons->addWidget(m_removeSecret);
    secretButtons->addStretch(1);
    secretsForm->addRow(secretButtons);
    m_storeSecret->setEnabled(false);
    m_removeSecret->setEnabled(false);
    connect(m_storeSecret, &QPushButton::clicked, this, [this] {
        QString err;
        const QString key = m_secretKey->currentText();
        if (m_secretValue->text().isEmpty()) return;
        if (m_secrets->write(key, m_secretValue->text(), &err)) {
            m_secretValue->clear();
            m_keyringStatus->setText(tr("%1 is stored in the OS keyring; it is used from the next start unless the env file or the "
                                        "environment sets it.").arg(key));
        } else {
            m_keyringStatus->setText(tr("Could not store %1 in the OS keyring: %2").arg(key, err));
        }
    });
    connect(m_removeSecret, &QPushButton::clicked, this, [this] {
        QString err;
        const QString key = m_secretKey->currentText();
        m_keyringStatus->setText(m_secrets->remove(key, &err) ? tr("%1 is no longer in the OS keyring.").arg(key)
                                                              : tr("Could not remove %1 from the OS keyring: %2").arg(key, err));
    });
    layout->addWidget(secretsBox);
    QTimer::singleShot(0, this, &SettingsDialog::probeKeyring);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    const QFontMetrics fm(font());
    setMinimumWidth(fm.averageCharWidth() * 90);
}

void SettingsDialog::probeKeyring()
{
    QString why;
    if (m_secrets->available(&why)) {
        m_keyringStatus->setText(tr("Secrets stored here are used when the env file and the environment leave them unset."));
        m_storeSecret->setEnabled(true);
        m_removeSecret->setEnabled(true);
    } else {
        m_keyringStatus->setText(tr("The OS keyring is not available (%1). Keep secrets in the env file %2, readable only by you "
                                    "(mode 0600).")
                                     .arg(why, QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) + QStringLiteral("/eos/eos.env")));
        m_storeSecret->setEnabled(false);
        m_removeSecret->setEnabled(false);
        m_secretKey->setEnabled(false);
        m_secretValue->setEnabled(false);
    }
    adjustSize();  // the status text may take more lines than the placeholder did
}

void SettingsDialog::save() const
{
    UiSettings::setTheme(UiSettings::themeFromKey(m_theme->currentData().toString()));
    UiSettings::setLanguage(m_language->currentData().toString());
    // the zone box is editable: take a typed id when it names a zone
    QString zone = m_zone->currentData().toString();
    const QString typed = m_zone->currentText().trimmed();
    if (m_zone->findText(typed) < 0 && QTimeZone(typed.toUtf8()).isValid()) zone = typed;
    UiSettings::setTimeZoneId(zone);
    UiSettings::setAnalystName(m_analyst->text());
    UiSettings::setPipelineEnabled(m_pipeline->isChecked());
}

void SettingsDialog::accept()
{
    save();
    QDialog::accept();
}

}  // namespace eos
