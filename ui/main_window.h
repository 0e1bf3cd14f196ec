#pragma once

#include <QMainWindow>

class QLabel;

namespace eos {

class ConsoleSession;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(ConsoleSession *session, QWidget *parent = nullptr);

private:
    ConsoleSession *m_session;
    QLabel *m_dbLabel = nullptr;
};

}  // namespace eos
