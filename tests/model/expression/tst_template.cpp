#include "model/expression/expression.h"

#include "tests/model/expression/expressiontestscope.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Backfill::ExpressionError;
using Backfill::Template;

class TestTemplate final : public QObject
{
    Q_OBJECT

private slots:
    void render_data();
    void render();
    void typedValues_data();
    void typedValues();
    void parseErrors_data();
    void parseErrors();
    void renderErrors();
    void references();
    void constant();
};

void TestTemplate::render_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("rendered");

    QTest::addRow("plain text") << u"https://example.com/a"_s << u"https://example.com/a"_s;
    QTest::addRow("empty") << u""_s << u""_s;
    QTest::addRow("url") << u"{state.base_url}/events/daily/{state.current_date}"_s
                         << u"https://api.example.com/v1/events/daily/2024-01-15"_s;
    QTest::addRow("header") << u"Bearer {secrets.api_key}"_s << u"Bearer s3cr3t"_s;
    QTest::addRow("integer") << u"page={state.page + 1}"_s << u"page=3"_s;
    QTest::addRow("to_int sum") << u"{to_int(state.start_id) + 999}"_s << u"10999"_s;
    QTest::addRow("double") << u"{state.ratio}"_s << u"2.5"_s;
    QTest::addRow("integral double") << u"{state.ratio * 2}"_s << u"5"_s;
    QTest::addRow("boolean") << u"{state.flag}"_s << u"true"_s;
    QTest::addRow("null renders empty") << u"[{state.missing}]"_s << u"[]"_s;
    QTest::addRow("array as json") << u"{state.tags}"_s << uR"(["a","b","c"])"_s;
    QTest::addRow("object as json") << u"{sync}"_s << uR"({"last_date":"2024-01-10"})"_s;
    QTest::addRow("function") << uR"({date_format(state.current_date, "%Y-%m")})"_s << u"2024-01"_s;
    QTest::addRow("braces inside a string argument") << uR"({coalesce(state.missing, "{x}")})"_s << u"{x}"_s;
    QTest::addRow("adjacent") << u"{state.page}{state.limit}"_s << u"2100"_s;
    QTest::addRow("json body kept")
        << uR"({"query": "{state.name}", "limit": {state.limit}, "nested": {"a": [1, 2]}})"_s
        << uR"({"query": " Alice ", "limit": 100, "nested": {"a": [1, 2]}})"_s;
    QTest::addRow("json literal object kept") << uR"({"a": 1})"_s << uR"({"a": 1})"_s;
    QTest::addRow("graphql kept")
        << u"query { viewer { login repositories(first: {state.limit}) { nodes { name } } } }"_s
        << u"query { viewer { login repositories(first: 100) { nodes { name } } } }"_s;
    QTest::addRow("graphql field with arguments")
        << uR"({ user(login: "x") { name } })"_s << uR"({ user(login: "x") { name } })"_s;
    QTest::addRow("graphql field named like a root") << u"{ record { id } }"_s << u"{ record { id } }"_s;
    QTest::addRow("unknown name kept") << u"{ login }"_s << u"{ login }"_s;
    QTest::addRow("constant braces kept") << u"{1}"_s << u"{1}"_s;
    QTest::addRow("unbalanced kept") << u"a { b"_s << u"a { b"_s;
    QTest::addRow("lone closing brace") << u"a } {state.page}"_s << u"a } 2"_s;
    QTest::addRow("apostrophe outside braces") << u"it's {state.page}"_s << u"it's 2"_s;
    QTest::addRow("unicode") << u"\u00e9t\u00e9 {state.page}"_s << u"\u00e9t\u00e9 2"_s;
    QTest::addRow("multi-line expression")
        << u"{\n  if(\n    contains(response.headers.link, \"rel=\\\"next\\\"\"),\n"
           u"    trim(split_part(split(response.headers.link, \",\")[0], \";\", 0), \"<>\"),\n"
           u"    null\n  )\n}\n"_s
        << u"https://api.example.com/v1/users?page=3\n"_s;
}

void TestTemplate::render()
{
    QFETCH(QString, text);
    QFETCH(QString, rendered);
    const Template parsed = Template::parse(text);
    QVERIFY2(parsed.isValid(), qPrintable(parsed.error().message));
    QCOMPARE(parsed.text(), text);
    ExpressionError error;
    QCOMPARE(parsed.render(expressionTestScope(), &error), rendered);
    QVERIFY2(error.message.isEmpty(), qPrintable(error.message));
}

void TestTemplate::typedValues_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected"); // JSON

    QTest::addRow("integer stays integer") << u"{state.page + 1}"_s << u"3"_s;
    QTest::addRow("with yaml whitespace") << u"  {state.page + 1}\n"_s << u"3"_s;
    QTest::addRow("array") << u"{range(1, 3)}"_s << u"[1,2,3]"_s;
    QTest::addRow("null") << u"{state.missing}"_s << u"null"_s;
    QTest::addRow("boolean") << u"{response.status == 429}"_s << u"true"_s;
    QTest::addRow("mixed text is a string") << u"p{state.page}"_s << uR"("p2")"_s;
    QTest::addRow("two expressions are a string") << u"{state.page}{state.page}"_s << uR"("22")"_s;
    QTest::addRow("plain text") << u"abc"_s << uR"("abc")"_s;
    QTest::addRow("json body") << uR"({"a": 1})"_s << uR"("{\"a\": 1}")"_s;
}

void TestTemplate::typedValues()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    ExpressionError error;
    const QJsonValue value = Template::parse(text).evaluate(expressionTestScope(), &error);
    QVERIFY2(error.message.isEmpty(), qPrintable(error.message));
    QCOMPARE(expressionTestJson(value), expressionTestNormalize(expected));
}

void TestTemplate::parseErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("position");

    QTest::addRow("dangling operator") << u"page={state.page +}"_s << u"unexpected end of the expression"_s << 18;
    QTest::addRow("unknown function") << u"{state.base_url}/{date_fmt(now())}"_s << u"unknown function 'date_fmt'"_s
                                      << 18;
    QTest::addRow("unclosed call") << u"x {coalesce(state.a, }"_s << u"unexpected end of the expression"_s << 21;
    QTest::addRow("arity") << u"{upper()}"_s << u"upper() takes 1 arguments but was given 0"_s << 1;
}

void TestTemplate::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QFETCH(int, position);
    const Template parsed = Template::parse(text);
    QVERIFY(!parsed.isValid());
    QVERIFY2(parsed.error().message.contains(message), qPrintable(parsed.error().message));
    QCOMPARE(parsed.error().position, position);
    ExpressionError error;
    QCOMPARE(parsed.render(expressionTestScope(), &error), QString());
    QCOMPARE(error.message, parsed.error().message);
}

void TestTemplate::renderErrors()
{
    const Template parsed = Template::parse(u"{state.base_url}?page={state.next + 1}"_s);
    QVERIFY(parsed.isValid());
    ExpressionError error;
    QCOMPARE(parsed.render(expressionTestScope(), &error), QString());
    QCOMPARE(error.message, u"cannot apply '+': state.next is missing (in \"state.next + 1\")"_s);
    QCOMPARE(error.position, 23);
    QVERIFY(parsed.evaluate(expressionTestScope(), &error).isNull());
    QCOMPARE(error.position, 23);
}

void TestTemplate::references()
{
    const Template parsed = Template::parse(u"{state.base_url}/x/{state.id}?since={coalesce(sync.last, state.id)}"_s);
    QCOMPARE(parsed.references(), (QStringList{u"state.base_url"_s, u"state.id"_s, u"sync.last"_s}));
    QCOMPARE(Template::parse(uR"({"a": 1})"_s).references(), QStringList());
}

void TestTemplate::constant()
{
    QVERIFY(Template::parse(u"plain"_s).isConstant());
    QVERIFY(Template::parse(u"{ login }"_s).isConstant());
    QVERIFY(!Template::parse(u"{state.page}"_s).isConstant());
    QVERIFY(!Template::parse(u"{now()}"_s).isConstant());
}

QTEST_GUILESS_MAIN(TestTemplate)
#include "tst_template.moc"
