// Drives the main window the way a user does: builds the seed's daily-events spec from an empty
// workspace by clicks and typing, and checks validation messages, undo and saving.
#include "backfillversion.h"
#include "model/spec/specloader.h"
#include "model/spec/specwriter.h"
#include "model/targets/sqlitetarget.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"
#include "views/document/specdocument.h"
#include "views/editor/connectiontreemodel.h"
#include "views/mainwindow/mainwindow.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void buildsTheSeedSpecByTyping();
    void buildsThePagedDemoSpecByChoices_data();
    void buildsThePagedDemoSpecByChoices();
    void urlCompletesReferences();
    void invalidFieldsShowTheirError();
    void undoRestoresThePreviousValue();
    void validatorProblemsShowAtTheFieldAndTheLine();
    void lookbackMovesTheStartBack();
    void advancedEditsShowAsCustom();
    void savedSpecsComeBackWithTheWorkspace();
    void saveAsContinuesInTheCopy();
    void demoWorkspaceHoldsTheDemoSpecs();
    void importedSeedShowsInTheForms();
    void exportWritesTheSpecWithoutSecretValues();
    void remembersTheLayout();
    void historyAndDataFollowTheWorkspace();
    void unsavedEditsAreAskedAboutOnClose();
    void aboutShowsTheVersions();

private:
    template <typename T> T *find(const QString &name) const
    {
        auto *widget = m_window->findChild<T *>(name);
        if (!widget)
            qFatal("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
        return widget;
    }
    void trigger(const QString &action) const { find<QAction>(action)->trigger(); }
    void type(const QString &field, const QString &text, bool replace = true) const;
    void choose(const QString &combo, const QString &text) const;
    void setSpin(const QString &spin, int value) const;

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void TestMainWindow::init()
{
    QSettings().clear();
    m_window = std::make_unique<MainWindow>();
    m_window->setUnsavedPrompt([](QWidget *) { return QMessageBox::Discard; });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestMainWindow::cleanup()
{
    m_window.reset();
}

void TestMainWindow::type(const QString &field, const QString &text, bool replace) const
{
    auto *edit = find<QLineEdit>(field);
    QVERIFY2(edit->isVisible(), qPrintable(field));
    edit->setFocus();
    if (replace) {
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
    } else {
        edit->end(false);
    }
    QTest::keyClicks(edit, text);
}

void TestMainWindow::choose(const QString &name, const QString &text) const
{
    auto *combo = find<QComboBox>(name);
    const int target = combo->findText(text);
    QVERIFY2(target >= 0, qPrintable(text));
    combo->setFocus();
    // Arrow keys choose like a user does and emit activated().
    while (combo->currentIndex() != target)
        QTest::keyClick(combo, combo->currentIndex() < target ? Qt::Key_Down : Qt::Key_Up);
}

void TestMainWindow::setSpin(const QString &name, int value) const
{
    auto *spin = find<QSpinBox>(name);
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, QString::number(value));
    QCOMPARE(spin->value(), value);
}

void TestMainWindow::buildsTheSeedSpecByTyping()
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

void TestMainWindow::buildsThePagedDemoSpecByChoices_data()
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

void TestMainWindow::buildsThePagedDemoSpecByChoices()
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

void TestMainWindow::urlCompletesReferences()
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

void TestMainWindow::invalidFieldsShowTheirError()
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

void TestMainWindow::undoRestoresThePreviousValue()
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

void TestMainWindow::validatorProblemsShowAtTheFieldAndTheLine()
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

void TestMainWindow::lookbackMovesTheStartBack()
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

void TestMainWindow::advancedEditsShowAsCustom()
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

void TestMainWindow::savedSpecsComeBackWithTheWorkspace()
{
    const QString path = m_dir.filePath(u"saved.sqlite"_s);
    QVERIFY(m_window->openWorkspace(path));
    trigger(u"actionNewConnection"_s);
    type(u"connectionName"_s, u"Orders API"_s);
    trigger(u"actionNewEndpoint"_s);
    type(u"endpointName"_s, u"orders_by_id"_s);
    QVERIFY(m_window->hasUnsavedChanges());
    QVERIFY(m_window->windowTitle().contains(u"saved.sqlite"_s));
    trigger(u"actionSave"_s);
    QVERIFY(!m_window->hasUnsavedChanges());

    {
        Workspace workspace;
        QVERIFY(workspace.open(path));
        PartitionLedger ledger(workspace);
        const QList<SpecRecord> specs = ledger.specs();
        QCOMPARE(specs.size(), 1);
        QCOMPARE(specs.at(0).name, u"Orders API"_s);
        QVERIFY(specs.at(0).yaml.contains(u"orders_by_id:"_s));
    }

    m_window = std::make_unique<MainWindow>();
    QCOMPARE(MainWindow::lastWorkspace(), QFileInfo(path).absoluteFilePath());
    QCOMPARE(MainWindow::recentWorkspaces().value(0), QFileInfo(path).absoluteFilePath());
    QVERIFY(m_window->openWorkspace(MainWindow::lastWorkspace()));
    const QModelIndex connection = m_window->connectionModel()->index(0, 0);
    QCOMPARE(connection.data().toString(), u"Orders API"_s);
    QCOMPARE(m_window->connectionModel()->index(0, 0, connection).data().toString(), u"orders_by_id"_s);
    QVERIFY(!m_window->hasUnsavedChanges());
}

void TestMainWindow::saveAsContinuesInTheCopy()
{
    const QString original = m_dir.filePath(u"original.sqlite"_s);
    const QString copy = m_dir.filePath(u"copy.sqlite"_s);
    QVERIFY(m_window->openWorkspace(original));
    trigger(u"actionNewConnection"_s);
    type(u"connectionName"_s, u"Saved API"_s);
    trigger(u"actionSave"_s);
    type(u"connectionName"_s, u"Renamed API"_s);
    trigger(u"actionNewConnection"_s);
    type(u"connectionName"_s, u"Second API"_s);

    QVERIFY(m_window->saveWorkspaceAs(copy));
    QCOMPARE(m_window->workspacePath(), copy);
    QVERIFY(!m_window->hasUnsavedChanges());
    QVERIFY(m_window->windowTitle().contains(u"copy.sqlite"_s));
    auto specNames = [](const QString &path) {
        Workspace workspace;
        if (!workspace.open(path))
            return QStringList();
        PartitionLedger ledger(workspace);
        QStringList names;
        for (const SpecRecord &record : ledger.specs())
            names.append(record.name + u'=' + SpecLoader::load(record.yaml.toUtf8()).spec.name);
        return names;
    };
    QCOMPARE(specNames(copy), (QStringList{u"Saved API=Renamed API"_s, u"Second API=Second API"_s}));
    QCOMPARE(specNames(original), QStringList{u"Saved API=Saved API"_s});
}

void TestMainWindow::demoWorkspaceHoldsTheDemoSpecs()
{
    QVERIFY(m_window->openDemoWorkspace(m_dir.filePath(u"demo.sqlite"_s)));
    QStringList names;
    for (int row = 0; row < m_window->connectionModel()->rowCount(); ++row)
        names.append(m_window->connectionModel()->index(row, 0).data(Qt::AccessibleTextRole).toString());
    QVERIFY2(names.contains(u"Analytics API (demo)"_s), qPrintable(names.join(u", "_s)));
    QVERIFY(names.contains(u"Demo API - cursor"_s));
    const QStringList demoFiles = QDir(u":/examples"_s).entryList({u"demo_*.yaml"_s});
    QVERIFY(demoFiles.size() >= 11);
    QCOMPARE(names.size(), demoFiles.size());
    QVERIFY(!m_window->hasUnsavedChanges());
    // The first connection's base URL is the local demo API.
    m_window->findChild<QTreeView *>(u"connectionTree"_s)->setCurrentIndex(m_window->connectionModel()->index(0, 0));
    QCOMPARE(find<QLineEdit>(u"baseUrl"_s)->text(), u"http://127.0.0.1:8765"_s);
    // Its endpoint's own rate and retry rule show in the endpoint form.
    m_window->findChild<QTreeView *>(u"connectionTree"_s)
        ->setCurrentIndex(m_window->connectionModel()->index(0, 0, m_window->connectionModel()->index(0, 0)));
    QCOMPARE(find<QDoubleSpinBox>(u"endpointRate"_s)->value(), 20.0);
    const QAbstractItemModel *rules = find<QTableView>(u"endpointRules"_s)->model();
    QCOMPARE(rules->rowCount(), 1);
    QCOMPARE(rules->index(0, 0).data().toString(), u"Status is 429 (too many requests)"_s);

    // With BACKFILL_SCREENSHOT_DIR set, the tabs of the demo's first endpoint are saved as images.
    const QString screenshots = qEnvironmentVariable("BACKFILL_SCREENSHOT_DIR");
    if (!screenshots.isEmpty()) {
        m_window->resize(1280, 800);
        auto *tree = m_window->findChild<QTreeView *>(u"connectionTree"_s);
        tree->setCurrentIndex(m_window->connectionModel()->index(0, 0, m_window->connectionModel()->index(0, 0)));
        auto *tabs = find<QTabWidget>(u"editorTabs"_s);
        for (int tab = 0; tab < tabs->count(); ++tab) {
            tabs->setCurrentIndex(tab);
            QCoreApplication::processEvents(); // lay out before grabbing
            QVERIFY(m_window->grab().save(QDir(screenshots).filePath(u"studio-tab%1.png"_s.arg(tab))));
        }
    }
}

void TestMainWindow::importedSeedShowsInTheForms()
{
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"import.sqlite"_s)));
    QString error;
    QVERIFY(!m_window->importSpecFile(m_dir.filePath(u"missing.yaml"_s), &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(m_window->importSpecFile(QStringLiteral(BACKFILL_SOURCE_DIR) + u"/resources/examples/sales_api.yaml"_s));

    QCOMPARE(find<QLineEdit>(u"connectionName"_s)->text(), u"Sales API"_s);
    QCOMPARE(find<QLineEdit>(u"baseUrl"_s)->text(), u"https://api.sales.com/v2"_s);
    QCOMPARE(find<QComboBox>(u"authKind"_s)->currentText(), u"API key in a header"_s);
    QCOMPARE(find<QLineEdit>(u"authKeyName"_s)->text(), u"X-API-Key"_s);
    QCOMPARE(find<QLineEdit>(u"secretName"_s)->text(), u"api_key"_s);

    QCOMPARE(find<QLineEdit>(u"endpointName"_s)->text(), u"monthly_sales"_s);
    QCOMPARE(find<QComboBox>(u"endpointMethod"_s)->currentText(), u"GET"_s);
    QCOMPARE(find<QComboBox>(u"partitionKind"_s)->currentText(), u"Monthly"_s);
    QCOMPARE(find<QLineEdit>(u"partitionVariable"_s)->text(), u"current_month"_s);
    QCOMPARE(find<QSpinBox>(u"partitionStartAgo"_s)->value(), 6);
    QCOMPARE(find<QSpinBox>(u"partitionConcurrency"_s)->value(), 3);
    QCOMPARE(find<QLineEdit>(u"partitionStartVariable"_s)->text(), u"month"_s);
    QCOMPARE(find<QLineEdit>(u"partitionStartFormat"_s)->text(), u"%Y-%m"_s);
    QCOMPARE(find<QLineEdit>(u"partitionStartParameter"_s)->text(), u"month"_s);
    QVERIFY2(
        find<QLabel>(u"partitionExample"_s)->text().contains(u"GET https://api.sales.com/v2/sales/summary?month="_s),
        qPrintable(find<QLabel>(u"partitionExample"_s)->text()));
    QCOMPARE(find<QComboBox>(u"paginationKind"_s)->currentText(), u"None (one request)"_s);
    QCOMPARE(find<QLineEdit>(u"recordsPath"_s)->text(), u"sales[]"_s);
    QCOMPARE(find<QLineEdit>(u"primaryKey"_s)->text(), u"sale_id"_s);
    QVERIFY(find<QCheckBox>(u"incrementalEnabled"_s)->isChecked());
    QCOMPARE(find<QLineEdit>(u"cursorField"_s)->text(), u"state.month"_s);
    QCOMPARE(find<QLineEdit>(u"syncVariable"_s)->text(), u"last_month"_s);
    QVERIFY(m_window->hasUnsavedChanges());
}

void TestMainWindow::exportWritesTheSpecWithoutSecretValues()
{
    qputenv("BACKFILL_SECRET_API_KEY", "s3cr3t-value");
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"export.sqlite"_s)));
    QVERIFY(
        m_window->importSpecFile(QStringLiteral(BACKFILL_SOURCE_DIR) + u"/resources/examples/analytics_api.yaml"_s));
    const QString path = m_dir.filePath(u"exported.yaml"_s);
    QVERIFY(m_window->exportSpecFile(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray exported = file.readAll();
    QVERIFY(!exported.contains("s3cr3t-value"));
    QVERIFY(exported.contains("{secrets.api_key}"));
    const SpecLoadResult seed =
        SpecLoader::loadFile(QStringLiteral(BACKFILL_SOURCE_DIR) + u"/resources/examples/analytics_api.yaml"_s);
    QVERIFY(SpecLoader::load(exported).spec == seed.spec);
    qunsetenv("BACKFILL_SECRET_API_KEY");
}

void TestMainWindow::historyAndDataFollowTheWorkspace()
{
    const QString path = m_dir.filePath(u"loaded.sqlite"_s);
    {
        Workspace workspace;
        QVERIFY(workspace.open(path));
        SqliteTarget target(workspace.database());
        QString error;
        QVERIFY2(target.write(u"daily_events"_s, {u"id"_s}, u"2024-01-05"_s, {QJsonObject{{u"id"_s, 1}}}, &error),
                 qPrintable(error));
        PartitionLedger ledger(workspace);
        const qint64 run = ledger.startRun({u"gui"_s, u"Analytics API"_s, {u"daily_events"_s}, u"2024-01-05"_s, {}});
        QVERIFY(ledger.finishRun(run, {1, 1, 0, 0, 1, 10}, RunOutcome::Succeeded));
    }
    QVERIFY(m_window->openWorkspace(path));
    auto *tabs = find<QTabWidget>(u"editorTabs"_s);
    tabs->setCurrentWidget(find<QWidget>(u"historyPanel"_s));
    QCOMPARE(tabs->tabText(tabs->currentIndex()), u"H&istory"_s);
    QCOMPARE(find<QTableView>(u"runsView"_s)->model()->rowCount(), 1);
    tabs->setCurrentWidget(find<QWidget>(u"dataBrowser"_s));
    QCOMPARE(tabs->tabText(tabs->currentIndex()), u"&Data"_s);
    auto *tables = find<QListView>(u"tableList"_s);
    QCOMPARE(tables->model()->rowCount(), 1);
    QCOMPARE(find<QTableView>(u"tableView"_s)->model()->rowCount(), 1);

    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"nothing-loaded.sqlite"_s)));
    QCOMPARE(tables->model()->rowCount(), 0);
    QVERIFY(find<QLabel>(u"emptyState"_s)->text().startsWith(u"No data loaded yet."_s));
    QCOMPARE(find<QTableView>(u"runsView"_s)->model()->rowCount(), 0);
}

void TestMainWindow::remembersTheLayout()
{
    auto *splitter = find<QSplitter>(u"mainSplitter"_s);
    splitter->setSizes({333, 700});
    const int left = splitter->sizes().at(0);
    find<QTabWidget>(u"editorTabs"_s)->setCurrentIndex(3);
    QVERIFY(m_window->close());

    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(find<QSplitter>(u"mainSplitter"_s)->sizes().at(0), left);
    QCOMPARE(find<QTabWidget>(u"editorTabs"_s)->currentIndex(), 3);
}

void TestMainWindow::unsavedEditsAreAskedAboutOnClose()
{
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"close.sqlite"_s)));
    trigger(u"actionNewConnection"_s);
    int asked = 0;
    m_window->setUnsavedPrompt([&asked](QWidget *) {
        ++asked;
        return QMessageBox::Cancel;
    });
    QVERIFY(!m_window->close());
    QCOMPARE(asked, 1);
    QVERIFY(m_window->isVisible());
    m_window->setUnsavedPrompt([](QWidget *) { return QMessageBox::Save; });
    QVERIFY(m_window->close());
    QVERIFY(!m_window->hasUnsavedChanges());
}

void TestMainWindow::aboutShowsTheVersions()
{
    // The box is modal: read it from inside its event loop, then close it.
    QString title;
    QString text;
    bool seen = false;
    // Polled until the box shows (bounded), so that a late box never leaves the test hanging.
    QTimer poll;
    int ticks = 0;
    connect(&poll, &QTimer::timeout, m_window.get(), [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box && ++ticks < 250)
            return;
        poll.stop();
        seen = true;
        if (!box)
            return;
        title = box->windowTitle();
        text = box->text();
        box->accept();
    });
    poll.start(20);
    trigger(u"actionAbout"_s);
    QTRY_VERIFY(seen);
    QCOMPARE(title, u"About Backfill Studio"_s);
    QVERIFY2(text.contains(u"Backfill Studio "_s + QStringLiteral(BACKFILL_VERSION)), qPrintable(text));
    QVERIFY2(text.contains(u"Qt "_s + QString::fromLatin1(qVersion())), qPrintable(text));
    QVERIFY2(text.contains(u"href=\"%1\""_s.arg(QStringLiteral(BACKFILL_DOCS_URL))), qPrintable(text));
    QVERIFY(!QApplication::activeModalWidget());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
