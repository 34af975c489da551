#include "app/runner/signalwatcher.h"

#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Backfill {

namespace {
int g_pipe[2] = {-1, -1};
volatile std::sig_atomic_t g_signals = 0;
volatile std::sig_atomic_t g_watching = 0; // a SignalWatcher reads the pipe

extern "C" void onSignal(int signalNumber)
{
    g_signals = g_signals + 1;
    // The second signal: at once; committed work is already on disk. So is a signal after the
    // watcher is gone (the process is winding down after the first one): the handler stays
    // installed to the end, since restoring the default would let a second Ctrl+C that comes
    // late kill the process by the signal instead.
    if (g_signals > 1 || !g_watching)
        ::_exit(130);
    const char byte = char(signalNumber);
    [[maybe_unused]] const auto written = ::write(g_pipe[1], &byte, 1);
}
} // namespace

SignalWatcher::SignalWatcher(QObject *parent)
    : QObject(parent)
{
    if (g_pipe[0] < 0) {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_pipe) != 0) {
            g_pipe[0] = g_pipe[1] = -1;
            return;
        }
        ::fcntl(g_pipe[0], F_SETFD, FD_CLOEXEC);
        ::fcntl(g_pipe[1], F_SETFD, FD_CLOEXEC);
        ::fcntl(g_pipe[1], F_SETFL, O_NONBLOCK);
    }
    m_notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &SignalWatcher::onReadable);
    g_watching = 1; // before the handler goes in: a signal already pending then stops gracefully

    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
    // A parent may have started us with the signals blocked (the mask survives exec).
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

SignalWatcher::~SignalWatcher()
{
    g_watching = 0;
    delete m_notifier;
    m_notifier = nullptr;
    // The pipe stays open (a later watcher reuses it): a handler running on another thread
    // may have seen g_watching set just before, and must not write to a closed descriptor, or
    // to one the process has opened again since (a database file).
}

void SignalWatcher::onReadable()
{
    char byte = 0;
    if (::read(g_pipe[0], &byte, 1) == 1)
        emit stopRequested(int(byte));
}

} // namespace Backfill
