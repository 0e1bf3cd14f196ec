// Turns SIGTERM/SIGINT/SIGHUP into a Qt signal on the main thread (self-pipe + QSocketNotifier).
#pragma once

#include <QObject>

#include <initializer_list>

class QSocketNotifier;

namespace eos {

class UnixSignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit UnixSignalWatcher(std::initializer_list<int> signals, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void unixSignal(int signo);

private:
    void readPipe();
    QSocketNotifier *m_notifier = nullptr;
};

}  // namespace eos
