// A partition's changes as the data browser shows them: one row per example, under it the
// columns with their values before and after the pull, the ones that changed first.
#include "model/itemmodels/partitionchangemodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestPartitionChangeModel : public QObject
{
    Q_OBJECT

private slots:
    void examplesWithTheirColumns();
    void changedColumnsComeFirst();
    void newAndGoneRowsHaveOneSide();
    void keysAreShownAsTheirParts();
    void countsByKind();

private:
    static QList<PartitionChange> changes();
    static QString text(const QAbstractItemModel &model, int row, int column, const QModelIndex &parent = {})
    {
        return model.index(row, column, parent).data().toString();
    }
};

QList<PartitionChange> TestPartitionChangeModel::changes()
{
    return {
        {PartitionChange::Kind::Changed, u"[\"evt_0002\"]"_s,
         QJsonObject{{u"id"_s, u"evt_0002"_s}, {u"amount"_s, 10}, {u"revision"_s, 0}, {u"note"_s, QJsonValue()}},
         QJsonObject{{u"id"_s, u"evt_0002"_s}, {u"amount"_s, 12.5}, {u"revision"_s, 1}, {u"note"_s, QJsonValue()}}},
        {PartitionChange::Kind::Added,
         u"[\"evt_0100\"]"_s,
         {},
         QJsonObject{{u"id"_s, u"evt_0100"_s}, {u"amount"_s, 3}}},
        {PartitionChange::Kind::Removed,
         u"[\"evt_0001\"]"_s,
         QJsonObject{{u"id"_s, u"evt_0001"_s}, {u"amount"_s, 7}},
         {}},
        {PartitionChange::Kind::Duplicate, u"[\"evt_0005\"]"_s, {}, QJsonObject{{u"id"_s, u"evt_0005"_s}}},
    };
}

void TestPartitionChangeModel::examplesWithTheirColumns()
{
    PartitionChangeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setChanges(changes());
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(text(model, 0, 0), u"Changed  evt_0002: amount, revision"_s);
    QCOMPARE(text(model, 1, 0), u"New  evt_0100"_s);
    QCOMPARE(text(model, 2, 0), u"Gone  evt_0001"_s);
    QCOMPARE(text(model, 3, 0), u"Repeated key  evt_0005"_s);
    QCOMPARE(model.rowCount(model.index(0, 0)), 4); // id, amount, revision, note
    QCOMPARE(model.rowCount(model.index(0, 1)), 0); // only the first column has children
    QCOMPARE(model.headerData(PartitionChangeModel::BeforeColumn, Qt::Horizontal).toString(), u"Before this pull"_s);
    QCOMPARE(model.change(2).kind, PartitionChange::Kind::Removed);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestPartitionChangeModel::changedColumnsComeFirst()
{
    PartitionChangeModel model;
    model.setChanges(changes());
    const QModelIndex changed = model.index(0, 0);
    const QStringList expected{u"amount"_s, u"revision"_s, u"id"_s, u"note"_s};
    for (int row = 0; row < expected.size(); ++row) {
        QCOMPARE(text(model, row, PartitionChangeModel::NameColumn, changed), expected.at(row));
        QCOMPARE(model.index(row, PartitionChangeModel::AfterColumn, changed)
                     .data(PartitionChangeModel::DiffersRole)
                     .toBool(),
                 row < 2);
    }
    QCOMPARE(text(model, 0, PartitionChangeModel::BeforeColumn, changed), u"10"_s);
    QCOMPARE(text(model, 0, PartitionChangeModel::AfterColumn, changed), u"12.5"_s);
    QCOMPARE(text(model, 1, PartitionChangeModel::BeforeColumn, changed), u"0"_s);
    QCOMPARE(text(model, 1, PartitionChangeModel::AfterColumn, changed), u"1"_s);
    const QModelIndex note = model.index(3, PartitionChangeModel::AfterColumn, changed);
    QCOMPARE(note.data().toString(), u"NULL"_s);
    QVERIFY(note.data(PartitionChangeModel::IsNullRole).toBool());
    QVERIFY(
        !model.index(2, PartitionChangeModel::AfterColumn, changed).data(PartitionChangeModel::IsNullRole).toBool());
    QCOMPARE(model.parent(note), changed);
    QCOMPARE(note.data(PartitionChangeModel::KindRole).toInt(), int(PartitionChange::Kind::Changed));
}

void TestPartitionChangeModel::newAndGoneRowsHaveOneSide()
{
    PartitionChangeModel model;
    model.setChanges(changes());
    const QModelIndex added = model.index(1, 0);
    QCOMPARE(model.rowCount(added), 2);
    QCOMPARE(text(model, 0, PartitionChangeModel::NameColumn, added), u"amount"_s);
    QCOMPARE(text(model, 0, PartitionChangeModel::BeforeColumn, added), QString());
    QCOMPARE(text(model, 0, PartitionChangeModel::AfterColumn, added), u"3"_s);
    QVERIFY(!model.index(0, PartitionChangeModel::AfterColumn, added).data(PartitionChangeModel::DiffersRole).toBool());
    const QModelIndex gone = model.index(2, 0);
    QCOMPARE(text(model, 1, PartitionChangeModel::NameColumn, gone), u"id"_s);
    QCOMPARE(text(model, 1, PartitionChangeModel::BeforeColumn, gone), u"evt_0001"_s);
    QCOMPARE(text(model, 1, PartitionChangeModel::AfterColumn, gone), QString());
}

void TestPartitionChangeModel::keysAreShownAsTheirParts()
{
    QCOMPARE(PartitionChangeModel::keyText(u"[\"a\",2]"_s), u"a, 2"_s);
    QCOMPARE(PartitionChangeModel::keyText(u"[null,\"x\"]"_s), u"NULL, x"_s);
    QCOMPARE(PartitionChangeModel::keyText(u"[]"_s), QString());
    QCOMPARE(PartitionChangeModel::keyText(u"plain"_s), u"plain"_s);
    PartitionChangeModel model;
    model.setChanges({{PartitionChange::Kind::Added, u"[]"_s, {}, QJsonObject{{u"v"_s, 1}}}}); // no primary key
    QCOMPARE(text(model, 0, 0), u"New"_s);
}

void TestPartitionChangeModel::countsByKind()
{
    PartitionChangeModel model;
    model.setChanges(changes() + changes().mid(0, 1));
    QCOMPARE(model.count(PartitionChange::Kind::Changed), 2);
    QCOMPARE(model.count(PartitionChange::Kind::Added), 1);
    QCOMPARE(model.count(PartitionChange::Kind::Duplicate), 1);
}

QTEST_MAIN(TestPartitionChangeModel)
#include "tst_partitionchangemodel.moc"
