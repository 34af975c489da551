// Backoff delays per kind and attempt, and the server's Retry-After / RateLimit-Reset.
#include "network/http/backoff.h"

#include <QTest>

using Backfill::BackoffPolicy;
using namespace Qt::StringLiterals;

class TestBackoff : public QObject
{
    Q_OBJECT

private slots:
    void delays_data();
    void delays();
    void kindNames();
    void serverDelay_data();
    void serverDelay();
};

void TestBackoff::delays_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<double>("base");
    QTest::addColumn<int>("attempt");
    QTest::addColumn<double>("random");
    QTest::addColumn<qint64>("expected");
    QTest::addRow("none") << u"none"_s << 1.0 << 3 << 0.5 << qint64(0);
    QTest::addRow("constant 1") << u"constant"_s << 2.0 << 1 << 0.5 << qint64(2000);
    QTest::addRow("constant 4") << u"constant"_s << 2.0 << 4 << 0.5 << qint64(2000);
    QTest::addRow("linear 1") << u"linear"_s << 1.5 << 1 << 0.5 << qint64(1500);
    QTest::addRow("linear 3") << u"linear"_s << 1.5 << 3 << 0.5 << qint64(4500);
    QTest::addRow("exponential 1") << u"exponential"_s << 1.0 << 1 << 0.5 << qint64(1000);
    QTest::addRow("exponential 4") << u"exponential"_s << 0.25 << 4 << 0.5 << qint64(2000);
    QTest::addRow("exponential capped") << u"exponential"_s << 1.0 << 40 << 0.5 << qint64(300000);
    QTest::addRow("jitter low") << u"jitter"_s << 1.0 << 3 << 0.0 << qint64(2000);
    QTest::addRow("jitter high") << u"jitter"_s << 1.0 << 3 << 1.0 << qint64(6000);
    QTest::addRow("attempt 0 counts as 1") << u"linear"_s << 1.0 << 0 << 0.5 << qint64(1000);
}

void TestBackoff::delays()
{
    QFETCH(QString, kind);
    QFETCH(double, base);
    QFETCH(int, attempt);
    QFETCH(double, random);
    QFETCH(qint64, expected);
    BackoffPolicy policy;
    policy.kind = *BackoffPolicy::kindFromString(kind);
    policy.baseSeconds = base;
    QCOMPARE(policy.delayMs(attempt, random), expected);
}

void TestBackoff::kindNames()
{
    for (auto kind : {BackoffPolicy::Kind::None, BackoffPolicy::Kind::Constant, BackoffPolicy::Kind::Linear,
                      BackoffPolicy::Kind::Exponential, BackoffPolicy::Kind::Jitter})
        QCOMPARE(BackoffPolicy::kindFromString(BackoffPolicy::kindToString(kind)), kind);
    QVERIFY(!BackoffPolicy::kindFromString(u"fibonacci"_s));
}

void TestBackoff::serverDelay_data()
{
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QByteArray>("reset");
    QTest::addColumn<qint64>("expected"); // -1: no server delay, use the backoff
    QTest::addRow("seconds") << QByteArray("3") << QByteArray() << qint64(3000);
    QTest::addRow("fractional seconds") << QByteArray("1.5") << QByteArray() << qint64(1500);
    QTest::addRow("http date") << QByteArray("Mon, 15 Jan 2024 10:00:07 GMT") << QByteArray() << qint64(7000);
    QTest::addRow("http date in the past") << QByteArray("Mon, 15 Jan 2024 09:59:00 GMT") << QByteArray() << qint64(-1);
    QTest::addRow("zero falls back") << QByteArray("0") << QByteArray() << qint64(-1);
    QTest::addRow("garbage falls back") << QByteArray("soon") << QByteArray() << qint64(-1);
    QTest::addRow("ratelimit-reset seconds") << QByteArray() << QByteArray("4") << qint64(4000);
    QTest::addRow("ratelimit-reset epoch") << QByteArray() << QByteArray("1705312810") << qint64(10000);
    QTest::addRow("retry-after wins") << QByteArray("2") << QByteArray("9") << qint64(2000);
    QTest::addRow("nothing") << QByteArray() << QByteArray() << qint64(-1);
}

void TestBackoff::serverDelay()
{
    QFETCH(QByteArray, retryAfter);
    QFETCH(QByteArray, reset);
    QFETCH(qint64, expected);
    const QDateTime now(QDate(2024, 1, 15), QTime(10, 0, 0), Qt::UTC);
    const auto delay = Backfill::serverRetryDelayMs(retryAfter, reset, now);
    QCOMPARE(delay.value_or(-1), expected);
}

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
