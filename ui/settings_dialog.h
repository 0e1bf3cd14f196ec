// Settings: theme, language, time zone of the time column, analyst name for the audit trail, and
// whether the embedded pipeline runs. Reads UiSettings on construction and writes them on accept.
#pragma once

#include "ui_settings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace eos {

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

    // Languages with a translation: code -> name in that language ("de" -> "Deutsch").
    static QList<QPair<QString, QString>> availableLanguages();

private:
    QComboBox *m_theme;
    QComboBox *m_language;
    QComboBox *m_zone;
    QLineEdit *m_analyst;
    QCheckBox *m_pipeline;
};

}  // namespace eos
