#include "main_window.h"

#include "console_session.h"

#include <QLabel>
#include <QStatusBar>

namespace eos {

MainWindow::MainWindow(ConsoleSession *session, QWidget *parent) : QMainWindow(parent), m_session(session)
{
    setWindowTitle(tr("Eos Console — %1").arg(session->databaseDescription()));
    m_dbLabel = new QLabel(tr("Database: %1").arg(session->databaseDescription()), this);
    statusBar()->addPermanentWidget(m_dbLabel);
    resize(1280, 800);
}

}  // namespace eos
