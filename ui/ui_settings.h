// The console's per-user preferences (QSettings, per user and machine): theme, language, time zone of
// the time column, the analyst name for the audit trail, and whether the embedded pipeline runs.
// Window geometry, splitter and column layouts are stored by the widgets themselves under "layout/".
#pragma once

#include <QString>
#include <QTimeZone>

namespace eos {

class UiSettings {
public:
    enum class Theme { System, Light, Dark };

    static Theme theme();
    static void setTheme(Theme theme);
    static QString themeKey(Theme theme);  // "system", "light", "dark"
    static Theme themeFromKey(const QString &key);

    // "" = follow the system locale; else a language code with a translation ("en", "de").
    static QString language();
    static void setLanguage(const QString &code);

    // "" = the system's local time zone; else an IANA id ("UTC", "Europe/Berlin").
    static QString timeZoneId();
    static void setTimeZoneId(const QString &id);
    static QTimeZone timeZone();  // the zone to use (system zone when unset or unknown)

    // Overrides the audit-trail name (EOS_ANALYST or the OS user) when non-empty.
    static QString analystName();
    static void setAnalystName(const QString &name);

    // false = pure console (like --no-pipeline); takes effect at the next start.
    static bool pipelineEnabled();
    static void setPipelineEnabled(bool on);
};

}  // namespace eos
