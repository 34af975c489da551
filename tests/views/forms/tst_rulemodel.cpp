// Retry rules as a table: conditions read as words, edits reach the spec, bad conditions are marked.
#include "views/document/specdocument.h"
#include "views/editor/connectionform.h"
#include "views/forms/rulemodel.h"

#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestRuleModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsConditionsAsWords_data();
    void showsConditionsAsWords();
    void editsReachTheSpecAndUndo();
    void marksConditionsThatDoNotParse();
};

void TestRuleModel::showsConditionsAsWords_data()
{
    QTest::addColumn<QString>("condition");
    QTest::addColumn<QString>("shown");
    QTest::addRow("429") << u"response.status == 429"_s << u"Status is 429 (too many requests)"_s;
    QTest::addRow("5xx") << u"response.status >= 500"_s << u"Status 5xx (server error)"_s;
    QTest::addRow("expression") << u"response.status == 503 && state.page > 1"_s
                                << u"response.status == 503 && state.page > 1"_s;
}

void TestRuleModel::showsConditionsAsWords()
{
    QFETCH(QString, condition);
    QFETCH(QString, shown);
    RuleModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Rule rule;
    rule.condition = condition;
    rule.action = u"retry"_s;
    model.setRules({rule});
    QCOMPARE(model.index(0, RuleModel::ConditionColumn).data().toString(), shown);
    QCOMPARE(model.index(0, RuleModel::ConditionColumn).data(Qt::EditRole).toString(), condition);
    QCOMPARE(model.index(0, RuleModel::AttemptsColumn).data(), QVariant());
}

void TestRuleModel::editsReachTheSpecAndUndo()
{
    ApiSpec spec;
    spec.name = u"Rules"_s;
    SpecDocument document(spec, u"Rules"_s);
    ConnectionForm form;
    form.setDocument(&document);
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));

    QTest::mouseClick(form.findChild<QPushButton *>(u"retryRulesAdd"_s), Qt::LeftButton);
    const QList<Rule> rules = document.spec().defaults.response.rules.items.value_or(QList<Rule>());
    QCOMPARE(rules.size(), 1);
    QCOMPARE(rules.at(0).condition, u"response.status == 429"_s);
    QCOMPARE(rules.at(0).action, u"retry"_s);
    QCOMPARE(rules.at(0).maxAttempts, std::optional(5));
    QVERIFY(QString::fromUtf8(document.yaml()).contains(u"backoff: exponential"_s));

    auto *view = form.findChild<QTableView *>(u"retryRules"_s);
    QVERIFY(view->model()->setData(view->model()->index(0, RuleModel::ActionColumn), u"fail"_s));
    QCOMPARE(document.spec().defaults.response.rules.items->at(0).action, u"fail"_s);
    document.undoStack()->undo();
    QCOMPARE(view->model()->index(0, RuleModel::ActionColumn).data().toString(), u"retry"_s);
    document.undoStack()->undo();
    QCOMPARE(view->model()->rowCount(), 0);
    QVERIFY(!document.spec().defaults.response.rules.items);
}

void TestRuleModel::marksConditionsThatDoNotParse()
{
    RuleModel model;
    QSignalSpy edited(&model, &RuleModel::edited);
    model.appendRule(Rule());
    QVERIFY(model.setData(model.index(0, RuleModel::ConditionColumn), u"response.status >="_s));
    QCOMPARE(edited.size(), 2);
    const QModelIndex condition = model.index(0, RuleModel::ConditionColumn);
    QVERIFY(condition.data(Qt::ForegroundRole).isValid());
    QVERIFY(!condition.data(Qt::ToolTipRole).toString().isEmpty());
    QVERIFY(model.setData(condition, u"response.status >= 500"_s));
    QVERIFY(!condition.data(Qt::ForegroundRole).isValid());
}

QTEST_MAIN(TestRuleModel)
#include "tst_rulemodel.moc"
