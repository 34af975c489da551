// The connections tree follows the documents it shows: renames, added and removed endpoints,
// undo, and unsaved state, with the signals a view relies on.
#include "views/document/specdocument.h"
#include "views/editor/connectiontreemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestConnectionTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsConnectionsAndEndpoints();
    void followsEndpointEdits();
    void marksUnsavedConnections();
};

namespace {

ApiSpec spec(const QString &name, const QStringList &endpoints)
{
    ApiSpec result;
    result.name = name;
    for (const QString &endpointName : endpoints) {
        Endpoint endpoint;
        endpoint.name = endpointName;
        result.endpoints.append(endpoint);
    }
    return result;
}

} // namespace

void TestConnectionTreeModel::showsConnectionsAndEndpoints()
{
    ConnectionTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.addDocument(new SpecDocument(spec(u"Analytics API"_s, {u"daily_events"_s}), u"Analytics API"_s));
    auto *sales = new SpecDocument(spec(u"Sales API"_s, {u"monthly_sales"_s, u"totals"_s}));
    model.addDocument(sales);
    QCOMPARE(inserted.size(), 2);

    QCOMPARE(model.rowCount(), 2);
    const QModelIndex salesIndex = model.index(1, 0);
    QCOMPARE(salesIndex.data().toString(), u"Sales API *"_s); // never saved
    QCOMPARE(salesIndex.data(ConnectionTreeModel::KindRole).toInt(), int(ConnectionTreeModel::Connection));
    QCOMPARE(model.rowCount(salesIndex), 2);
    const QModelIndex totals = model.index(1, 0, salesIndex);
    QCOMPARE(totals.data().toString(), u"totals"_s);
    QCOMPARE(totals.data(ConnectionTreeModel::KindRole).toInt(), int(ConnectionTreeModel::Endpoint));
    QCOMPARE(totals.data(ConnectionTreeModel::EndpointIndexRole).toInt(), 1);
    QCOMPARE(model.parent(totals), salesIndex);
    QCOMPARE(model.document(totals), sales);
    QCOMPARE(model.endpointIndex(sales, 1), totals);
    QCOMPARE(model.rowCount(totals), 0);
}

void TestConnectionTreeModel::followsEndpointEdits()
{
    ConnectionTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto *document = new SpecDocument(spec(u"Orders API"_s, {u"orders"_s}), u"Orders API"_s);
    model.addDocument(document);
    const QModelIndex connection = model.index(0, 0);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    document->edit(spec(u"Orders API"_s, {u"orders"_s, u"refunds"_s, u"returns"_s}), u"Add endpoints"_s);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1);
    QCOMPARE(inserted.at(0).at(2).toInt(), 2);
    QCOMPARE(model.index(2, 0, connection).data().toString(), u"returns"_s);

    document->edit(spec(u"Shop API"_s, {u"orders"_s, u"refunds"_s, u"returns"_s}), u"Rename"_s);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(connection.data().toString(), u"Shop API *"_s);

    document->undoStack()->undo();
    document->undoStack()->undo();
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.rowCount(connection), 1);
    QCOMPARE(connection.data().toString(), u"Orders API"_s);
}

void TestConnectionTreeModel::marksUnsavedConnections()
{
    ConnectionTreeModel model;
    auto *document = new SpecDocument(spec(u"Orders API"_s, {}), u"Orders API"_s);
    document->markSaved();
    model.addDocument(document);
    const QModelIndex connection = model.index(0, 0);
    QCOMPARE(connection.data(ConnectionTreeModel::DirtyRole).toBool(), false);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    document->edit(spec(u"Orders"_s, {}), u"Rename"_s);
    QCOMPARE(connection.data(ConnectionTreeModel::DirtyRole).toBool(), true);
    QCOMPARE(connection.data(Qt::AccessibleTextRole).toString(), u"Orders"_s);
    document->markSaved();
    QCOMPARE(connection.data(ConnectionTreeModel::DirtyRole).toBool(), false);
    QCOMPARE(connection.data().toString(), u"Orders"_s);
    QVERIFY(changed.size() >= 2);
}

QTEST_MAIN(TestConnectionTreeModel)
#include "tst_connectiontreemodel.moc"
