// Partition schemes, what they look up and store: partitions by key, keys by instant and number, request
// values, the storage string and its errors, invalid arguments.
#include "tests/model/partitions/partitionschemetesting.h"

#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestPartitionSchemeLookups : public QObject
{
    Q_OBJECT

private slots:
    void partitionForKey_data();
    void partitionForKey();
    void keyForInstant_data();
    void keyForInstant();
    void keyForNumber_data();
    void keyForNumber();
    void values_data();
    void values();
    void storageString_data();
    void storageString();
    void storageErrors_data();
    void storageErrors();
    void invalidArguments();
};

void TestPartitionSchemeLookups::partitionForKey_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("key");
    QTest::addColumn<qint64>("index"); // -1: no such partition

    const QString daily = u"daily:2024-01-01..2024-12-31"_s;
    QTest::addRow("daily") << daily << u"2024-03-05"_s << 64LL;
    QTest::addRow("daily leap day") << daily << u"2024-02-29"_s << 59LL;
    QTest::addRow("daily no feb 30") << daily << u"2024-02-30"_s << -1LL;
    QTest::addRow("daily 2023 not leap") << u"daily:2023-01-01..2023-12-31"_s << u"2023-02-29"_s << -1LL;
    QTest::addRow("daily before start") << daily << u"2023-12-31"_s << -1LL;
    QTest::addRow("daily after end") << daily << u"2025-01-01"_s << -1LL;
    QTest::addRow("daily month is no key") << daily << u"2024-03"_s << -1LL;
    QTest::addRow("daily unpadded") << daily << u"2024-3-05"_s << -1LL;
    QTest::addRow("daily trailing space") << daily << u"2024-03-05 "_s << -1LL;
    QTest::addRow("daily empty") << daily << QString() << -1LL;
    QTest::addRow("monthly") << u"monthly:2024-01-01..2024-12-31"_s << u"2024-12"_s << 11LL;
    QTest::addRow("monthly day is no key") << u"monthly:2024-01-01..2024-12-31"_s << u"2024-12-01"_s << -1LL;
    QTest::addRow("weekly w53") << u"weekly:2020-01-01..2020-12-31"_s << u"2020-W53"_s << 52LL;
    QTest::addRow("weekly no 2021-W53") << u"weekly:2021-01-01..2021-12-31"_s << u"2021-W53"_s << -1LL;
    QTest::addRow("weekly 2025-W01 in 2024 scheme") << u"weekly:2024-01-01..2024-12-31"_s << u"2025-W01"_s << 52LL;
    QTest::addRow("weekly unpadded") << u"weekly:2024-01-01..2024-12-31"_s << u"2024-W1"_s << -1LL;
    const QString berlin = u"hourly:2024-10-27..2024-10-27@Europe/Berlin"_s;
    QTest::addRow("hourly first 02") << berlin << u"2024-10-27T02"_s << 2LL;
    QTest::addRow("hourly repeated 02") << berlin << u"2024-10-27T02+1"_s << 3LL;
    QTest::addRow("hourly no 03+1") << berlin << u"2024-10-27T03+1"_s << -1LL;
    QTest::addRow("hourly skipped 02") << u"hourly:2024-03-31..2024-03-31@Europe/Berlin"_s << u"2024-03-31T02"_s
                                       << -1LL;
    QTest::addRow("hourly no 24") << berlin << u"2024-10-27T24"_s << -1LL;
    QTest::addRow("numeric") << u"numeric:10000..49999/1000"_s << u"12000-12999"_s << 2LL;
    QTest::addRow("numeric short last") << u"numeric:1..999999/1000"_s << u"999001-999999"_s << 999LL;
    QTest::addRow("numeric full-length last is no key") << u"numeric:1..999999/1000"_s << u"999001-1000000"_s << -1LL;
    QTest::addRow("numeric misaligned") << u"numeric:10000..49999/1000"_s << u"10001-11000"_s << -1LL;
    QTest::addRow("numeric wrong end") << u"numeric:10000..49999/1000"_s << u"10000-10998"_s << -1LL;
    QTest::addRow("numeric single number") << u"numeric:10000..49999/1000"_s << u"10000"_s << -1LL;
    QTest::addRow("numeric leading zero") << u"numeric:10000..49999/1000"_s << u"010000-10999"_s << -1LL;
}

void TestPartitionSchemeLookups::partitionForKey()
{
    QFETCH(QString, scheme);
    QFETCH(QString, key);
    QFETCH(qint64, index);

    const PartitionScheme partitions = ::scheme(scheme);
    QCOMPARE(partitions.indexOfKey(key), index);
    const auto partition = partitions.partitionForKey(key);
    QCOMPARE(partition.has_value(), index >= 0);
    if (partition)
        QCOMPARE(partition->key, key);
}

void TestPartitionSchemeLookups::keyForInstant_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("instant");
    QTest::addColumn<QString>("key");

    QTest::addRow("daily utc") << u"daily:2024-01-01..2024-12-31"_s << u"2024-05-05T23:59:59Z"_s << u"2024-05-05"_s;
    QTest::addRow("daily berlin is local")
        << u"daily:2024-01-01..2024-12-31@Europe/Berlin"_s << u"2024-05-05T23:30:00Z"_s << u"2024-05-06"_s;
    QTest::addRow("daily new york is local")
        << u"daily:2024-01-01..2024-12-31@America/New_York"_s << u"2024-05-06T03:00:00Z"_s << u"2024-05-05"_s;
    QTest::addRow("daily before start") << u"daily:2024-01-01..2024-12-31"_s << u"2023-12-31T23:59:59Z"_s << QString();
    QTest::addRow("daily after end") << u"daily:2024-01-01..2024-12-31"_s << u"2025-01-01T00:00:00Z"_s << QString();
    QTest::addRow("hourly berlin summer 02")
        << u"hourly:2024-10-27..2024-10-27@Europe/Berlin"_s << u"2024-10-27T00:30:00Z"_s << u"2024-10-27T02"_s;
    QTest::addRow("hourly berlin winter 02")
        << u"hourly:2024-10-27..2024-10-27@Europe/Berlin"_s << u"2024-10-27T01:30:00Z"_s << u"2024-10-27T02+1"_s;
    QTest::addRow("weekly") << u"weekly:2024-01-01..2024-12-31"_s << u"2024-12-31T12:00:00Z"_s << u"2025-W01"_s;
    QTest::addRow("monthly") << u"monthly:2024-01-01..2024-12-31"_s << u"2024-02-29T23:00:00Z"_s << u"2024-02"_s;
    QTest::addRow("monthly berlin") << u"monthly:2024-01-01..2024-12-31@Europe/Berlin"_s << u"2024-02-29T23:00:00Z"_s
                                    << u"2024-03"_s;
}

void TestPartitionSchemeLookups::keyForInstant()
{
    QFETCH(QString, scheme);
    QFETCH(QString, instant);
    QFETCH(QString, key);
    const QDateTime at = QDateTime::fromString(instant, Qt::ISODate);
    QVERIFY(at.isValid());
    QCOMPARE(::scheme(scheme).keyFor(at), key);
}

void TestPartitionSchemeLookups::keyForNumber_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QString>("key");

    const QString blocks = u"numeric:10000..50000/1000"_s;
    QTest::addRow("first") << blocks << 10000LL << u"10000-10999"_s;
    QTest::addRow("block end") << blocks << 10999LL << u"10000-10999"_s;
    QTest::addRow("next block") << blocks << 11000LL << u"11000-11999"_s;
    QTest::addRow("last") << blocks << 50000LL << u"50000-50000"_s;
    QTest::addRow("below") << blocks << 9999LL << QString();
    QTest::addRow("above") << blocks << 50001LL << QString();
    QTest::addRow("time scheme") << u"daily:2024-01-01..2024-01-31"_s << 5LL << QString();
}

void TestPartitionSchemeLookups::keyForNumber()
{
    QFETCH(QString, scheme);
    QFETCH(qint64, value);
    QFETCH(QString, key);
    QCOMPARE(::scheme(scheme).keyFor(value), key);
}

void TestPartitionSchemeLookups::values_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("format");
    QTest::addColumn<bool>("utc"); // render in UTC instead of the scheme's zone
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("end");
    QTest::addColumn<QString>("last");

    const QString daily = u"daily:2024-01-01..2024-12-31"_s;
    QTest::addRow("date") << daily << u"2024-02-29"_s << u"%Y-%m-%d"_s << false << u"2024-02-29"_s << u"2024-03-01"_s
                          << u"2024-02-29"_s;
    QTest::addRow("timestamp") << daily << u"2024-12-31"_s << u"%Y-%m-%dT%H:%M:%SZ"_s << false
                               << u"2024-12-31T00:00:00Z"_s << u"2025-01-01T00:00:00Z"_s << u"2024-12-31T23:59:59Z"_s;
    QTest::addRow("epoch seconds") << daily << u"2024-01-01"_s << u"%s"_s << false << u"1704067200"_s << u"1704153600"_s
                                   << u"1704153599"_s;
    QTest::addRow("compact with literal")
        << daily << u"2024-01-05"_s << u"day=%Y%m%d, 100%%"_s << false << u"day=20240105, 100%"_s
        << u"day=20240106, 100%"_s << u"day=20240105, 100%"_s;
    QTest::addRow("iso week fields") << daily << u"2024-12-30"_s << u"%G-W%V-%u (%j)"_s << false
                                     << u"2025-W01-1 (365)"_s << u"2025-W01-2 (366)"_s << u"2025-W01-1 (365)"_s;
    QTest::addRow("unknown field kept") << daily << u"2024-01-05"_s << u"%Q%Y%"_s << false << u"%Q2024%"_s
                                        << u"%Q2024%"_s << u"%Q2024%"_s;
    const QString berlin = u"daily:2024-01-01..2024-12-31@Europe/Berlin"_s;
    QTest::addRow("berlin local with offset")
        << berlin << u"2024-03-31"_s << u"%Y-%m-%dT%H:%M:%S%z"_s << false << u"2024-03-31T00:00:00+0100"_s
        << u"2024-04-01T00:00:00+0200"_s << u"2024-03-31T23:59:59+0200"_s;
    QTest::addRow("berlin in utc") << berlin << u"2024-03-31"_s << u"%Y-%m-%dT%H:%M:%SZ"_s << true
                                   << u"2024-03-30T23:00:00Z"_s << u"2024-03-31T22:00:00Z"_s
                                   << u"2024-03-31T21:59:59Z"_s;
    QTest::addRow("new york epoch") << u"daily:2024-01-01..2024-12-31@America/New_York"_s << u"2024-01-01"_s << u"%s"_s
                                    << false << u"1704085200"_s << u"1704171600"_s << u"1704171599"_s;
    QTest::addRow("hourly repeated hour")
        << u"hourly:2024-10-27..2024-10-27@Europe/Berlin"_s << u"2024-10-27T02+1"_s << u"%H:%M%z"_s << false
        << u"02:00+0100"_s << u"03:00+0100"_s << u"02:59+0100"_s;
    QTest::addRow("monthly") << u"monthly:2024-01-01..2024-12-31"_s << u"2024-02"_s << u"%Y-%m-%d"_s << false
                             << u"2024-02-01"_s << u"2024-03-01"_s << u"2024-02-29"_s;
    QTest::addRow("weekly") << u"weekly:2024-01-01..2024-12-31"_s << u"2024-W02"_s << u"%Y-%m-%d"_s << false
                            << u"2024-01-08"_s << u"2024-01-15"_s << u"2024-01-14"_s;
    QTest::addRow("numeric") << u"numeric:1..999999/1000"_s << u"999001-999999"_s << u"%Y"_s << false << u"999001"_s
                             << u"999999"_s << u"999999"_s;
}

void TestPartitionSchemeLookups::values()
{
    QFETCH(QString, scheme);
    QFETCH(QString, key);
    QFETCH(QString, format);
    QFETCH(bool, utc);
    QFETCH(QString, start);
    QFETCH(QString, end);
    QFETCH(QString, last);

    const auto partition = ::scheme(scheme).partitionForKey(key);
    QVERIFY(partition);
    const QTimeZone zone = utc ? QTimeZone::utc() : QTimeZone();
    QCOMPARE(partition->startValue(format, zone), start);
    QCOMPARE(partition->endValue(format, zone), end);
    QCOMPARE(partition->lastValue(format, zone), last);
}

void TestPartitionSchemeLookups::storageString_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<int>("grain");
    QTest::addColumn<qint64>("count");

    QTest::addRow("daily berlin") << u"daily:2024-01-01..2024-12-31@Europe/Berlin"_s
                                  << u"daily:2024-01-01..2024-12-31@Europe/Berlin"_s
                                  << int(PartitionScheme::Grain::Daily) << 366LL;
    QTest::addRow("daily utc is implicit") << u"daily:2024-01-01..2024-01-31@UTC"_s << u"daily:2024-01-01..2024-01-31"_s
                                           << int(PartitionScheme::Grain::Daily) << 31LL;
    QTest::addRow("hourly") << u"hourly:2024-01-01..2024-01-02"_s << u"hourly:2024-01-01..2024-01-02"_s
                            << int(PartitionScheme::Grain::Hourly) << 48LL;
    QTest::addRow("weekly") << u"weekly:2024-01-01..2024-12-31"_s << u"weekly:2024-01-01..2024-12-31"_s
                            << int(PartitionScheme::Grain::Weekly) << 53LL;
    QTest::addRow("monthly with months") << u"monthly:2024-01..2024-12"_s << u"monthly:2024-01-01..2024-12-31"_s
                                         << int(PartitionScheme::Grain::Monthly) << 12LL;
    QTest::addRow("monthly leap feb end") << u"monthly:2024-02..2024-02"_s << u"monthly:2024-02-01..2024-02-29"_s
                                          << int(PartitionScheme::Grain::Monthly) << 1LL;
    QTest::addRow("daily year bounds") << u"daily:2023..2023"_s << u"daily:2023-01-01..2023-12-31"_s
                                       << int(PartitionScheme::Grain::Daily) << 365LL;
    QTest::addRow("weekly iso week bounds") << u"weekly:2020-W53..2021-W01"_s << u"weekly:2020-12-28..2021-01-10"_s
                                            << int(PartitionScheme::Grain::Weekly) << 2LL;
    QTest::addRow("numeric") << u"numeric:1..999999/1000"_s << u"numeric:1..999999/1000"_s
                             << int(PartitionScheme::Grain::Numeric) << 1000LL;
    QTest::addRow("numeric default step")
        << u"numeric:1..10"_s << u"numeric:1..10/1"_s << int(PartitionScheme::Grain::Numeric) << 10LL;
}

void TestPartitionSchemeLookups::storageString()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    QFETCH(int, grain);
    QFETCH(qint64, count);

    const PartitionScheme parsed = PartitionScheme::fromString(text);
    QVERIFY2(parsed.isValid(), qPrintable(parsed.errorString()));
    QCOMPARE(int(parsed.grain()), grain);
    QCOMPARE(parsed.count(), count);
    QCOMPARE(parsed.toString(), canonical);
    const PartitionScheme again = PartitionScheme::fromString(canonical);
    QVERIFY(again == parsed);
    QCOMPARE(again.toString(), canonical);
}

void TestPartitionSchemeLookups::storageErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");

    QTest::addRow("empty") << QString()
                           << u"Unknown partition grain \"\": expected hourly, daily, weekly, monthly or numeric"_s;
    QTest::addRow("unknown grain") << u"yearly:2024-01-01..2024-12-31"_s
                                   << u"Unknown partition grain \"yearly\": expected hourly, daily, weekly, monthly or "
                                      u"numeric"_s;
    QTest::addRow("no dots") << u"daily:2024-01-01-2024-12-31"_s
                             << u"Expected \"first..last\" in \"daily:2024-01-01-2024-12-31\""_s;
    QTest::addRow("bad date") << u"daily:2024-02-30..2024-12-31"_s
                              << u"Invalid first date \"2024-02-30\": Invalid date: 2024-02 has 29 days"_s;
    QTest::addRow("hour bound") << u"daily:2024-01-01..2024-12-31T05"_s
                                << u"Invalid last date \"2024-12-31T05\": expected a date"_s;
    QTest::addRow("reversed") << u"daily:2024-12-31..2024-01-01"_s << u"The first date is after the last one"_s;
    QTest::addRow("unknown zone") << u"daily:2024-01-01..2024-12-31@Mars/Olympus"_s
                                  << u"Unknown time zone \"Mars/Olympus\""_s;
    QTest::addRow("numeric zero step") << u"numeric:1..10/0"_s << u"The step must lie between 1 and 1000000000000000"_s;
    QTest::addRow("numeric bad step") << u"numeric:1..10/x"_s << u"Invalid step \"x\""_s;
    QTest::addRow("numeric reversed") << u"numeric:10..1/1"_s
                                      << u"Numbers must satisfy -1000000000000000 <= first <= last <= "
                                         u"1000000000000000"_s;
    QTest::addRow("numeric too large") << u"numeric:1..99999999999999999999/1"_s
                                       << u"Invalid last number \"99999999999999999999\""_s;
    QTest::addRow("numeric date") << u"numeric:2024-01-01..2024-12-31"_s << u"Invalid first number \"2024-01-01\""_s;
}

void TestPartitionSchemeLookups::storageErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    const PartitionScheme parsed = PartitionScheme::fromString(text);
    QVERIFY(!parsed.isValid());
    QCOMPARE(parsed.errorString(), error);
    QCOMPARE(parsed.count(), 0);
    QCOMPARE(parsed.toString(), QString());
    QVERIFY(!parsed.partitionAt(0));
}

void TestPartitionSchemeLookups::invalidArguments()
{
    using Grain = PartitionScheme::Grain;
    QVERIFY(!PartitionScheme().isValid());
    QVERIFY(!PartitionScheme::forDates(Grain::Daily, QDate(2024, 1, 2), QDate(2024, 1, 1)).isValid());
    QVERIFY(!PartitionScheme::forDates(Grain::Daily, QDate(2024, 1, 1), QDate(10000, 1, 1)).isValid());
    QVERIFY(!PartitionScheme::forDates(Grain::Numeric, QDate(2024, 1, 1), QDate(2024, 1, 2)).isValid());
    QVERIFY(!PartitionScheme::forDates(Grain::Daily, QDate(), QDate(2024, 1, 2)).isValid());
    QVERIFY(!PartitionScheme::forNumbers(0, 10, 0).isValid());
    QVERIFY(!PartitionScheme::forNumbers(0, PartitionScheme::MaxNumber + 1, 1).isValid());
    QVERIFY(PartitionScheme::forNumbers(-PartitionScheme::MaxNumber, PartitionScheme::MaxNumber, 1).isValid());
    QCOMPARE(PartitionScheme::forNumbers(-PartitionScheme::MaxNumber, PartitionScheme::MaxNumber, 1).count(),
             2 * PartitionScheme::MaxNumber + 1);
}

QTEST_GUILESS_MAIN(TestPartitionSchemeLookups)
#include "tst_partitionscheme_lookups.moc"
