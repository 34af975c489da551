#pragma once

#include "app/demoapi/reply.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

class QSocketNotifier;
class QTcpSocket;

namespace Backfill::DemoApi {

// Writes one Reply to a client socket, now or after a delay, whole or in trickling
// chunks, or cut off half-way through the body, or never (a hang). The demo server
// writes the HTTP answer to the socket itself instead of through QHttpServerResponder,
// because the faults need a Content-Length that the body never reaches and a close in
// the middle of it; the socket is watched so that a client that gives up is not written to.
class ReplyWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplyWriter)

public:
    enum class Delivery { Whole, Trickle, CloseMidBody, CloseMidChunks, Reset, Hang };

    ReplyWriter(QTcpSocket *socket, Reply reply, Delivery delivery, QObject *parent);
    ~ReplyWriter() override;

    void setTrickle(int bytes, int intervalMs);
    void setCloseAfter(bool close) { m_closeAfter = close; }
    // Called once, when the answer is written or the client is gone.
    void setFinishedCallback(std::function<void()> callback) { m_finished = std::move(callback); }
    // Answers `delayMs` after `received` started (when the request came in): the latency
    // counts the time the server spent on the request, as a real server's does.
    void start(int delayMs, const QElapsedTimer &received);

    // The status line and headers, as written for every answer; a negative length says
    // "Transfer-Encoding: chunked".
    static QByteArray head(const Reply &reply, qsizetype contentLength, bool closeAfter);
    // Writes the whole answer at once; the fast path for answers without delay or faults.
    static void writeWhole(QTcpSocket *socket, const Reply &reply, bool closeAfter);

private:
    void deliver();
    void trickleNext();
    void finish();
    bool startDeadlineTimer(qint64 delayNs);

    QPointer<QTcpSocket> m_socket;
    Reply m_reply;
    Delivery m_delivery;
    QTimer m_timer;
    int m_deadlineFd = -1; // Linux: a timerfd for the answer's delay, to the microsecond
    QSocketNotifier *m_deadline = nullptr;
    qsizetype m_written = 0;
    int m_trickleBytes = 256;
    int m_trickleIntervalMs = 20;
    bool m_closeAfter = false;
    bool m_done = false;
    std::function<void()> m_finished;
};

} // namespace Backfill::DemoApi
