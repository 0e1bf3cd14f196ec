// Light and dark palettes. "System" follows the OS: Qt 6.4 has no QStyleHints::colorScheme, so the
// system palette captured at start-up (before Eos changes it) decides by its window colour's lightness.
#pragma once

#include "ui_settings.h"

#include <QPalette>

class QApplication;

namespace eos {

class Theme {
public:
    // Call once, before apply(), so "System" can return to the platform's own palette.
    static void captureSystemPalette();
    static bool isDark(const QPalette &palette);  // window colour lightness below the middle
    static bool systemPrefersDark();
    static QPalette lightPalette();
    static QPalette darkPalette();
    // Applies the theme to the application; returns whether the result is dark.
    static bool apply(UiSettings::Theme theme);
    static bool currentIsDark();
    // The platform's own palette is in use (the choice matches the system's lightness): its icon theme
    // then fits the colours too.
    static bool usesSystemPalette();
};

}  // namespace eos
