// The range language: Dagster's ranges, patterns and keys, Sling's `a,b` and open ends,
// items of other grains, clipping, error positions, and the canonical text of a selection.
#include "model/partitions/partitionrange.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestPartitionRange : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void errors_data();
    void errors();
    void contains();
    void tenYears();
    void toString_data();
    void toString();
    void randomSelectionsRoundTrip_data();
    void randomSelectionsRoundTrip();
    void fuzzRegressions_data();
    void fuzzRegressions();
};

static const QString daily2024 = u"daily:2024-01-01..2024-12-31"_s;
static const QString monthly = u"monthly:2023-01-01..2024-12-31"_s;
static const QString weekly = u"weekly:2020-12-01..2021-01-31"_s;
static const QString hourlyBerlin = u"hourly:2024-10-26..2024-10-28@Europe/Berlin"_s;
static const QString blocks = u"numeric:0..99999/10000"_s;

static PartitionScheme scheme(const QString &text)
{
    const PartitionScheme parsed = PartitionScheme::fromString(text);
    if (!parsed.isValid())
        qFatal("invalid scheme %s: %s", qPrintable(text), qPrintable(parsed.errorString()));
    return parsed;
}

// Every key of `schemeText` from `first` to `last` inclusive.
static QStringList keys(const QString &schemeText, const QString &first, const QString &last)
{
    const PartitionScheme partitions = scheme(schemeText);
    QStringList result;
    const qint64 to = partitions.indexOfKey(last);
    for (qint64 index = partitions.indexOfKey(first); index >= 0 && index <= to; ++index)
        result.append(partitions.keyAt(index));
    if (result.isEmpty())
        qFatal("bad expectation %s...%s", qPrintable(first), qPrintable(last));
    return result;
}

static QStringList hours(const QString &day, const QString &list)
{
    QStringList result;
    for (const QString &hour : list.split(QLatin1Char(' ')))
        result.append(day + QLatin1Char('T') + hour);
    return result;
}

void TestPartitionRange::parse_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("keys");

    const QString d = daily2024;
    QTest::addRow("single key") << d << u"2024-03-05"_s << QStringList{u"2024-03-05"_s};
    QTest::addRow("range") << d << u"[2024-01-30...2024-02-02]"_s << keys(d, u"2024-01-30"_s, u"2024-02-02"_s);
    QTest::addRow("range over leap day") << d << u"[2024-02-28...2024-03-01]"_s
                                         << QStringList{u"2024-02-28"_s, u"2024-02-29"_s, u"2024-03-01"_s};
    QTest::addRow("range of one") << d << u"[2024-02-29...2024-02-29]"_s << QStringList{u"2024-02-29"_s};
    QTest::addRow("month pattern") << d << u"2024-02-*"_s << keys(d, u"2024-02-01"_s, u"2024-02-29"_s);
    QTest::addRow("pattern in the middle")
        << d << u"2024-*-29"_s << QStringList{u"2024-01-29"_s, u"2024-02-29"_s, u"2024-03-29"_s, u"2024-04-29"_s,
                                              u"2024-05-29"_s, u"2024-06-29"_s, u"2024-07-29"_s, u"2024-08-29"_s,
                                              u"2024-09-29"_s, u"2024-10-29"_s, u"2024-11-29"_s, u"2024-12-29"_s};
    QTest::addRow("month ends") << d << u"*-31"_s
                                << QStringList{u"2024-01-31"_s, u"2024-03-31"_s, u"2024-05-31"_s, u"2024-07-31"_s,
                                               u"2024-08-31"_s, u"2024-10-31"_s, u"2024-12-31"_s};
    QTest::addRow("pattern partial day") << d << u"2024-01-0*"_s << keys(d, u"2024-01-01"_s, u"2024-01-09"_s);
    QTest::addRow("everything") << d << u"*"_s << keys(d, u"2024-01-01"_s, u"2024-12-31"_s);
    QTest::addRow("pattern of no key characters") << d << u"2024-01-0x*"_s << QStringList();
    QTest::addRow("pattern outside") << d << u"2025-*"_s << QStringList();
    QTest::addRow("pattern matching nothing") << d << u"2024-02-3*"_s << QStringList();
    QTest::addRow("sling closed range") << d << u"2024-01-01,2024-01-31"_s << keys(d, u"2024-01-01"_s, u"2024-01-31"_s);
    QTest::addRow("sling with spaces") << d << u" 2024-01-30 , 2024-02-01 "_s
                                       << keys(d, u"2024-01-30"_s, u"2024-02-01"_s);
    QTest::addRow("sling same day") << d << u"2024-01-01,2024-01-01"_s << QStringList{u"2024-01-01"_s};
    QTest::addRow("sling open end") << d << u"2024-12-30,"_s << QStringList{u"2024-12-30"_s, u"2024-12-31"_s};
    QTest::addRow("sling open start") << d << u",2024-01-02"_s << QStringList{u"2024-01-01"_s, u"2024-01-02"_s};
    QTest::addRow("sling month to day") << d << u"2024-01,2024-02-03"_s << keys(d, u"2024-01-01"_s, u"2024-02-03"_s);
    QTest::addRow("sling open end from month") << d << u"2024-12,"_s << keys(d, u"2024-12-01"_s, u"2024-12-31"_s);
    QTest::addRow("reversed pair is two keys")
        << d << u"2024-01-31,2024-01-01"_s << QStringList{u"2024-01-01"_s, u"2024-01-31"_s};
    QTest::addRow("three keys are a list")
        << d << u"2024-01-01,2024-01-31,2024-02-01"_s << QStringList{u"2024-01-01"_s, u"2024-01-31"_s, u"2024-02-01"_s};
    QTest::addRow("bracketed pair is two items")
        << d << u"[2024-01-01...2024-01-01], 2024-01-31"_s << QStringList{u"2024-01-01"_s, u"2024-01-31"_s};
    QTest::addRow("mixed items") << d << u"[2024-01-01...2024-01-03], 2024-03-*"_s
                                 << keys(d, u"2024-01-01"_s, u"2024-01-03"_s) +
                                        keys(d, u"2024-03-01"_s, u"2024-03-31"_s);
    QTest::addRow("overlaps merge in order")
        << d << u"2024-01-05, [2024-01-03...2024-01-06], 2024-01-01"_s
        << QStringList{u"2024-01-01"_s} + keys(d, u"2024-01-03"_s, u"2024-01-06"_s);
    QTest::addRow("range clipped at start")
        << d << u"[2023-12-30...2024-01-02]"_s << QStringList{u"2024-01-01"_s, u"2024-01-02"_s};
    QTest::addRow("range clipped at end") << d << u"[2024-12-31...2025-03-01]"_s << QStringList{u"2024-12-31"_s};
    QTest::addRow("key outside") << d << u"2023-05-05"_s << QStringList();
    QTest::addRow("month on daily") << d << u"2024-03"_s << keys(d, u"2024-03-01"_s, u"2024-03-31"_s);
    QTest::addRow("feb on daily") << d << u"2024-02"_s << keys(d, u"2024-02-01"_s, u"2024-02-29"_s);
    QTest::addRow("week on daily") << d << u"2024-W09"_s << keys(d, u"2024-02-26"_s, u"2024-03-03"_s);
    QTest::addRow("year on daily") << d << u"2024"_s << keys(d, u"2024-01-01"_s, u"2024-12-31"_s);
    QTest::addRow("hour on daily") << d << u"2024-03-05T13"_s << QStringList{u"2024-03-05"_s};
    QTest::addRow("months as range ends") << d << u"[2024-02...2024-03]"_s << keys(d, u"2024-02-01"_s, u"2024-03-31"_s);
    QTest::addRow("spaces everywhere") << d << u"  [ 2024-01-01 ... 2024-01-02 ] ,2024-01-05  "_s
                                       << QStringList{u"2024-01-01"_s, u"2024-01-02"_s, u"2024-01-05"_s};
    QTest::addRow("open range end") << d << u"[2024-12-30...]"_s << QStringList{u"2024-12-30"_s, u"2024-12-31"_s};
    QTest::addRow("open range start") << d << u"[...2024-01-02]"_s << QStringList{u"2024-01-01"_s, u"2024-01-02"_s};
    QTest::addRow("empty text") << d << QString() << QStringList();
    QTest::addRow("blank text") << d << u"  \t "_s << QStringList();

    QTest::addRow("monthly sling within one month")
        << monthly << u"2024-01-01,2024-01-31"_s << QStringList{u"2024-01"_s};
    QTest::addRow("monthly sling overlapping")
        << monthly << u"2024-01-15,2024-03-01"_s << QStringList{u"2024-01"_s, u"2024-02"_s, u"2024-03"_s};
    QTest::addRow("monthly range") << monthly << u"[2023-11...2024-02]"_s
                                   << QStringList{u"2023-11"_s, u"2023-12"_s, u"2024-01"_s, u"2024-02"_s};
    QTest::addRow("monthly pattern") << monthly << u"2023-1*"_s
                                     << QStringList{u"2023-10"_s, u"2023-11"_s, u"2023-12"_s};
    QTest::addRow("monthly leap day") << monthly << u"2024-02-29"_s << QStringList{u"2024-02"_s};
    QTest::addRow("monthly year") << monthly << u"2023"_s << keys(monthly, u"2023-01"_s, u"2023-12"_s);
    QTest::addRow("monthly day pattern selects no month") << monthly << u"2024-03-*"_s << QStringList();

    QTest::addRow("weekly w53") << weekly << u"2020-W53"_s << QStringList{u"2020-W53"_s};
    QTest::addRow("weekly day in w53") << weekly << u"2021-01-01"_s << QStringList{u"2020-W53"_s};
    QTest::addRow("weekly sling") << weekly << u"2020-12-31,2021-01-04"_s << QStringList{u"2020-W53"_s, u"2021-W01"_s};
    QTest::addRow("weekly pattern") << weekly << u"2021-W*"_s
                                    << QStringList{u"2021-W01"_s, u"2021-W02"_s, u"2021-W03"_s, u"2021-W04"_s};
    QTest::addRow("weekly month") << weekly << u"2020-12"_s
                                  << QStringList{u"2020-W49"_s, u"2020-W50"_s, u"2020-W51"_s, u"2020-W52"_s,
                                                 u"2020-W53"_s};

    const QString h = hourlyBerlin;
    QTest::addRow("hourly first 02") << h << u"2024-10-27T02"_s << QStringList{u"2024-10-27T02"_s};
    QTest::addRow("hourly repeated 02") << h << u"2024-10-27T02+1"_s << QStringList{u"2024-10-27T02+1"_s};
    QTest::addRow("hourly range over fall back")
        << h << u"[2024-10-27T01...2024-10-27T03]"_s << hours(u"2024-10-27"_s, u"01 02 02+1 03"_s);
    QTest::addRow("hourly range from repeat")
        << h << u"[2024-10-27T02+1...2024-10-27T03]"_s << hours(u"2024-10-27"_s, u"02+1 03"_s);
    QTest::addRow("hourly pattern both 02") << h << u"2024-10-27T02*"_s << hours(u"2024-10-27"_s, u"02 02+1"_s);
    QTest::addRow("hourly pattern") << h << u"2024-10-27T0*"_s
                                    << hours(u"2024-10-27"_s, u"00 01 02 02+1 03 04 05 06 07 08 09"_s);
    QTest::addRow("hourly suffix pattern") << h << u"*+1"_s << QStringList{u"2024-10-27T02+1"_s};
    QTest::addRow("hourly day has 25") << h << u"2024-10-27"_s
                                       << hours(u"2024-10-27"_s, u"00 01 02 02+1 03 04 05 06 07 08 09 10 11 12 13 14 "
                                                                 u"15 16 17 18 19 20 21 22 23"_s);
    QTest::addRow("hourly sling over midnight")
        << h << u"2024-10-26T23,2024-10-27T01"_s
        << QStringList{u"2024-10-26T23"_s, u"2024-10-27T00"_s, u"2024-10-27T01"_s};
    // Past 2037 the zone's rule, not its table, gives the transitions.
    QTest::addRow("hourly far future fall back") << u"hourly:1990-01-01..2099-12-31@Europe/Berlin"_s << u"2095-10-30"_s
                                                 << hours(u"2095-10-30"_s, u"00 01 02 02+1 03 04 05 06 07 08 09 10 11 "
                                                                           u"12 13 14 15 16 17 18 19 20 21 22 23"_s);
    QTest::addRow("hourly far future spring")
        << u"hourly:1990-01-01..2099-12-31@Europe/Berlin"_s << u"[2099-03-29T01...2099-03-29T03]"_s
        << hours(u"2099-03-29"_s, u"01 03"_s);
    QTest::addRow("hourly new york spring day")
        << u"hourly:2024-03-10..2024-03-10@America/New_York"_s << u"[2024-03-10T01...2024-03-10T03]"_s
        << hours(u"2024-03-10"_s, u"01 03"_s);

    const QString n = blocks;
    QTest::addRow("numeric sling") << n << u"10000,50000"_s
                                   << QStringList{u"10000-19999"_s, u"20000-29999"_s, u"30000-39999"_s,
                                                  u"40000-49999"_s, u"50000-59999"_s};
    QTest::addRow("numeric key") << n << u"10000-19999"_s << QStringList{u"10000-19999"_s};
    QTest::addRow("numeric value") << n << u"15000"_s << QStringList{u"10000-19999"_s};
    QTest::addRow("numeric span of values") << n << u"19999-20000"_s << QStringList{u"10000-19999"_s, u"20000-29999"_s};
    QTest::addRow("numeric range") << n << u"[15000...25000]"_s << QStringList{u"10000-19999"_s, u"20000-29999"_s};
    QTest::addRow("numeric open end") << n << u"90000,"_s << QStringList{u"90000-99999"_s};
    QTest::addRow("numeric pattern") << n << u"1*"_s << QStringList{u"10000-19999"_s};
    QTest::addRow("numeric suffix pattern") << n << u"*0-9999"_s << QStringList{u"0-9999"_s};
    QTest::addRow("numeric negative start") << n << u"-5,5"_s << QStringList{u"0-9999"_s};
    QTest::addRow("numeric huge end clipped") << n << u"95000,9999999999999"_s << QStringList{u"90000-99999"_s};
    QTest::addRow("numeric short last block")
        << u"numeric:1..999999/1000"_s << u"999500"_s << QStringList{u"999001-999999"_s};
    QTest::addRow("numeric list") << n << u"5, 25000, 99999"_s
                                  << QStringList{u"0-9999"_s, u"20000-29999"_s, u"90000-99999"_s};
}

void TestPartitionRange::parse()
{
    QFETCH(QString, scheme);
    QFETCH(QString, text);
    QFETCH(QStringList, keys);

    const PartitionRange range = PartitionRange::parse(text, ::scheme(scheme));
    QVERIFY2(range.isValid(), qPrintable(range.error().message + u" at "_s + QString::number(range.error().position)));
    QCOMPARE(range.keys(), keys);
    QCOMPARE(range.count(), keys.size());
    for (const QString &key : std::as_const(keys))
        QVERIFY(range.contains(key));
}

void TestPartitionRange::errors_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("position");

    const QString d = daily2024;
    QTest::addRow("month 13") << d << u"[2024-01-01...2024-13-01]"_s << u"Invalid date: there is no month 13"_s << 19;
    QTest::addRow("feb 30") << d << u"2024-02-30"_s << u"Invalid date: 2024-02 has 29 days"_s << 8;
    QTest::addRow("feb 29 2023") << d << u"2023-02-29"_s << u"Invalid date: 2023-02 has 28 days"_s << 8;
    QTest::addRow("april 31") << d << u"2024-01-01, 2024-04-31"_s << u"Invalid date: 2024-04 has 30 days"_s << 20;
    QTest::addRow("no week 53 in 2024") << d << u"2024-W53"_s << u"Invalid date: 2024 has no week 53"_s << 6;
    QTest::addRow("no year 0") << d << u"0000-01-01"_s << u"Invalid date: there is no year 0"_s << 0;
    QTest::addRow("hour 25") << d << u"2024-01-05T25"_s << u"Invalid hour 25"_s << 11;
    QTest::addRow("one-digit month") << d << u"2024-01-01, [2024-01-01...2024-1-05]"_s
                                     << u"Expected a two-digit month"_s << 31;
    QTest::addRow("not a date") << d << u"abc"_s << u"Expected a date such as 2024-01-31"_s << 0;
    QTest::addRow("letter in year") << d << u"20x4"_s << u"Unexpected \"x\""_s << 2;
    QTest::addRow("trailing letters") << d << u"2024-01-01abc"_s << u"Unexpected \"a\""_s << 10;
    QTest::addRow("unclosed bracket") << d << u"2024-01-05, [2024-01-01...2024-01-31"_s
                                      << u"Missing \"]\" for this \"[\""_s << 12;
    QTest::addRow("lone open bracket") << d << u"["_s << u"Missing \"]\" for this \"[\""_s << 0;
    QTest::addRow("lone close bracket") << d << u"]"_s << u"Unexpected \"]\" without a \"[\""_s << 0;
    QTest::addRow("extra close bracket") << d << u"2024-01-01]"_s << u"Unexpected \"]\" without a \"[\""_s << 10;
    QTest::addRow("two dots") << d << u"[2024-01-01..2024-01-31]"_s
                              << u"Expected \"...\" between the ends of the range"_s << 11;
    QTest::addRow("comma in brackets") << d << u"[2024-01-01,2024-01-31]"_s
                                       << u"Expected \"...\" between the ends of the range"_s << 11;
    QTest::addRow("nested brackets") << d << u"[[2024-01-01...2024-01-31]]"_s
                                     << u"Expected \"...\" between the ends of the range"_s << 1;
    QTest::addRow("junk after range") << d << u"[2024-01-01...2024-01-02]x"_s << u"Expected \",\" between items"_s
                                      << 25;
    QTest::addRow("space instead of comma")
        << d << u"2024-01-01 2024-01-02"_s << u"Expected \",\" between items"_s << 11;
    QTest::addRow("two stars") << d << u"2024-*-*"_s << u"Only one \"*\" is allowed in a pattern"_s << 7;
    QTest::addRow("star in range") << d << u"[2024-01-*...2024-02-01]"_s << u"A range end cannot contain \"*\""_s << 9;
    QTest::addRow("reversed range") << d << u"[2024-02-01...2024-01-01]"_s << u"The range ends before it starts"_s
                                    << 14;
    QTest::addRow("empty item") << d << u"2024-01-01,,2024-01-03"_s << u"Expected a key, a range or a pattern"_s << 11;
    QTest::addRow("trailing comma of three")
        << d << u"2024-01-01,2024-01-02,"_s << u"Expected a key, a range or a pattern"_s << 22;
    QTest::addRow("lone comma") << d << u" , "_s << u"Expected a key, a range or a pattern"_s << 1;
    QTest::addRow("trailing comma after range")
        << d << u"[2024-01-01...2024-01-02],"_s << u"Expected a key, a range or a pattern"_s << 26;
    QTest::addRow("skipped hour") << u"hourly:2024-03-31..2024-03-31@Europe/Berlin"_s << u"2024-03-31T02"_s
                                  << u"2024-03-31T02 does not exist in Europe/Berlin: the clocks skip that hour"_s
                                  << 11;
    QTest::addRow("no repeated hour") << hourlyBerlin << u"2024-10-26T02+1"_s
                                      << u"2024-10-26T02 occurs only once in Europe/Berlin"_s << 13;
    QTest::addRow("bad repeat suffix") << hourlyBerlin << u"2024-10-27T02+2"_s
                                       << u"Expected \"+1\" for the repeated hour when clocks go back"_s << 14;
    QTest::addRow("numeric not a number") << blocks << u"abc"_s << u"Expected a number"_s << 0;
    QTest::addRow("numeric date") << blocks << u"2024-01-01"_s << u"Unexpected \"-\""_s << 7;
    QTest::addRow("numeric reversed block") << blocks << u"10000-5"_s << u"The block ends before it starts"_s << 6;
    QTest::addRow("numeric too large") << blocks << u"5, 99999999999999999999"_s
                                       << u"Number too large: the limit is 1000000000000000"_s << 3;
    const QString huge = u"numeric:1..1000000000000/1"_s;
    QTest::addRow("numeric sling too many")
        << huge << u"1,9999999999999"_s << u"The selection has more than 1000000 partitions; narrow it down"_s << 0;
    QTest::addRow("numeric range too many")
        << huge << u"5, [1...2000000]"_s << u"The selection has more than 1000000 partitions; narrow it down"_s << 3;
    QTest::addRow("numeric many items add up")
        << huge << u"[1...600000], [700001...1300000]"_s
        << u"The selection has more than 1000000 partitions; narrow it down"_s << 14;
    QTest::addRow("numeric pattern too wide") << huge << u"1*"_s
                                              << u"The pattern would have to check more than 1000000 partitions; use "
                                                 u"a range instead"_s
                                              << 0;
    QTest::addRow("hourly everything too many")
        << u"hourly:1900-01-01..2099-12-31"_s << u"*"_s
        << u"The selection has more than 1000000 partitions; narrow it down"_s << 0;
}

void TestPartitionRange::errors()
{
    QFETCH(QString, scheme);
    QFETCH(QString, text);
    QFETCH(QString, message);
    QFETCH(int, position);

    const PartitionRange range = PartitionRange::parse(text, ::scheme(scheme));
    QVERIFY(!range.isValid());
    QCOMPARE(range.error().message, message);
    QCOMPARE(range.error().position, position);
    QCOMPARE(range.count(), 0);
    QVERIFY(range.keys().isEmpty());
}

void TestPartitionRange::contains()
{
    const PartitionRange range = PartitionRange::parse(u"[2024-01-01...2024-01-31], 2024-03-*"_s, scheme(daily2024));
    QVERIFY(range.isValid());
    QCOMPARE(range.count(), 62);
    QVERIFY(range.contains(u"2024-01-01"));
    QVERIFY(range.contains(u"2024-01-15"));
    QVERIFY(!range.contains(u"2024-02-01"));
    QVERIFY(range.contains(u"2024-03-31"));
    QVERIFY(!range.contains(u"2024-04-01"));
    QVERIFY(!range.contains(u"2024-03"));
    QVERIFY(!range.contains(u"garbage"));
    QVERIFY(!range.containsIndex(-1));
    QCOMPARE(range.runs().size(), 2);

    QVERIFY(!PartitionRange().isValid());
    const PartitionRange invalidScheme = PartitionRange::parse(u"2024-01-01"_s, PartitionScheme());
    QVERIFY(!invalidScheme.isValid());
    QCOMPARE(invalidScheme.error().message, u"The partition scheme is invalid"_s);
}

void TestPartitionRange::tenYears()
{
    const PartitionScheme days = scheme(u"daily:2015-01-01..2024-12-31"_s);
    const PartitionRange range = PartitionRange::parse(u"2015-01-01,"_s, days);
    QVERIFY(range.isValid());
    QCOMPARE(range.count(), 3653);
    const QStringList keys = range.keys();
    QCOMPARE(keys.size(), 3653);
    QCOMPARE(keys.first(), u"2015-01-01"_s);
    QCOMPARE(keys.last(), u"2024-12-31"_s);
    QCOMPARE(PartitionRange::toString(keys, days), u"[2015-01-01...2024-12-31]"_s);
}

void TestPartitionRange::toString_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QString>("text");

    const QString d = daily2024;
    QTest::addRow("month") << d << keys(d, u"2024-01-01"_s, u"2024-01-31"_s) << u"[2024-01-01...2024-01-31]"_s;
    QTest::addRow("one key") << d << QStringList{u"2024-01-02"_s} << u"2024-01-02"_s;
    QTest::addRow("nothing") << d << QStringList() << QString();
    QTest::addRow("two apart stay two") << d << QStringList{u"2024-01-01"_s, u"2024-01-31"_s}
                                        << u"[2024-01-01...2024-01-01], 2024-01-31"_s;
    QTest::addRow("two adjacent") << d << QStringList{u"2024-01-02"_s, u"2024-01-01"_s}
                                  << u"[2024-01-01...2024-01-02]"_s;
    QTest::addRow("three apart") << d << QStringList{u"2024-01-01"_s, u"2024-01-31"_s, u"2024-03-01"_s}
                                 << u"2024-01-01, 2024-01-31, 2024-03-01"_s;
    QTest::addRow("unordered with duplicates") << d << QStringList{u"2024-01-05"_s, u"2024-01-03"_s, u"2024-01-04"_s,
                                                                   u"2024-01-05"_s, u"2024-03-01"_s, u"2024-06-01"_s}
                                               << u"[2024-01-03...2024-01-05], 2024-03-01, 2024-06-01"_s;
    QTest::addRow("unknown keys dropped")
        << d << QStringList{u"2023-12-31"_s, u"nonsense"_s, u"2024-01-02"_s} << u"2024-01-02"_s;
    QTest::addRow("hourly repeat") << hourlyBerlin << QStringList{u"2024-10-27T03"_s, u"2024-10-27T02+1"_s}
                                   << u"[2024-10-27T02+1...2024-10-27T03]"_s;
    QTest::addRow("numeric") << blocks << QStringList{u"10000-19999"_s, u"30000-39999"_s}
                             << u"[10000-19999...10000-19999], 30000-39999"_s;
    QTest::addRow("weekly") << weekly << QStringList{u"2020-W53"_s, u"2021-W01"_s, u"2021-W03"_s}
                            << u"[2020-W53...2021-W01], 2021-W03"_s;
}

void TestPartitionRange::toString()
{
    QFETCH(QString, scheme);
    QFETCH(QStringList, keys);
    QFETCH(QString, text);

    const PartitionScheme partitions = ::scheme(scheme);
    QCOMPARE(PartitionRange::toString(keys, partitions), text);

    QStringList expected;
    for (qint64 index = 0; index < partitions.count(); ++index) {
        if (keys.contains(partitions.keyAt(index)))
            expected.append(partitions.keyAt(index));
    }
    const PartitionRange parsed = PartitionRange::parse(text, partitions);
    QVERIFY(parsed.isValid());
    QCOMPARE(parsed.keys(), expected);
}

void TestPartitionRange::randomSelectionsRoundTrip_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addRow("daily") << u"daily:2024-01-01..2024-03-31"_s;
    QTest::addRow("hourly berlin") << hourlyBerlin;
    QTest::addRow("weekly") << weekly;
    QTest::addRow("monthly") << monthly;
    QTest::addRow("numeric") << u"numeric:1..95000/1000"_s;
}

// A calendar selection turned into text and back gives the same selection.
void TestPartitionRange::randomSelectionsRoundTrip()
{
    QFETCH(QString, scheme);
    const PartitionScheme partitions = ::scheme(scheme);
    QRandomGenerator random(20240105);
    for (int round = 0; round < 200; ++round) {
        const int percent = 1 + round % 99;
        QStringList selected;
        for (qint64 index = 0; index < partitions.count(); ++index) {
            if (int(random.bounded(100)) < percent)
                selected.append(partitions.keyAt(index));
        }
        const QString text = PartitionRange::toString(selected, partitions);
        const PartitionRange parsed = PartitionRange::parse(text, partitions);
        QVERIFY2(parsed.isValid(), qPrintable(text));
        QCOMPARE(parsed.keys(), selected);
    }
}

void TestPartitionRange::fuzzRegressions_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(BACKFILL_SOURCE_DIR "/tests/fuzz/regressions/partitionrange"));
    const QStringList files = dir.entryList(QDir::Files);
    QVERIFY(!files.isEmpty());
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

// Inputs the fuzzer once found troublesome parse within bounds and round-trip.
void TestPartitionRange::fuzzRegressions()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    for (const QString &schemeText :
         {u"daily:2023-01-01..2024-12-31@Europe/Berlin"_s, u"hourly:2024-10-01..2024-12-31@America/New_York"_s,
          u"numeric:1..999999/1000"_s, u"numeric:1..1000000000000/1"_s}) {
        const PartitionScheme partitions = scheme(schemeText);
        const PartitionRange range = PartitionRange::parse(text, partitions);
        if (!range.isValid()) {
            QVERIFY(!range.error().message.isEmpty());
            QVERIFY(range.error().position >= 0 && range.error().position <= text.size());
            continue;
        }
        QVERIFY(range.count() <= PartitionRange::MaxKeys);
        const QStringList keys = range.keys();
        QCOMPARE(PartitionRange::parse(PartitionRange::toString(keys, partitions), partitions).keys(), keys);
    }
}

QTEST_GUILESS_MAIN(TestPartitionRange)
#include "tst_partitionrange.moc"
