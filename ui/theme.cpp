#include "theme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

#include <optional>

namespace eos {
namespace {
std::optional<QPalette> g_system;
QString g_systemStyle;
bool g_dark = false;
bool g_systemPalette = true;
}  // namespace

void Theme::captureSystemPalette()
{
    if (g_system) return;
    g_system = QApplication::palette();
    if (QApplication::style()) g_systemStyle = QApplication::style()->name();
}

bool Theme::isDark(const QPalette &palette) { return palette.color(QPalette::Window).lightness() < 128; }

bool Theme::systemPrefersDark()
{
    captureSystemPalette();
    return isDark(*g_system);
}

QPalette Theme::lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xf3, 0xf4, 0xf6));
    p.setColor(QPalette::WindowText, QColor(0x1f, 0x23, 0x28));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf6, 0xf8, 0xfa));
    p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xe8));
    p.setColor(QPalette::ToolTipText, QColor(0x1f, 0x23, 0x28));
    p.setColor(QPalette::PlaceholderText, QColor(0x6e, 0x77, 0x81));
    p.setColor(QPalette::Text, QColor(0x1f, 0x23, 0x28));
    p.setColor(QPalette::Button, QColor(0xe9, 0xeb, 0xee));
    p.setColor(QPalette::ButtonText, QColor(0x1f, 0x23, 0x28));
    p.setColor(QPalette::BrightText, Qt::red);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xc9));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x09, 0x69, 0xda));
    p.setColor(QPalette::Mid, QColor(0xc8, 0xcc, 0xd1));
    p.setColor(QPalette::Dark, QColor(0xa0, 0xa6, 0xad));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x8c, 0x95, 0x9f));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x8c, 0x95, 0x9f));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x8c, 0x95, 0x9f));
    return p;
}

QPalette Theme::darkPalette()
{
    QPalette p;
    const QColor text(0xe6, 0xe8, 0xeb);
    const QColor disabled(0x7d, 0x85, 0x90);
    p.setColor(QPalette::Window, QColor(0x22, 0x25, 0x2a));
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, QColor(0x18, 0x1a, 0x1e));
    p.setColor(QPalette::AlternateBase, QColor(0x20, 0x23, 0x28));
    p.setColor(QPalette::ToolTipBase, QColor(0x2d, 0x31, 0x37));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8b, 0x94, 0x9e));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x2d, 0x31, 0x37));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x7b, 0x72));
    p.setColor(QPalette::Highlight, QColor(0x3b, 0x82, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x58, 0xa6, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xbc, 0x8c, 0xff));
    p.setColor(QPalette::Light, QColor(0x3a, 0x3f, 0x46));
    p.setColor(QPalette::Midlight, QColor(0x33, 0x37, 0x3d));
    p.setColor(QPalette::Mid, QColor(0x2a, 0x2e, 0x33));
    p.setColor(QPalette::Dark, QColor(0x14, 0x16, 0x19));
    p.setColor(QPalette::Shadow, QColor(0x0a, 0x0b, 0x0d));
    p.setColor(QPalette::Disabled, QPalette::Text, disabled);
    p.setColor(QPalette::Disabled, QPalette::WindowText, disabled);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x3a, 0x3f, 0x46));
    return p;
}

bool Theme::apply(UiSettings::Theme theme)
{
    captureSystemPalette();
    const bool sysDark = isDark(*g_system);
    const bool wantDark = theme == UiSettings::Theme::Dark || (theme == UiSettings::Theme::System && sysDark);
    if (wantDark == sysDark) {
        // the platform already looks right: keep its style and palette
        if (!g_systemStyle.isEmpty() && QApplication::style()->name() != g_systemStyle)
            QApplication::setStyle(QStyleFactory::create(g_systemStyle));
        QApplication::setPalette(*g_system);
    } else {
        // Fusion honours every palette role, so an overridden theme looks right with any platform style
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(wantDark ? darkPalette() : lightPalette());
    }
    g_dark = wantDark;
    g_systemPalette = wantDark == sysDark;
    return wantDark;
}

bool Theme::currentIsDark() { return g_dark; }

bool Theme::usesSystemPalette() { return g_systemPalette; }

}  // namespace eos
