#pragma once

#include <QObject>

class QSocketNotifier;

namespace Backfill {

// Turns SIGINT and SIGTERM into a Qt signal: the handler only writes to a self-pipe, a
// QSocketNotifier reads it in the event loop, and stopRequested() asks for a graceful stop.
// A second signal exits at once with 130 from the handler itself: whatever the writer
// committed is safe in the workspace, and nothing else is needed to resume.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    bool isInstalled() const { return m_notifier != nullptr; }

signals:
    void stopRequested(int signalNumber);

private:
    void onReadable();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Backfill
