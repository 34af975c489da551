// The partitioning choices read back from the seed's specs, and the spec they generate.
#include "model/expression/expression.h"
#include "model/spec/specloader.h"
#include "tests/support/examplespecs.h"
#include "views/editor/partitioningsettings.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

using Kind = PartitioningSettings::Kind;
using Bound = PartitioningSettings::Bound;
using Value = PartitioningSettings::Value;

class TestPartitioningSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recognizesTheExamples_data();
    void recognizesTheExamples();
    void keepsWhatItCannotExpressCustom_data();
    void keepsWhatItCannotExpressCustom();
    void generatesTheSeedFromScratch();
    void generatesEveryGrain_data();
    void generatesEveryGrain();
    void looksBackFromTheSyncValue_data();
    void looksBackFromTheSyncValue();
};

void TestPartitioningSettings::recognizesTheExamples_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("variable");
    QTest::addColumn<QString>("sync");
    QTest::addColumn<QString>("start"); // "ago:N", a date, or a number
    QTest::addColumn<QList<Value>>("values");

    QTest::addRow("analytics daily") << u"analytics_api.yaml"_s << int(Kind::Daily) << u"current_date"_s
                                     << u"last_date"_s << u"ago:7"_s
                                     << QList<Value>{{u"date"_s, Bound::Start, u"%Y-%m-%d"_s, {}}};
    QTest::addRow("sales monthly") << u"sales_api.yaml"_s << int(Kind::Monthly) << u"current_month"_s << u"last_month"_s
                                   << u"ago:6"_s << QList<Value>{{u"month"_s, Bound::Start, u"%Y-%m"_s, u"month"_s}};
    QTest::addRow("orders numeric") << u"orders_api.yaml"_s << int(Kind::Numeric) << u"start_id"_s << u"last_order_id"_s
                                    << u"1"_s
                                    << QList<Value>{{u"start_id"_s, Bound::Start, {}, u"id_min"_s},
                                                    {u"end_id"_s, Bound::LastDay, {}, u"id_max"_s}};
    QTest::addRow("neo weekly") << u"demo_neo_feed.yaml"_s << int(Kind::Weekly) << u"start"_s << u"last_date"_s
                                << u"2025-04-01"_s
                                << QList<Value>{{u"start_date"_s, Bound::Start, u"%Y-%m-%d"_s, u"start_date"_s},
                                                {u"end_date"_s, Bound::LastDay, u"%Y-%m-%d"_s, u"end_date"_s}};
    QTest::addRow("no iteration") << u"demo_pagination_cursor.yaml"_s << int(Kind::None) << u"current_date"_s
                                  << QString() << u"ago:7"_s << QList<Value>{};
}

void TestPartitioningSettings::recognizesTheExamples()
{
    QFETCH(QString, file);
    QFETCH(int, kind);
    QFETCH(QString, variable);
    QFETCH(QString, sync);
    QFETCH(QString, start);
    QFETCH(QList<Value>, values);

    const Endpoint endpoint = exampleEndpoint(file);
    const PartitioningSettings settings = PartitioningSettings::recognize(endpoint);
    QCOMPARE(int(settings.kind), kind);
    QCOMPARE(settings.variable, variable);
    QCOMPARE(settings.syncVariable, sync);
    if (start.startsWith(u"ago:"_s)) {
        QVERIFY(!settings.startDate);
        QCOMPARE(settings.startAgo, start.mid(4).toInt());
    } else if (settings.kind == Kind::Numeric) {
        QCOMPARE(QString::number(settings.startNumber), start);
    } else {
        QCOMPARE(settings.startDate.value_or(QDate()).toString(Qt::ISODate), start);
    }
    QCOMPARE(settings.values, values);

    // Applying what was recognized changes nothing: the seed's layout is the generated one.
    Endpoint applied = endpoint;
    settings.apply(applied, settings);
    QCOMPARE(applied.iterate.over, endpoint.iterate.over);
    QVERIFY(applied == endpoint);
}

void TestPartitioningSettings::keepsWhatItCannotExpressCustom_data()
{
    QTest::addColumn<QString>("over");
    QTest::addColumn<QString>("into");
    QTest::addRow("plain range") << u"range(1, 10, 1)"_s << u"state.n"_s;
    QTest::addRow("unknown step") << u"range(coalesce(context.range_start, \"2024-01-01\"), "
                                     u"coalesce(context.range_end, \"2024-02-01\"), \"2d\")"_s
                                  << u"state.day"_s;
    QTest::addRow("extra argument") << u"range(coalesce(context.range_start, sync.a, sync.b, \"2024-01-01\"), "
                                       u"coalesce(context.range_end, \"2024-02-01\"), \"1d\")"_s
                                    << u"state.day"_s;
    QTest::addRow("into sync") << u"range(coalesce(context.range_start, \"2024-01-01\"), "
                                  u"coalesce(context.range_end, \"2024-02-01\"), \"1d\")"_s
                               << u"sync.day"_s;
}

void TestPartitioningSettings::keepsWhatItCannotExpressCustom()
{
    QFETCH(QString, over);
    QFETCH(QString, into);
    Endpoint endpoint;
    endpoint.iterate.over = over;
    endpoint.iterate.into = into;
    const PartitioningSettings settings = PartitioningSettings::recognize(endpoint);
    QCOMPARE(int(settings.kind), int(Kind::Custom));
    Endpoint applied = endpoint;
    settings.apply(applied, settings);
    QVERIFY(applied == endpoint);
}

void TestPartitioningSettings::generatesTheSeedFromScratch()
{
    const Endpoint seed = exampleEndpoint(u"orders_api.yaml"_s);
    Endpoint endpoint = seed;
    endpoint.iterate = Iterate();
    endpoint.state.clear();
    endpoint.request.parameters.clear();

    PartitioningSettings settings;
    settings.kind = Kind::Numeric;
    settings.variable = u"start_id"_s;
    settings.startNumber = 1;
    settings.endNumber = 999999;
    settings.blockSize = 1000;
    settings.syncVariable = u"last_order_id"_s;
    settings.concurrency = 5;
    settings.values = {{u"start_id"_s, Bound::Start, {}, u"id_min"_s}, {u"end_id"_s, Bound::LastDay, {}, u"id_max"_s}};
    settings.apply(endpoint, PartitioningSettings());
    QCOMPARE(endpoint.iterate.over, seed.iterate.over);
    QCOMPARE(endpoint.state, seed.state);
    QCOMPARE(endpoint.request.parameters, seed.request.parameters);
    QVERIFY(endpoint == seed);

    // Back to none: the iteration, its state and its parameters go.
    PartitioningSettings none;
    none.apply(endpoint, settings);
    QVERIFY(endpoint.iterate.isEmpty());
    QVERIFY(endpoint.state.isEmpty());
    QVERIFY(endpoint.request.parameters.isEmpty());
}

void TestPartitioningSettings::generatesEveryGrain_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("over");
    QTest::addColumn<QString>("end");
    QTest::addRow("hourly")
        << int(Kind::Hourly)
        << u"range(\n  coalesce(context.range_start, \"2024-01-01\"),\n  coalesce(context.range_end, "
           u"date_format(date_add(now(), -1, \"hour\"), \"%Y-%m-%dT%H:00:00\")),\n  \"1h\"\n)\n"_s
        << u"{date_format(date_add(state.p, 1, \"hour\"), \"%Y-%m-%dT%H:00:00\")}"_s;
    QTest::addRow("daily")
        << int(Kind::Daily)
        << u"range(\n  coalesce(context.range_start, \"2024-01-01\"),\n  coalesce(context.range_end, "
           u"date_format(date_add(now(), -1, \"day\"), \"%Y-%m-%d\")),\n  \"1d\"\n)\n"_s
        << u"{date_format(date_add(state.p, 1, \"day\"), \"%Y-%m-%d\")}"_s;
    QTest::addRow("weekly")
        << int(Kind::Weekly)
        << u"range(\n  coalesce(context.range_start, \"2024-01-01\"),\n  coalesce(context.range_end, "
           u"date_format(date_add(now(), -1, \"day\"), \"%Y-%m-%d\")),\n  \"7d\"\n)\n"_s
        << u"{date_format(date_add(state.p, 7, \"day\"), \"%Y-%m-%d\")}"_s;
    QTest::addRow("monthly")
        << int(Kind::Monthly)
        << u"range(\n  coalesce(context.range_start, \"2024-01-01\"),\n  coalesce(context.range_end, "
           u"date_format(now(), \"%Y-%m-01\")),\n  \"1M\"\n)\n"_s
        << u"{date_format(date_add(state.p, 1, \"month\"), \"%Y-%m-01\")}"_s;
}

void TestPartitioningSettings::generatesEveryGrain()
{
    QFETCH(int, kind);
    QFETCH(QString, over);
    QFETCH(QString, end);
    PartitioningSettings settings;
    settings.kind = Kind(kind);
    settings.variable = u"p"_s;
    settings.startDate = QDate(2024, 1, 1);
    settings.values = {{u"to"_s, Bound::End, {}, u"to"_s}};
    Endpoint endpoint;
    settings.apply(endpoint, PartitioningSettings());
    QCOMPARE(endpoint.iterate.over, over);
    QCOMPARE(endpoint.iterate.into, u"state.p"_s);
    QCOMPARE(endpoint.state.value(0).value.toString(), end);
    QCOMPARE(endpoint.request.parameters.value(0).value.toString(), u"{state.to}"_s);
    // What is generated reads back as the same choices (the default format made explicit).
    PartitioningSettings expected = settings;
    expected.values[0].format = settings.defaultFormat();
    QCOMPARE(PartitioningSettings::recognize(endpoint), expected);
}

void TestPartitioningSettings::looksBackFromTheSyncValue_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("syncPart");
    QTest::addRow("daily") << int(Kind::Daily)
                           << u"if(is_null(sync.last), null, date_format(date_add(sync.last, -3, \"day\"), "
                              u"\"%Y-%m-%d\"))"_s;
    QTest::addRow("weekly") << int(Kind::Weekly)
                            << u"if(is_null(sync.last), null, date_format(date_add(sync.last, -21, \"day\"), "
                               u"\"%Y-%m-%d\"))"_s;
    QTest::addRow("numeric") << int(Kind::Numeric) << u"if(is_null(sync.last), null, to_int(sync.last) - 3000)"_s;
}

void TestPartitioningSettings::looksBackFromTheSyncValue()
{
    QFETCH(int, kind);
    QFETCH(QString, syncPart);
    PartitioningSettings settings;
    settings.kind = Kind(kind);
    settings.variable = u"p"_s;
    settings.syncVariable = u"last"_s;
    settings.lookback = 3;
    Endpoint endpoint;
    settings.apply(endpoint, PartitioningSettings());
    QVERIFY2(endpoint.iterate.over.contains(u"coalesce(context.range_start, "_s + syncPart + u", "_s),
             qPrintable(endpoint.iterate.over));
    const Expression over = Expression::parse(endpoint.iterate.over);
    QVERIFY2(over.isValid(), qPrintable(over.error().message));
    QCOMPARE(PartitioningSettings::recognize(endpoint), settings);
}

QTEST_MAIN(TestPartitioningSettings)
#include "tst_partitioningsettings.moc"
