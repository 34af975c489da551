// Sling's modes applied to a selection: which partitions a run takes, given the ledger.
#include "network/planning/runmode.h"

#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestRunMode : public QObject
{
    Q_OBJECT

private slots:
    void parsesModeNames_data();
    void parsesModeNames();
    void aRangeMakesIncrementalABackfill();
    void takesPartitionsByMode_data();
    void takesPartitionsByMode();
};

void TestRunMode::parsesModeNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("mode"); // -1: refused
    QTest::addRow("none") << QString() << int(RunMode::Default);
    QTest::addRow("full-refresh") << u"full-refresh"_s << int(RunMode::FullRefresh);
    QTest::addRow("truncate") << u"truncate"_s << int(RunMode::FullRefresh);
    QTest::addRow("incremental, any case") << u" Incremental "_s << int(RunMode::Incremental);
    QTest::addRow("backfill") << u"backfill"_s << int(RunMode::Backfill);
    QTest::addRow("unknown") << u"snapshot-ish"_s << -1;
}

void TestRunMode::parsesModeNames()
{
    QFETCH(QString, name);
    QFETCH(int, mode);
    const auto parsed = runModeFromName(name);
    QCOMPARE(parsed ? int(*parsed) : -1, mode);
    if (parsed && !name.isEmpty() && name != u"truncate"_s)
        QCOMPARE(runModeName(*parsed), name.trimmed().toLower());
}

void TestRunMode::aRangeMakesIncrementalABackfill()
{
    QCOMPARE(effectiveRunMode(RunMode::Incremental, true), RunMode::Backfill);
    QCOMPARE(effectiveRunMode(RunMode::Incremental, false), RunMode::Incremental);
    QCOMPARE(effectiveRunMode(RunMode::FullRefresh, true), RunMode::FullRefresh);
    QCOMPARE(effectiveRunMode(RunMode::Default, true), RunMode::Default);
}

void TestRunMode::takesPartitionsByMode_data()
{
    // Seven days; the letters are the ledger: s succeeded, e empty, f failed, r running
    // (interrupted), . missing.
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("ledger");
    QTest::addColumn<int>("lookback");
    QTest::addColumn<bool>("everything");
    QTest::addColumn<QString>("taken"); // day numbers

    QTest::addRow("default: what is not done") << int(RunMode::Default) << u"s.fse.r"_s << 0 << false << u"1256"_s;
    QTest::addRow("default, forced: all") << int(RunMode::Default) << u"s.fse.r"_s << 0 << true << u"0123456"_s;
    QTest::addRow("backfill: what is not done") << int(RunMode::Backfill) << u"ss..s.."_s << 5 << false << u"2356"_s;
    QTest::addRow("full refresh: all") << int(RunMode::FullRefresh) << u"sssssss"_s << 0 << false << u"0123456"_s;
    QTest::addRow("incremental: after the last done, not old gaps")
        << int(RunMode::Incremental) << u"s.s.s.."_s << 0 << false << u"56"_s;
    QTest::addRow("incremental: failed and interrupted ones before it")
        << int(RunMode::Incremental) << u"f.r.e.."_s << 0 << false << u"0256"_s;
    QTest::addRow("incremental, lookback 2") << int(RunMode::Incremental) << u"sssss.."_s << 2 << false << u"3456"_s;
    QTest::addRow("incremental, lookback counts partitions, not successes")
        << int(RunMode::Incremental) << u"ss.ss.."_s << 3 << false << u"23456"_s;
    QTest::addRow("incremental, lookback longer than the history")
        << int(RunMode::Incremental) << u"ss....."_s << 9 << false << u"0123456"_s;
    QTest::addRow("incremental, nothing done yet")
        << int(RunMode::Incremental) << u"......."_s << 2 << false << u"0123456"_s;
    QTest::addRow("incremental, all done, lookback 1")
        << int(RunMode::Incremental) << u"sssssss"_s << 1 << false << u"6"_s;
}

void TestRunMode::takesPartitionsByMode()
{
    QFETCH(int, mode);
    QFETCH(QString, ledger);
    QFETCH(int, lookback);
    QFETCH(bool, everything);
    QFETCH(QString, taken);

    QStringList keys;
    QHash<QString, PartitionStatus> statuses;
    for (qsizetype i = 0; i < ledger.size(); ++i) {
        const QString key = u"2024-01-0%1"_s.arg(i + 1);
        keys << key;
        switch (ledger[i].toLatin1()) {
        case 's':
            statuses.insert(key, PartitionStatus::Succeeded);
            break;
        case 'e':
            statuses.insert(key, PartitionStatus::Empty);
            break;
        case 'f':
            statuses.insert(key, PartitionStatus::Failed);
            break;
        case 'r':
            statuses.insert(key, PartitionStatus::Running);
            break;
        default:
            break; // missing: no record at all
        }
    }
    QStringList expected;
    for (QChar day : taken)
        expected << keys[day.digitValue()];
    QCOMPARE(partitionsForMode(RunMode(mode), keys, statuses, lookback, everything), expected);
}

QTEST_GUILESS_MAIN(TestRunMode)
#include "tst_runmode.moc"
