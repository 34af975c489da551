// SpecValidator on specs built in memory (the editor forms), where there is no file to point
// into: the problems still name the value, and a mapper turns offsets into file positions.
#include "model/spec/spec.h"
#include "model/spec/specvalidator.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestSpecValidator : public QObject
{
    Q_OBJECT

private slots:
    void acceptsAValidSpec();
    void reportsWhatTheFormsGetWrong_data();
    void reportsWhatTheFormsGetWrong();
    void usesTheMapperForPositionsInsideText();
    void formatsProblems();
};

static ApiSpec validSpec()
{
    ApiSpec spec;
    spec.name = u"Forms"_s;
    spec.defaults.state = {{u"base_url"_s, u"http://127.0.0.1"_s}};
    Endpoint endpoint;
    endpoint.name = u"events"_s;
    endpoint.sync = QStringList{u"last_date"_s};
    endpoint.iterate = {
        u"range(coalesce(sync.last_date, \"2024-01-01\"), \"2024-01-31\", \"1d\")"_s, u"state.day"_s, 2, {}};
    endpoint.request.url = u"{state.base_url}/events/{state.day}"_s;
    endpoint.response.processors.items = QList<Processor>{{u"state.day"_s, u"state.last_date"_s, u"maximum"_s, {}}};
    endpoint.response.rules.items =
        QList<Rule>{{u"response.status == 429"_s, u"retry"_s, 5, u"exponential"_s, 2, {}, {}}};
    spec.endpoints.append(endpoint);
    return spec;
}

static QStringList messages(const SpecProblems &problems)
{
    QStringList list;
    for (const SpecProblem &problem : problems)
        list.append(problem.message);
    return list;
}

void TestSpecValidator::acceptsAValidSpec()
{
    QCOMPARE(messages(SpecValidator::validate(validSpec())), QStringList());
}

void TestSpecValidator::reportsWhatTheFormsGetWrong_data()
{
    QTest::addColumn<int>("change");
    QTest::addColumn<QString>("expected");
    QTest::addRow("unknown action") << 0 << u"unknown rule action \"again\""_s;
    QTest::addRow("unknown backoff") << 1 << u"unknown backoff \"fibonacci\""_s;
    QTest::addRow("sync key not written") << 2 << u"sync key \"last_date\" is not written by any processor"_s;
    QTest::addRow("state never set") << 3 << u"\"state.day\" is never set"_s;
    QTest::addRow("sync not listed") << 4 << u"\"sync.last_date\" is not listed in sync"_s;
    QTest::addRow("unknown variable") << 5 << u"secret"_s;
    QTest::addRow("oauth2 incomplete") << 6 << u"OAuth2 authentication needs \"authentication_url\""_s;
}

void TestSpecValidator::reportsWhatTheFormsGetWrong()
{
    QFETCH(int, change);
    QFETCH(QString, expected);
    ApiSpec spec = validSpec();
    Endpoint &endpoint = spec.endpoints.first();
    switch (change) {
    case 0:
        (*endpoint.response.rules.items)[0].action = u"again"_s;
        break;
    case 1:
        (*endpoint.response.rules.items)[0].backoff = u"fibonacci"_s;
        break;
    case 2:
        endpoint.response.processors.items->clear();
        break;
    case 3:
        endpoint.iterate = {};
        break;
    case 4:
        endpoint.sync.reset();
        endpoint.response.processors.items->clear();
        break;
    case 5:
        (*endpoint.response.rules.items)[0].condition = u"secret.code == 429"_s;
        break;
    case 6:
        spec.authentication.type = Authentication::Type::OAuth2;
        spec.authentication.clientId = u"{secrets.id}"_s;
        spec.authentication.clientSecret = u"{secrets.secret}"_s;
        break;
    }
    const QStringList found = messages(SpecValidator::validate(spec));
    QCOMPARE(found.size(), 1);
    QVERIFY2(found.first().contains(expected), qPrintable(found.first()));
}

void TestSpecValidator::usesTheMapperForPositionsInsideText()
{
    ApiSpec spec = validSpec();
    spec.fileName = u"forms.yaml"_s;
    Endpoint &endpoint = spec.endpoints.first();
    endpoint.request.url = u"{state.base_url}/{state.missing}"_s;
    endpoint.request.source.set(u"url"_s, {7, 12});
    // Without a mapper, offsets count along the value's line.
    SpecProblems problems = SpecValidator::validate(spec);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().line, 7);
    QCOMPARE(problems.first().column, 12 + 18);
    // With one, the mapper decides (the loader maps into quoted and block scalars).
    problems = SpecValidator::validate(spec, [](SourcePosition start, const QString &value, int offset) {
        return SourcePosition{start.line + 100, int(value.size()) + offset};
    });
    QCOMPARE(problems.first().line, 107);
    QCOMPARE(problems.first().column, 32 + 18);
}

void TestSpecValidator::formatsProblems()
{
    const SpecProblem error{u"spec.yaml"_s, 3, 7, u"unknown key \"x\""_s, SpecProblem::Error};
    QCOMPARE(error.toString(), u"spec.yaml:3:7: unknown key \"x\""_s);
    const SpecProblem warning{u"spec.yaml"_s, 4, 1, u"hm"_s, SpecProblem::Warning};
    QCOMPARE(warning.toString(), u"spec.yaml:4:1: warning: hm"_s);
    QVERIFY(hasErrors({warning, error}));
    QVERIFY(!hasErrors({warning}));
}

QTEST_GUILESS_MAIN(TestSpecValidator)
#include "tst_specvalidator.moc"
