// A response body parsed once: its records, its count, and the rest as a QJsonValue.
#include "model/targets/jsonbody.h"
#include "model/targets/recordbatch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestJsonBody : public QObject
{
    Q_OBJECT

private slots:
    void convertsLeavingRecordsOut_data();
    void convertsLeavingRecordsOut();
    void countsRecords();
    void tellsWhichShapesGoStraightToTheBatch();
    void emptyBodyIsNull();
    void namesTheStartOfAnHtmlPage();
};

void TestJsonBody::convertsLeavingRecordsOut_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("omit");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray page = R"({"data":{"events":[{"id":1},{"id":2}],"n":2},"next_cursor":"abc","total":9.5})";
    QTest::addRow("whole") << page << QStringList()
                           << QByteArray(
                                  R"({"data":{"events":[{"id":1},{"id":2}],"n":2},"next_cursor":"abc","total":9.5})");
    QTest::addRow("records left out") << page << QStringList{u"data"_s, u"events"_s}
                                      << QByteArray(R"({"data":{"events":[],"n":2},"next_cursor":"abc","total":9.5})");
    QTest::addRow("path not there") << page << QStringList{u"rows"_s}
                                    << QJsonDocument::fromJson(page).toJson(QJsonDocument::Compact);
    QTest::addRow("array document") << QByteArray(R"([1,"two",null,true])") << QStringList()
                                    << QByteArray(R"([1,"two",null,true])");
}

void TestJsonBody::convertsLeavingRecordsOut()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, omit);
    QFETCH(QByteArray, expected);
    JsonBody body;
    QString error;
    QVERIFY2(body.parse(json, &error), qPrintable(error));
    const QJsonValue value = body.toJson(omit);
    const QByteArray actual = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                              : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    QCOMPARE(actual, expected);
}

void TestJsonBody::countsRecords()
{
    JsonBody body;
    QString error;
    QVERIFY(body.parse(R"({"data":[{"a":1},null,{"a":2}],"one":{"a":3}})", &error));
    QCOMPARE(body.countRecords({u"data"_s}), 2);
    QCOMPARE(body.countRecords({u"one"_s}), 1);
    QCOMPARE(body.countRecords({u"none"_s}), 0);
    RecordBatch batch;
    body.appendRecords(batch, {u"data"_s});
    QCOMPARE(batch.rowCount(), 2);
}

void TestJsonBody::tellsWhichShapesGoStraightToTheBatch()
{
    JsonBody body;
    QString error;
    QVERIFY(body.parse(R"({"list":[{"a":1},{"a":2}],"one":{"a":3},"mixed":[{"a":1},null],"nested":[[{"a":1}]],"n":1})",
                       &error));
    QVERIFY(body.holdsPlainRecords({u"list"_s}, true));
    QVERIFY(body.holdsPlainRecords({u"one"_s}, false));
    QVERIFY(!body.holdsPlainRecords({u"one"_s}, true)); // `one[]` of an object is null in JMESPath: no records
    QVERIFY(!body.holdsPlainRecords({u"mixed"_s}, true));
    QVERIFY(!body.holdsPlainRecords({u"nested"_s}, true)); // `nested[]` flattens
    QVERIFY(!body.holdsPlainRecords({u"n"_s}, false));
    QVERIFY(body.holdsPlainRecords({u"missing"_s}, true));
}

void TestJsonBody::emptyBodyIsNull()
{
    JsonBody body;
    QString error;
    QVERIFY(body.parse("  \n", &error));
    QVERIFY(body.toJson().isNull());
    QCOMPARE(body.countRecords({}), 0);
}

void TestJsonBody::namesTheStartOfAnHtmlPage()
{
    JsonBody body;
    QString error;
    QVERIFY(!body.parse("<!DOCTYPE html>\n<html><body><h1>502 Bad Gateway</h1></body></html>", &error));
    QCOMPARE(error, u"the response is not valid JSON: it starts with `<!DOCTYPE html> <html><body><h1>502 Bad "
                    "Gateway</h1></body><...`"_s);
}

QTEST_GUILESS_MAIN(TestJsonBody)
#include "tst_jsonbody.moc"
