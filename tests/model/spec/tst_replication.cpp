// ReplicationFile: Sling replication files (source, target, defaults, streams, env) with
// position-exact problems, and a writer whose output loads back equal.
#include "model/spec/replication.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestReplication : public QObject
{
    Q_OBJECT

private slots:
    void loadsTheSeedReplications_data();
    void loadsTheSeedReplications();
    void readsEveryField();
    void appliesDefaultsToStreams();
    void reportsProblemsWithPositions_data();
    void reportsProblemsWithPositions();
    void roundTrips();
    void rejectsDeepDocuments();
};

static QStringList describe(const SpecProblems &problems)
{
    QStringList lines;
    for (const SpecProblem &problem : problems)
        lines.append(u"%1:%2: %3"_s.arg(problem.line).arg(problem.column).arg(problem.message));
    return lines;
}

void TestReplication::loadsTheSeedReplications_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QStringList>("streams");
    QTest::addColumn<QStringList>("ranges");
    QTest::addRow("date range")
        << QByteArray("source: MY_API\ntarget: MY_TARGET_DB\n\ndefaults:\n  mode: full-refresh\n\nstreams:\n"
                      "  daily_events:\n    object: analytics.events\n    source_options:\n"
                      "      # Backfill data for January 2024\n      range: '2024-01-01,2024-01-31'\n")
        << QStringList{u"daily_events"_s} << QStringList{u"2024-01-01,2024-01-31"_s};
    QTest::addRow("month range")
        << QByteArray("source: MY_API\ntarget: MY_TARGET_DB\n\nstreams:\n  monthly_sales:\n"
                      "    object: sales.monthly_summary\n    source_options:\n      # Backfill 6 months of data\n"
                      "      range: '2023-07-01,2023-12-31'\n")
        << QStringList{u"monthly_sales"_s} << QStringList{u"2023-07-01,2023-12-31"_s};
    QTest::addRow("id range")
        << QByteArray(
               "source: MY_API\ntarget: MY_TARGET_DB\n\nstreams:\n  orders_by_id:\n    object: ecommerce.orders\n"
               "    source_options:\n      range: '10000,50000'\n")
        << QStringList{u"orders_by_id"_s} << QStringList{u"10000,50000"_s};
    QTest::addRow("open-ended range")
        << QByteArray(
               "source: MY_API\ntarget: MY_TARGET_DB\n\nstreams:\n  daily_events:\n    object: analytics.events\n"
               "    source_options:\n      # Backfill from 2024-01-01 to yesterday\n      range: '2024-01-01,'\n")
        << QStringList{u"daily_events"_s} << QStringList{u"2024-01-01,"_s};
    QFile file(QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples/backfill_replication.yaml"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QTest::addRow("several endpoints") << file.readAll()
                                       << QStringList{u"daily_events"_s, u"monthly_sales"_s, u"orders_by_id"_s}
                                       << QStringList{u"2024-01-01,2024-01-31"_s, u"2023-10-01,2023-12-31"_s,
                                                      u"10000,50000"_s};
}

void TestReplication::loadsTheSeedReplications()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QStringList, streams);
    QFETCH(QStringList, ranges);
    const ReplicationLoadResult result = ReplicationFile::load(yaml, u"replication.yaml"_s);
    QVERIFY2(result.problems.isEmpty(), qPrintable(describe(result.problems).join(u'\n')));
    QCOMPARE(result.replication.source, u"MY_API"_s);
    QCOMPARE(result.replication.target, u"MY_TARGET_DB"_s);
    QStringList names;
    QStringList actualRanges;
    for (const ReplicationStream &stream : result.replication.streams) {
        names.append(stream.name);
        actualRanges.append(stream.range);
    }
    QCOMPARE(names, streams);
    QCOMPARE(actualRanges, ranges);
}

void TestReplication::readsEveryField()
{
    const QByteArray yaml = "source: MY_API\n"
                            "target: MY_TARGET_DB\n"
                            "defaults:\n"
                            "  mode: incremental\n"
                            "  object: raw.{stream_name}\n"
                            "  primary_key: [id]\n"
                            "streams:\n"
                            "  events:\n"
                            "    object: analytics.events\n"
                            "    mode: backfill\n"
                            "    update_key: updated_at\n"
                            "    disabled: false\n"
                            "    source_options:\n"
                            "      range: '2024-01-01,2024-01-31'\n"
                            "  users:\n"
                            "env:\n"
                            "  SLING_THREADS: 3\n";
    const ReplicationLoadResult result = ReplicationFile::load(yaml, u"replication.yaml"_s);
    QVERIFY2(result.problems.isEmpty(), qPrintable(describe(result.problems).join(u'\n')));
    const Replication &replication = result.replication;
    QCOMPARE(replication.defaults.mode, u"incremental"_s);
    QCOMPARE(replication.defaults.primaryKey, QStringList{u"id"_s});
    QCOMPARE(replication.streams.size(), 2);
    const ReplicationStream &events = replication.streams.first();
    QCOMPARE(events.object, u"analytics.events"_s);
    QCOMPARE(events.mode, u"backfill"_s);
    QCOMPARE(events.updateKey, u"updated_at"_s);
    QCOMPARE(events.disabled, false);
    QCOMPARE(events.source.at(u"range"_s), (SourcePosition{14, 14}));
    QCOMPARE(replication.env, (KeyValueList{{u"SLING_THREADS"_s, 3}}));
}

void TestReplication::appliesDefaultsToStreams()
{
    const QByteArray yaml = "source: A\ntarget: B\ndefaults:\n  mode: full-refresh\n  object: raw.things\n"
                            "  source_options:\n    range: '1,100'\nstreams:\n  one:\n    mode: incremental\n  two:\n";
    const ReplicationLoadResult result = ReplicationFile::load(yaml, u"replication.yaml"_s);
    QVERIFY2(result.problems.isEmpty(), qPrintable(describe(result.problems).join(u'\n')));
    const std::optional<ReplicationStream> one = result.replication.resolvedStream(u"one"_s);
    QVERIFY(one.has_value());
    QCOMPARE(one->mode, u"incremental"_s);
    QCOMPARE(one->object, u"raw.things"_s);
    QCOMPARE(one->range, u"1,100"_s);
    QCOMPARE(result.replication.resolvedStream(u"two"_s)->mode, u"full-refresh"_s);
    QVERIFY(!result.replication.resolvedStream(u"three"_s).has_value());
}

void TestReplication::reportsProblemsWithPositions_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QStringList>("expected");
    const QByteArray head = "source: A\ntarget: B\nstreams:\n  events:\n";
    QTest::addRow("unknown stream key") << QByteArray(head + "    objekt: x\n")
                                        << QStringList{u"5:5: unknown key \"objekt\" in stream \"events\""_s};
    QTest::addRow("unknown top-level key")
        << QByteArray("hooks: {}\n" + head) << QStringList{u"1:1: unknown key \"hooks\" in the replication"_s};
    QTest::addRow("unknown source option") << QByteArray(head + "    source_options:\n      limit: 10\n")
                                           << QStringList{u"6:7: unknown key \"limit\" in source_options"_s};
    QTest::addRow("unknown mode") << QByteArray(head + "    mode: upsert\n")
                                  << QStringList{u"5:11: unknown mode \"upsert\""_s};
    QTest::addRow("range without comma") << QByteArray(head + "    source_options:\n      range: '2024-01-01'\n")
                                         << QStringList{u"6:14: range \"2024-01-01\" must be \"START,END\""_s};
    QTest::addRow("range not a date") << QByteArray(head + "    source_options:\n      range: 'yesterday,today'\n")
                                      << QStringList{
                                             u"6:14: range start \"yesterday\" is neither a date nor a number"_s};
    QTest::addRow("range backwards") << QByteArray(head + "    source_options:\n      range: '2024-02-01,2024-01-01'\n")
                                     << QStringList{u"6:14: range \"2024-02-01,2024-01-01\" ends before it starts"_s};
    QTest::addRow("range mixing kinds") << QByteArray(head + "    source_options:\n      range: '2024-02-01,5'\n")
                                        << QStringList{u"6:14: range \"2024-02-01,5\" mixes a date and a number"_s};
    QTest::addRow("missing target") << QByteArray("source: A\nstreams:\n  events:\n")
                                    << QStringList{u"1:1: missing \"target\""_s};
    QTest::addRow("streams not a map") << QByteArray("source: A\ntarget: B\nstreams: [a]\n")
                                       << QStringList{u"3:10: \"streams\" expects a map of endpoint names"_s};
    QTest::addRow("disabled not a bool") << QByteArray(head + "    disabled: maybe\n")
                                         << QStringList{u"5:15: \"disabled\" expects true or false, found \"maybe\""_s};
}

void TestReplication::reportsProblemsWithPositions()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QStringList, expected);
    const QStringList actual = describe(ReplicationFile::load(yaml, u"replication.yaml"_s).problems);
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const QString where = expected.at(i).section(u' ', 0, 0);
        QVERIFY2(actual.at(i).startsWith(where) && actual.at(i).contains(expected.at(i).section(u' ', 1)),
                 qPrintable(actual.at(i)));
    }
}

void TestReplication::roundTrips()
{
    Replication replication;
    replication.source = u"MY_API"_s;
    replication.target = u"MY_TARGET_DB"_s;
    replication.defaults.mode = u"full-refresh"_s;
    replication.defaults.primaryKey = {u"id"_s};
    ReplicationStream events;
    events.name = u"daily_events"_s;
    events.object = u"analytics.events"_s;
    events.range = u"2024-01-01,"_s;
    events.disabled = true;
    ReplicationStream orders;
    orders.name = u"orders_by_id"_s;
    orders.mode = u"incremental"_s;
    orders.updateKey = u"updated_at"_s;
    orders.range = u"10000,50000"_s;
    replication.streams = {events, orders};
    replication.env = {{u"SLING_THREADS"_s, 3}};

    const QByteArray yaml = ReplicationFile::write(replication);
    const ReplicationLoadResult result = ReplicationFile::load(yaml, u"written.yaml"_s);
    QVERIFY2(result.problems.isEmpty(), qPrintable(describe(result.problems).join(u'\n') + QString::fromUtf8(yaml)));
    QCOMPARE(result.replication, replication);
    QVERIFY(yaml.contains("  daily_events:\n    object: analytics.events\n    disabled: true\n"
                          "    source_options:\n      range: 2024-01-01,\n"));
    QCOMPARE(ReplicationFile::write(result.replication), yaml);
}

void TestReplication::rejectsDeepDocuments()
{
    const QByteArray yaml = "source: A\ntarget: B\nstreams: " + QByteArray(50000, '[') + "\n";
    const ReplicationLoadResult result = ReplicationFile::load(yaml, u"deep.yaml"_s);
    QCOMPARE(result.problems.size(), 1);
    QVERIFY(result.problems.first().message.contains(u"nested deeper than 64 levels"_s));
}

QTEST_GUILESS_MAIN(TestReplication)
#include "tst_replication.moc"
