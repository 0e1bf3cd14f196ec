// Starts the GUI: language, theme, the session (database + embedded pipeline unless switched off on the
// command line, by EOS_PIPELINE or in the settings) and the main window.
#pragma once

#include <QString>

namespace eos {

class Config;  // from models/console_session.h

class ConsoleApp {
public:
    // QApplication must exist. alertId > 0: the console opens on that alert (eos://alert/<id> given on the
    // command line, as the desktop entry's link handler passes it).
    static int run(const Config &config, qint64 alertId = 0);
    // The alert id of an eos://alert/<id> link (0 when the text is no such link).
    static qint64 alertIdFromLink(const QString &link);

    // Installs the translators for a language code ("de", "en") or, when empty, the system locale.
    // Returns the language in use ("en" when no translation matched). Safe to call again.
    static QString installTranslators(const QString &language);
    // The .qm resource prefix ("/i18n") and base name ("eos_console").
    static QString translationPath(const QString &language);
};

}  // namespace eos
