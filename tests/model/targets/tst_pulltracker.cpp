// What the writer learns from a partition's rows (PullTracker): duplicates of a key within a
// pull, records without the update key, the columns, and rows new, changed and gone against the
// fingerprint of the pull before, with examples of each.
#include "model/targets/pulltracker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestPullTracker : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aFirstPullCountsDuplicatesAndMissingUpdateKeys();
    void aSecondPullCountsRowsNewChangedAndGone();
    void fieldOrderDoesNotMakeAChange();
    void withoutAPrimaryKeyRowsAreNewOrGone();
    void aResumedPullComparesNothingAndLeavesNoFingerprint();
    void keyHashesAgreeBetweenRecordsAndTableValues();
    void aPartitionOverTheMemoryBudgetCountsTheSame();
};

namespace {

RecordBatch batch(const QList<QJsonObject> &records)
{
    RecordBatch result;
    for (const QJsonObject &record : records)
        result.append(record);
    return result;
}

QJsonObject record(int id, int revision, const QString &updated = u"2024-01-01T00:00:00Z"_s)
{
    QJsonObject record{{u"id"_s, id}, {u"name"_s, u"event %1"_s.arg(id)}, {u"revision"_s, revision}};
    if (!updated.isEmpty())
        record.insert(u"updated_at"_s, updated);
    return record;
}

// A pull of `records` after `previous` (nullopt: the first), in two pages.
PullTracker::Result pull(const QList<QJsonObject> &records, const std::optional<FingerprintReader> &previous,
                         const QStringList &key = {u"id"_s}, const PullTracker::PartitionVisitor &gone = {},
                         size_t budget = PullTracker::DefaultMemoryBudget)
{
    PullTracker tracker(key, u"updated_at"_s, previous, true, budget);
    tracker.add(batch(records.mid(0, records.size() / 2)), {});
    tracker.add(batch(records.mid(records.size() / 2)), {});
    return tracker.finish(gone);
}

// The entries of a fingerprint, read the way the ledger reads it.
qint64 entriesOf(const std::optional<FingerprintReader> &fingerprint)
{
    qint64 bytes = 0;
    if (!(*fingerprint)([&bytes](const QByteArray &chunk) {
            bytes += chunk.size();
            return true;
        }))
        return -1;
    return bytes / 16;
}

QStringList examples(const PullTracker::Result &result, PartitionChange::Kind kind)
{
    QStringList keys;
    for (const PartitionChange &change : result.examples) {
        if (change.kind == kind)
            keys << change.key;
    }
    return keys;
}

} // namespace

void TestPullTracker::aFirstPullCountsDuplicatesAndMissingUpdateKeys()
{
    const PullTracker::Result first =
        pull({record(1, 0), record(2, 0), record(3, 0, {}), record(2, 1), record(4, 0)}, std::nullopt);
    QCOMPARE(first.pull.compared, false);
    QCOMPARE(first.pull.duplicateKeys, 1);
    QCOMPARE(first.pull.missingUpdateKey, 1);
    QCOMPARE(first.pull.columns, u"id:integer,name:text,revision:integer,updated_at:timestamp"_s);
    QCOMPARE(examples(first, PartitionChange::Kind::Duplicate), QStringList{u"[2]"_s});
    QVERIFY(first.fingerprint);
    QCOMPARE(entriesOf(first.fingerprint), 4); // one entry per distinct key
}

void TestPullTracker::aSecondPullCountsRowsNewChangedAndGone()
{
    const PullTracker::Result first = pull({record(1, 0), record(2, 0), record(3, 0), record(4, 0)}, std::nullopt);
    // 1 unchanged, 2 and 3 changed, 4 gone, 5 new.
    int visited = 0;
    const PullTracker::Result second = pull({record(1, 0), record(2, 1), record(3, 2), record(5, 0)}, first.fingerprint,
                                            {u"id"_s}, [&visited](const auto &visit) {
                                                // The table still holds every row of the first pull.
                                                for (int id = 1; id <= 4; ++id) {
                                                    ++visited;
                                                    if (!visit(QVariantList{qint64(id)}, record(id, 0)))
                                                        return;
                                                }
                                            });
    QCOMPARE(second.pull.compared, true);
    QCOMPARE(second.pull.changed, 2);
    QCOMPARE(second.pull.added, 1);
    QCOMPARE(second.pull.removed, 1);
    QVERIFY(second.pull.hasChanges());
    QCOMPARE(examples(second, PartitionChange::Kind::Changed), (QStringList{u"[2]"_s, u"[3]"_s}));
    QCOMPARE(examples(second, PartitionChange::Kind::Added), QStringList{u"[5]"_s});
    QCOMPARE(examples(second, PartitionChange::Kind::Removed), QStringList{u"[4]"_s});
    QCOMPARE(visited, 4); // it stops once every gone row was found
    for (const PartitionChange &change : second.examples) {
        if (change.kind == PartitionChange::Kind::Removed)
            QCOMPARE(change.before.value(u"id"_s).toInt(), 4);
        if (change.kind == PartitionChange::Kind::Changed)
            QVERIFY(change.after.value(u"revision"_s).toInt() > 0);
    }
    // A third pull of the same rows: nothing changed.
    const PullTracker::Result third =
        pull({record(1, 0), record(2, 1), record(3, 2), record(5, 0)}, second.fingerprint);
    QCOMPARE(third.pull.compared, true);
    QVERIFY(!third.pull.hasChanges());
    QCOMPARE(third.examples.size(), 0);
}

void TestPullTracker::fieldOrderDoesNotMakeAChange()
{
    const PullTracker::Result first = pull({record(1, 0), record(2, 0)}, std::nullopt);
    RecordBatch records; // the fields in another order than the first pull's records
    for (int id : {1, 2}) {
        const int updated = records.columnFor("updated_at");
        const std::string at = "2024-01-01T00:00:00Z";
        records.addText(updated, ColumnType::Timestamp, at);
        records.addInteger(records.columnFor("revision"), ColumnType::Integer, 0);
        const std::string name = "event " + std::to_string(id);
        records.addText(records.columnFor("name"), ColumnType::Text, name);
        records.addInteger(records.columnFor("id"), ColumnType::Integer, id);
        records.endRow();
    }
    PullTracker tracker({u"id"_s}, u"updated_at"_s, first.fingerprint, true);
    tracker.add(records, {});
    const PullTracker::Result second = tracker.finish({});
    QVERIFY(!second.pull.hasChanges());
}

void TestPullTracker::withoutAPrimaryKeyRowsAreNewOrGone()
{
    const PullTracker::Result first = pull({record(1, 0), record(2, 0), record(3, 0)}, std::nullopt, {});
    const PullTracker::Result second = pull({record(1, 0), record(2, 1), record(3, 0)}, first.fingerprint, {});
    QCOMPARE(second.pull.changed, 0);
    QCOMPARE(second.pull.added, 1);
    QCOMPARE(second.pull.removed, 1);
    QCOMPARE(second.pull.duplicateKeys, 0);
}

void TestPullTracker::aResumedPullComparesNothingAndLeavesNoFingerprint()
{
    const PullTracker::Result first = pull({record(1, 0), record(2, 0)}, std::nullopt);
    PullTracker resumed({u"id"_s}, u"updated_at"_s, first.fingerprint, false);
    resumed.add(batch({record(2, 1)}), {});
    const PullTracker::Result result = resumed.finish({});
    QCOMPARE(result.pull.compared, false);
    QVERIFY(!result.pull.hasChanges());
    QVERIFY(!result.fingerprint);
}

void TestPullTracker::keyHashesAgreeBetweenRecordsAndTableValues()
{
    // A gone row is found in the table by the hash of its key as the table gives it back: an
    // integer as qint64 or as an integral double, text as a string, composite keys in order.
    const QList<QJsonObject> rows = {
        QJsonObject{{u"id"_s, 7}, {u"region"_s, u"eu"_s}, {u"v"_s, 1}},
        QJsonObject{{u"id"_s, 8}, {u"region"_s, u"us"_s}, {u"v"_s, 1}},
    };
    const QStringList key = {u"region"_s, u"id"_s};
    const PullTracker::Result first = pull(rows, std::nullopt, key);
    for (const QVariant &id : {QVariant(qint64(8)), QVariant(8.0), QVariant(int(8))}) {
        const PullTracker::Result second = pull({rows.first()}, first.fingerprint, key, [&id](const auto &visit) {
            visit({u"us"_s, id}, {});
        });
        QCOMPARE(second.pull.removed, 1);
        QCOMPARE(examples(second, PartitionChange::Kind::Removed), QStringList{u"[\"us\",8]"_s});
    }
}

void TestPullTracker::aPartitionOverTheMemoryBudgetCountsTheSame()
{
    // 1,000 rows against a budget of 64 entries: the runs and both fingerprints go through
    // temporary files and the examples come from a slice of the keys; the counts do not change.
    QList<QJsonObject> before;
    for (int id = 0; id < 1000; ++id)
        before << record(id, 0);
    // Then: every tenth changed, 950-999 gone, 1000-1029 new, 5 keys twice (the second time
    // with their old content back for 10 and 20: not a change in the end).
    QList<QJsonObject> after;
    for (int id = 0; id < 950; ++id)
        after << record(id, id % 10 == 0 ? 1 : 0);
    for (int id = 1000; id < 1030; ++id)
        after << record(id, 0);
    for (int id : {10, 20, 31, 32, 33})
        after << record(id, 0);

    for (const size_t budget : {PullTracker::DefaultMemoryBudget, size_t(64)}) {
        const PullTracker::Result first = pull(before, std::nullopt, {u"id"_s}, {}, budget);
        QCOMPARE(entriesOf(first.fingerprint), 1000);
        QCOMPARE(first.pull.duplicateKeys, 0);
        const PullTracker::Result second = pull(after, first.fingerprint, {u"id"_s}, {}, budget);
        QVERIFY2(second.error.isEmpty(), qPrintable(second.error));
        QCOMPARE(second.pull.compared, true);
        QCOMPARE(second.pull.changed, 93); // 95 tenths below 950, less 10 and 20
        QCOMPARE(second.pull.added, 30);
        QCOMPARE(second.pull.removed, 50);
        QCOMPARE(second.pull.duplicateKeys, 5);
        QCOMPARE(entriesOf(second.fingerprint), 980);
        const QStringList changed = examples(second, PartitionChange::Kind::Changed);
        QVERIFY(!changed.isEmpty());
        QVERIFY(changed.size() <= PullTracker::MaxExamples);
        for (const QString &key : changed) {
            const int id = QJsonDocument::fromJson(key.toUtf8()).array().at(0).toInt();
            QVERIFY2(id % 10 == 0 && id != 10 && id != 20 && id < 950, qPrintable(key));
        }
        for (const QString &key : examples(second, PartitionChange::Kind::Added))
            QVERIFY2(QJsonDocument::fromJson(key.toUtf8()).array().at(0).toInt() >= 1000, qPrintable(key));
        if (budget == PullTracker::DefaultMemoryBudget) {
            QCOMPARE(changed.size(), PullTracker::MaxExamples);
            QCOMPARE(examples(second, PartitionChange::Kind::Duplicate).size(), 5);
        }
        const PullTracker::Result third = pull(after, second.fingerprint, {u"id"_s}, {}, budget);
        QVERIFY(!third.pull.hasChanges());
        QCOMPARE(third.pull.duplicateKeys, 5);
    }
}

QTEST_GUILESS_MAIN(TestPullTracker)
#include "tst_pulltracker.moc"
