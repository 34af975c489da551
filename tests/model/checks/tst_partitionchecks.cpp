// The volume checks over an endpoint's pulled partitions: thin and swollen days against the
// median of their neighbours, an empty day between days with rows, and what is not judged.
#include "model/checks/partitionchecks.h"

#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestPartitionChecks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void flagsThinSwollenAndEmptyDays();
    void judgesOnlyPulledPartitionsWithEnoughNeighbours();
    void thresholdsAreSettings();
    void flagsWhatAPullFoundInItsRows();
    void thresholdsComeFromTheEndpoint();
};

namespace {

// Days of January 2024 with these row counts, succeeded (or empty with 0 rows).
QList<PartitionRecord> days(const QList<qint64> &rows)
{
    QList<PartitionRecord> records;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        PartitionRecord record;
        record.key = QDate(2024, 1, int(i) + 1).toString(Qt::ISODate);
        record.status = rows.at(i) == 0 ? PartitionStatus::Empty : PartitionStatus::Succeeded;
        record.counts.rows = rows.at(i);
        records.append(record);
    }
    return records;
}

QStringList keys(const QList<PartitionFlag> &flags, PartitionFlag::Kind kind)
{
    QStringList result;
    for (const PartitionFlag &flag : flags) {
        if (flag.kind == kind)
            result.append(flag.key);
    }
    return result;
}

} // namespace

void TestPartitionChecks::flagsThinSwollenAndEmptyDays()
{
    //                                 1    2    3   4    5    6    7  8    9   10   11   12
    const QList<PartitionFlag> flags =
        PartitionChecks().flags(days({100, 110, 90, 15, 105, 0, 95, 600, 100, 98, 0, 0}));
    QCOMPARE(keys(flags, PartitionFlag::Kind::Thin), QStringList{u"2024-01-04"_s});
    QCOMPARE(keys(flags, PartitionFlag::Kind::Swollen), QStringList{u"2024-01-08"_s});
    // The 6th lies between days with rows; the 11th and 12th end the span: nothing after them yet.
    QCOMPARE(keys(flags, PartitionFlag::Kind::EmptyGap), QStringList{u"2024-01-06"_s});
    const PartitionFlag &thin = flags.at(0);
    QCOMPARE(thin.key, u"2024-01-04"_s);
    // Its 10 neighbours (7 before it cannot have: 3 before, 7 after): 0 0 90 95 98 100 100 105 110 600.
    QVERIFY2(thin.reason.startsWith(u"thin: 15 rows, 15% of the median of its 10 neighbours (99)"_s),
             qPrintable(thin.reason));
    QCOMPARE(PartitionFlag::kindName(PartitionFlag::Kind::EmptyGap), u"empty_gap"_s);
}

void TestPartitionChecks::judgesOnlyPulledPartitionsWithEnoughNeighbours()
{
    QList<PartitionRecord> records = days({100, 100, 5, 100, 100, 100});
    // A failed or missing partition neither is judged nor counts as a neighbour.
    records[1].status = PartitionStatus::Failed;
    records[4].status = PartitionStatus::Missing;
    // Left: 100, 5, 100, 100: the 5 has three neighbours, too few to judge.
    QVERIFY(PartitionChecks().flags(records).isEmpty());
    // With one more neighbour it is judged.
    records[4].status = PartitionStatus::Succeeded;
    QCOMPARE(keys(PartitionChecks().flags(records), PartitionFlag::Kind::Thin), QStringList{u"2024-01-03"_s});
    // An open partition is still being written: thin today is normal, so it is never flagged.
    records[2].status = PartitionStatus::Open;
    QVERIFY(PartitionChecks().flags(records).isEmpty());
}

void TestPartitionChecks::thresholdsAreSettings()
{
    const QList<PartitionRecord> records = days({100, 100, 100, 40, 100, 100, 100});
    QVERIFY(PartitionChecks().flags(records).isEmpty()); // 40% is within the defaults
    PartitionChecks strict;
    strict.low = 0.5;
    QCOMPARE(keys(strict.flags(records), PartitionFlag::Kind::Thin), QStringList{u"2024-01-04"_s});
}

void TestPartitionChecks::thresholdsComeFromTheEndpoint()
{
    const QList<PartitionRecord> records = days({100, 100, 100, 40, 100, 100, 100});
    BackfillKeys own;
    own.thinBelow = u"50%"_s;
    own.neighbours = u"4"_s;
    const PartitionChecks checks = PartitionChecks::forEndpoint(own);
    QCOMPARE(checks.low, 0.5);
    QCOMPARE(checks.high, PartitionChecks().high);
    QCOMPARE(checks.neighbours, 4);
    QCOMPARE(keys(checks.flags(records), PartitionFlag::Kind::Thin), QStringList{u"2024-01-04"_s});
    // As the ledger keeps them, for `status` and `check`.
    QCOMPARE(checks.toJson(), (QJsonObject{{u"thin_below"_s, 0.5}, {u"swollen_above"_s, 5.0}, {u"neighbours"_s, 4}}));
    QCOMPARE(PartitionChecks::fromJson(checks.toJson()), checks);
    QCOMPARE(PartitionChecks::fromJson({}), PartitionChecks());
    // What the validator refuses leaves the defaults.
    own.thinBelow = u"600%"_s;
    own.swollenAbove = u"-1"_s;
    own.neighbours = u"2"_s;
    QCOMPARE(PartitionChecks::forEndpoint(own), PartitionChecks());
    QCOMPARE(PartitionChecks::fromJson({{u"thin_below"_s, 7}, {u"swollen_above"_s, 2}, {u"neighbours"_s, 1}}),
             PartitionChecks());
}

void TestPartitionChecks::flagsWhatAPullFoundInItsRows()
{
    QList<PartitionRecord> records = days({50, 50, 50, 50, 50, 50});
    const QString columns = u"id:integer,name:text,value:integer"_s;
    for (PartitionRecord &record : records)
        record.pull.columns = columns;
    records[1].pull.duplicateKeys = 3;
    records[2].pull.missingUpdateKey = 2;
    records[3].pull.columns = u"id:integer,name:text,note:text,value:real"_s; // new note, value's type
    records[4].pull.columns = u"id:integer,name:text,note:text,value:real"_s; // the same as the day before
    records[5].pull.columns = u"id:integer,value:real"_s;                     // name and note gone

    const QList<PartitionFlag> flags = PartitionChecks().flags(records);
    QCOMPARE(keys(flags, PartitionFlag::Kind::DuplicateKeys), QStringList{u"2024-01-02"_s});
    QCOMPARE(keys(flags, PartitionFlag::Kind::MissingUpdateKey), QStringList{u"2024-01-03"_s});
    QCOMPARE(keys(flags, PartitionFlag::Kind::SchemaDrift), (QStringList{u"2024-01-04"_s, u"2024-01-06"_s}));
    for (const PartitionFlag &flag : flags) {
        if (flag.key == u"2024-01-02"_s)
            QVERIFY2(flag.reason.startsWith(u"3 records repeat a primary key"_s), qPrintable(flag.reason));
        if (flag.key == u"2024-01-04"_s)
            QCOMPARE(flag.reason,
                     u"columns differ from 2024-01-03: new note (text); changed type value integer -> real"_s);
        if (flag.key == u"2024-01-06"_s)
            QCOMPARE(flag.reason, u"columns differ from 2024-01-05: gone name, note"_s);
    }
    QCOMPARE(PartitionFlag::kindName(PartitionFlag::Kind::SchemaDrift), u"schema_drift"_s);
}

QTEST_GUILESS_MAIN(TestPartitionChecks)
#include "tst_partitionchecks.moc"
