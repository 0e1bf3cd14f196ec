#include "unix_signal_watcher.h"

#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace eos {
namespace {
int g_pipe[2] = {-1, -1};

extern "C" void onSignal(int signo)
{
    const unsigned char b = static_cast<unsigned char>(signo);
    [[maybe_unused]] auto n = ::write(g_pipe[1], &b, 1);
}
}  // namespace

UnixSignalWatcher::UnixSignalWatcher(std::initializer_list<int> signals, QObject *parent) : QObject(parent)
{
    if (g_pipe[0] < 0 && ::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return;
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &UnixSignalWatcher::readPipe);
    for (int s : signals) {
        struct sigaction sa {};
        sa.sa_handler = onSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        ::sigaction(s, &sa, nullptr);
    }
}

UnixSignalWatcher::~UnixSignalWatcher() = default;

void UnixSignalWatcher::readPipe()
{
    unsigned char b = 0;
    while (::read(g_pipe[0], &b, 1) == 1) Q_EMIT unixSignal(b);
}

}  // namespace eos
