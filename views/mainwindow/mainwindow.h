#pragma once

#include "network/planning/streamselection.h"

#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QAction;
class QDockWidget;
class QMenu;
class QNetworkAccessManager;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTreeView;
class QUndoGroup;

namespace Backfill {

class CalendarPanel;
class ConnectionForm;
class ConnectionTreeModel;
class DataBrowser;
class EndpointForm;
class PartitionLedger;
class SecretStore;
class RunHistoryPanel;
class RunController;
class RunPanel;
class SpecDocument;
class TestPanel;
class WelcomePage;
class Workspace;
struct PreviewResult;
class YamlView;
struct ApiSpec;

// The demo API the studio starts for its demo workspace: where it listens, and the one
// credential it is started with (as its bearer token and its API key), which the studio gives
// every secret the demo specs reference for as long as the demo workspace is open.
struct DemoServer
{
    QUrl url{QStringLiteral("http://127.0.0.1:8765")};
    QString credential = QStringLiteral("demo-token");

    // backfill-demo-api's arguments for this server.
    QStringList arguments() const;
};

// The application's main window: the workspace's connections and their endpoints on the left,
// the editor of the selection on the right (connection, endpoint, YAML), File/Edit menus with
// workspace handling, recent files, undo/redo and a prompt before unsaved edits are lost.
// The window remembers its geometry, splitter sizes and current tab.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // Asks what to do with unsaved edits: Save, Discard or Cancel. Tests replace the dialog.
    using UnsavedPrompt = std::function<QMessageBox::StandardButton(QWidget *parent)>;

    static constexpr int MaxRecentWorkspaces = 8;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens (creating if needed) the workspace at `path` and shows its specs; remembers it as the
    // last and a recent workspace. Unsaved edits of the current one are not asked about here.
    bool openWorkspace(const QString &path, QString *error = nullptr);
    // Opens `path` and, when it holds no specs yet, imports the demo specs (demo_*.yaml) aimed
    // at `server`; their secrets take the server's credential until another workspace opens.
    bool openDemoWorkspace(const QString &path, const DemoServer &server = {}, QString *error = nullptr);
    QString workspacePath() const;

    // Writes every edited spec into the workspace; false (with a message box) on failure.
    bool saveAll();
    // Copies the workspace (partitions and runs included) to `path`, writes the edited specs
    // into the copy and continues there; the original file keeps its last saved state.
    bool saveWorkspaceAs(const QString &path, QString *error = nullptr);
    bool hasUnsavedChanges() const;
    void setUnsavedPrompt(UnsavedPrompt prompt) { m_unsavedPrompt = std::move(prompt); }

    // Imports a Sling-format spec file as a new (unsaved) connection; false with the first
    // problem in `error` when nothing loads. Specs with problems open on the YAML tab.
    bool importSpecFile(const QString &path, QString *error = nullptr);
    // Writes the current connection's spec (SpecWriter) for headless runs. Specs reference
    // secrets by name only, so the file holds no secret value.
    bool exportSpecFile(const QString &path, QString *error = nullptr) const;

    // A new connection (dirty until saved), selected in the tree.
    SpecDocument *addConnection(const ApiSpec &spec, const QString &recordName = {});
    SpecDocument *currentDocument() const;
    ConnectionTreeModel *connectionModel() const { return m_model; }
    RunController *runController() const { return m_runController; }

    // The test panel (a dock, "testDock"): the calendar opens it on a partition through
    // TestPanel::testPartition().
    TestPanel *testPanel() const { return m_testPanel; }
    SecretStore *secretStore() const { return m_secretStore; }
    // Replaces the desktop keychain store, for tests that must not touch the user's keychain.
    void setSecretStore(SecretStore *store);

    static QStringList recentWorkspaces();
    static QString lastWorkspace();

    // Opens the demo (its API started, its workspace open) for the welcome page and the File
    // menu; the application sets it, as only it knows where backfill-demo-api is.
    using DemoOpener = std::function<void()>;
    void setDemoOpener(DemoOpener opener);
    // "Start from a URL": a new connection for `url`, tested once; its first answer fills the
    // records path, the primary key and the pagination (one undoable edit), then it is tested again.
    void startFromUrl(const QUrl &url);

protected:
    void closeEvent(QCloseEvent *event) override;
    // Spec files dropped on the window open as connections.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createTestPanel();
    void testEndpoint();
    void selectionChanged();
    void newConnection();
    void newEndpoint();
    void removeEndpoint();
    void newWorkspace();
    void openWorkspaceDialog();
    void saveWorkspaceAsDialog();
    void showTreeMenu(const QPoint &position);
    void importSpec();
    void exportSpec();
    bool maybeSave(); // false when the user cancels
    void rememberWorkspace(const QString &path);
    void updateRecentMenu();
    void updateTitle();
    void restoreLayout();
    void saveLayout() const;
    // The welcome page of an empty workspace, in place of the tabs (mainwindowwelcome.cpp).
    void createWelcomePage();
    void updateWelcomePage();
    // The first test of a connection started from a URL: fills the endpoint from its answer.
    void fillFromFirstAnswer(const PreviewResult &result);
    // Shows the test results: the first time tall enough for the panel's tabs, after that at the
    // height the user left it.
    void showTestDock();
    // The Run tab, its controller and the Run menu (the run panel's part of the window).
    void createRunPanel();
    void runSelectedEndpoint();
    // Starts a run of `endpoint` over a typed range with the secrets of the store; shows the Run tab.
    void startRun(const ApiSpec &spec, const QString &endpoint, const QString &range, RunFilter filter);
    SpecDocument *documentNamed(const QString &specName) const;
    // Wires the calendar, run, test and history panels to one another.
    void connectPanels();
    // The panels as tabs, in the order of the work, with their View menu entries.
    void addPanels();
    // Cancels a run that is going and waits (bounded) until it has committed what it fetched.
    void stopRun();
    // True (with the reason) while a run writes into the open workspace.
    bool refuseDuringRun(QString *error) const;

    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<PartitionLedger> m_ledger;
    ConnectionTreeModel *m_model;
    QUndoGroup *m_undoGroup;
    QSplitter *m_splitter;
    QTreeView *m_tree;
    QTabWidget *m_tabs;
    ConnectionForm *m_connectionForm;
    EndpointForm *m_endpointForm;
    YamlView *m_yamlView;
    RunHistoryPanel *m_history;
    DataBrowser *m_dataBrowser;
    QMenu *m_recentMenu = nullptr;
    QAction *m_newEndpointAction = nullptr;
    QAction *m_removeEndpointAction = nullptr;
    UnsavedPrompt m_unsavedPrompt;
    // The test panel's parts: the application's one network access manager and the secrets.
    QNetworkAccessManager *m_network = nullptr;
    SecretStore *m_secretStore = nullptr;
    TestPanel *m_testPanel = nullptr;
    QDockWidget *m_testDock = nullptr;
    int m_testDockHeight = 0; // the height the user left the dock at; 0: never shown
    RunController *m_runController = nullptr;
    RunPanel *m_runPanel = nullptr;
    CalendarPanel *m_calendar = nullptr;
    QMenu *m_viewMenu = nullptr;
    QStackedWidget *m_centre = nullptr; // the welcome page or the tabs
    WelcomePage *m_welcome = nullptr;
    DemoOpener m_demoOpener;
    QAction *m_openDemoAction = nullptr;
    // The connection started from a URL whose first test answer is awaited.
    struct PendingGuess
    {
        QPointer<SpecDocument> document;
        QUrl url;
    };
    std::optional<PendingGuess> m_pendingGuess;
};

} // namespace Backfill
