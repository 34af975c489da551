// The response JSON as a foldable tree: keys, values, paths, under QAbstractItemModelTester.
#include "views/test/jsontreemodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestJsonTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsMembersAndElements();
};

void TestJsonTreeModel::showsMembersAndElements()
{
    JsonTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const QJsonDocument json = QJsonDocument::fromJson(
        R"({"data": {"events": [{"id": "e1", "n": 2.5}, {"id": "e2", "ok": true}]}, "odd key": null})");
    model.setJson(json.object());
    QCOMPARE(reset.size(), 1);

    QCOMPARE(model.rowCount(), 2);
    const QModelIndex data = model.index(0, JsonTreeModel::KeyColumn);
    QCOMPARE(data.data().toString(), u"data"_s);
    QCOMPARE(data.siblingAtColumn(JsonTreeModel::ValueColumn).data().toString(), u"{1}"_s);
    QCOMPARE(model.index(1, JsonTreeModel::ValueColumn).data().toString(), u"null"_s);
    QCOMPARE(model.index(1, 0).data(JsonTreeModel::PathRole).toString(), u"\"odd key\""_s);

    const QModelIndex events = model.index(0, 0, data);
    QCOMPARE(events.siblingAtColumn(1).data().toString(), u"[2]"_s);
    const QModelIndex second = model.index(1, 0, events);
    QCOMPARE(second.data().toString(), u"[1]"_s);
    QCOMPARE(second.data(JsonTreeModel::PathRole).toString(), u"data.events[1]"_s);
    QCOMPARE(model.parent(second), events);
    QCOMPARE(model.rowCount(second), 2);
    QCOMPARE(model.index(0, 1, second).data().toString(), u"\"e2\""_s);
    QCOMPARE(model.index(1, 1, second).data().toString(), u"true"_s);
    QCOMPARE(model.index(1, 1, model.index(0, 0, events)).data().toString(), u"2.5"_s);

    model.setJson(QJsonArray{1, 2, 3});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(2, 1).data().toString(), u"3"_s);
    model.setJson({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestJsonTreeModel)
#include "tst_jsontreemodel.moc"
