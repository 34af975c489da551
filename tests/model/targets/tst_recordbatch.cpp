// Record batches built from response bytes (simdjson) and from JSON objects agree.
#include "model/targets/recordbatch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestRecordBatch : public QObject
{
    Q_OBJECT

private slots:
    void extractsRecordsAtPath_data();
    void extractsRecordsAtPath();
    void typesAndValues();
    void sameAsJsonObjects_data();
    void sameAsJsonObjects();
    void keepsNestedValuesAsTheyCame();
    void reportsInvalidJson();
};

namespace {
// One line per row: "column=type:value" cells, so a test reads like the table a user sees.
QStringList describe(const RecordBatch &batch)
{
    QStringList rows;
    for (qsizetype r = 0; r < batch.rowCount(); ++r) {
        QStringList cells;
        const auto [begin, end] = batch.row(r);
        for (auto *cell = begin; cell != end; ++cell) {
            QString value;
            switch (cell->type) {
            case ColumnType::Boolean:
            case ColumnType::Integer:
                value = QString::number(cell->integer);
                break;
            case ColumnType::Real:
                value = QString::number(cell->real);
                break;
            case ColumnType::Null:
                value = u"null"_s;
                break;
            default: {
                const auto text = batch.text(*cell);
                value = QString::fromUtf8(text.data(), qsizetype(text.size()));
            }
            }
            cells << batch.columns()[cell->column] + u'=' + columnTypeName(cell->type) + u':' + value;
        }
        rows << cells.join(u' ');
    }
    return rows;
}
} // namespace

void TestRecordBatch::extractsRecordsAtPath_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("path");
    QTest::addColumn<int>("rows");
    QTest::addRow("top-level array") << QByteArray(R"([{"a":1},{"a":2}])") << QStringList() << 2;
    QTest::addRow("nested path") << QByteArray(R"({"data":{"events":[{"a":1},{"a":2},{"a":3}]}})")
                                 << QStringList{u"data"_s, u"events"_s} << 3;
    QTest::addRow("single object") << QByteArray(R"({"item":{"a":1}})") << QStringList{u"item"_s} << 1;
    QTest::addRow("missing field") << QByteArray(R"({"data":[]})") << QStringList{u"rows"_s} << 0;
    QTest::addRow("path through a scalar") << QByteArray(R"({"data":5})") << QStringList{u"data"_s, u"x"_s} << 0;
    QTest::addRow("null items skipped") << QByteArray(R"([{"a":1},null])") << QStringList() << 1;
    QTest::addRow("empty array") << QByteArray("[]") << QStringList() << 0;
}

void TestRecordBatch::extractsRecordsAtPath()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, path);
    QFETCH(int, rows);
    RecordBatch batch;
    QString error;
    QVERIFY2(batch.appendJson(json, path, &error), qPrintable(error));
    QCOMPARE(batch.rowCount(), rows);
}

void TestRecordBatch::typesAndValues()
{
    RecordBatch batch;
    QString error;
    QVERIFY(batch.appendJson(
        R"([{"id":7,"p":1.5,"ok":true,"s":"x\"y","at":"2024-01-05T10:00:00Z","tags":[1, 2],"o":{"k":"v"},"n":null},
            {"id":8,"s":"2024-01-06"}, "plain", 3])",
        {}, &error));
    QCOMPARE(describe(batch),
             (QStringList{u"id=integer:7 p=real:1.5 ok=boolean:1 s=text:x\"y at=timestamp:2024-01-05T10:00:00Z "
                          "tags=json:[1,2] o=json:{\"k\":\"v\"}"_s,
                          u"id=integer:8 s=text:2024-01-06"_s, u"value=text:plain"_s, u"value=integer:3"_s}));
    // A column that has seen text stays text even when a later value looks like a date.
    QCOMPARE(batch.columns(),
             (QStringList{u"id"_s, u"p"_s, u"ok"_s, u"s"_s, u"at"_s, u"tags"_s, u"o"_s, u"n"_s, u"value"_s}));
    QCOMPARE(batch.columnTypes().at(3), ColumnType::Text);
    QCOMPARE(batch.columnTypes().at(4), ColumnType::Timestamp);
    QCOMPARE(batch.columnTypes().at(7), ColumnType::Null);
    QCOMPARE(batch.columnTypes().at(8), ColumnType::Text);
    // Only text cells have text: the others hold their value where text keeps its place.
    const auto [begin, end] = batch.row(0);
    QCOMPARE(end - begin, 7);              // a null is no cell
    QVERIFY(batch.text(begin[0]).empty()); // id
    QVERIFY(batch.text(begin[1]).empty()); // p
    QCOMPARE(batch.text(begin[3]), std::string_view("x\"y"));
    QCOMPARE(batch.text(begin[6]), std::string_view(R"({"k":"v"})"));
}

void TestRecordBatch::sameAsJsonObjects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addRow("scalars and nesting") << QByteArray(R"([{"a":1,"b":"x","c":[1,{"d":2}],"e":2.25,"f":false}])");
    // Nested values are stored as compact JSON text: the same text whichever way they were read
    // (keys here in alphabetical order: a QJsonObject sorts them, the page's order is kept).
    QTest::addRow("escapes in nested strings")
        << QByteArray(R"([{"o":{"b":"back\\slash","c":"tab\tnew\nline\r\b\f","q":"say \"hi\"","u":"\u0001\u001f"}}])");
    QTest::addRow("unicode and slashes") << QByteArray(
        R"([{"o":{"k\u00e9y":"caf\u00e9 \u2603 \ud83d\ude00","p":"a/b"}}])");
    QTest::addRow("numbers") << QByteArray(
        R"([{"n":[0,-1,9007199254740993,2.5,-0.125,1e21,1.5e-7,100.0,0.1,123456.789]}])");
    // Where a shortest form may be written either way: decimal or with an exponent.
    QTest::addRow("number forms") << QByteArray(
        R"([{"n":[1e4,1e5,-1e5,1.5e5,0.001,0.0001,0.00015,1e16,1e17,1e20,123e-10,-2.5e-5,-0.0,5e-324,1.7976931348623157e308]}])");
    QTest::addRow("empty and deep") << QByteArray(R"([{"e":{"a":[],"d":[[[{"x":[null,true,false]}]]],"o":{}}}])");
}

void TestRecordBatch::sameAsJsonObjects()
{
    QFETCH(QByteArray, json);
    RecordBatch fromBytes;
    QString error;
    QVERIFY(fromBytes.appendJson(json, {}, &error));
    RecordBatch fromObjects;
    fromObjects.append(QJsonDocument::fromJson(json).array().at(0));
    QCOMPARE(describe(fromObjects), describe(fromBytes));
}

void TestRecordBatch::keepsNestedValuesAsTheyCame()
{
    // The page's key order, and integers beyond 64 bits signed exactly (a QJsonValue would
    // round them through a double).
    RecordBatch batch;
    QString error;
    QVERIFY(batch.appendJson(R"([{"o":{"z":1,"a":{"y":2,"b":3}},"n":[18446744073709551615]}])", {}, &error));
    QCOMPARE(describe(batch), QStringList{uR"(o=json:{"z":1,"a":{"y":2,"b":3}} n=json:[18446744073709551615])"_s});
}

void TestRecordBatch::reportsInvalidJson()
{
    RecordBatch batch;
    QString error;
    QVERIFY(!batch.appendJson(R"({"data": [1, 2)", {u"data"_s}, &error));
    QCOMPARE(error, u"the response is not valid JSON: it starts with `{\"data\": [1, 2`"_s);
    QCOMPARE(batch.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestRecordBatch)
#include "tst_recordbatch.moc"
