#include "ui_settings.h"

#include <QSettings>

namespace eos {
namespace {
const QString kTheme = QStringLiteral("appearance/theme");
const QString kLanguage = QStringLiteral("appearance/language");
const QString kTimeZone = QStringLiteral("appearance/timeZone");
const QString kAnalyst = QStringLiteral("triage/analystName");
const QString kPipeline = QStringLiteral("pipeline/enabled");
}  // namespace

QString UiSettings::themeKey(Theme theme)
{
    switch (theme) {
    case Theme::Light: return QStringLiteral("light");
    case Theme::Dark: return QStringLiteral("dark");
    case Theme::System: break;
    }
    return QStringLiteral("system");
}

UiSettings::Theme UiSettings::themeFromKey(const QString &key)
{
    if (key == QLatin1String("light")) return Theme::Light;
    if (key == QLatin1String("dark")) return Theme::Dark;
    return Theme::System;
}

UiSettings::Theme UiSettings::theme() { return themeFromKey(QSettings().value(kTheme).toString()); }
void UiSettings::setTheme(Theme theme) { QSettings().setValue(kTheme, themeKey(theme)); }

QString UiSettings::language() { return QSettings().value(kLanguage).toString(); }
void UiSettings::setLanguage(const QString &code) { QSettings().setValue(kLanguage, code); }

QString UiSettings::timeZoneId() { return QSettings().value(kTimeZone).toString(); }
void UiSettings::setTimeZoneId(const QString &id) { QSettings().setValue(kTimeZone, id); }

QTimeZone UiSettings::timeZone()
{
    const QString id = timeZoneId();
    if (!id.isEmpty()) {
        QTimeZone z(id.toUtf8());
        if (z.isValid()) return z;
    }
    return QTimeZone::systemTimeZone();
}

QString UiSettings::analystName() { return QSettings().value(kAnalyst).toString().trimmed(); }
void UiSettings::setAnalystName(const QString &name) { QSettings().setValue(kAnalyst, name.trimmed()); }

bool UiSettings::pipelineEnabled() { return QSettings().value(kPipeline, true).toBool(); }
void UiSettings::setPipelineEnabled(bool on) { QSettings().setValue(kPipeline, on); }

}  // namespace eos
