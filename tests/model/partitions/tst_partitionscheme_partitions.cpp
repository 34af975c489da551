// Partition schemes, what they cut: keys, bounds and counts for every grain, across month ends, leap days,
// ISO week 53 and DST days.
#include "model/partitions/partitionperiod.h"
#include "tests/model/partitions/partitionschemetesting.h"

#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestPartitionSchemePartitions : public QObject
{
    Q_OBJECT

private slots:
    void periodsEndWhereTheKeySays();
    void partitionAt_data();
    void partitionAt();
    void count_data();
    void count();
    void keysOfDay_data();
    void keysOfDay();
    void keysAreUniqueSortedAndFound_data();
    void keysAreUniqueSortedAndFound();
    void tenYearsOfDays();
};

static QString iso(const QDateTime &instant)
{
    return instant.toString(Qt::ISODate);
}

void TestPartitionSchemePartitions::periodsEndWhereTheKeySays()
{
    const auto at = [](int y, int m, int d, int h = 0) {
        return std::optional<qint64>(QDateTime(QDate(y, m, d), QTime(h, 0), QTimeZone::utc()).toMSecsSinceEpoch());
    };
    QCOMPARE(partitionEndMs(u"2024-01-05T13"), at(2024, 1, 5, 14));
    QCOMPARE(partitionEndMs(u"2024-12-31T23"), at(2025, 1, 1));
    QCOMPARE(partitionEndMs(u"2024-02-29"), at(2024, 3, 1));
    QCOMPARE(partitionEndMs(u"2024-W02"), at(2024, 1, 15)); // week 2 is 8 to 14 January
    QCOMPARE(partitionEndMs(u"2025-W01"), at(2025, 1, 6));  // it starts on 30 December 2024
    QCOMPARE(partitionEndMs(u"2024-12"), at(2025, 1, 1));
    for (const QString &none : {u"10000-10999"_s, u"all"_s, u"2024-13"_s, u"2024-02-30"_s, u"2024-01-05T24"_s})
        QVERIFY2(!partitionEndMs(none), qPrintable(none));
}

void TestPartitionSchemePartitions::partitionAt_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<qint64>("index");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("start"); // ISO 8601 with the zone's offset
    QTest::addColumn<QString>("end");

    const QString daily2024 = u"daily:2024-01-01..2024-12-31"_s;
    QTest::addRow("daily first") << daily2024 << 0LL << u"2024-01-01"_s << u"2024-01-01T00:00:00Z"_s
                                 << u"2024-01-02T00:00:00Z"_s;
    QTest::addRow("daily jan 31") << daily2024 << 30LL << u"2024-01-31"_s << u"2024-01-31T00:00:00Z"_s
                                  << u"2024-02-01T00:00:00Z"_s;
    QTest::addRow("daily leap day") << daily2024 << 59LL << u"2024-02-29"_s << u"2024-02-29T00:00:00Z"_s
                                    << u"2024-03-01T00:00:00Z"_s;
    QTest::addRow("daily after leap day")
        << daily2024 << 60LL << u"2024-03-01"_s << u"2024-03-01T00:00:00Z"_s << u"2024-03-02T00:00:00Z"_s;
    QTest::addRow("daily last") << daily2024 << 365LL << u"2024-12-31"_s << u"2024-12-31T00:00:00Z"_s
                                << u"2025-01-01T00:00:00Z"_s;
    QTest::addRow("daily 2023 feb 28") << u"daily:2023-01-01..2023-12-31"_s << 58LL << u"2023-02-28"_s
                                       << u"2023-02-28T00:00:00Z"_s << u"2023-03-01T00:00:00Z"_s;
    QTest::addRow("daily 2023 mar 1") << u"daily:2023-01-01..2023-12-31"_s << 59LL << u"2023-03-01"_s
                                      << u"2023-03-01T00:00:00Z"_s << u"2023-03-02T00:00:00Z"_s;
    QTest::addRow("daily berlin spring day")
        << u"daily:2024-03-30..2024-04-01@Europe/Berlin"_s << 1LL << u"2024-03-31"_s << u"2024-03-31T00:00:00+01:00"_s
        << u"2024-04-01T00:00:00+02:00"_s;
    QTest::addRow("daily berlin autumn day")
        << u"daily:2024-10-27..2024-10-27@Europe/Berlin"_s << 0LL << u"2024-10-27"_s << u"2024-10-27T00:00:00+02:00"_s
        << u"2024-10-28T00:00:00+01:00"_s;

    QTest::addRow("monthly jan") << u"monthly:2024-01-01..2024-12-31"_s << 0LL << u"2024-01"_s
                                 << u"2024-01-01T00:00:00Z"_s << u"2024-02-01T00:00:00Z"_s;
    QTest::addRow("monthly feb leap") << u"monthly:2024-01-01..2024-12-31"_s << 1LL << u"2024-02"_s
                                      << u"2024-02-01T00:00:00Z"_s << u"2024-03-01T00:00:00Z"_s;
    QTest::addRow("monthly dec") << u"monthly:2024-01-01..2024-12-31"_s << 11LL << u"2024-12"_s
                                 << u"2024-12-01T00:00:00Z"_s << u"2025-01-01T00:00:00Z"_s;
    QTest::addRow("monthly mid-month start") << u"monthly:2023-11-15..2024-02-10"_s << 0LL << u"2023-11"_s
                                             << u"2023-11-01T00:00:00Z"_s << u"2023-12-01T00:00:00Z"_s;
    QTest::addRow("monthly across year") << u"monthly:2023-11-15..2024-02-10"_s << 3LL << u"2024-02"_s
                                         << u"2024-02-01T00:00:00Z"_s << u"2024-03-01T00:00:00Z"_s;
    QTest::addRow("monthly new york") << u"monthly:2024-03-01..2024-03-31@America/New_York"_s << 0LL << u"2024-03"_s
                                      << u"2024-03-01T00:00:00-05:00"_s << u"2024-04-01T00:00:00-04:00"_s;

    QTest::addRow("weekly 2024 w01") << u"weekly:2024-01-01..2024-12-31"_s << 0LL << u"2024-W01"_s
                                     << u"2024-01-01T00:00:00Z"_s << u"2024-01-08T00:00:00Z"_s;
    QTest::addRow("weekly dec 30 is 2025-W01") << u"weekly:2024-01-01..2024-12-31"_s << 52LL << u"2025-W01"_s
                                               << u"2024-12-30T00:00:00Z"_s << u"2025-01-06T00:00:00Z"_s;
    QTest::addRow("weekly starts on monday before") << u"weekly:2024-01-03..2024-01-03"_s << 0LL << u"2024-W01"_s
                                                    << u"2024-01-01T00:00:00Z"_s << u"2024-01-08T00:00:00Z"_s;
    QTest::addRow("weekly 2020 w53") << u"weekly:2020-12-01..2021-01-10"_s << 4LL << u"2020-W53"_s
                                     << u"2020-12-28T00:00:00Z"_s << u"2021-01-04T00:00:00Z"_s;
    QTest::addRow("weekly 2021 w01") << u"weekly:2020-12-01..2021-01-10"_s << 5LL << u"2021-W01"_s
                                     << u"2021-01-04T00:00:00Z"_s << u"2021-01-11T00:00:00Z"_s;
    QTest::addRow("weekly 2019-12-30 is 2020-W01") << u"weekly:2019-12-30..2020-01-05"_s << 0LL << u"2020-W01"_s
                                                   << u"2019-12-30T00:00:00Z"_s << u"2020-01-06T00:00:00Z"_s;

    const QString berlinSpring = u"hourly:2024-03-31..2024-03-31@Europe/Berlin"_s;
    QTest::addRow("hourly berlin 00") << berlinSpring << 0LL << u"2024-03-31T00"_s << u"2024-03-31T00:00:00+01:00"_s
                                      << u"2024-03-31T01:00:00+01:00"_s;
    QTest::addRow("hourly berlin 01") << berlinSpring << 1LL << u"2024-03-31T01"_s << u"2024-03-31T01:00:00+01:00"_s
                                      << u"2024-03-31T03:00:00+02:00"_s;
    QTest::addRow("hourly berlin skips 02") << berlinSpring << 2LL << u"2024-03-31T03"_s
                                            << u"2024-03-31T03:00:00+02:00"_s << u"2024-03-31T04:00:00+02:00"_s;
    QTest::addRow("hourly berlin spring last") << berlinSpring << 22LL << u"2024-03-31T23"_s
                                               << u"2024-03-31T23:00:00+02:00"_s << u"2024-04-01T00:00:00+02:00"_s;
    const QString berlinAutumn = u"hourly:2024-10-27..2024-10-27@Europe/Berlin"_s;
    QTest::addRow("hourly berlin 02 summer") << berlinAutumn << 2LL << u"2024-10-27T02"_s
                                             << u"2024-10-27T02:00:00+02:00"_s << u"2024-10-27T02:00:00+01:00"_s;
    QTest::addRow("hourly berlin 02 winter") << berlinAutumn << 3LL << u"2024-10-27T02+1"_s
                                             << u"2024-10-27T02:00:00+01:00"_s << u"2024-10-27T03:00:00+01:00"_s;
    QTest::addRow("hourly berlin autumn last") << berlinAutumn << 24LL << u"2024-10-27T23"_s
                                               << u"2024-10-27T23:00:00+01:00"_s << u"2024-10-28T00:00:00+01:00"_s;
    const QString newYorkAutumn = u"hourly:2024-11-03..2024-11-03@America/New_York"_s;
    QTest::addRow("hourly new york 01 daylight") << newYorkAutumn << 1LL << u"2024-11-03T01"_s
                                                 << u"2024-11-03T01:00:00-04:00"_s << u"2024-11-03T01:00:00-05:00"_s;
    QTest::addRow("hourly new york 01 standard") << newYorkAutumn << 2LL << u"2024-11-03T01+1"_s
                                                 << u"2024-11-03T01:00:00-05:00"_s << u"2024-11-03T02:00:00-05:00"_s;
    QTest::addRow("hourly new york spring")
        << u"hourly:2024-03-10..2024-03-10@America/New_York"_s << 2LL << u"2024-03-10T03"_s
        << u"2024-03-10T03:00:00-04:00"_s << u"2024-03-10T04:00:00-04:00"_s;
    QTest::addRow("hourly utc across midnight") << u"hourly:2024-02-28..2024-02-29"_s << 24LL << u"2024-02-29T00"_s
                                                << u"2024-02-29T00:00:00Z"_s << u"2024-02-29T01:00:00Z"_s;
    // Chile moves its clocks at midnight: 2024-09-08 starts at 01:00, 2024-04-06 ends with
    // 23:00 twice.
    QTest::addRow("daily santiago day starts at 01")
        << u"daily:2024-09-07..2024-09-09@America/Santiago"_s << 1LL << u"2024-09-08"_s
        << u"2024-09-08T01:00:00-03:00"_s << u"2024-09-09T00:00:00-03:00"_s;
    QTest::addRow("hourly santiago first hour")
        << u"hourly:2024-09-08..2024-09-08@America/Santiago"_s << 0LL << u"2024-09-08T01"_s
        << u"2024-09-08T01:00:00-03:00"_s << u"2024-09-08T02:00:00-03:00"_s;
    QTest::addRow("hourly santiago repeated 23")
        << u"hourly:2024-04-06..2024-04-06@America/Santiago"_s << 24LL << u"2024-04-06T23+1"_s
        << u"2024-04-06T23:00:00-04:00"_s << u"2024-04-07T00:00:00-04:00"_s;
    QTest::addRow("hourly kolkata half-hour offset")
        << u"hourly:2024-01-01..2024-01-01@Asia/Kolkata"_s << 5LL << u"2024-01-01T05"_s
        << u"2024-01-01T05:00:00+05:30"_s << u"2024-01-01T06:00:00+05:30"_s;
}

void TestPartitionSchemePartitions::partitionAt()
{
    QFETCH(QString, scheme);
    QFETCH(qint64, index);
    QFETCH(QString, key);
    QFETCH(QString, start);
    QFETCH(QString, end);

    const PartitionScheme partitions = ::scheme(scheme);
    QVERIFY(partitions.isValid());
    const auto partition = partitions.partitionAt(index);
    QVERIFY(partition);
    QCOMPARE(partition->key, key);
    QCOMPARE(iso(partition->start), start);
    QCOMPARE(iso(partition->end), end);
    QVERIFY(!partition->isNumeric());
    QCOMPARE(partitions.keyAt(index), key);
}

void TestPartitionSchemePartitions::count_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<qint64>("count");
    QTest::addColumn<QString>("firstKey");
    QTest::addColumn<QString>("lastKey");

    QTest::addRow("daily 2024 leap") << u"daily:2024-01-01..2024-12-31"_s << 366LL << u"2024-01-01"_s
                                     << u"2024-12-31"_s;
    QTest::addRow("daily 2023") << u"daily:2023-01-01..2023-12-31"_s << 365LL << u"2023-01-01"_s << u"2023-12-31"_s;
    QTest::addRow("daily feb 2024") << u"daily:2024-02-01..2024-02-29"_s << 29LL << u"2024-02-01"_s << u"2024-02-29"_s;
    QTest::addRow("daily one day") << u"daily:2024-05-05..2024-05-05"_s << 1LL << u"2024-05-05"_s << u"2024-05-05"_s;
    QTest::addRow("daily 10 years") << u"daily:2015-01-01..2024-12-31"_s << 3653LL << u"2015-01-01"_s
                                    << u"2024-12-31"_s;
    QTest::addRow("daily 10 years berlin")
        << u"daily:2015-01-01..2024-12-31@Europe/Berlin"_s << 3653LL << u"2015-01-01"_s << u"2024-12-31"_s;
    QTest::addRow("hourly utc day") << u"hourly:2024-03-31..2024-03-31"_s << 24LL << u"2024-03-31T00"_s
                                    << u"2024-03-31T23"_s;
    QTest::addRow("hourly berlin 23h") << u"hourly:2024-03-31..2024-03-31@Europe/Berlin"_s << 23LL << u"2024-03-31T00"_s
                                       << u"2024-03-31T23"_s;
    QTest::addRow("hourly berlin 25h") << u"hourly:2024-10-27..2024-10-27@Europe/Berlin"_s << 25LL << u"2024-10-27T00"_s
                                       << u"2024-10-27T23"_s;
    QTest::addRow("hourly new york 23h") << u"hourly:2024-03-10..2024-03-10@America/New_York"_s << 23LL
                                         << u"2024-03-10T00"_s << u"2024-03-10T23"_s;
    QTest::addRow("hourly new york 25h") << u"hourly:2024-11-03..2024-11-03@America/New_York"_s << 25LL
                                         << u"2024-11-03T00"_s << u"2024-11-03T23"_s;
    QTest::addRow("hourly berlin 2050 spring")
        << u"hourly:2050-03-27..2050-03-27@Europe/Berlin"_s << 23LL << u"2050-03-27T00"_s << u"2050-03-27T23"_s;
    QTest::addRow("hourly berlin year") << u"hourly:2024-01-01..2024-12-31@Europe/Berlin"_s << 8784LL
                                        << u"2024-01-01T00"_s << u"2024-12-31T23"_s;
    QTest::addRow("weekly 2024") << u"weekly:2024-01-01..2024-12-31"_s << 53LL << u"2024-W01"_s << u"2025-W01"_s;
    QTest::addRow("weekly 2020 has 53") << u"weekly:2019-12-30..2021-01-03"_s << 53LL << u"2020-W01"_s << u"2020-W53"_s;
    QTest::addRow("weekly 2021 has 52") << u"weekly:2021-01-04..2022-01-02"_s << 52LL << u"2021-W01"_s << u"2021-W52"_s;
    QTest::addRow("monthly 2024") << u"monthly:2024-01-01..2024-12-31"_s << 12LL << u"2024-01"_s << u"2024-12"_s;
    QTest::addRow("monthly partial months")
        << u"monthly:2023-11-15..2024-02-10"_s << 4LL << u"2023-11"_s << u"2024-02"_s;
    QTest::addRow("numeric aligned") << u"numeric:10000..49999/1000"_s << 40LL << u"10000-10999"_s << u"49000-49999"_s;
    QTest::addRow("numeric short last block")
        << u"numeric:1..999999/1000"_s << 1000LL << u"1-1000"_s << u"999001-999999"_s;
    QTest::addRow("numeric last block one number")
        << u"numeric:10000..50000/1000"_s << 41LL << u"10000-10999"_s << u"50000-50000"_s;
    QTest::addRow("numeric step 1") << u"numeric:5..9/1"_s << 5LL << u"5-5"_s << u"9-9"_s;
    QTest::addRow("numeric negative") << u"numeric:-100..99/100"_s << 2LL << u"-100--1"_s << u"0-99"_s;
    QTest::addRow("numeric step larger than span") << u"numeric:1..10/1000"_s << 1LL << u"1-10"_s << u"1-10"_s;
    QTest::addRow("numeric huge") << u"numeric:1..1000000000000000/1"_s << 1000000000000000LL << u"1-1"_s
                                  << u"1000000000000000-1000000000000000"_s;
}

void TestPartitionSchemePartitions::count()
{
    QFETCH(QString, scheme);
    QFETCH(qint64, count);
    QFETCH(QString, firstKey);
    QFETCH(QString, lastKey);

    const PartitionScheme partitions = ::scheme(scheme);
    QVERIFY(partitions.isValid());
    QCOMPARE(partitions.count(), count);
    QCOMPARE(partitions.keyAt(0), firstKey);
    QCOMPARE(partitions.keyAt(count - 1), lastKey);
    QCOMPARE(partitions.keyAt(count), QString());
    QCOMPARE(partitions.keyAt(-1), QString());
    QCOMPARE(partitions.indexOfKey(lastKey), count - 1);
}

void TestPartitionSchemePartitions::keysOfDay_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("keys"); // space-separated hours after "<date>T"

    QTest::addRow("berlin spring") << u"hourly:2024-03-31..2024-03-31@Europe/Berlin"_s
                                   << u"00 01 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23"_s;
    QTest::addRow("berlin autumn") << u"hourly:2024-10-27..2024-10-27@Europe/Berlin"_s
                                   << u"00 01 02 02+1 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23"_s;
    QTest::addRow("new york spring") << u"hourly:2024-03-10..2024-03-10@America/New_York"_s
                                     << u"00 01 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23"_s;
    QTest::addRow("new york autumn")
        << u"hourly:2024-11-03..2024-11-03@America/New_York"_s
        << u"00 01 01+1 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23"_s;
    QTest::addRow("santiago spring") << u"hourly:2024-09-08..2024-09-08@America/Santiago"_s
                                     << u"01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23"_s;
    QTest::addRow("santiago autumn")
        << u"hourly:2024-04-06..2024-04-06@America/Santiago"_s
        << u"00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23 23+1"_s;
    QTest::addRow("utc autumn") << u"hourly:2024-10-27..2024-10-27"_s
                                << u"00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23"_s;
}

void TestPartitionSchemePartitions::keysOfDay()
{
    QFETCH(QString, scheme);
    QFETCH(QString, keys);

    const PartitionScheme partitions = ::scheme(scheme);
    const QString day = partitions.firstDate().toString(Qt::ISODate);
    QStringList expected;
    for (const QString &hour : keys.split(QLatin1Char(' ')))
        expected.append(day + QLatin1Char('T') + hour);
    QStringList actual;
    const QList<Partition> all = partitions.partitions();
    for (const Partition &partition : all)
        actual.append(partition.key);
    QCOMPARE(actual, expected);
    // Partitions tile the day without gaps or overlaps.
    for (qsizetype i = 1; i < all.size(); ++i)
        QCOMPARE(all.at(i).start, all.at(i - 1).end);
    QCOMPARE(all.first().start, partitions.firstDate().startOfDay(partitions.timeZone()));
    QCOMPARE(all.last().end, partitions.firstDate().addDays(1).startOfDay(partitions.timeZone()));
}

void TestPartitionSchemePartitions::keysAreUniqueSortedAndFound_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addRow("hourly berlin 2024") << u"hourly:2024-01-01..2024-12-31@Europe/Berlin"_s;
    QTest::addRow("hourly new york 2023-2024") << u"hourly:2023-01-01..2024-12-31@America/New_York"_s;
    QTest::addRow("daily berlin 10 years") << u"daily:2015-01-01..2024-12-31@Europe/Berlin"_s;
    QTest::addRow("weekly 2015-2026") << u"weekly:2015-01-01..2026-12-31"_s;
    QTest::addRow("monthly 1999-2030 new york") << u"monthly:1999-01-01..2030-12-31@America/New_York"_s;
    QTest::addRow("hourly berlin 2036-2039") << u"hourly:2036-01-01..2039-12-31@Europe/Berlin"_s;
    QTest::addRow("hourly santiago 2024") << u"hourly:2024-01-01..2024-12-31@America/Santiago"_s;
    QTest::addRow("daily santiago 2015-2024") << u"daily:2015-01-01..2024-12-31@America/Santiago"_s;
    QTest::addRow("numeric") << u"numeric:0..99999/700"_s;
}

void TestPartitionSchemePartitions::keysAreUniqueSortedAndFound()
{
    QFETCH(QString, scheme);
    const PartitionScheme partitions = ::scheme(scheme);
    const QList<Partition> all = partitions.partitions();
    QCOMPARE(all.size(), partitions.count());
    for (qsizetype i = 0; i < all.size(); ++i) {
        const Partition &partition = all.at(i);
        QCOMPARE(partitions.indexOfKey(partition.key), i);
        if (i == 0)
            continue;
        const Partition &previous = all.at(i - 1);
        if (partitions.isNumeric()) {
            QCOMPARE(partition.first, previous.last + 1);
        } else {
            // Time keys sort in time order: the range language's patterns rely on it.
            QVERIFY2(previous.key < partition.key, qPrintable(previous.key + u" < "_s + partition.key));
            QCOMPARE(partition.start, previous.end);
            QCOMPARE(partitions.keyFor(partition.start), partition.key);
            QCOMPARE(partitions.keyFor(partition.end.addMSecs(-1)), partition.key);
        }
    }
}

void TestPartitionSchemePartitions::tenYearsOfDays()
{
    const PartitionScheme days =
        PartitionScheme::forDates(PartitionScheme::Grain::Daily, QDate(2015, 1, 1), QDate(2024, 12, 31));
    const QList<Partition> all = days.partitions();
    QCOMPARE(all.size(), 3653);
    QCOMPARE(all.first().key, u"2015-01-01"_s);
    QCOMPARE(all.at(424).key, u"2016-02-29"_s);
    QCOMPARE(all.last().key, u"2024-12-31"_s);
    QCOMPARE(days.indexOfKey(u"2020-02-29"), 1885);
}

QTEST_GUILESS_MAIN(TestPartitionSchemePartitions)
#include "tst_partitionscheme_partitions.moc"
