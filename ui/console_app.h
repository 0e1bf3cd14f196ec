// Starts the GUI: language, theme, the session (database + embedded pipeline unless switched off on the
// command line, by EOS_PIPELINE or in the settings) and the main window.
#pragma once

#include <QString>

namespace eos {

class Config;  // from models/console_session.h

class ConsoleApp {
public:
    static int run(const Config &config);  // QApplication must exist

    // Installs the translators for a language code ("de", "en") or, when empty, the system locale.
    // Returns the language in use ("en" when no translation matched). Safe to call again.
    static QString installTranslators(const QString &language);
    // The .qm resource prefix ("/i18n") and base name ("eos_console").
    static QString translationPath(const QString &language);
};

}  // namespace eos
