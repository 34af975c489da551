#include "network/engine/retrywait.h"

#include <QTest>

using namespace Backfill;

// A 429 looked at some time after its answer arrived (a page fetched ahead): the server's
// wait counts from the answer, a backoff from now, and Retry-After: 0 never means at once.
class TestRetryWait : public QObject
{
    Q_OBJECT

private slots:
    void remaining_data();
    void remaining();
};

void TestRetryWait::remaining_data()
{
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QByteArray>("reset");
    QTest::addColumn<qint64>("lookedAtAfterMs"); // since the answer arrived
    QTest::addColumn<bool>("fromServer");
    QTest::addColumn<qint64>("expected");
    QTest::addRow("seconds, looked at on arrival")
        << QByteArray("3") << QByteArray() << qint64(0) << true << qint64(3000);
    QTest::addRow("seconds, 1 s later") << QByteArray("3") << QByteArray() << qint64(1000) << true << qint64(2000);
    QTest::addRow("seconds, deadline passed") << QByteArray("3") << QByteArray() << qint64(5000) << true << qint64(0);
    QTest::addRow("http date, 2 s later")
        << QByteArray("Mon, 15 Jan 2024 10:00:07 GMT") << QByteArray() << qint64(2000) << true << qint64(5000);
    QTest::addRow("http date, deadline passed")
        << QByteArray("Mon, 15 Jan 2024 10:00:07 GMT") << QByteArray() << qint64(9000) << true << qint64(0);
    QTest::addRow("ratelimit-reset, 1.5 s later")
        << QByteArray() << QByteArray("4") << qint64(1500) << true << qint64(2500);
    // Retry-After: 0 and no header at all fall back to the backoff, which is ours and counts from now.
    QTest::addRow("zero, 5 s later") << QByteArray("0") << QByteArray() << qint64(5000) << false << qint64(1000);
    QTest::addRow("no header, 5 s later") << QByteArray() << QByteArray() << qint64(5000) << false << qint64(1000);
}

void TestRetryWait::remaining()
{
    QFETCH(QByteArray, retryAfter);
    QFETCH(QByteArray, reset);
    QFETCH(qint64, lookedAtAfterMs);
    QFETCH(bool, fromServer);
    QFETCH(qint64, expected);
    const QDateTime answeredAt(QDate(2024, 1, 15), QTime(10, 0, 0), Qt::UTC);
    const RetryWait wait = RetryWait::decide(nullptr, 1, 429, retryAfter, reset, answeredAt, 0.5);
    QCOMPARE(wait.fromServer, fromServer);
    QCOMPARE(wait.remainingMs(answeredAt, answeredAt.addMSecs(lookedAtAfterMs)), expected);
}

QTEST_GUILESS_MAIN(TestRetryWait)
#include "tst_retrywait.moc"
