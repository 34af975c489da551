// Kills `backfill run` with SIGKILL at named points of its work (BACKFILL_CRASH_AT, see
// model/core/crashpoint.h): during a request, between parse and write, inside the write
// transaction, between the rows' commit and the ledger's, in the WAL checkpointer, while the
// partition index is built, during a full refresh's removal. After each kill the same command
// runs again, once, and the table and the ledger must be exact: 0 rows lost, 0 duplicated.
// tst_crashresume kills at instants instead of points.
#include "tests/integration/backfillclifixture.h"

#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {

// 6 partitions x 5 pages x 500 records of about 340 bytes; 30 where the WAL checkpointer is to
// run (its first pass starts when the log reaches 1,024 pages, 4 MB).
constexpr int kPartitions = 6;
constexpr int kCheckpointedPartitions = 30;
constexpr int kPerPartition = 2500;

enum class Variant {
    Upsert,          // primary key, rows in the workspace
    Replace,         // no primary key: staged, then the partition's rows replaced
    OtherTarget,     // primary key, rows in another SQLite file (committed before the ledger)
    FullRefresh,     // --mode full-refresh over fewer partitions than the table holds
    RefreshElsewhere // the same into another SQLite file (ledger first, then the removal)
};

} // namespace

Q_DECLARE_METATYPE(Variant)

class TestKillPoints : public BackfillCliFixture
{
    Q_OBJECT

private slots:
    void resumesExactlyAfterAKillAt_data();
    void resumesExactlyAfterAKillAt();

private:
    QString writeSpec(bool primaryKey);
    void checkExact(const QString &db, const QString &rowsDb, int partitions);
    int m_case = 0;
};

QString TestKillPoints::writeSpec(bool primaryKey)
{
    QByteArray yaml = readFile(QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples/demo_bulk_benchmark.yaml"));
    yaml.replace("http://127.0.0.1:8765", m_api.url().toString().toUtf8());
    yaml.replace("concurrency: 8", "concurrency: 4");
    if (!primaryKey)
        yaml.replace("        primary_key: [\"id\"]\n", "");
    const QString file = path(primaryKey ? u"bulk-pk.yaml"_s : u"bulk-nopk.yaml"_s);
    return writeFile(file, yaml) ? file : QString();
}

void TestKillPoints::checkExact(const QString &db, const QString &rowsDb, int partitions)
{
    QCOMPARE(count(rowsDb, u"SELECT count(*) FROM records"_s), partitions * kPerPartition);
    QCOMPARE(count(rowsDb, u"SELECT count(DISTINCT id) FROM records"_s), partitions * kPerPartition);
    QCOMPARE(count(rowsDb, u"SELECT count(*) FROM (SELECT _backfill_partition FROM records GROUP BY 1 "
                           u"HAVING count(*) = %1)"_s.arg(kPerPartition)),
             partitions);
    QCOMPARE(count(rowsDb, u"SELECT max(CAST(_backfill_partition AS INTEGER)) FROM records"_s), partitions);
    QCOMPARE(count(db, u"SELECT count(*) FROM partitions"_s), partitions);
    QCOMPARE(count(db, u"SELECT count(*) FROM partitions WHERE status = 'succeeded' AND row_count = %1 "
                       u"AND page_count = 5"_s.arg(kPerPartition)),
             partitions);
}

void TestKillPoints::resumesExactlyAfterAKillAt_data()
{
    QTest::addColumn<QString>("point"); // NAME:N, the Nth time the run passes NAME
    QTest::addColumn<Variant>("variant");
    QTest::addColumn<int>("partitions");
    const auto add = [](const char *point, Variant variant, const char *what, int partitions = kPartitions) {
        QTest::addRow("%s (%s)", point, what) << QString::fromLatin1(point) << variant << partitions;
    };
    // The engine's side of a page.
    add("run.started:1", Variant::Upsert, "upsert");
    add("request.sent:5", Variant::Upsert, "upsert");
    add("response.received:9", Variant::Upsert, "upsert");
    add("page.parsed:9", Variant::Upsert, "upsert");
    add("page.submitted:9", Variant::Upsert, "upsert");
    add("page.submitted:9", Variant::Replace, "replace");
    // The writer's transaction, op by op.
    add("writer.transaction_begun:3", Variant::Upsert, "upsert");
    add("writer.partition_running:2", Variant::Upsert, "upsert");
    add("writer.event_appended:4", Variant::Upsert, "upsert");
    add("writer.rows_written:7", Variant::Upsert, "upsert");
    add("writer.rows_written:7", Variant::Replace, "replace");
    add("writer.rows_written:7", Variant::OtherTarget, "other target");
    add("writer.page_recorded:6", Variant::Upsert, "upsert");
    add("writer.page_recorded:6", Variant::Replace, "replace");
    add("writer.partition_restarted:3", Variant::Replace, "replace");
    add("writer.partition_replaced:2", Variant::Replace, "replace");
    add("writer.partition_succeeded:2", Variant::Upsert, "upsert");
    add("writer.partition_succeeded:2", Variant::Replace, "replace");
    // Between commits.
    add("writer.target_committed:2", Variant::OtherTarget, "other target");
    add("writer.target_committed:4", Variant::OtherTarget, "other target");
    add("writer.committed:2", Variant::Upsert, "upsert");
    add("writer.committed:3", Variant::Replace, "replace");
    add("writer.committed:3", Variant::OtherTarget, "other target");
    // The WAL checkpointer, before and after a pass.
    add("checkpointer.background:1", Variant::Upsert, "upsert", kCheckpointedPartitions);
    add("checkpointer.passed:1", Variant::Replace, "replace", kCheckpointedPartitions);
    // The partition index, at the end of the run.
    add("writer.index_begun:1", Variant::Upsert, "upsert");
    add("writer.index_built:1", Variant::Upsert, "upsert");
    add("writer.index_built:1", Variant::Replace, "replace");
    add("writer.index_built:1", Variant::OtherTarget, "other target");
    add("writer.indexed:1", Variant::Upsert, "upsert");
    add("run.written:1", Variant::Upsert, "upsert");
    // Full refresh: the removal of the rows the run did not write, and the ledger forgetting.
    add("writer.refresh_removed:1", Variant::FullRefresh, "full refresh");
    add("writer.refresh_forgotten:1", Variant::FullRefresh, "full refresh");
    add("writer.refresh_forgotten:1", Variant::RefreshElsewhere, "full refresh, other target");
    add("writer.refresh_target_begun:1", Variant::RefreshElsewhere, "full refresh, other target");
}

void TestKillPoints::resumesExactlyAfterAKillAt()
{
    QFETCH(QString, point);
    QFETCH(Variant, variant);
    QFETCH(int, partitions);
    const bool primaryKey = variant != Variant::Replace;
    const bool refresh = variant == Variant::FullRefresh || variant == Variant::RefreshElsewhere;
    const bool elsewhere = variant == Variant::OtherTarget || variant == Variant::RefreshElsewhere;
    const QString spec = writeSpec(primaryKey);
    QVERIFY(!spec.isEmpty());
    const QString db = path(u"kill-%1.sqlite"_s.arg(++m_case));
    const QString rowsDb = elsewhere ? path(u"kill-%1-rows.sqlite"_s.arg(m_case)) : db;
    QStringList common{u"--db"_s, db, u"--quiet"_s};
    if (elsewhere)
        common << u"--target"_s << u"sqlite:"_s + rowsDb;

    QStringList arguments = QStringList{u"run"_s, spec, u"--range"_s, u"1,%1"_s.arg(partitions)} + common;
    if (refresh) {
        // The table holds 6 partitions; the full refresh of 1 to 4 is to leave just those.
        const Result before = backfill(arguments);
        QVERIFY2(before.exitCode == 0, before.describe());
        partitions = 4;
        arguments = QStringList{u"run"_s, spec, u"--range"_s, u"1,4"_s, u"--mode"_s, u"full-refresh"_s} + common;
    }

    QProcessEnvironment crash;
    crash.insert(u"BACKFILL_CRASH_AT"_s, point);
    const Result killed = backfill(arguments, {}, crash);
    // backfill() gives -1 for a process that did not exit by itself: the point was reached.
    QVERIFY2(killed.exitCode == -1,
             qPrintable(u"never reached %1: "_s.arg(point) + QString::fromUtf8(killed.describe())));
    QVERIFY2(count(rowsDb, u"SELECT count(*) - count(DISTINCT id) FROM records"_s) <= 0,
             "duplicated rows right after the kill");

    const Result resumed = backfill(arguments);
    QVERIFY2(resumed.exitCode == 0, resumed.describe());
    checkExact(db, rowsDb, partitions);
}

QTEST_GUILESS_MAIN(TestKillPoints)
#include "tst_killpoints.moc"
