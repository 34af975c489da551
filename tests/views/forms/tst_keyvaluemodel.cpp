// Headers, parameters and state as an editable table that keeps value types.
#include "views/forms/keyvaluemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestKeyValueModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void editsKeepValueTypes_data();
    void editsKeepValueTypes();
    void addsUniqueKeysAndRemoves();
};

void TestKeyValueModel::editsKeepValueTypes_data()
{
    QTest::addColumn<QJsonValue>("before");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QJsonValue>("after");
    QTest::addRow("number stays a number") << QJsonValue(25) << u"50"_s << QJsonValue(50);
    QTest::addRow("number becomes text") << QJsonValue(25) << u"{state.limit}"_s << QJsonValue(u"{state.limit}"_s);
    QTest::addRow("text stays text") << QJsonValue(u"a"_s) << u"10"_s << QJsonValue(u"10"_s);
}

void TestKeyValueModel::editsKeepValueTypes()
{
    QFETCH(QJsonValue, before);
    QFETCH(QString, typed);
    QFETCH(QJsonValue, after);
    KeyValueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntries({{u"limit"_s, before}});
    QSignalSpy edited(&model, &KeyValueModel::edited);
    QVERIFY(model.setData(model.index(0, KeyValueModel::ValueColumn), typed));
    QCOMPARE(model.entries().at(0).value, after);
    QCOMPARE(model.index(0, KeyValueModel::ValueColumn).data().toString(), typed);
    QCOMPARE(edited.size(), 1);
}

void TestKeyValueModel::addsUniqueKeysAndRemoves()
{
    KeyValueModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy edited(&model, &KeyValueModel::edited);
    model.appendEntry(u"param"_s);
    model.appendEntry(u"param"_s);
    QCOMPARE(model.index(1, KeyValueModel::KeyColumn).data().toString(), u"param2"_s);
    QVERIFY(!model.setData(model.index(1, KeyValueModel::KeyColumn), QString())); // a key is never empty
    model.removeEntry(0);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.entries().at(0).key, u"param2"_s);
    QCOMPARE(edited.size(), 3);
}

QTEST_MAIN(TestKeyValueModel)
#include "tst_keyvaluemodel.moc"
