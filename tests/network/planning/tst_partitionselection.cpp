// selectPartitions: a typed range resolved against an endpoint's iterate.over, for days,
// months and numeric blocks (also as Sling writes it, without defaults), ranges of one partition, the spec's default
// range, the sync state, an endpoint that does not iterate, and the errors a user reads.
#include "model/spec/specloader.h"
#include "network/planning/partitionplanner.h"
#include "network/planning/partitionselection.h"

#include <QTest>
#include <QTimeZone>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {

std::shared_ptr<const EndpointProgram> compile(const QString &over)
{
    QByteArray yaml = "name: test\n"
                      "endpoints:\n"
                      "  items:\n"
                      "    sync: [last, missing]\n";
    if (over.isEmpty()) {
        yaml += "    state:\n"
                "      value: 1\n";
    } else {
        yaml += "    iterate:\n"
                "      over: '" +
                over.toUtf8() +
                "'\n"
                "      into: state.value\n";
    }
    yaml += "    request:\n"
            "      url: http://127.0.0.1/items\n"
            "    response:\n"
            "      records:\n"
            "        jmespath: 'data[]'\n"
            "      processors:\n"
            "        - {expression: state.value, output: state.last, aggregation: maximum}\n"
            "        - {expression: state.value, output: state.missing, aggregation: maximum}\n";
    const SpecLoadResult loaded = SpecLoader::load(yaml, u"test.yaml"_s);
    if (loaded.hasErrors()) {
        qWarning() << loaded.problems.constFirst().toString();
        return {};
    }
    QString error;
    auto program = EndpointProgram::compile(loaded.spec, u"items"_s, &error);
    if (!program)
        qWarning() << error;
    return program;
}

const QString kDays =
    uR"(range(coalesce(context.range_start, sync.last, "2024-01-01"), coalesce(context.range_end, "2024-01-03"), "1d"))"_s;
const QString kMonths =
    uR"(range(coalesce(context.range_start, "2023-07-01"), coalesce(context.range_end, "2023-12-01"), "1M"))"_s;
// As Sling's documentation and spec library write it: the range alone, no defaults.
const QString kSlingDays = uR"(range(context.range_start, context.range_end, "1d"))"_s;
const QString kSlingHours = uR"(range(context.range_start, context.range_end, "1h"))"_s;
const QString kSlingNumbers = uR"(range(context.range_start, context.range_end, 1000))"_s;
const QString kNumbers = uR"(range(coalesce(context.range_start, "1"), coalesce(context.range_end, "9999"), "1000"))"_s;

} // namespace

class TestPartitionSelection : public QObject
{
    Q_OBJECT

private slots:
    void selects_data();
    void selects();
    void reportsErrors_data();
    void reportsErrors();
    void openEndWithoutADefaultStopsAtTheCurrentPartition();
    void plansKnowWherePeriodsEnd();
};

void TestPartitionSelection::selects_data()
{
    QTest::addColumn<QString>("over");
    QTest::addColumn<QString>("range");
    QTest::addColumn<QJsonObject>("sync");
    QTest::addColumn<QStringList>("keys");
    QTest::addColumn<QString>("rangeStart");
    QTest::addColumn<QString>("rangeEnd");

    const QJsonObject none;
    QTest::addRow("default days") << kDays << QString() << none
                                  << QStringList{u"2024-01-01"_s, u"2024-01-02"_s, u"2024-01-03"_s} << QString()
                                  << QString();
    QTest::addRow("default days after sync") << kDays << QString() << QJsonObject{{u"last"_s, u"2024-01-02"_s}}
                                             << QStringList{u"2024-01-02"_s, u"2024-01-03"_s} << QString() << QString();
    QTest::addRow("sling days") << kDays << u"2024-02-27,2024-03-01"_s << none
                                << QStringList{u"2024-02-27"_s, u"2024-02-28"_s, u"2024-02-29"_s, u"2024-03-01"_s}
                                << u"2024-02-27"_s << u"2024-03-01"_s;
    QTest::addRow("sync ignored with a range")
        << kDays << u"2024-05-01,2024-05-02"_s << QJsonObject{{u"last"_s, u"not a date"_s}}
        << QStringList{u"2024-05-01"_s, u"2024-05-02"_s} << u"2024-05-01"_s << u"2024-05-02"_s;
    QTest::addRow("pattern") << kDays << u"2024-02-*"_s << none << [] {
        QStringList keys;
        for (int day = 1; day <= 29; ++day)
            keys << u"2024-02-%1"_s.arg(day, 2, 10, QLatin1Char('0'));
        return keys;
    }() << u"2024-02-01"_s << u"2024-02-29"_s;
    QTest::addRow("gaps") << kDays << u"[2024-01-30...2024-02-01], 2024-02-05"_s << none
                          << QStringList{u"2024-01-30"_s, u"2024-01-31"_s, u"2024-02-01"_s, u"2024-02-05"_s}
                          << u"2024-01-30"_s << u"2024-02-05"_s;
    QTest::addRow("one day") << kDays << u"2024-06-15"_s << none << QStringList{u"2024-06-15"_s} << u"2024-06-15"_s
                             << u"2024-06-15"_s;
    QTest::addRow("months") << kMonths << u"2023-10-01,2023-12-31"_s << none
                            << QStringList{u"2023-10"_s, u"2023-11"_s, u"2023-12"_s} << u"2023-10-01"_s
                            << u"2023-12-01"_s;
    QTest::addRow("one month") << kMonths << u"2023-10"_s << none << QStringList{u"2023-10"_s} << u"2023-10-01"_s
                               << u"2023-10-01"_s;
    QTest::addRow("numbers") << kNumbers << u"10000,12999"_s << none
                             << QStringList{u"10000-10999"_s, u"11000-11999"_s, u"12000-12999"_s} << u"10000"_s
                             << u"12000"_s;
    QTest::addRow("one block") << kNumbers << u"10500"_s << none << QStringList{u"10000-10999"_s} << u"10000"_s
                               << u"10000"_s;
    QTest::addRow("default numbers") << kNumbers << QString() << none
                                     << QStringList{u"1-1000"_s,    u"1001-2000"_s, u"2001-3000"_s, u"3001-4000"_s,
                                                    u"4001-5000"_s, u"5001-6000"_s, u"6001-7000"_s, u"7001-8000"_s,
                                                    u"8001-9000"_s, u"9001-10000"_s}
                                     << QString() << QString();
    QTest::addRow("sling days without defaults")
        << kSlingDays << u"2024-01-01,2024-01-03"_s << none
        << QStringList{u"2024-01-01"_s, u"2024-01-02"_s, u"2024-01-03"_s} << u"2024-01-01"_s << u"2024-01-03"_s;
    QTest::addRow("sling one day without defaults")
        << kSlingDays << u"2024-03-05"_s << none << QStringList{u"2024-03-05"_s} << u"2024-03-05"_s << u"2024-03-05"_s;
    QTest::addRow("sling hours without defaults")
        << kSlingHours << u"[2024-01-01T22...2024-01-02T01]"_s << none
        << QStringList{u"2024-01-01T22"_s, u"2024-01-01T23"_s, u"2024-01-02T00"_s, u"2024-01-02T01"_s}
        << u"2024-01-01T22:00:00Z"_s << u"2024-01-02T01:00:00Z"_s;
    QTest::addRow("sling numbers without defaults")
        << kSlingNumbers << u"2000,3999"_s << none << QStringList{u"2000-2999"_s, u"3000-3999"_s} << u"2000"_s
        << u"3000"_s;
    // Open ends take the spec's own default, not the edges of the calendar (1970, 2099).
    QTest::addRow("open end, the spec's default end")
        << kDays << u"2024-01-02,"_s << none << QStringList{u"2024-01-02"_s, u"2024-01-03"_s} << u"2024-01-02"_s
        << QString();
    QTest::addRow("open start, the spec's default start")
        << kDays << u",2024-01-02"_s << none << QStringList{u"2024-01-01"_s, u"2024-01-02"_s} << QString()
        << u"2024-01-02"_s;
    QTest::addRow("open bracket end") << kMonths << u"[2023-11...]"_s << none << QStringList{u"2023-11"_s, u"2023-12"_s}
                                      << u"2023-11-01"_s << QString();
    QTest::addRow("no iteration") << QString() << u"2024-01-01,2024-01-31"_s << none << QStringList{u"all"_s}
                                  << QString() << QString();
}

void TestPartitionSelection::selects()
{
    QFETCH(QString, over);
    QFETCH(QString, range);
    QFETCH(QJsonObject, sync);
    QFETCH(QStringList, keys);
    QFETCH(QString, rangeStart);
    QFETCH(QString, rangeEnd);

    const auto program = compile(over);
    QVERIFY(program);
    QString error;
    const auto selection = selectPartitions(*program, range, sync, u"incremental"_s, &error);
    QVERIFY2(selection, qPrintable(error));
    QStringList selected;
    for (const PartitionPlan &plan : selection->plans.partitions)
        selected << plan.key;
    QCOMPARE(selected, keys);
    QCOMPARE(selection->context.value(u"range_start"_s).toString(), rangeStart);
    QCOMPARE(selection->context.value(u"range_end"_s).toString(), rangeEnd);
    QCOMPARE(selection->context.value(u"mode"_s).toString(), u"incremental"_s);
}

void TestPartitionSelection::reportsErrors_data()
{
    QTest::addColumn<QString>("over");
    QTest::addColumn<QString>("range");
    QTest::addColumn<QString>("message");
    QTest::addRow("bad month")
        << kDays << u"[2024-01-01...2024-13-01]"_s
        << u"range \"[2024-01-01...2024-13-01]\", at character 20: Invalid date: there is no month 13"_s;
    QTest::addRow("not a number") << kNumbers << u"abc"_s << u"range \"abc\""_s;
    QTest::addRow("bad over") << uR"(range(sync.missing, "2024-01-02", "1d"))"_s << QString()
                              << u"items: iterate.over failed: "_s;
    // Without a range there is nothing for Sling's form to iterate over: the error says so.
    QTest::addRow("sling days without a range") << kSlingDays << QString() << u"items: iterate.over failed: "_s;
}

void TestPartitionSelection::reportsErrors()
{
    QFETCH(QString, over);
    QFETCH(QString, range);
    QFETCH(QString, message);
    const auto program = compile(over);
    QVERIFY(program);
    QString error;
    QVERIFY(!selectPartitions(*program, range, {}, {}, &error));
    QVERIFY2(error.startsWith(message), qPrintable(error));
}

// Sling's form without defaults has no end of its own: an open range stops at the partition
// that holds "now", not at 2099-12-31.
void TestPartitionSelection::openEndWithoutADefaultStopsAtTheCurrentPartition()
{
    const auto program = compile(kSlingDays);
    QVERIFY(program);
    const auto clock = [] { return QDateTime(QDate(2026, 12, 4), QTime(10, 30), QTimeZone::utc()); };
    QString error;
    const auto selection = selectPartitions(*program, u"2026-12-01,"_s, {}, {}, &error, clock);
    QVERIFY2(selection, qPrintable(error));
    QStringList selected;
    for (const PartitionPlan &plan : selection->plans.partitions)
        selected << plan.key;
    QCOMPARE(selected, QStringList({u"2026-12-01"_s, u"2026-12-02"_s, u"2026-12-03"_s, u"2026-12-04"_s}));
    QCOMPARE(selection->context.value(u"range_end"_s).toString(), u"2026-12-04"_s);
}

QTEST_GUILESS_MAIN(TestPartitionSelection)
void TestPartitionSelection::plansKnowWherePeriodsEnd()
{
    // A week step from a Wednesday: each period ends the next Wednesday (not at the ISO week's
    // Monday that its key names), and the last one a step after it starts.
    const auto program = compile(uR"(range(context.range_start, context.range_end, "7d"))"_s);
    QVERIFY(program);
    QString error;
    const auto plans =
        planPartitions(*program, {{u"range_start"_s, u"2024-01-03"_s}, {u"range_end"_s, u"2024-01-17"_s}}, {}, &error);
    QVERIFY2(plans, qPrintable(error));
    QCOMPARE(plans->partitions.size(), 3);
    const auto ms = [](int day) {
        return QDateTime(QDate(2024, 1, day), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    };
    QCOMPARE(plans->partitions.at(0).endMs, ms(10));
    QCOMPARE(plans->partitions.at(1).endMs, ms(17));
    QCOMPARE(plans->partitions.at(2).endMs, ms(24));
    // Names have no period.
    const auto names = planPartitions(*compile(uR"(["eu", "us"])"_s), {}, {}, &error);
    QVERIFY(names);
    QCOMPARE(names->partitions.at(0).endMs, 0);
}

#include "tst_partitionselection.moc"
