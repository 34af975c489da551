#include "views/mainwindow/mainwindow.h"

#include "backfillversion.h"
#include "model/core/logging.h"
#include "model/spec/specloader.h"
#include "model/spec/specwriter.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"
#include "views/calendar/calendarpanel.h"
#include "views/data/databrowser.h"
#include "views/document/specdocument.h"
#include "views/editor/connectionform.h"
#include "views/editor/connectiontreemodel.h"
#include "views/editor/endpointform.h"
#include "views/history/runhistorypanel.h"
#include "views/run/runcontroller.h"
#include "views/run/runpanel.h"
#include "views/secrets/secretstore.h"
#include "views/test/testpanel.h"
#include "views/yaml/yamlview.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QNetworkAccessManager>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QUndoGroup>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

enum Tab { ConnectionTab, EndpointTab }; // the editors; the other tabs follow (addPanels())

// The range text that selects exactly these partitions ("a,b" would be the span from a to b).
QString partitionListRange(const QStringList &keys)
{
    if (keys.size() == 1)
        return keys.constFirst();
    QStringList items;
    for (const QString &key : keys)
        items << u"[%1...%1]"_s.arg(key);
    return items.join(u", "_s);
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_model(new ConnectionTreeModel(this))
    , m_undoGroup(new QUndoGroup(this))
    , m_splitter(new QSplitter(this))
    , m_tree(new QTreeView(m_splitter))
    , m_tabs(new QTabWidget(m_splitter))
    , m_connectionForm(new ConnectionForm(m_tabs))
    , m_endpointForm(new EndpointForm(m_tabs))
    , m_yamlView(new YamlView(m_tabs))
    , m_history(new RunHistoryPanel(m_tabs))
    , m_dataBrowser(new DataBrowser(m_tabs))
{
    setObjectName(u"mainWindow"_s);
    m_splitter->setObjectName(u"mainSplitter"_s);
    m_tree->setObjectName(u"connectionTree"_s);
    m_tree->setAccessibleName(tr("Connections and endpoints"));
    m_tree->setModel(m_model);
    m_tree->header()->hide();
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tabs->setObjectName(u"editorTabs"_s);
    createWelcomePage(); // m_centre: the welcome page or the tabs
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_centre);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({260, 1000});
    setCentralWidget(m_splitter);

    createActions();
    createTestPanel();
    createRunPanel();
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::selectionChanged);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tree, &QWidget::customContextMenuRequested, this, &MainWindow::showTreeMenu);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent, int, int last) {
        m_tree->expand(parent.isValid() ? parent : m_model->index(last, 0));
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MainWindow::updateTitle);

    // The partition calendar of the endpoint selected in the tree, refreshed when its tab is
    // shown; cleared before the documents and the ledger it reads go away.
    auto *calendar = new CalendarPanel(m_tabs);
    m_calendar = calendar;
    const auto showCalendar = [this, calendar] {
        const QModelIndex current = m_tree->currentIndex();
        const SpecDocument *document = m_model->document(current);
        const int endpoint = current.data(ConnectionTreeModel::EndpointIndexRole).toInt();
        if (document && endpoint >= 0 && endpoint < document->spec().endpoints.size())
            calendar->setEndpoint(m_ledger.get(), document->spec(), document->spec().endpoints.at(endpoint).name);
        else
            calendar->clear();
    };
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, calendar, showCalendar);
    connect(m_tabs, &QTabWidget::currentChanged, calendar, [this, calendar, showCalendar] {
        if (m_tabs->currentWidget() == calendar)
            showCalendar();
    });
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, calendar, &CalendarPanel::clear);
    addPanels();
    connectPanels();
    statusBar()->showMessage(tr("No workspace open"));
    updateTitle();
    restoreLayout();
    updateWelcomePage();
}

MainWindow::~MainWindow()
{
    // Documents hold undo stacks the group refers to; drop them before the workspace closes.
    m_model->clear();
    m_history->setLedger(nullptr);
    m_dataBrowser->setDatabase({});
}

void MainWindow::createActions()
{
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    auto *newWorkspace =
        fileMenu->addAction(tr("&New Workspace..."), QKeySequence::New, this, &MainWindow::newWorkspace);
    newWorkspace->setObjectName(u"actionNewWorkspace"_s);
    auto *open =
        fileMenu->addAction(tr("&Open Workspace..."), QKeySequence::Open, this, &MainWindow::openWorkspaceDialog);
    open->setObjectName(u"actionOpenWorkspace"_s);
    m_recentMenu = fileMenu->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(u"menuRecent"_s);
    auto *save = fileMenu->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::saveAll);
    save->setObjectName(u"actionSave"_s);
    auto *saveAs = fileMenu->addAction(tr("Save Workspace &As..."), QKeySequence::SaveAs, this,
                                       &MainWindow::saveWorkspaceAsDialog);
    saveAs->setObjectName(u"actionSaveAs"_s);
    fileMenu->addSeparator();
    auto *import =
        fileMenu->addAction(tr("&Import Spec..."), QKeySequence(tr("Ctrl+I")), this, &MainWindow::importSpec);
    import->setObjectName(u"actionImportSpec"_s);
    m_openDemoAction = fileMenu->addAction(tr("Open &Demo Workspace"), this, [this] {
        if (m_demoOpener && maybeSave())
            m_demoOpener();
    });
    m_openDemoAction->setObjectName(u"actionOpenDemo"_s);
    m_openDemoAction->setEnabled(false);
    auto *exportAction =
        fileMenu->addAction(tr("&Export Spec..."), QKeySequence(tr("Ctrl+E")), this, &MainWindow::exportSpec);
    exportAction->setObjectName(u"actionExportSpec"_s);
    fileMenu->addSeparator();
    fileMenu->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    updateRecentMenu();

    auto *editMenu = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_undoGroup->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(u"actionUndo"_s);
    undo->setShortcuts(QKeySequence::Undo);
    QAction *redo = m_undoGroup->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(u"actionRedo"_s);
    redo->setShortcuts(QKeySequence::Redo);
    editMenu->addAction(undo);
    editMenu->addAction(redo);
    editMenu->addSeparator();
    auto *newConnection =
        editMenu->addAction(tr("New &Connection"), QKeySequence(tr("Ctrl+Shift+N")), this, &MainWindow::newConnection);
    newConnection->setObjectName(u"actionNewConnection"_s);
    m_newEndpointAction =
        editMenu->addAction(tr("New &Endpoint"), QKeySequence(tr("Ctrl+Shift+E")), this, &MainWindow::newEndpoint);
    m_newEndpointAction->setObjectName(u"actionNewEndpoint"_s);
    m_removeEndpointAction = editMenu->addAction(tr("&Remove Endpoint"), this, &MainWindow::removeEndpoint);
    m_removeEndpointAction->setObjectName(u"actionRemoveEndpoint"_s);

    m_viewMenu = menuBar()->addMenu(tr("&View"));

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    auto *about = helpMenu->addAction(tr("&About Backfill Studio"), this, [this] {
        // The Qt running the application, which may be newer than the one it was built with.
        QMessageBox::about(this, tr("About Backfill Studio"),
                           tr("<h3>Backfill Studio %1</h3><p>Running on Qt %2 (built with Qt %3).</p>"
                              "<p><a href=\"%4\">Documentation</a></p>")
                               .arg(QStringLiteral(BACKFILL_VERSION), QString::fromLatin1(qVersion()),
                                    QStringLiteral(QT_VERSION_STR), QStringLiteral(BACKFILL_DOCS_URL)));
    });
    about->setObjectName(u"actionAbout"_s);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    auto *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(u"mainToolBar"_s);
    toolBar->addAction(newConnection);
    toolBar->addAction(m_newEndpointAction);
    toolBar->addSeparator();
    toolBar->addAction(undo);
    toolBar->addAction(redo);
    toolBar->addAction(save);
}

SpecDocument *MainWindow::addConnection(const ApiSpec &spec, const QString &recordName)
{
    auto *document = new SpecDocument(spec, recordName);
    const QModelIndex index = m_model->addDocument(document);
    m_undoGroup->addStack(document->undoStack());
    connect(document, &SpecDocument::dirtyChanged, this, &MainWindow::updateTitle);
    m_tree->setCurrentIndex(index);
    updateTitle();
    return document;
}

SpecDocument *MainWindow::currentDocument() const
{
    return m_model->document(m_tree->currentIndex());
}

void MainWindow::selectionChanged()
{
    const QModelIndex current = m_tree->currentIndex();
    SpecDocument *document = m_model->document(current);
    const int endpoint = current.data(ConnectionTreeModel::EndpointIndexRole).toInt();
    const bool isEndpoint = current.isValid() && endpoint >= 0;
    m_connectionForm->setDocument(document);
    m_endpointForm->setEndpoint(document,
                                isEndpoint ? endpoint : (document && !document->spec().endpoints.isEmpty() ? 0 : -1));
    m_yamlView->setDocument(document);
    m_testPanel->setEndpoint(document, m_endpointForm->endpointIndex());
    m_undoGroup->setActiveStack(document ? document->undoStack() : nullptr);
    m_newEndpointAction->setEnabled(document != nullptr);
    m_removeEndpointAction->setEnabled(isEndpoint);
    if (m_tabs->currentIndex() <= EndpointTab) // the calendar, run... and YAML tabs stay
        m_tabs->setCurrentIndex(isEndpoint ? EndpointTab : ConnectionTab);
}

void MainWindow::showTreeMenu(const QPoint &position)
{
    const QModelIndex index = m_tree->indexAt(position);
    if (index.isValid())
        m_tree->setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(findChild<QAction *>(u"actionNewConnection"_s));
    menu.addAction(m_newEndpointAction);
    menu.addAction(m_removeEndpointAction);
    menu.exec(m_tree->viewport()->mapToGlobal(position));
}

void MainWindow::newConnection()
{
    ApiSpec spec;
    spec.name = tr("New connection");
    addConnection(spec);
    m_tabs->setCurrentIndex(ConnectionTab);
    if (auto *name = m_connectionForm->findChild<QLineEdit *>(u"connectionName"_s)) {
        name->setFocus();
        name->selectAll();
    }
}

void MainWindow::newEndpoint()
{
    SpecDocument *document = currentDocument();
    if (!document)
        return;
    ApiSpec spec = document->spec();
    Endpoint endpoint;
    endpoint.name = u"endpoint"_s;
    for (int n = 2; spec.endpoint(endpoint.name); ++n)
        endpoint.name = u"endpoint"_s + QString::number(n);
    endpoint.request.method = u"GET"_s;
    spec.endpoints.append(endpoint);
    document->edit(spec, tr("Add endpoint"));
    m_tree->setCurrentIndex(m_model->endpointIndex(document, int(spec.endpoints.size() - 1)));
    m_tabs->setCurrentIndex(EndpointTab);
    if (auto *name = m_endpointForm->findChild<QLineEdit *>(u"endpointName"_s)) {
        name->setFocus();
        name->selectAll();
    }
}

void MainWindow::removeEndpoint()
{
    const QModelIndex current = m_tree->currentIndex();
    SpecDocument *document = m_model->document(current);
    const int endpoint = current.data(ConnectionTreeModel::EndpointIndexRole).toInt();
    if (!document || endpoint < 0)
        return;
    ApiSpec spec = document->spec();
    spec.endpoints.removeAt(endpoint);
    m_tree->setCurrentIndex(m_model->indexOf(document));
    document->edit(spec, tr("Remove endpoint %1").arg(document->spec().endpoints.at(endpoint).name));
}

void MainWindow::createTestPanel()
{
    m_network = new QNetworkAccessManager(this);
    m_secretStore = new SecretStore(SecretStore::Backend::Keychain, this);
    m_secretStore->probe();
    m_connectionForm->setSecretStore(m_secretStore);
    m_testPanel = new TestPanel(m_network, m_secretStore, this);
    m_testDock = new QDockWidget(tr("Test results"), this);
    m_testDock->setObjectName(u"testDock"_s);
    // Not scrolled: the panel's minimum (its response headers are a tab) and the tabs' leave a
    // 800-pixel screen room for both, and a scrolled panel would ask for its whole height.
    m_testDock->setWidget(m_testPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_testDock);
    m_testDock->hide();

    auto *test = new QAction(tr("&Test Endpoint"), this);
    test->setObjectName(u"actionTestEndpoint"_s);
    test->setShortcut(QKeySequence(tr("Ctrl+T")));
    connect(test, &QAction::triggered, this, &MainWindow::testEndpoint);
    addAction(test);
    if (auto *toolBar = findChild<QToolBar *>(u"mainToolBar"_s)) {
        toolBar->addSeparator();
        toolBar->addAction(test);
    }
    m_viewMenu->addAction(m_testDock->toggleViewAction());
    connect(m_endpointForm, &EndpointForm::testRequested, this, &MainWindow::testEndpoint);
    connect(m_testPanel, &TestPanel::started, this, &MainWindow::showTestDock);
    connect(m_testDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (!visible && m_testDock->isHidden() && m_testDock->height() > 0)
            m_testDockHeight = m_testDock->height();
    });
    connect(m_testPanel, &TestPanel::responseJsonChanged, m_endpointForm, &EndpointForm::setSampleResponse);
    connect(m_testPanel, &TestPanel::finished, this, &MainWindow::fillFromFirstAnswer);
}

void MainWindow::setSecretStore(SecretStore *store)
{
    m_secretStore = store;
    m_connectionForm->setSecretStore(store);
    m_testPanel->setSecretStore(store);
}

void MainWindow::testEndpoint()
{
    m_testPanel->runTest();
    // A test that cannot start says why in the panel.
    showTestDock();
}

void MainWindow::showTestDock()
{
    const bool wasHidden = m_testDock->isHidden();
    m_testDock->show();
    m_testDock->raise();
    if (!wasHidden || m_testDock->isFloating())
        return;
    const int title = 2 * m_testDock->fontMetrics().height();
    const int fits = m_testPanel->sizeHint().height() + title;
    const int wanted = m_testDockHeight > 0 ? m_testDockHeight : qMax(fits, height() * 2 / 5);
    const int dockHeight = qMin(wanted, height() * 2 / 3);
    // After the dock has its place in the window's layout: sized before, it keeps its old height.
    QTimer::singleShot(0, this, [this, dockHeight] { resizeDocks({m_testDock}, {dockHeight}, Qt::Vertical); });
}

void MainWindow::updateTitle()
{
    const QString file = m_workspace ? QFileInfo(m_workspace->path()).fileName() : tr("no workspace");
    setWindowTitle(tr("Backfill Studio - %1[*]").arg(file));
    setWindowModified(hasUnsavedChanges());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    stopRun();
    saveLayout();
    event->accept();
}

void MainWindow::stopRun()
{
    if (!m_runController || !m_runController->isRunning())
        return;
    // Cancelling commits what was fetched; the partitions in flight resume from their last
    // committed page in the next run.
    QEventLoop loop;
    connect(m_runController, &RunController::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    m_runController->cancel();
    loop.exec();
}

bool MainWindow::refuseDuringRun(QString *error) const
{
    if (!m_runController || !m_runController->isRunning())
        return false;
    if (error)
        *error = tr("A run is writing into this workspace: cancel it or let it finish first.");
    return true;
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(u"mainWindow/geometry"_s).toByteArray()))
        resize(1280, 800);
    restoreState(settings.value(u"mainWindow/state"_s).toByteArray());
    m_splitter->restoreState(settings.value(u"mainWindow/splitter"_s).toByteArray());
    m_testDockHeight = settings.value(u"mainWindow/testDockHeight"_s, 0).toInt();
    m_tabs->setCurrentIndex(settings.value(u"mainWindow/tab"_s, 0).toInt());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(u"mainWindow/geometry"_s, saveGeometry());
    settings.setValue(u"mainWindow/state"_s, saveState());
    settings.setValue(u"mainWindow/splitter"_s, m_splitter->saveState());
    settings.setValue(u"mainWindow/testDockHeight"_s,
                      m_testDock->isVisible() ? m_testDock->height() : m_testDockHeight);
    settings.setValue(u"mainWindow/tab"_s, m_tabs->currentIndex());
}

void MainWindow::createRunPanel()
{
    // The one real QNetworkAccessManager of the studio (made with the test panel) serves runs too.
    m_runController = new RunController(m_network, this);
    m_runController->setSecretsProvider([this] { return m_secretStore ? m_secretStore->secrets() : Secrets(); });
    m_runPanel = new RunPanel(m_runController, m_tabs);

    auto *runMenu = new QMenu(tr("&Run"), this);
    menuBar()->insertMenu(menuBar()->actions().constLast(), runMenu); // before Help
    auto *run =
        runMenu->addAction(tr("&Run Endpoint"), QKeySequence(Qt::Key_F5), this, &MainWindow::runSelectedEndpoint);
    run->setObjectName(u"actionRun"_s);
    run->setToolTip(tr("Runs the selected endpoint's missing, failed and unfinished partitions (F5)"));
    runMenu->addAction(tr("Show Run &Panel"), this, [this] { m_tabs->setCurrentWidget(m_runPanel); });
    if (auto *toolBar = findChild<QToolBar *>(u"mainToolBar"_s)) {
        toolBar->addSeparator();
        toolBar->addAction(run);
    }
}

void MainWindow::runSelectedEndpoint()
{
    SpecDocument *document = currentDocument();
    const int endpoint = m_tree->currentIndex().data(ConnectionTreeModel::EndpointIndexRole).toInt();
    if (!document || endpoint < 0 || endpoint >= document->spec().endpoints.size()) {
        QMessageBox::information(this, tr("Run"), tr("Select an endpoint to run in the tree first."));
        return;
    }
    startRun(document->spec(), document->spec().endpoints.at(endpoint).name, {}, RunFilter::Resume);
}

void MainWindow::startRun(const ApiSpec &spec, const QString &endpoint, const QString &range, RunFilter filter)
{
    QString error;
    if (!m_runController->startRange(spec, endpoint, range, filter, &error)) {
        QMessageBox::warning(this, tr("Run"), error);
        return;
    }
    m_tabs->setCurrentWidget(m_runPanel);
}

SpecDocument *MainWindow::documentNamed(const QString &specName) const
{
    for (SpecDocument *document : m_model->documents()) {
        if (document->spec().name == specName)
            return document;
    }
    return nullptr;
}

void MainWindow::addPanels()
{
    // The order of the work: set up, pick partitions, run, look back, look at the data; the
    // YAML last. Alt+1... in the View menu follow it. A new panel is one line here, and its
    // connections to the others in connectPanels().
    const std::pair<QWidget *, QString> panels[] = {
        {m_connectionForm, tr("&Connection")},
        {m_endpointForm, tr("E&ndpoint")},
        {m_calendar, tr("Ca&lendar")},
        {m_runPanel, tr("R&un")},
        {m_history, tr("H&istory")},
        {m_dataBrowser, tr("&Data")},
        {m_yamlView, tr("&YAML")},
    };
    for (const auto &[panel, title] : panels) {
        const int tab = m_tabs->addTab(panel, title);
        QWidget *shown = panel;
        auto *action = m_viewMenu->addAction(title, this, [this, shown] { m_tabs->setCurrentWidget(shown); });
        action->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + tab)));
    }
}

void MainWindow::connectPanels()
{
    // The history's "Show rows" opens the data browser on that partition's rows.
    connect(m_history, &RunHistoryPanel::showRowsRequested, this,
            [this](const QString &, const QString &endpoint, const QString &partitionKey) {
                if (m_dataBrowser->showTable(endpoint, partitionKey))
                    m_tabs->setCurrentWidget(m_dataBrowser);
            });
    // Its "Show changes", and the calendar's, open the data browser on what the partition's
    // last pull changed.
    const auto showChanges = [this](const QString &endpoint, const QString &partitionKey) {
        if (m_dataBrowser->showChanges(endpoint, partitionKey))
            m_tabs->setCurrentWidget(m_dataBrowser);
    };
    connect(
        m_history, &RunHistoryPanel::showChangesRequested, this,
        [showChanges](const QString &, const QString &endpoint, const QString &key) { showChanges(endpoint, key); });
    connect(m_calendar, &CalendarPanel::showChangesRequested, this, showChanges);
    // The data browser's changes come from the ledger: a table is its endpoint's, of the
    // connection shown first, else of any other connection of the workspace that has it.
    m_dataBrowser->setChangesLookup(
        [this](const QString &table, const QString &key) -> std::optional<DataBrowser::PulledChanges> {
            if (!m_ledger)
                return std::nullopt;
            QStringList specNames;
            if (const SpecDocument *document = currentDocument())
                specNames << document->spec().name;
            for (const SpecDocument *document : m_model->documents())
                specNames << document->spec().name;
            for (const QString &specName : std::as_const(specNames)) {
                const qint64 endpointId = m_ledger->endpointId(specName, table);
                const std::optional<PartitionRecord> record =
                    endpointId < 0 ? std::nullopt : m_ledger->partition(endpointId, key);
                if (record && record->attempts > 0)
                    return DataBrowser::PulledChanges{record->pull, m_ledger->changes(endpointId, key)};
            }
            return std::nullopt;
        });

    // Partitions finishing colour the calendar; a finished run shows in the history and the data.
    connect(m_runController, &RunController::partitionChanged, m_calendar, &CalendarPanel::updatePartition);
    connect(m_runController, &RunController::started, this, [this] { m_history->refresh(); });
    connect(m_runController, &RunController::finished, this, [this] {
        m_history->refresh();
        m_dataBrowser->refresh();
        m_calendar->refresh();
    });

    // The calendar's requests: test one partition, re-run some, launch the selection's plan.
    connect(m_calendar, &CalendarPanel::testPartitionRequested, this,
            [this](const QString &endpoint, const QString &key) { m_testPanel->testPartition(endpoint, key); });
    connect(m_calendar, &CalendarPanel::rerunRequested, this, [this](const QString &endpoint, const QStringList &keys) {
        if (SpecDocument *document = currentDocument())
            startRun(document->spec(), endpoint, partitionListRange(keys), RunFilter::Everything);
    });
    connect(m_calendar, &CalendarPanel::launchRequested, this,
            [this](const QString &endpoint, const QList<PartitionPlan> &partitions, const QString &rangeText) {
                SpecDocument *document = currentDocument();
                if (!document)
                    return;
                // A typed or drawn range runs as `backfill run --range` would (its context and
                // mode); a selection made only of single clicks runs its partitions as they are.
                if (!rangeText.isEmpty()) {
                    startRun(document->spec(), endpoint, rangeText, RunFilter::Resume);
                    return;
                }
                QString error;
                if (!m_runController->start(document->spec(), endpoint, partitions, &error)) {
                    QMessageBox::warning(this, tr("Run"), error);
                    return;
                }
                m_tabs->setCurrentWidget(m_runPanel);
            });

    // The history's "Retry failed" runs those partitions of that run's spec again.
    connect(m_history, &RunHistoryPanel::retryRequested, this,
            [this](const QString &specName, const QString &endpoint, const QStringList &keys) {
                SpecDocument *document = documentNamed(specName);
                if (!document) {
                    QMessageBox::warning(this, tr("Retry Failed"),
                                         tr("The connection \"%1\" is not in this workspace any more.").arg(specName));
                    return;
                }
                startRun(document->spec(), endpoint, partitionListRange(keys), RunFilter::Everything);
            });
}

} // namespace Backfill
