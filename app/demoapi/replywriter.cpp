#include "app/demoapi/replywriter.h"

#include <QSocketNotifier>
#include <QTcpSocket>

#ifdef Q_OS_LINUX
#include <sys/timerfd.h>
#include <unistd.h>
#endif

namespace Backfill::DemoApi {

namespace {

QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Unknown";
    }
}

} // namespace

ReplyWriter::ReplyWriter(QTcpSocket *socket, Reply reply, Delivery delivery, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_reply(std::move(reply))
    , m_delivery(delivery)
{
    m_timer.setSingleShot(true);
    // Latency as asked, to the millisecond: a coarse timer may be 5% off either way, which
    // is all the slack a scheduling benchmark at 50 ms latency has.
    m_timer.setTimerType(Qt::PreciseTimer);
    // A client that disconnects ends the wait, whatever is pending.
    connect(socket, &QTcpSocket::disconnected, this, &ReplyWriter::finish);
    connect(socket, &QObject::destroyed, this, &ReplyWriter::finish);
}

void ReplyWriter::setTrickle(int bytes, int intervalMs)
{
    m_trickleBytes = qMax(1, bytes);
    m_trickleIntervalMs = qMax(0, intervalMs);
}

ReplyWriter::~ReplyWriter()
{
    delete m_deadline;
#ifdef Q_OS_LINUX
    if (m_deadlineFd >= 0)
        ::close(m_deadlineFd);
#endif
}

void ReplyWriter::start(int delayMs, const QElapsedTimer &received)
{
    if (m_delivery == Delivery::Hang)
        return; // only the client's disconnect ends this one
    const qint64 delayNs = qint64(delayMs) * 1000000 - received.nsecsElapsed();
    if (delayNs > 0 && startDeadlineTimer(delayNs))
        return;
    connect(&m_timer, &QTimer::timeout, this, &ReplyWriter::deliver);
    m_timer.start(int(qMax<qint64>(0, (delayNs + 999999) / 1000000)));
}

bool ReplyWriter::startDeadlineTimer(qint64 delayNs)
{
    // A QTimer waits whole milliseconds, and the event loop's poll rounds them up: an answer
    // due 50 ms after its request left 50.4-50.8 ms after. A timerfd wakes the loop on time.
#ifdef Q_OS_LINUX
    m_deadlineFd = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (m_deadlineFd < 0)
        return false;
    itimerspec spec = {};
    spec.it_value.tv_sec = time_t(delayNs / 1000000000);
    spec.it_value.tv_nsec = long(delayNs % 1000000000);
    if (::timerfd_settime(m_deadlineFd, 0, &spec, nullptr) != 0)
        return false;
    m_deadline = new QSocketNotifier(qintptr(m_deadlineFd), QSocketNotifier::Read);
    connect(m_deadline, &QSocketNotifier::activated, this, [this] {
        m_deadline->setEnabled(false);
        deliver();
    });
    return true;
#else
    Q_UNUSED(delayNs);
    return false;
#endif
}

QByteArray ReplyWriter::head(const Reply &reply, qsizetype contentLength, bool closeAfter)
{
    QByteArray out;
    out.reserve(256);
    out.append("HTTP/1.1 ");
    out.append(QByteArray::number(reply.status));
    out.append(' ');
    out.append(reasonPhrase(reply.status));
    out.append("\r\nContent-Type: ");
    out.append(reply.contentType);
    if (contentLength < 0) {
        out.append("\r\nTransfer-Encoding: chunked");
    } else {
        out.append("\r\nContent-Length: ");
        out.append(QByteArray::number(contentLength));
    }
    for (const auto &[key, value] : reply.headers) {
        out.append("\r\n");
        out.append(key);
        out.append(": ");
        out.append(value);
    }
    out.append(closeAfter ? "\r\nConnection: close\r\n\r\n" : "\r\nConnection: keep-alive\r\n\r\n");
    return out;
}

void ReplyWriter::writeWhole(QTcpSocket *socket, const Reply &reply, bool closeAfter)
{
    if (socket->state() != QAbstractSocket::ConnectedState)
        return;
    // One write: the socket sends what the first write gives it at once and the rest only
    // when the event loop comes round again, which would split the answer in two.
    QByteArray bytes = head(reply, reply.body.size(), closeAfter);
    bytes.append(reply.body);
    socket->write(bytes);
    if (closeAfter)
        socket->disconnectFromHost();
}

void ReplyWriter::deliver()
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
        finish();
        return;
    }
    switch (m_delivery) {
    case Delivery::Whole:
        writeWhole(m_socket, m_reply, m_closeAfter);
        finish();
        return;
    case Delivery::CloseMidBody:
        // The headers promise the whole body; the connection ends after half of it.
        m_socket->write(head(m_reply, m_reply.body.size(), false));
        m_socket->write(m_reply.body.left(m_reply.body.size() / 2));
        m_socket->disconnectFromHost();
        finish();
        return;
    case Delivery::CloseMidChunks: {
        // Chunked: the body goes in chunks of 1 KB; the connection ends half-way, without the
        // last (empty) chunk that would say the body is complete.
        QByteArray head = ReplyWriter::head(m_reply, -1, false);
        QByteArray out = std::move(head);
        const QByteArray half = m_reply.body.left(m_reply.body.size() / 2);
        for (qsizetype at = 0; at < half.size(); at += 1024) {
            const QByteArray chunk = half.mid(at, 1024);
            out.append(QByteArray::number(chunk.size(), 16));
            out.append("\r\n");
            out.append(chunk);
            out.append("\r\n");
        }
        m_socket->write(out);
        m_socket->disconnectFromHost();
        finish();
        return;
    }
    case Delivery::Reset:
        m_socket->abort(); // no status line: the client sees the connection go
        finish();
        return;
    case Delivery::Trickle:
        m_socket->write(head(m_reply, m_reply.body.size(), m_closeAfter));
        disconnect(&m_timer, &QTimer::timeout, this, &ReplyWriter::deliver);
        connect(&m_timer, &QTimer::timeout, this, &ReplyWriter::trickleNext);
        trickleNext();
        return;
    case Delivery::Hang:
        return;
    }
}

void ReplyWriter::trickleNext()
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState) {
        finish();
        return;
    }
    const qsizetype chunk = qMin<qsizetype>(m_trickleBytes, m_reply.body.size() - m_written);
    m_socket->write(m_reply.body.constData() + m_written, chunk);
    m_written += chunk;
    if (m_written >= m_reply.body.size()) {
        if (m_closeAfter)
            m_socket->disconnectFromHost();
        finish();
        return;
    }
    m_timer.start(m_trickleIntervalMs);
}

void ReplyWriter::finish()
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    if (m_deadline)
        m_deadline->setEnabled(false);
    if (m_finished)
        m_finished();
    deleteLater();
}

} // namespace Backfill::DemoApi
