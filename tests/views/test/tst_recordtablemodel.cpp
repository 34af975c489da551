// Records as a table: columns in the preview's order, then first-seen; nested values as JSON.
#include "views/test/recordtablemodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestRecordTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsRecordsAsRows();
};

void TestRecordTableModel::showsRecordsAsRows()
{
    RecordTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QJsonArray records{
        QJsonObject{{u"id"_s, 7}, {u"name"_s, u"a"_s}, {u"tags"_s, QJsonArray{u"x"_s, 1}}},
        QJsonObject{{u"id"_s, 8}, {u"extra"_s, QJsonObject{{u"k"_s, false}}}, {u"name"_s, QJsonValue::Null}},
    };
    model.setRecords(records, {u"name"_s, u"id"_s});
    QCOMPARE(model.fields(), (QStringList{u"name"_s, u"id"_s, u"tags"_s, u"extra"_s}));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), 4);
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), u"tags"_s);
    QCOMPARE(model.index(0, 0).data().toString(), u"a"_s);
    QCOMPARE(model.index(0, 1).data().toString(), u"7"_s);
    QCOMPARE(model.index(0, 2).data().toString(), u"[\"x\",1]"_s);
    QCOMPARE(model.index(0, 3).data().toString(), QString()); // missing
    QVERIFY(model.index(0, 3).data(RecordTableModel::JsonValueRole).value<QJsonValue>().isUndefined());
    QCOMPARE(model.index(1, 0).data().toString(), u"null"_s);
    QCOMPARE(model.index(1, 3).data().toString(), u"{\"k\":false}"_s);

    model.setRecords(QJsonArray{1, u"two"_s});
    QCOMPARE(model.fields(), QStringList{u"value"_s});
    QCOMPARE(model.index(1, 0).data().toString(), u"two"_s);
}

QTEST_GUILESS_MAIN(TestRecordTableModel)
#include "tst_recordtablemodel.moc"
