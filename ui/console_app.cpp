#include "console_app.h"

#include "console_session.h"
#include "main_window.h"

#include <QApplication>
#include <QMessageBox>

namespace eos {

int ConsoleApp::run(const Config &config)
{
    ConsoleSession session(config);
    QString error;
    if (!session.open(&error)) {
        QMessageBox::critical(nullptr, QApplication::translate("ConsoleApp", "Eos Console"),
                              QApplication::translate("ConsoleApp", "Eos Console cannot start:\n\n%1").arg(error));
        return 1;
    }
    MainWindow w(&session);
    w.show();
    const int rc = QApplication::exec();
    session.close();
    return rc;
}

}  // namespace eos
