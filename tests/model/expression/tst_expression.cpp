#include "model/expression/expression.h"

#include "tests/model/expression/expressiontestscope.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Backfill::Expression;
using Backfill::ExpressionError;
using Backfill::ExpressionScope;

class TestExpression final : public QObject
{
    Q_OBJECT

private slots:
    void evaluate_data();
    void evaluate();
    void parseErrors_data();
    void parseErrors();
    void evaluationErrors_data();
    void evaluationErrors();
    void integersStayIntegers();
    void references_data();
    void references();
    void environmentFallback();
    void parseOnceEvaluateMany();
    void seedExpressions_data();
    void seedExpressions();
    void deepNestingIsAnError();
    void truthAndText_data();
    void truthAndText();
};

void TestExpression::evaluate_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("expected"); // JSON

    // literals
    QTest::addRow("integer") << u"42"_s << u"42"_s;
    QTest::addRow("double") << u"2.5"_s << u"2.5"_s;
    QTest::addRow("exponent") << u"1e3"_s << u"1000"_s;
    QTest::addRow("string") << uR"("a \"quoted\" \\ text\n")"_s << uR"("a \"quoted\" \\ text\n")"_s;
    QTest::addRow("single quoted") << u"'it'"_s << uR"("it")"_s;
    QTest::addRow("unicode escape") << uR"("\u00e9")"_s << u"\"\u00e9\""_s;
    QTest::addRow("true") << u"true"_s << u"true"_s;
    QTest::addRow("false") << u"false"_s << u"false"_s;
    QTest::addRow("null") << u"null"_s << u"null"_s;
    QTest::addRow("nil, as Sling writes null") << u"nil"_s << u"null"_s;
    QTest::addRow("nil compared") << u"state.missing == nil"_s << u"true"_s;
    QTest::addRow("array") << uR"([1, "a", [true], null])"_s << uR"([1,"a",[true],null])"_s;
    QTest::addRow("empty array") << u"[]"_s << u"[]"_s;
    QTest::addRow("object") << uR"({"a": 1, b: state.page})"_s << uR"({"a":1,"b":2})"_s;
    QTest::addRow("empty object") << u"{}"_s << u"{}"_s;

    // arithmetic
    QTest::addRow("add") << u"state.page + 1"_s << u"3"_s;
    QTest::addRow("subtract") << u"10 - 4 - 3"_s << u"3"_s;
    QTest::addRow("multiply") << u"state.limit * 3"_s << u"300"_s;
    QTest::addRow("divide exact") << u"10 / 2"_s << u"5"_s;
    QTest::addRow("divide inexact") << u"7 / 2"_s << u"3.5"_s;
    QTest::addRow("modulo") << u"7 % 3"_s << u"1"_s;
    QTest::addRow("modulo doubles") << u"7.5 % 2"_s << u"1.5"_s;
    QTest::addRow("double arithmetic") << u"state.ratio * 2"_s << u"5"_s;
    QTest::addRow("unary minus") << u"-state.page"_s << u"-2"_s;
    QTest::addRow("unary plus") << u"+3"_s << u"3"_s;
    QTest::addRow("numeric string arithmetic") << uR"("10" - 1)"_s << u"9"_s;
    QTest::addRow("string concatenation") << uR"("page-" + state.page)"_s << uR"("page-2")"_s;
    QTest::addRow("string plus string") << uR"(state.base_url + "/users")"_s
                                        << uR"("https://api.example.com/v1/users")"_s;
    QTest::addRow("array concatenation") << u"[1] + [2, 3]"_s << u"[1,2,3]"_s;
    QTest::addRow("object merge") << uR"({"a": 1, "b": 1} + {"b": 2})"_s << uR"({"a":1,"b":2})"_s;
    QTest::addRow("offset plus limit") << u"state.offset + state.limit"_s << u"100"_s;
    QTest::addRow("overflow falls back to double") << u"9223372036854775807 + 1"_s << u"9223372036854775808"_s;

    // precedence and grouping
    QTest::addRow("times before plus") << u"1 + 2 * 3"_s << u"7"_s;
    QTest::addRow("parentheses") << u"(1 + 2) * 3"_s << u"9"_s;
    QTest::addRow("minus is left associative") << u"10 - 2 - 3"_s << u"5"_s;
    QTest::addRow("division is left associative") << u"64 / 4 / 2"_s << u"8"_s;
    QTest::addRow("comparison before equality") << u"1 < 2 == true"_s << u"true"_s;
    QTest::addRow("and before or") << u"true || false && false"_s << u"true"_s;
    QTest::addRow("not binds tightest") << u"!false && false"_s << u"false"_s;
    QTest::addRow("arithmetic before comparison") << u"state.page + 1 > 2"_s << u"true"_s;
    QTest::addRow("ternary") << u"state.page > 1 ? \"many\" : \"one\""_s << uR"("many")"_s;
    QTest::addRow("nested ternary") << u"false ? 1 : true ? 2 : 3"_s << u"2"_s;

    // comparison
    QTest::addRow("equal") << u"response.status == 429"_s << u"true"_s;
    QTest::addRow("int equals double") << u"1 == 1.0"_s << u"true"_s;
    QTest::addRow("string is not number") << uR"("1" == 1)"_s << u"false"_s;
    QTest::addRow("not equal") << u"response.status != 200"_s << u"true"_s;
    QTest::addRow("null equals missing") << u"state.missing == null"_s << u"true"_s;
    QTest::addRow("arrays equal") << u"[1, [2]] == [1, [2]]"_s << u"true"_s;
    QTest::addRow("objects equal") << uR"({"a": 1} == {"a": 1})"_s << u"true"_s;
    QTest::addRow("less") << u"length(response.records) < state.limit"_s << u"true"_s;
    QTest::addRow("less equal") << u"3 <= 3"_s << u"true"_s;
    QTest::addRow("greater") << u"2 > 3"_s << u"false"_s;
    QTest::addRow("greater equal") << u"state.page >= 2"_s << u"true"_s;
    QTest::addRow("string order") << uR"("2024-01-02" > "2024-01-01")"_s << u"true"_s;
    QTest::addRow("numeric string against number") << uR"(state.start_id > 9999)"_s << u"true"_s;

    // logic
    QTest::addRow("and") << u"true && state.flag"_s << u"true"_s;
    QTest::addRow("or") << u"false || state.empty"_s << u"false"_s;
    QTest::addRow("or short circuits") << u"true || require(state.missing)"_s << u"true"_s;
    QTest::addRow("and short circuits") << u"false && require(state.missing)"_s << u"false"_s;
    QTest::addRow("not") << u"!state.flag"_s << u"false"_s;
    QTest::addRow("not of missing") << u"!state.missing"_s << u"true"_s;
    QTest::addRow("double not") << u"!!state.tags"_s << u"true"_s;

    // in
    QTest::addRow("in array") << uR"("b" in state.tags)"_s << u"true"_s;
    QTest::addRow("not in array") << uR"("z" in state.tags)"_s << u"false"_s;
    QTest::addRow("in object") << uR"("page" in state)"_s << u"true"_s;
    QTest::addRow("in string") << uR"("next" in response.headers.link)"_s << u"true"_s;
    QTest::addRow("in missing") << uR"("a" in state.missing)"_s << u"false"_s;
    QTest::addRow("status in list") << u"response.status in [429, 503]"_s << u"true"_s;

    // access
    QTest::addRow("dotted") << u"state.nested.a.b"_s << u"[1,2,3]"_s;
    QTest::addRow("bracket key") << uR"(response.headers["content-type"])"_s << uR"("application/json")"_s;
    QTest::addRow("index") << u"state.tags[1]"_s << uR"("b")"_s;
    QTest::addRow("negative index") << u"response.records[-1].id"_s << u"3"_s;
    QTest::addRow("index out of range") << u"state.tags[10]"_s << u"null"_s;
    QTest::addRow("computed index") << u"state.tags[state.page - 1]"_s << uR"("b")"_s;
    QTest::addRow("string index") << u"state.base_url[0]"_s << uR"("h")"_s;
    QTest::addRow("slice") << u"state.tags[0:2]"_s << uR"(["a","b"])"_s;
    QTest::addRow("slice open end") << u"state.tags[1:]"_s << uR"(["b","c"])"_s;
    QTest::addRow("slice open start") << u"state.tags[:-1]"_s << uR"(["a","b"])"_s;
    QTest::addRow("slice reversed is empty") << u"state.tags[2:1]"_s << u"[]"_s;
    QTest::addRow("string slice") << u"state.current_date[0:7]"_s << uR"("2024-01")"_s;
    QTest::addRow("missing member") << u"state.missing"_s << u"null"_s;
    QTest::addRow("member of null") << u"state.missing.deeper.still"_s << u"null"_s;
    QTest::addRow("member of string") << u"state.base_url.x"_s << u"null"_s;
    QTest::addRow("keyword member") << uR"({"in": 1}.in)"_s << u"1"_s;
    QTest::addRow("array member by number") << u"state.tags.0"_s << uR"("a")"_s;
    QTest::addRow("function result index") << uR"(split("a,b", ",")[1])"_s << uR"("b")"_s;
    QTest::addRow("whole root") << u"sync"_s << uR"({"last_date":"2024-01-10"})"_s;
    QTest::addRow("absent root is null") << u"queue"_s << u"null"_s;
    QTest::addRow("secrets") << u"\"Bearer \" + secrets.api_key"_s << uR"("Bearer s3cr3t")"_s;
    QTest::addRow("context") << u"context.mode"_s << uR"("incremental")"_s;
    QTest::addRow("record") << u"record.order_id"_s << u"42"_s;
    QTest::addRow("request") << u"request.method"_s << uR"("GET")"_s;
    QTest::addRow("whitespace and newlines") << u"\n  state.page\n  + 1\n"_s << u"3"_s;
}

void TestExpression::evaluate()
{
    QFETCH(QString, expression);
    QFETCH(QString, expected);
    const Expression parsed = Expression::parse(expression);
    QVERIFY2(parsed.isValid(), qPrintable(parsed.error().message));
    ExpressionError error;
    const QJsonValue result = parsed.evaluate(expressionTestScope(), &error);
    QVERIFY2(error.message.isEmpty(), qPrintable(error.message));
    QCOMPARE(expressionTestJson(result), expressionTestNormalize(expected));
}

void TestExpression::parseErrors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("position");

    QTest::addRow("empty") << u""_s << u"empty expression"_s << 0;
    QTest::addRow("blank") << u"   "_s << u"empty expression"_s << 3;
    QTest::addRow("unknown function") << u"state.x + frobnicate(1)"_s << u"unknown function 'frobnicate'"_s << 10;
    QTest::addRow("unknown root") << u"stat.page"_s << u"unknown name 'stat'"_s << 0;
    QTest::addRow("too few arguments") << u"date_add(\"2024-01-01\")"_s
                                       << u"date_add() takes 2 to 3 arguments but was given 1"_s << 0;
    QTest::addRow("too many arguments") << u"upper(\"a\", \"b\")"_s << u"upper() takes 1 arguments but was given 2"_s
                                        << 0;
    QTest::addRow("unclosed paren") << u"(1 + 2"_s << u"expected ')' but found the end of the expression"_s << 6;
    QTest::addRow("unclosed call") << u"coalesce(state.a, 1"_s << u"expected ')'"_s << 19;
    QTest::addRow("unclosed bracket") << u"state.tags[1"_s << u"expected ':' but found the end"_s << 12;
    QTest::addRow("dangling operator") << u"state.page +"_s << u"unexpected end of the expression"_s << 12;
    QTest::addRow("two values") << u"state.page 1"_s << u"unexpected '1'"_s << 11;
    QTest::addRow("unterminated string") << u"\"abc"_s << u"unterminated string"_s << 0;
    QTest::addRow("bad character") << u"state.page # 1"_s << u"unexpected character '#'"_s << 11;
    QTest::addRow("single equals") << u"state.page = 1"_s << u"unexpected character '='"_s << 11;
    QTest::addRow("missing field after dot") << u"state."_s << u"expected a field name after '.'"_s << 6;
    QTest::addRow("bad object key") << u"{1: 2}"_s << u"expected an object key"_s << 1;
    QTest::addRow("ternary without colon") << u"true ? 1"_s << u"expected ':'"_s << 8;
    QTest::addRow("bad unicode escape") << uR"("\uzzzz")"_s << u"invalid \\u escape"_s << 1;
    QTest::addRow("unknown function later") << u"coalesce(a_b(1), 2)"_s << u"unknown function 'a_b'"_s << 9;
}

void TestExpression::parseErrors()
{
    QFETCH(QString, expression);
    QFETCH(QString, message);
    QFETCH(int, position);
    const Expression parsed = Expression::parse(expression);
    QVERIFY(!parsed.isValid());
    QVERIFY2(parsed.error().message.contains(message), qPrintable(parsed.error().message));
    QCOMPARE(parsed.error().position, position);
    ExpressionError error;
    QCOMPARE(parsed.evaluate(expressionTestScope(), &error), QJsonValue(QJsonValue::Null));
    QCOMPARE(error.message, parsed.error().message);
}

void TestExpression::evaluationErrors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("position");

    QTest::addRow("missing operand") << u"state.missing + 1"_s
                                     << u"cannot apply '+': state.missing is missing (in \"state.missing + 1\")"_s << 0;
    QTest::addRow("missing right operand") << u"1 * state.nope"_s << u"cannot apply '*': state.nope is missing"_s << 4;
    QTest::addRow("null operand") << u"2 - null"_s << u"cannot apply '-': null is null"_s << 4;
    QTest::addRow("compare missing") << u"length(response.records) < state.per_page"_s
                                     << u"cannot compare with '<': state.per_page is missing"_s << 27;
    QTest::addRow("compare types") << u"[1] < 2"_s << u"cannot compare array with integer"_s << 0;
    QTest::addRow("type mismatch") << u"true + 1"_s << u"cannot apply '+' to boolean and integer"_s << 0;
    QTest::addRow("string minus word") << uR"("a" - 1)"_s << u"cannot apply '-' to string and integer"_s << 0;
    QTest::addRow("division by zero") << u"1 / (state.page - 2)"_s << u"division by zero"_s << 5;
    QTest::addRow("modulo by zero") << u"1 % 0"_s << u"division by zero"_s << 4;
    QTest::addRow("negate string") << uR"(-"a")"_s << u"cannot negate string"_s << 1;
    QTest::addRow("negate missing") << u"-state.gone"_s << u"cannot negate: state.gone is missing"_s << 1;
    QTest::addRow("require") << u"require(state.token)"_s
                             << u"require(): state.token is required but missing (in \"require(state.token)\")"_s << 0;
    QTest::addRow("function error position")
        << u"state.page + date_format(\"nope\", \"%Y\")"_s << u"date_format(): cannot read \"nope\" as a date"_s << 13;
    QTest::addRow("in number") << u"1 in 2"_s << u"'in' needs an array, an object or a string"_s << 5;
    QTest::addRow("slice bound") << uR"(state.tags["a":])"_s << u"a slice bound must be an integer"_s << 11;
}

void TestExpression::evaluationErrors()
{
    QFETCH(QString, expression);
    QFETCH(QString, message);
    QFETCH(int, position);
    const Expression parsed = Expression::parse(expression);
    QVERIFY2(parsed.isValid(), qPrintable(parsed.error().message));
    ExpressionError error;
    QCOMPARE(parsed.evaluate(expressionTestScope(), &error), QJsonValue(QJsonValue::Null));
    QVERIFY2(error.message.contains(message), qPrintable(error.message));
    QVERIFY2(error.message.endsWith(u"(in \""_s + expression + u"\")"_s), qPrintable(error.message));
    QCOMPARE(error.position, position);
}

void TestExpression::integersStayIntegers()
{
    const ExpressionScope scope = expressionTestScope();
    const QJsonValue sum = Expression::parse(uR"(to_int("10000") + 999)"_s).evaluate(scope);
    QCOMPARE(sum.toInteger(), 10999);
    QCOMPARE(Expression::toText(sum), u"10999"_s);
    // Beyond 2^53 a double would round; integers keep every digit.
    QCOMPARE(Expression::toText(Expression::parse(u"state.big + 1"_s).evaluate(scope)), u"9007199254740994"_s);
    QCOMPARE(Expression::toText(Expression::parse(u"state.big"_s).evaluate(scope)), u"9007199254740993"_s);
    QCOMPARE(Expression::toText(Expression::parse(u"7 / 2"_s).evaluate(scope)), u"3.5"_s);
    QCOMPARE(Expression::toText(Expression::parse(u"2.5 * 2"_s).evaluate(scope)), u"5"_s);
    QCOMPARE(Expression::toText(Expression::parse(u"0.1 + 0.2"_s).evaluate(scope)), u"0.30000000000000004"_s);
    QCOMPARE(Expression::toText(Expression::parse(u"1e21"_s).evaluate(scope)), u"1000000000000000000000"_s);
}

void TestExpression::references_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QStringList>("references");

    QTest::addRow("literal") << u"1 + 2"_s << QStringList();
    QTest::addRow("one") << u"state.base_url"_s << QStringList{u"state.base_url"_s};
    QTest::addRow("deduplicated") << u"state.page + state.page * sync.n"_s << QStringList{u"state.page"_s, u"sync.n"_s};
    QTest::addRow("bracket key") << uR"(response.headers["content-type"])"_s
                                 << QStringList{u"response.headers.content-type"_s};
    QTest::addRow("stops at index") << u"response.records[-1].id"_s << QStringList{u"response.records"_s};
    QTest::addRow("inside calls") << uR"(coalesce(context.range_start, sync.last_date, "2024-01-01"))"_s
                                  << QStringList{u"context.range_start"_s, u"sync.last_date"_s};
    QTest::addRow("computed index") << u"state.tags[state.i]"_s << QStringList{u"state.tags"_s, u"state.i"_s};
}

void TestExpression::references()
{
    QFETCH(QString, expression);
    QFETCH(QStringList, references);
    QCOMPARE(Expression::parse(expression).references(), references);
}

void TestExpression::environmentFallback()
{
    qputenv("BACKFILL_EXPRESSION_TEST", "from-process");
    ExpressionScope scope = expressionTestScope();
    const Expression expression = Expression::parse(u"env.BACKFILL_EXPRESSION_TEST"_s);
    QCOMPARE(expression.evaluate(scope), QJsonValue(u"from-process"_s));
    scope.roots.insert(u"env"_s, QJsonObject{{u"BACKFILL_EXPRESSION_TEST"_s, u"from-scope"_s}});
    QCOMPARE(expression.evaluate(scope), QJsonValue(u"from-scope"_s));
    qunsetenv("BACKFILL_EXPRESSION_TEST");
}

void TestExpression::parseOnceEvaluateMany()
{
    const Expression expression = Expression::parse(u"record.order_id * 2"_s);
    const Expression copy = expression; // copies share the parsed tree
    ExpressionScope scope;
    QJsonArray results;
    for (int id = 1; id <= 3; ++id) {
        scope.roots.insert(u"record"_s, QJsonObject{{u"order_id"_s, id}});
        results.append(copy.evaluate(scope));
    }
    QCOMPARE(results, (QJsonArray{2, 4, 6}));
    QCOMPARE(expression.text(), u"record.order_id * 2"_s);
}

void TestExpression::seedExpressions_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QJsonObject>("context");
    QTest::addColumn<QJsonObject>("sync");
    QTest::addColumn<QString>("expected");

    // From the Sling backfill guide (seed 001), with the clock at 2024-03-15T12:34:56Z.
    const QString daily = uR"(range(
  coalesce(context.range_start, sync.last_date, date_format(date_add(now(), -7, "day"), "%Y-%m-%d")),
  coalesce(context.range_end, date_format(date_add(now(), -1, "day"), "%Y-%m-%d")),
  "1d"
)
)"_s;
    QTest::addRow("daily, first run") << daily << QJsonObject() << QJsonObject()
                                      << uR"(["2024-03-08","2024-03-09","2024-03-10","2024-03-11","2024-03-12",
                                             "2024-03-13","2024-03-14"])"_s;
    QTest::addRow("daily, from sync") << daily << QJsonObject() << QJsonObject{{u"last_date"_s, u"2024-03-12"_s}}
                                      << uR"(["2024-03-12","2024-03-13","2024-03-14"])"_s;
    QTest::addRow("daily, backfill range")
        << daily << QJsonObject{{u"range_start"_s, u"2024-01-01"_s}, {u"range_end"_s, u"2024-01-03"_s}}
        << QJsonObject{{u"last_date"_s, u"2024-03-12"_s}} << uR"(["2024-01-01","2024-01-02","2024-01-03"])"_s;

    const QString monthly = uR"(range(
  coalesce(context.range_start, sync.last_month, date_format(date_add(now(), -6, "month"), "%Y-%m-01")),
  coalesce(context.range_end, date_format(now(), "%Y-%m-01")),
  "1M"
))"_s;
    QTest::addRow("monthly, first run") << monthly << QJsonObject() << QJsonObject()
                                        << uR"(["2023-09-01","2023-10-01","2023-11-01","2023-12-01","2024-01-01",
                                               "2024-02-01","2024-03-01"])"_s;
    QTest::addRow("monthly, backfill")
        << monthly << QJsonObject{{u"range_start"_s, u"2023-07-01"_s}, {u"range_end"_s, u"2023-12-31"_s}}
        << QJsonObject() << uR"(["2023-07-01","2023-08-01","2023-09-01","2023-10-01","2023-11-01","2023-12-01"])"_s;

    const QString ids = uR"(range(
  coalesce(context.range_start, sync.last_order_id, "1"),
  coalesce(context.range_end, "999999"),
  "1000"
))"_s;
    QTest::addRow("ids, backfill") << ids << QJsonObject{{u"range_start"_s, u"10000"_s}, {u"range_end"_s, u"13000"_s}}
                                   << QJsonObject() << u"[10000,11000,12000,13000]"_s;
    QTest::addRow("ids, from sync") << ids << QJsonObject{{u"range_end"_s, u"5000"_s}}
                                    << QJsonObject{{u"last_order_id"_s, 2500}} << u"[2500,3500,4500]"_s;

    const QString open = uR"(range(
  coalesce(context.range_start, sync.last_date, "2024-01-01"),
  coalesce(context.range_end, date_format(date_add(now(), -1, "day"), "%Y-%m-%d")),
  "1d"
))"_s;
    QTest::addRow("open ended") << open << QJsonObject{{u"range_start"_s, u"2024-03-12"_s}} << QJsonObject()
                                << uR"(["2024-03-12","2024-03-13","2024-03-14"])"_s;
    QTest::addRow("state.date") << u"date_format(state.current_date, \"%Y-%m-%d\")"_s << QJsonObject() << QJsonObject()
                                << uR"("2024-01-15")"_s;
    QTest::addRow("state.month") << u"date_format(state.current_date, \"%Y-%m\")"_s << QJsonObject() << QJsonObject()
                                 << uR"("2024-01")"_s;
    QTest::addRow("end_id") << u"to_int(state.start_id) + 999"_s << QJsonObject() << QJsonObject() << u"10999"_s;
    QTest::addRow("processor") << u"record.order_id"_s << QJsonObject() << QJsonObject() << u"42"_s;
    QTest::addRow("rule") << u"response.status == 429"_s << QJsonObject() << QJsonObject() << u"true"_s;
}

void TestExpression::seedExpressions()
{
    QFETCH(QString, expression);
    QFETCH(QJsonObject, context);
    QFETCH(QJsonObject, sync);
    QFETCH(QString, expected);
    ExpressionScope scope = expressionTestScope();
    scope.roots.insert(u"context"_s, context);
    scope.roots.insert(u"sync"_s, sync);
    const Expression parsed = Expression::parse(expression);
    QVERIFY2(parsed.isValid(), qPrintable(parsed.error().message));
    ExpressionError error;
    const QJsonValue result = parsed.evaluate(scope, &error);
    QVERIFY2(error.message.isEmpty(), qPrintable(error.message));
    QCOMPARE(expressionTestJson(result), expressionTestNormalize(expected));
}

void TestExpression::deepNestingIsAnError()
{
    const QString parens = QString(200, u'(') + u"1"_s + QString(200, u')');
    const Expression nested = Expression::parse(parens);
    QVERIFY(!nested.isValid());
    QCOMPARE(nested.error().message, u"the expression is nested too deeply"_s);

    QString chain = u"1"_s;
    for (int i = 0; i < 100; ++i)
        chain += u" + 1"_s;
    QVERIFY(!Expression::parse(chain).isValid());
    QVERIFY(!Expression::parse(QString(500, u'!') + u"true"_s).isValid());

    QString fine = u"1"_s;
    for (int i = 0; i < 40; ++i)
        fine += u" + 1"_s;
    QCOMPARE(Expression::parse(fine).evaluate({}), QJsonValue(41));
}

void TestExpression::truthAndText_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<bool>("truthy");
    QTest::addColumn<QString>("text");

    QTest::addRow("null") << u"null"_s << false << u""_s;
    QTest::addRow("zero") << u"0"_s << false << u"0"_s;
    QTest::addRow("number") << u"-2.25"_s << true << u"-2.25"_s;
    QTest::addRow("empty string") << uR"("")"_s << false << u""_s;
    QTest::addRow("string") << uR"("x")"_s << true << u"x"_s;
    QTest::addRow("false") << u"false"_s << false << u"false"_s;
    QTest::addRow("true") << u"true"_s << true << u"true"_s;
    QTest::addRow("empty array") << u"[]"_s << false << u"[]"_s;
    QTest::addRow("array") << uR"([1, "a"])"_s << true << uR"([1,"a"])"_s;
    QTest::addRow("empty object") << u"{}"_s << false << u"{}"_s;
    QTest::addRow("object") << uR"({"a": null})"_s << true << uR"({"a":null})"_s;
}

void TestExpression::truthAndText()
{
    QFETCH(QString, expression);
    QFETCH(bool, truthy);
    QFETCH(QString, text);
    const QJsonValue value = Expression::parse(expression).evaluate({});
    QCOMPARE(Expression::isTruthy(value), truthy);
    QCOMPARE(Expression::toText(value), text);
}

QTEST_GUILESS_MAIN(TestExpression)
#include "tst_expression.moc"
