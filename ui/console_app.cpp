#include "console_app.h"

#include "alerts_view.h"
#include "console_session.h"
#include "main_window.h"
#include "secret_store.h"
#include "theme.h"
#include "ui_settings.h"

#include <QApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QUrl>
#include <QLocale>
#include <QMessageBox>
#include <QTranslator>

namespace eos {
namespace {
QTranslator *g_app = nullptr;
QTranslator *g_qt = nullptr;
}  // namespace

QString ConsoleApp::translationPath(const QString &language)
{
    return QStringLiteral(":/i18n/eos_console_%1.qm").arg(language);
}

QString ConsoleApp::installTranslators(const QString &language)
{
    auto *app = QCoreApplication::instance();
    if (g_app) {
        QCoreApplication::removeTranslator(g_app);
        delete g_app;
        g_app = nullptr;
    }
    if (g_qt) {
        QCoreApplication::removeTranslator(g_qt);
        delete g_qt;
        g_qt = nullptr;
    }
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    auto *tr = new QTranslator(app);
    // QTranslator::load(locale, …) tries every UI language of the locale in order (de_AT → de)
    if (!tr->load(locale, QStringLiteral("eos_console"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        // no translation for this language: English (its .qm carries the English plural forms)
        if (!tr->load(translationPath(QStringLiteral("en")))) {
            delete tr;
            return QStringLiteral("en");
        }
    }
    QCoreApplication::installTranslator(tr);
    g_app = tr;
    const QString lang = tr->language().section(u'_', 0, 0);
    // Qt's own strings (standard buttons, context menus), when the distribution ships them
    auto *qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        g_qt = qt;
    } else {
        delete qt;
    }
    if (!language.isEmpty()) QLocale::setDefault(locale);
    return lang.isEmpty() ? QStringLiteral("en") : lang;
}

qint64 ConsoleApp::alertIdFromLink(const QString &link)
{
    const QUrl url(link.trimmed());
    if (url.scheme() != QLatin1String("eos") || url.host() != QLatin1String("alert")) return 0;
    bool ok = false;
    const qint64 id = url.path().mid(1).toLongLong(&ok);
    return ok && id > 0 ? id : 0;
}

int ConsoleApp::run(const Config &cfg, qint64 alertId)
{
    Config config = cfg;
    if (!UiSettings::pipelineEnabled()) config.set(QStringLiteral("EOS_PIPELINE"), QStringLiteral("off"));
    const QString lang = installTranslators(UiSettings::language());
    qInfo("user interface language %s", qUtf8Printable(lang));  // routed into the log by the backend
    Theme::captureSystemPalette();
    Theme::apply(UiSettings::theme());

    // secrets the env file and the environment leave unset may live in the OS keyring
    SecretStore secrets;
    secrets.fillConfig(&config);

    ConsoleSession session(config);
    QString error;
    if (!session.open(&error)) {
        QMessageBox::critical(nullptr, QApplication::translate("eos::ConsoleApp", "Eos Console"),
                              QApplication::translate("eos::ConsoleApp", "Eos Console cannot start:\n\n%1").arg(error));
        return 1;
    }
    int rc = 0;
    {
        MainWindow w(&session);
        w.show();
        if (alertId > 0) {
            w.showPage(MainWindow::Page::LiveAlerts);
            w.alertsView()->showAlert(alertId);
        }
        rc = QApplication::exec();
    }
    session.close();
    return rc;
}

}  // namespace eos
