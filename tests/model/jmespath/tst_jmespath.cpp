#include "model/jmespath/jmespath.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using Backfill::JmesPath;

namespace {

// Deep equality for the compliance suite: numbers compare by value (1 == 1.0), objects
// ignore key order. Written independently of the library's own comparison on purpose.
bool sameJson(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() == b.toDouble() && a.toInteger() == b.toInteger();
    if (a.type() != b.type())
        return false;
    if (a.isArray()) {
        const QJsonArray x = a.toArray(), y = b.toArray();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (!sameJson(x.at(i), y.at(i)))
                return false;
        }
        return true;
    }
    if (a.isObject()) {
        const QJsonObject x = a.toObject(), y = b.toObject();
        if (x.keys() != y.keys())
            return false;
        for (auto it = x.constBegin(); it != x.constEnd(); ++it) {
            if (!sameJson(it.value(), y.value(it.key())))
                return false;
        }
        return true;
    }
    return a == b;
}

QString toText(const QJsonValue &value)
{
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

JmesPath::ErrorKind errorKind(const QString &name)
{
    if (name == u"syntax")
        return JmesPath::ErrorKind::Syntax;
    if (name == u"unknown-function")
        return JmesPath::ErrorKind::UnknownFunction;
    if (name == u"invalid-arity")
        return JmesPath::ErrorKind::InvalidArity;
    if (name == u"invalid-type")
        return JmesPath::ErrorKind::InvalidType;
    if (name == u"invalid-value")
        return JmesPath::ErrorKind::InvalidValue;
    return JmesPath::ErrorKind::None;
}

} // namespace

class TestJmesPath final : public QObject
{
    Q_OBJECT

private slots:
    void compliance_data();
    void compliance();
    void syntaxErrors_data();
    void syntaxErrors();
    void runtimeErrors_data();
    void runtimeErrors();
    void integersStayExact();
    void compiledOnceSearchedMany();
    void runawayExpressionStops();
};

void TestJmesPath::compliance_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QJsonValue>("given");
    QTest::addColumn<QString>("mode"); // result, error or bench
    QTest::addColumn<QJsonValue>("expected");
    QTest::addColumn<QString>("error");

    const QDir dir(QStringLiteral(BACKFILL_TEST_DATA "/jmespath-compliance"));
    const QStringList files = dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 15);
    for (const QString &fileName : files) {
        QFile file(dir.filePath(fileName));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
        QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(fileName));
        const QJsonArray suites = document.array();
        for (qsizetype s = 0; s < suites.size(); ++s) {
            const QJsonObject suite = suites.at(s).toObject();
            const QJsonArray cases = suite.value(u"cases").toArray();
            for (qsizetype c = 0; c < cases.size(); ++c) {
                const QJsonObject testCase = cases.at(c).toObject();
                const QString expression = testCase.value(u"expression").toString();
                const QString mode = testCase.contains(u"result")  ? u"result"_s
                                     : testCase.contains(u"error") ? u"error"_s
                                                                   : u"bench"_s;
                QString rowExpression = expression;
                rowExpression.replace(u'\n', u"\\n"_s);
                QTest::addRow("%s/%lld/%lld: %s", qPrintable(fileName), qlonglong(s), qlonglong(c),
                              qPrintable(rowExpression))
                    << expression << suite.value(u"given") << mode << testCase.value(u"result")
                    << testCase.value(u"error").toString();
            }
        }
    }
}

void TestJmesPath::compliance()
{
    QFETCH(QString, expression);
    QFETCH(QJsonValue, given);
    QFETCH(QString, mode);
    QFETCH(QJsonValue, expected);
    QFETCH(QString, error);

    const JmesPath path = JmesPath::compile(expression);
    if (mode == u"error") {
        const JmesPath::ErrorKind wanted = errorKind(error);
        QVERIFY2(wanted != JmesPath::ErrorKind::None, qPrintable(error));
        JmesPath::Error searchError;
        if (path.isValid()) {
            const QJsonValue result = path.search(given, &searchError);
            QVERIFY2(searchError.kind != JmesPath::ErrorKind::None,
                     qPrintable(u"expected %1, got result %2"_s.arg(error, toText(result))));
        } else {
            searchError = path.error();
            QVERIFY(!searchError.message.isEmpty());
            QVERIFY(searchError.position >= 0 && searchError.position <= expression.size());
        }
        QVERIFY2(searchError.kind == wanted,
                 qPrintable(
                     u"expected %1, got kind %2: %3"_s.arg(error).arg(int(searchError.kind)).arg(searchError.message)));
        return;
    }

    QVERIFY2(path.isValid(), qPrintable(path.error().message));
    JmesPath::Error searchError;
    const QJsonValue result = path.search(given, &searchError);
    QVERIFY2(searchError.kind == JmesPath::ErrorKind::None, qPrintable(searchError.message));
    if (mode == u"result") {
        QVERIFY2(sameJson(result, expected),
                 qPrintable(u"got %1, expected %2"_s.arg(toText(result), toText(expected))));
    }
}

void TestJmesPath::syntaxErrors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<JmesPath::ErrorKind>("kind");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("message");

    QTest::addRow("trailing dot") << u"foo."_s << JmesPath::ErrorKind::Syntax << 4
                                  << u"Expected an identifier, '*', '[' or '{' after '.' but found the end of the "
                                     "expression"_s;
    QTest::addRow("unclosed bracket") << u"foo[0"_s << JmesPath::ErrorKind::Syntax << 5
                                      << u"Expected ']' but found the end of the expression"_s;
    QTest::addRow("stray token") << u"foo bar"_s << JmesPath::ErrorKind::Syntax << 4 << u"Unexpected 'bar'"_s;
    QTest::addRow("single equals") << u"a = b"_s << JmesPath::ErrorKind::Syntax << 2
                                   << u"Unexpected '=', did you mean '=='?"_s;
    QTest::addRow("bad literal") << u"`{foo}`"_s << JmesPath::ErrorKind::Syntax << 0 << u"Invalid JSON literal {foo}"_s;
    QTest::addRow("unterminated raw string")
        << u"a || 'abc"_s << JmesPath::ErrorKind::Syntax << 5 << u"Unterminated raw string"_s;
    QTest::addRow("unknown function") << u"items[].frobnicate(@)"_s << JmesPath::ErrorKind::UnknownFunction << 8
                                      << u"Unknown function frobnicate()"_s;
    QTest::addRow("arity") << u"length(a, b)"_s << JmesPath::ErrorKind::InvalidArity << 0
                           << u"Wrong number of arguments for length(): expected 1, got 2"_s;
    QTest::addRow("variadic arity") << u"x | not_null()"_s << JmesPath::ErrorKind::InvalidArity << 4
                                    << u"Wrong number of arguments for not_null(): expected at least 1, got 0"_s;
    QTest::addRow("zero step") << u"a[1:2:0]"_s << JmesPath::ErrorKind::InvalidValue << 6
                               << u"The step of a slice cannot be 0"_s;
    QTest::addRow("too deep") << QString(600, u'(') + u'a' + QString(600, u')') << JmesPath::ErrorKind::Syntax << 512
                              << u"Expression is nested too deeply"_s;
}

void TestJmesPath::syntaxErrors()
{
    QFETCH(QString, expression);
    QFETCH(JmesPath::ErrorKind, kind);
    QFETCH(int, position);
    QFETCH(QString, message);

    const JmesPath path = JmesPath::compile(expression);
    QVERIFY(!path.isValid());
    QCOMPARE(path.error().kind, kind);
    QCOMPARE(path.error().message, message);
    QCOMPARE(path.error().position, position);
    QCOMPARE(path.expression(), expression);

    JmesPath::Error error;
    QCOMPARE(path.search(QJsonObject{{u"a"_s, 1}}, &error), QJsonValue());
    QCOMPARE(error.kind, kind);
}

void TestJmesPath::runtimeErrors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("message");

    QTest::addRow("number expected") << u"abs(name)"_s
                                     << u"Invalid type for argument 1 of abs(): expected number, got string"_s;
    QTest::addRow("typed array") << u"sum(mixed)"_s
                                 << u"Invalid type for argument 1 of sum(): expected array of numbers, got array"_s;
    QTest::addRow("expression expected") << u"sort_by(mixed, name)"_s
                                         << u"Invalid type for argument 2 of sort_by(): expected expression, got "
                                            "string"_s;
    QTest::addRow("mixed sort keys") << u"sort_by(mixed, &@)"_s
                                     << u"The expression of sort_by() must give all numbers or all strings, got "
                                        "string"_s;
}

void TestJmesPath::runtimeErrors()
{
    QFETCH(QString, expression);
    QFETCH(QString, message);

    const JmesPath path = JmesPath::compile(expression);
    QVERIFY2(path.isValid(), qPrintable(path.error().message));
    const QJsonObject data{{u"name"_s, u"Ada"_s}, {u"mixed"_s, QJsonArray{1, u"two"_s}}};
    JmesPath::Error error;
    QCOMPARE(path.search(data, &error), QJsonValue());
    QCOMPARE(error.kind, JmesPath::ErrorKind::InvalidType);
    QCOMPARE(error.message, message);
    QCOMPARE(error.position, -1);
}

void TestJmesPath::integersStayExact()
{
    // 2^53 + 1 has no exact double; it must survive literals, indexing, sums and sorting.
    const qint64 big = 9007199254740993;
    const QJsonObject data{{u"ids"_s, QJsonArray{big, qint64(2)}}, {u"name"_s, u"abc"_s}};

    QCOMPARE(JmesPath::compile(u"ids[0]"_s).search(data).toInteger(), big);
    QCOMPARE(JmesPath::compile(u"sum(ids)"_s).search(data).toInteger(), big + 2);
    QCOMPARE(JmesPath::compile(u"max(ids)"_s).search(data).toInteger(), big);
    QCOMPARE(JmesPath::compile(u"sort(ids)[-1]"_s).search(data).toInteger(), big);
    QCOMPARE(JmesPath::compile(u"`9007199254740993`"_s).search(data).toInteger(), big);
    QCOMPARE(JmesPath::compile(u"ids[?@ == `9007199254740992`]"_s).search(data), QJsonValue(QJsonArray{}));
    QCOMPARE(JmesPath::compile(u"to_string(ids[0])"_s).search(data), QJsonValue(u"9007199254740993"_s));

    // length() and friends give integers, not doubles.
    const QJsonValue length = JmesPath::compile(u"length(name)"_s).search(data);
    QCOMPARE(length.toVariant().typeId(), QMetaType::LongLong);
    QCOMPARE(length.toInteger(), 3);
    QCOMPARE(JmesPath::compile(u"floor(`2.5`)"_s).search(data).toVariant().typeId(), QMetaType::LongLong);
    QCOMPARE(JmesPath::compile(u"avg(`[1, 2]`)"_s).search(data).toVariant().typeId(), QMetaType::Double);
}

void TestJmesPath::compiledOnceSearchedMany()
{
    const JmesPath path = JmesPath::compile(u"items[?price > `10`].name | sort(@)"_s);
    QVERIFY(path.isValid());
    const QJsonObject first{{u"items"_s, QJsonArray{QJsonObject{{u"name"_s, u"b"_s}, {u"price"_s, 12}},
                                                    QJsonObject{{u"name"_s, u"a"_s}, {u"price"_s, 20.5}},
                                                    QJsonObject{{u"name"_s, u"c"_s}, {u"price"_s, 3}}}}};
    QCOMPARE(path.search(first), QJsonValue(QJsonArray{u"a"_s, u"b"_s}));
    QCOMPARE(path.search(QJsonObject{}), QJsonValue());
    QCOMPARE(path.search(QJsonObject{{u"items"_s, QJsonArray{}}}), QJsonValue(QJsonArray{}));
}

void TestJmesPath::runawayExpressionStops()
{
    // Each stage quadruples the value; serialising 4^14 elements would need gigabytes.
    QStringList stages(14, u"[@, @, @, @]"_s);
    const JmesPath path = JmesPath::compile(stages.join(u" | "_s) + u" | to_string(@)"_s);
    QVERIFY2(path.isValid(), qPrintable(path.error().message));
    JmesPath::Error error;
    QCOMPARE(path.search(QJsonValue(u"x"_s), &error), QJsonValue());
    QCOMPARE(error.kind, JmesPath::ErrorKind::InvalidValue);
    QCOMPARE(error.message, u"The expression needs too much work on this data (more than 10000000 steps)"_s);

    // The same shape a few stages shorter is fine.
    const JmesPath small = JmesPath::compile(stages.mid(0, 3).join(u" | "_s) + u" | length(to_string(@))"_s);
    QCOMPARE(small.search(QJsonValue(u"x"_s), &error), QJsonValue(qint64(297)));
}

QTEST_GUILESS_MAIN(TestJmesPath)
#include "tst_jmespath.moc"
