// Drives the main window's files and layout the way a user does: saving and reopening workspaces, save as, the
// demo workspace, import and export, history and data, the remembered layout, closing with unsaved edits, about.
#include "tests/views/mainwindow/mainwindowfixture.h"

#include "backfillversion.h"
#include "model/spec/specloader.h"
#include "model/targets/sqlitetarget.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"
#include "views/editor/connectiontreemodel.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace Backfill;

class TestMainWindowWorkspace : public MainWindowFixture
{
    Q_OBJECT

private Q_SLOTS:
    void savedSpecsComeBackWithTheWorkspace();
    void saveAsContinuesInTheCopy();
    void demoWorkspaceHoldsTheDemoSpecs();
    void importedSeedShowsInTheForms();
    void exportWritesTheSpecWithoutSecretValues();
    void historyAndDataFollowTheWorkspace();
    void remembersTheLayout();
    void unsavedEditsAreAskedAboutOnClose();
    void aboutShowsTheVersions();
};

void TestMainWindowWorkspace::savedSpecsComeBackWithTheWorkspace()
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

void TestMainWindowWorkspace::saveAsContinuesInTheCopy()
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

void TestMainWindowWorkspace::demoWorkspaceHoldsTheDemoSpecs()
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

void TestMainWindowWorkspace::importedSeedShowsInTheForms()
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

void TestMainWindowWorkspace::exportWritesTheSpecWithoutSecretValues()
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

void TestMainWindowWorkspace::historyAndDataFollowTheWorkspace()
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

void TestMainWindowWorkspace::remembersTheLayout()
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

void TestMainWindowWorkspace::unsavedEditsAreAskedAboutOnClose()
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

void TestMainWindowWorkspace::aboutShowsTheVersions()
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

QTEST_MAIN(TestMainWindowWorkspace)
#include "tst_mainwindow_workspace.moc"
