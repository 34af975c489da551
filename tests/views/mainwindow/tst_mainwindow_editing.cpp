// Drives the main window's forms the way a user does: builds the seed's daily-events spec and a paged demo spec
// from an empty workspace by clicks and typing, and checks completion, validation messages, undo and lookback.
#include "tests/views/mainwindow/mainwindowfixture.h"

#include "model/spec/specloader.h"
#include "model/spec/specwriter.h"
#include "views/document/specdocument.h"
#include "views/editor/connectiontreemodel.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestMainWindowEditing : public MainWindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void buildsTheSeedSpecByTyping();
    void buildsThePagedDemoSpecByChoices_data();
    void buildsThePagedDemoSpecByChoices();
    void urlCompletesReferences();
    void invalidFieldsShowTheirError();
    void undoRestoresThePreviousValue();
    void validatorProblemsShowAtTheFieldAndTheLine();
    void lookbackMovesTheStartBack();
    void advancedEditsShowAsCustom();
    void settleIsTypedAndExportedUnderItsOwnKey();
};

void TestMainWindowEditing::buildsTheSeedSpecByTyping()
{
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"build.sqlite"_s)));
    QCOMPARE(m_window->connectionModel()->rowCount(), 0);

    trigger(u"actionNewConnection"_s);
    type(u"connectionName"_s, u"Analytics API"_s);
    type(u"baseUrl"_s, u"https://api.analytics.com/v1"_s);
    choose(u"authKind"_s, u"Bearer token"_s);
    QCOMPARE(find<QLineEdit>(u"secretName"_s)->text(), u"api_key"_s);
    QVERIFY(find<QLabel>(u"secretSource"_s)->text().contains(u"BACKFILL_SECRET_API_KEY"_s));

    trigger(u"actionNewEndpoint"_s);
    type(u"endpointName"_s, u"daily_events"_s);
    type(u"endpointDescription"_s, u"Get daily event data for a date range"_s);
    type(u"endpointUrl"_s, u"{state.base_url}/events/daily/{state.date}"_s);

    choose(u"partitionKind"_s, u"Daily"_s);
    QCOMPARE(find<QLineEdit>(u"partitionVariable"_s)->text(), u"current_date"_s);
    QCOMPARE(find<QSpinBox>(u"partitionStartAgo"_s)->value(), 7);
    setSpin(u"partitionConcurrency"_s, 5);
    type(u"partitionStartVariable"_s, u"date"_s);

    type(u"recordsPath"_s, u"data.events[]"_s);
    type(u"primaryKey"_s, u"event_id"_s);
    QTest::mouseClick(find<QCheckBox>(u"incrementalEnabled"_s), Qt::LeftButton, {}, QPoint(5, 5));
    QCOMPARE(find<QLineEdit>(u"syncVariable"_s)->text(), u"last_date"_s);
    type(u"cursorField"_s, u"state.date"_s);

    // The tree shows what was built.
    const QModelIndex connection = m_window->connectionModel()->index(0, 0);
    QCOMPARE(connection.data(ConnectionTreeModel::DirtyRole).toBool(), true);
    QCOMPARE(m_window->connectionModel()->index(0, 0, connection).data().toString(), u"daily_events"_s);

    const QByteArray built = m_window->currentDocument()->yaml();
    const SpecLoadResult loaded = SpecLoader::load(built, u"built.yaml"_s);
    QVERIFY2(!loaded.hasErrors(), qPrintable(loaded.problems.value(0).toString()));
    const SpecLoadResult seed =
        SpecLoader::loadFile(QStringLiteral(BACKFILL_SOURCE_DIR) + u"/resources/examples/analytics_api.yaml"_s);
    QVERIFY(!seed.hasErrors());
    QCOMPARE(QString::fromUtf8(built), QString::fromUtf8(SpecWriter::write(seed.spec)));
    QVERIFY(loaded.spec == seed.spec);
}

void TestMainWindowEditing::buildsThePagedDemoSpecByChoices_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("choice");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("records");
    QTest::addRow("page") << u"demo_pagination_page.yaml"_s << u"Page number"_s << u"/paged/page"_s << u"data[]"_s;
    QTest::addRow("offset") << u"demo_pagination_offset.yaml"_s << u"Offset and limit"_s << u"/paged/offset"_s
                            << u"data[]"_s;
    QTest::addRow("cursor") << u"demo_pagination_cursor.yaml"_s << u"Cursor from the body"_s << u"/paged/cursor"_s
                            << u"data[]"_s;
    QTest::addRow("next url") << u"demo_pagination_next_url.yaml"_s << u"Next URL from the body"_s
                              << u"/paged/next-url?limit=25"_s << u"data[]"_s;
    QTest::addRow("link") << u"demo_pagination_link.yaml"_s << u"Link header"_s << u"/paged/link?per_page=25&page=1"_s
                          << u"[]"_s;
    QTest::addRow("has more") << u"demo_pagination_has_more.yaml"_s << u"has_more and last id"_s << u"/paged/has-more"_s
                              << u"data[]"_s;
}

void TestMainWindowEditing::buildsThePagedDemoSpecByChoices()
{
    QFETCH(QString, file);
    QFETCH(QString, choice);
    QFETCH(QString, path);
    QFETCH(QString, records);
    const SpecLoadResult demo =
        SpecLoader::loadFile(QStringLiteral(BACKFILL_SOURCE_DIR) + u"/resources/examples/"_s + file);
    QVERIFY(!demo.hasErrors());

    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"paged.sqlite"_s)));
    trigger(u"actionNewConnection"_s);
    type(u"connectionName"_s, demo.spec.name);
    type(u"connectionDescription"_s, demo.spec.description);
    type(u"baseUrl"_s, u"http://127.0.0.1:8765"_s);
    trigger(u"actionNewEndpoint"_s);
    type(u"endpointName"_s, u"items"_s);
    type(u"endpointDescription"_s, demo.spec.endpoints.at(0).description);
    type(u"endpointUrl"_s, u"{state.base_url}"_s + path);
    choose(u"paginationKind"_s, choice);
    type(u"recordsPath"_s, records);
    type(u"primaryKey"_s, u"id"_s);

    const QByteArray built = m_window->currentDocument()->yaml();
    QCOMPARE(QString::fromUtf8(built), QString::fromUtf8(SpecWriter::write(demo.spec)));
    QVERIFY(SpecLoader::load(built).spec == demo.spec);

    // Back to none: the request is a single one again, at the URL typed first.
    choose(u"paginationKind"_s, u"None (one request)"_s);
    const Endpoint &endpoint = m_window->currentDocument()->spec().endpoints.at(0);
    QVERIFY(endpoint.pagination.isEmpty());
    QCOMPARE(endpoint.request.url, u"{state.base_url}"_s + path);
    QVERIFY(endpoint.state.isEmpty());
}

void TestMainWindowEditing::urlCompletesReferences()
{
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"complete.sqlite"_s)));
    trigger(u"actionNewConnection"_s);
    type(u"baseUrl"_s, u"https://api.example.com"_s);
    trigger(u"actionNewEndpoint"_s);
    type(u"endpointUrl"_s, u"{state"_s);
    auto *completer = find<QCompleter>(u"endpointUrlCompleter"_s);
    QTRY_VERIFY(completer->popup()->isVisible());
    QStringList offered;
    for (int row = 0; row < completer->completionModel()->rowCount(); ++row)
        offered.append(completer->completionModel()->index(row, 0).data().toString());
    QCOMPARE(offered, QStringList{u"state.base_url"_s});

    type(u"endpointUrl"_s, u"{secrets."_s);
    QTRY_VERIFY(completer->popup()->isVisible());
    QCOMPARE(completer->completionCount(), 1);
    QTest::keyClick(completer->popup(), Qt::Key_Down);
    QTest::keyClick(completer->popup(), Qt::Key_Return);
    QCOMPARE(find<QLineEdit>(u"endpointUrl"_s)->text(), u"{secrets.api_key}"_s);
    QCOMPARE(m_window->currentDocument()->spec().endpoints.at(0).request.url, u"{secrets.api_key}"_s);

    // Context values are offered too, wherever the brace is.
    type(u"endpointUrl"_s, u"{state.base_url}/x?from={context.range_s"_s);
    QTRY_VERIFY(completer->popup()->isVisible());
    QCOMPARE(completer->currentCompletion(), u"context.range_start"_s);
}

void TestMainWindowEditing::invalidFieldsShowTheirError()
{
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"invalid.sqlite"_s)));
    trigger(u"actionNewConnection"_s);
    auto *baseUrlError = find<QLabel>(u"baseUrlError"_s);
    type(u"baseUrl"_s, u"api.example.com"_s);
    QVERIFY(baseUrlError->isVisible());
    QCOMPARE(baseUrlError->text(), u"Enter a URL that starts with http:// or https:// and names a host."_s);
    QCOMPARE(find<QLineEdit>(u"baseUrl"_s)->accessibleDescription(), baseUrlError->text());
    type(u"baseUrl"_s, u"https://api.example.com"_s);
    QVERIFY(baseUrlError->isHidden());

    type(u"connectionName"_s, QString());
    QCOMPARE(find<QLabel>(u"connectionNameError"_s)->text(), u"A connection needs a name."_s);

    // A wrong secret name keeps the authentication chosen and says what is wrong.
    choose(u"authKind"_s, u"API key in the query"_s);
    type(u"secretName"_s, u"api key"_s);
    QCOMPARE(find<QComboBox>(u"authKind"_s)->currentText(), u"API key in the query"_s);
    QCOMPARE(find<QLabel>(u"secretNameError"_s)->text(), u"A secret name has only letters, digits and underscores."_s);
    type(u"secretName"_s, u"api_key"_s);
    QVERIFY(find<QLabel>(u"secretNameError"_s)->isHidden());
    QCOMPARE(m_window->currentDocument()->spec().defaults.request.parameters,
             (KeyValueList{{u"api_key"_s, u"{secrets.api_key}"_s}}));

    trigger(u"actionNewEndpoint"_s);
    type(u"endpointUrl"_s, u"{state.base_url}/events/{state.date"_s);
    auto *urlError = find<QLabel>(u"endpointUrlError"_s);
    QVERIFY(urlError->isVisible());
    QCOMPARE(urlError->text(), u"At character 25: this { is not closed by a }"_s);
    type(u"endpointUrl"_s, u"{state.base_url +}/events"_s);
    QVERIFY2(urlError->text().startsWith(u"At character 18: "_s), qPrintable(urlError->text()));
    type(u"endpointUrl"_s, u"{state.base_url}/events"_s);
    QVERIFY(urlError->isHidden());
    type(u"recordsPath"_s, u"data.[events"_s);
    QVERIFY(find<QLabel>(u"recordsPathError"_s)->isVisible());
    type(u"recordsPath"_s, u"data.events[]"_s);
    QVERIFY(find<QLabel>(u"recordsPathError"_s)->isHidden());
}

void TestMainWindowEditing::undoRestoresThePreviousValue()
{
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"undo.sqlite"_s)));
    trigger(u"actionNewConnection"_s);
    type(u"connectionName"_s, u"Sales API"_s);
    type(u"baseUrl"_s, u"https://api.sales.com/v2"_s);
    type(u"connectionName"_s, u" v2"_s, false);
    QCOMPARE(m_window->currentDocument()->spec().name, u"Sales API v2"_s);

    // Typing in one field is one step: one undo gives the name before that typing.
    trigger(u"actionUndo"_s);
    QCOMPARE(find<QLineEdit>(u"connectionName"_s)->text(), u"Sales API"_s);
    QCOMPARE(m_window->currentDocument()->spec().name, u"Sales API"_s);
    QCOMPARE(find<QLineEdit>(u"baseUrl"_s)->text(), u"https://api.sales.com/v2"_s);
    trigger(u"actionUndo"_s);
    QCOMPARE(find<QLineEdit>(u"baseUrl"_s)->text(), QString());
    trigger(u"actionRedo"_s);
    QCOMPARE(find<QLineEdit>(u"baseUrl"_s)->text(), u"https://api.sales.com/v2"_s);

    // Choices undo too: the partitioning goes back to none and the tree follows endpoint edits.
    trigger(u"actionNewEndpoint"_s);
    choose(u"partitionKind"_s, u"Monthly"_s);
    QVERIFY(m_window->currentDocument()->spec().endpoints.at(0).iterate.over.contains(u"\"1M\""_s));
    trigger(u"actionUndo"_s);
    QCOMPARE(find<QComboBox>(u"partitionKind"_s)->currentText(), u"None"_s);
    QVERIFY(m_window->currentDocument()->spec().endpoints.at(0).iterate.isEmpty());
    trigger(u"actionUndo"_s);
    QCOMPARE(m_window->connectionModel()->rowCount(m_window->connectionModel()->index(0, 0)), 0);
}

void TestMainWindowEditing::validatorProblemsShowAtTheFieldAndTheLine()
{
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"validator.sqlite"_s)));
    trigger(u"actionNewConnection"_s);
    type(u"baseUrl"_s, u"https://api.example.com"_s);
    trigger(u"actionNewEndpoint"_s);
    type(u"endpointUrl"_s, u"{state.base_url}/events"_s);
    auto *urlError = find<QLabel>(u"endpointUrlError"_s);
    QTRY_VERIFY(urlError->isHidden());
    type(u"endpointDescription"_s, u"Events"_s); // the URL's next typing is an undo step of its own

    // The template is well formed, so only the validator knows the variable is never set.
    type(u"endpointUrl"_s, u"{state.base_url}/events/{state.day}"_s);
    QTRY_VERIFY(urlError->isVisible());
    QVERIFY2(urlError->text().startsWith(u"\"state.day\" is never set"_s), qPrintable(urlError->text()));
    QCOMPARE(find<QLineEdit>(u"endpointUrl"_s)->accessibleDescription(), urlError->text());

    // The YAML view lists the same problem at the line of the URL.
    const QString yaml = QString::fromUtf8(m_window->currentDocument()->yaml());
    const int urlLine = int(yaml.left(yaml.indexOf(u"{state.day}"_s)).count(u'\n')) + 1;
    const QAbstractItemModel *problems = find<QAbstractItemView>(u"yamlProblems"_s)->model();
    QStringList shown;
    for (int row = 0; row < problems->rowCount(); ++row)
        shown.append(problems->index(row, 0).data().toString());
    QVERIFY2(shown.filter(u"Line %1, "_s.arg(urlLine)).filter(urlError->text()).size() == 1,
             qPrintable(shown.join(u'\n') + u"\n"_s + yaml));

    // Undo goes back to the URL before that typing, and its message goes with it.
    trigger(u"actionUndo"_s);
    QCOMPARE(find<QLineEdit>(u"endpointUrl"_s)->text(), u"{state.base_url}/events"_s);
    QTRY_VERIFY(urlError->isHidden());
    trigger(u"actionRedo"_s);
    QTRY_VERIFY(urlError->isVisible());
}

void TestMainWindowEditing::lookbackMovesTheStartBack()
{
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"lookback.sqlite"_s)));
    trigger(u"actionNewConnection"_s);
    trigger(u"actionNewEndpoint"_s);
    choose(u"partitionKind"_s, u"Daily"_s);
    QVERIFY(!find<QSpinBox>(u"lookbackPartitions"_s)->isEnabled());
    QTest::mouseClick(find<QCheckBox>(u"incrementalEnabled"_s), Qt::LeftButton, {}, QPoint(5, 5));
    type(u"cursorField"_s, u"state.current_date"_s);
    setSpin(u"lookbackPartitions"_s, 3);
    const Endpoint &endpoint = m_window->currentDocument()->spec().endpoints.at(0);
    QVERIFY2(endpoint.iterate.over.contains(u"date_add(sync.last_date, -3, \"day\")"_s),
             qPrintable(endpoint.iterate.over));
    QCOMPARE(endpoint.sync, std::optional(QStringList{u"last_date"_s}));

    // Partitioning edits keep the lookback.
    setSpin(u"partitionConcurrency"_s, 4);
    QVERIFY(m_window->currentDocument()->spec().endpoints.at(0).iterate.over.contains(u"-3, \"day\""_s));
    trigger(u"actionUndo"_s);
    trigger(u"actionUndo"_s);
    QCOMPARE(find<QSpinBox>(u"lookbackPartitions"_s)->value(), 0);
    QVERIFY(
        m_window->currentDocument()->spec().endpoints.at(0).iterate.over.contains(u"sync.last_date, date_format"_s));
}

void TestMainWindowEditing::settleIsTypedAndExportedUnderItsOwnKey()
{
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"settle.sqlite"_s)));
    trigger(u"actionNewConnection"_s);
    trigger(u"actionNewEndpoint"_s);
    choose(u"partitionKind"_s, u"Daily"_s);
    type(u"partitionSettle"_s, u"2h"_s);
    QCOMPARE(m_window->currentDocument()->spec().endpoints.at(0).backfill.settle, u"2h"_s);
    const QString file = m_dir.filePath(u"settle.yaml"_s);
    QString error;
    QVERIFY2(m_window->exportSpecFile(file, &error), qPrintable(error));
    QFile exported(file);
    QVERIFY(exported.open(QIODevice::ReadOnly));
    QVERIFY(exported.readAll().contains("    x-backfill:\n      settle: 2h\n"));
    // Cleared, the key goes; undone, it comes back (after another field, so the edits do not merge).
    type(u"endpointDescription"_s, u"daily"_s);
    type(u"partitionSettle"_s, QString());
    QVERIFY(m_window->currentDocument()->spec().endpoints.at(0).backfill.settle.isNull());
    trigger(u"actionUndo"_s);
    QCOMPARE(find<QLineEdit>(u"partitionSettle"_s)->text(), u"2h"_s);

    // The checks' thresholds go under the same key, as typed.
    type(u"checkThinBelow"_s, u"5%"_s);
    type(u"checkNeighbours"_s, u"6"_s);
    QCOMPARE(m_window->currentDocument()->spec().endpoints.at(0).backfill.thinBelow, u"5%"_s);
    QVERIFY2(m_window->exportSpecFile(file, &error), qPrintable(error));
    exported.close();
    QVERIFY(exported.open(QIODevice::ReadOnly));
    const QByteArray withChecks = exported.readAll();
    QVERIFY2(withChecks.contains("    x-backfill:\n      settle: 2h\n      checks:\n        thin_below: 5%\n"
                                 "        neighbours: 6\n"),
             withChecks.constData());
    trigger(u"actionUndo"_s);
    QVERIFY(m_window->currentDocument()->spec().endpoints.at(0).backfill.neighbours.isNull());
    QCOMPARE(find<QLineEdit>(u"checkNeighbours"_s)->text(), QString());
}

void TestMainWindowEditing::advancedEditsShowAsCustom()
{
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"advanced.sqlite"_s)));
    trigger(u"actionNewConnection"_s);
    trigger(u"actionNewEndpoint"_s);
    choose(u"partitionKind"_s, u"Numeric blocks"_s);
    auto *over = find<QPlainTextEdit>(u"iterateOver"_s);
    QVERIFY(over->toPlainText().contains(u"\"1000\""_s));

    // The generated expression is there to read and to change by hand.
    find<QGroupBox>(u"advancedSection"_s)->setChecked(true);
    QVERIFY(over->isVisible());
    over->setFocus();
    over->selectAll();
    QTest::keyClicks(over, u"range(1, 100, 10)"_s);
    QCOMPARE(m_window->currentDocument()->spec().endpoints.at(0).iterate.over, u"range(1, 100, 10)"_s);
    QCOMPARE(find<QComboBox>(u"partitionKind"_s)->currentText(), u"Custom (see Advanced)"_s);
    QVERIFY(find<QLabel>(u"iterateOverError"_s)->isHidden());

    over->selectAll();
    QTest::keyClicks(over, u"range(1, "_s);
    QVERIFY(find<QLabel>(u"iterateOverError"_s)->isVisible());

    // Choosing again replaces the hand-written expression.
    choose(u"partitionKind"_s, u"Monthly"_s);
    QVERIFY(over->toPlainText().contains(u"\"1M\""_s));
    QVERIFY(find<QLabel>(u"iterateOverError"_s)->isHidden());
}

QTEST_MAIN(TestMainWindowEditing)
#include "tst_mainwindow_editing.moc"
