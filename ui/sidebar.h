// The main window's navigation: one entry per page with an icon and, where it means something, a count
// badge (new high-level alerts, dispatch items waiting for review, failed AI summaries). Keyboard: the
// arrow keys, Home/End and Page Up/Down move between pages (the list's own navigation); every entry's
// accessible text includes its count.
//
// Icons come from the desktop's icon theme while the platform's own palette is in use and the theme has
// the icon; otherwise (a theme without it, or light/dark chosen in Settings against the platform's
// palette, where the theme's icons would not fit) from the bundled monochrome set in resources/icons/nav,
// tinted with the current text colour.
//
// Theme switches: the sidebar sets no palette of its own (it used to copy the window's palette once,
// which froze the light colours into it); it paints its background with the Window role and re-tints
// its icons on every palette change, so a theme switch reaches it at once.
#pragma once

#include <QListWidget>

namespace eos {

class Sidebar : public QListWidget {
    Q_OBJECT
public:
    static constexpr int CountRole = Qt::UserRole + 40;    // qint64; 0 = no badge
    static constexpr int IconKeyRole = Qt::UserRole + 41;  // the bundled icon's name ("live-alerts")
    static constexpr int ThemeIconRole = Qt::UserRole + 42;
    static constexpr int CountHintRole = Qt::UserRole + 43;  // what the count means, for its tooltip

    explicit Sidebar(QWidget *parent = nullptr);

    // Appends a page; iconKey names resources/icons/nav/<key>-<size>.png, themeIcon the freedesktop name.
    QListWidgetItem *addPage(const QString &text, const QString &iconKey, const QString &themeIcon = {});
    void setBadge(int row, qint64 count, const QString &meaning = {});
    qint64 badge(int row) const;
    // The bundled icon tinted in `color` (every size the set has).
    static QIcon bundledIcon(const QString &key, const QColor &color);
    // Whether the icons come from the desktop theme (the console follows the system palette).
    static bool useThemeIcons();

    QSize sizeHint() const override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void refreshIcons();
    void updateAccessibleText(QListWidgetItem *item);
};

}  // namespace eos
