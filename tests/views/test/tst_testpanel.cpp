// The test panel against backfill-demo-api on 127.0.0.1, driven through the main window as a
// user does: "Test" shows the requests (secrets masked), the records, the inferred columns and
// warnings; a retry wait can be skipped; the records path previews what it extracts from the
// last response; and a secret typed in the studio reaches neither the workspace nor an export.
#include "tests/support/demoapiprocess.h"
#include "views/document/specdocument.h"
#include "views/mainwindow/mainwindow.h"
#include "views/secrets/secretstore.h"
#include "views/test/testpanel.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace Backfill;

namespace {
const QByteArray ApiKey = "k3y-9f2e-c0ffee";
constexpr int NetworkTimeoutMs = 30000;
} // namespace

class TestTestPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void showsRecordsWithTheSecretMasked();
    void theDemoAnswersTheFirstTestWithNoSecretTyped();
    void warnsAboutMissingRecordsAndRepeatedKeys();
    void recordsPathPreviewsTheLastResponse();
    void aRetryWaitCanBeSkipped();

private:
    template <typename T> T *find(const QString &name) const
    {
        auto *widget = m_window->findChild<T *>(name);
        if (!widget)
            qFatal("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
        return widget;
    }
    void importExample(const QString &file, const QByteArray &extraRequestYaml = {});
    void type(const QString &field, const QString &text) const;
    bool runTest(const QString &partition = {});
    QStringList column(const QString &table, const QString &header) const;

    DemoApiProcess m_api;
    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<SecretStore> m_secrets;
};

void TestTestPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
    QVERIFY2(m_api.start({u"--api-key"_s, QString::fromLatin1(ApiKey)}), qPrintable(m_api.errorString()));
}

void TestTestPanel::init()
{
    QSettings().clear();
    m_window = std::make_unique<MainWindow>();
    m_window->setUnsavedPrompt([](QWidget *) { return QMessageBox::Discard; });
    // Never the user's keychain: the environment and session values only.
    m_secrets = std::make_unique<SecretStore>(SecretStore::Backend::None);
    m_secrets->probe();
    m_window->setSecretStore(m_secrets.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestTestPanel::cleanup()
{
    m_window.reset();
    m_secrets.reset();
    qunsetenv("BACKFILL_SECRET_API_KEY");
}

// An example spec pointed at the test's server, imported as a new connection.
void TestTestPanel::importExample(const QString &file, const QByteArray &extraRequestYaml)
{
    QFile in(QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples/") + file);
    QVERIFY(in.open(QIODevice::ReadOnly));
    QByteArray yaml = in.readAll();
    yaml.replace("http://127.0.0.1:8765", m_api.url().toString().toUtf8());
    if (!extraRequestYaml.isEmpty())
        yaml.replace(QByteArray("    request:\n"), QByteArray(QByteArray("    request:\n") + extraRequestYaml));
    const QString path = m_dir.filePath(file);
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(yaml);
    out.close();
    QString error;
    QVERIFY2(m_window->importSpecFile(path, &error), qPrintable(error));
}

void TestTestPanel::type(const QString &field, const QString &text) const
{
    auto *edit = find<QLineEdit>(field);
    QVERIFY2(edit->isVisible(), qPrintable(field));
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

// Runs a test read from the endpoint form (an empty partition: the most recent one).
bool TestTestPanel::runTest(const QString &partition)
{
    TestPanel *panel = m_window->testPanel();
    auto *partitionField = find<QComboBox>(u"testPartitionKey"_s);
    partitionField->setEditText(partition);
    QTest::mouseClick(find<QPushButton>(u"endpointTestButton"_s), Qt::LeftButton);
    if (!panel->isRunning())
        return false;
    return QTest::qWaitFor([panel] { return !panel->isRunning(); }, NetworkTimeoutMs);
}

QStringList TestTestPanel::column(const QString &table, const QString &header) const
{
    const QAbstractItemModel *model = find<QTableView>(table)->model();
    QStringList values;
    for (int c = 0; c < model->columnCount(); ++c) {
        if (model->headerData(c, Qt::Horizontal).toString() != header)
            continue;
        for (int r = 0; r < model->rowCount(); ++r)
            values.append(model->index(r, c).data().toString());
    }
    return values;
}

void TestTestPanel::showsRecordsWithTheSecretMasked()
{
    const QString workspace = m_dir.filePath(u"masked.sqlite"_s);
    QVERIFY(m_window->openWorkspace(workspace));
    importExample(u"demo_neo_feed.yaml"_s);

    // Without the key the test does not start, and says where to set it.
    QVERIFY(!runTest());
    QVERIFY(find<QDockWidget>(u"testDock"_s)->isVisible());
    QCOMPARE(find<QLabel>(u"testStatus"_s)->text(),
             u"asteroids needs the secret api_key: set it under Secrets on the Connection tab, or as the environment "
             "variable BACKFILL_SECRET_API_KEY."_s);

    // The connection lists the secret the spec references; its value is set in the studio.
    find<QTabWidget>(u"editorTabs"_s)->setCurrentIndex(0);
    const QAbstractItemModel *secrets = find<QTableView>(u"secretsTable"_s)->model();
    QCOMPARE(secrets->rowCount(), 1);
    QCOMPARE(secrets->index(0, 0).data().toString(), u"api_key"_s);
    QCOMPARE(secrets->index(0, 1).data().toString(), u"missing"_s);
    type(u"secretValue"_s, QString::fromLatin1(ApiKey));
    QTest::mouseClick(find<QPushButton>(u"secretSetButton"_s), Qt::LeftButton);
    QCOMPARE(secrets->index(0, 1).data().toString(), u"this session only"_s);
    QVERIFY(find<QLineEdit>(u"secretValue"_s)->text().isEmpty());
    QVERIFY(find<QLabel>(u"secretsStatus"_s)->text().startsWith(u"No desktop keychain"_s));

    find<QTabWidget>(u"editorTabs"_s)->setCurrentIndex(1);
    QVERIFY(runTest());
    QVERIFY(find<QDockWidget>(u"testDock"_s)->isVisible());
    const PreviewResult &result = m_window->testPanel()->result();
    QVERIFY2(result.ok(), qPrintable(result.error));
    QVERIFY(!result.records.isEmpty());
    // Without a partition typed, the most recent one, which the partition field offers first.
    QCOMPARE(result.partition, find<QComboBox>(u"testPartitionKey"_s)->itemText(0));

    // The page's request, as sent, with the key masked.
    const QString request = find<QPlainTextEdit>(u"testRequest"_s)->toPlainText();
    QVERIFY2(request.startsWith(u"GET "_s + m_api.url().toString() + u"/neo/rest/v1/feed?"_s), qPrintable(request));
    QVERIFY2(request.contains(u"api_key=****"_s), qPrintable(request));
    QVERIFY(!request.contains(QString::fromLatin1(ApiKey)));
    QVERIFY(find<QLabel>(u"testResponseStatus"_s)->text().startsWith(u"HTTP 200"_s));
    QVERIFY(find<QPlainTextEdit>(u"testResponseRaw"_s)->toPlainText().contains(u"near_earth_objects"_s));
    QVERIFY(find<QTreeView>(u"testResponseTree"_s)->model()->rowCount() > 0);

    // The records of the page in the table, with their columns and inferred types.
    QStringList ids;
    for (const QJsonValue &record : result.pages.constLast().records)
        ids.append(record.toObject().value(u"id"_s).toString());
    QCOMPARE(column(u"testRecords"_s, u"id"_s), ids);
    const QStringList columns = column(u"testColumns"_s, u"column"_s);
    QVERIFY(columns.contains(u"id"_s));
    QCOMPARE(column(u"testColumns"_s, u"type"_s).value(columns.indexOf(u"id"_s)), u"text"_s);
    QVERIFY(find<QPlainTextEdit>(u"testState"_s)->toPlainText().contains(u"\"start_date\""_s));
    QVERIFY(find<QLabel>(u"testWarnings"_s)->isHidden());
    QCOMPARE(find<QListView>(u"testPages"_s)->model()->index(0, 0).data().toString(),
             u"Page 1: HTTP 200, %1 records"_s.arg(result.pages.constFirst().records.size()));

    // Neither the workspace nor an exported spec holds the value.
    QVERIFY(m_window->saveAll());
    const QString exported = m_dir.filePath(u"exported.yaml"_s);
    QVERIFY(m_window->exportSpecFile(exported));
    m_window.reset();
    for (const QString &path : QStringList{workspace, workspace + u"-wal"_s, exported}) {
        QFile file(path);
        if (!file.exists())
            continue;
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY2(!bytes.contains(ApiKey), qPrintable(path));
        if (path == exported)
            QVERIFY(bytes.contains("{secrets.api_key}"));
    }
}

void TestTestPanel::theDemoAnswersTheFirstTestWithNoSecretTyped()
{
    // The demo workspace and a demo API started as the studio starts it: the first Test on
    // every demo endpoint that needs a secret answers records, nothing typed.
    DemoServer server;
    server.credential = u"d3mo-cr3d-7a1"_s; // not the default, which the examples' comments name
    DemoApiProcess demoApi;
    QVERIFY2(demoApi.start(server.arguments().mid(2)), qPrintable(demoApi.errorString())); // on a free port
    server.url = demoApi.url();
    const QString workspace = m_dir.filePath(u"demo.sqlite"_s);
    QVERIFY(m_window->openDemoWorkspace(workspace, server));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(u"api_key set for this session (nothing is stored)"_s),
             qPrintable(m_window->statusBar()->currentMessage()));

    auto *tree = find<QTreeView>(u"connectionTree"_s);
    const QAbstractItemModel *model = tree->model();
    QStringList tested;
    for (int c = 0; c < model->rowCount(); ++c) {
        const QModelIndex connection = model->index(c, 0);
        const QString name = connection.data().toString();
        if (!name.endsWith(u"(demo)"_s)) // the specs with secrets; the pagination demos have none
            continue;
        tree->setCurrentIndex(model->index(0, 0, connection)); // its first endpoint
        QVERIFY(runTest());
        const PreviewResult &result = m_window->testPanel()->result();
        QVERIFY2(result.ok(), qPrintable(name + u": "_s + result.error));
        QVERIFY2(!result.records.isEmpty() || result.pages.constLast().status == 200, qPrintable(name));
        QVERIFY(find<QLabel>(u"testResponseStatus"_s)->text().startsWith(u"HTTP 200"_s));
        tested.append(name);
    }
    QCOMPARE(tested.size(), 4);

    // The Connection tab says where the value comes from; nothing of it is in the workspace.
    find<QTabWidget>(u"editorTabs"_s)->setCurrentIndex(0);
    const QAbstractItemModel *secrets = find<QTableView>(u"secretsTable"_s)->model();
    QCOMPARE(secrets->index(0, 1).data().toString(), u"the demo API's, for this session (not stored)"_s);
    m_window.reset();
    for (const QString &path : QStringList{workspace, workspace + u"-wal"_s}) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            QVERIFY2(!file.readAll().contains(server.credential.toUtf8()), qPrintable(path));
    }
}

void TestTestPanel::warnsAboutMissingRecordsAndRepeatedKeys()
{
    qputenv("BACKFILL_SECRET_API_KEY", "demo-token");
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"warnings.sqlite"_s)));
    importExample(u"demo_analytics_api.yaml"_s);

    type(u"recordsPath"_s, u"data.items[]"_s);
    QVERIFY(runTest(u"2024-01-05"_s));
    QCOMPARE(m_window->testPanel()->result().partition, u"2024-01-05"_s);
    auto *warnings = find<QLabel>(u"testWarnings"_s);
    QVERIFY(warnings->isVisible());
    QCOMPARE(warnings->text(), u"No records: check the records path against the response."_s);

    // Events of a day share their type: as a primary key it repeats.
    type(u"recordsPath"_s, u"data.events[]"_s);
    type(u"primaryKey"_s, u"type"_s);
    QVERIFY(runTest(u"2024-01-05"_s));
    QVERIFY(!m_window->testPanel()->result().records.isEmpty());
    QVERIFY2(warnings->text().startsWith(u"The primary key (type) repeats: "_s), qPrintable(warnings->text()));

    // Ctrl+T tests too.
    type(u"primaryKey"_s, u"event_id"_s);
    auto *testAction = m_window->findChild<QAction *>(u"actionTestEndpoint"_s);
    QCOMPARE(testAction->shortcut(), QKeySequence(u"Ctrl+T"_s));
    testAction->trigger();
    QVERIFY(m_window->testPanel()->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->testPanel()->isRunning(), NetworkTimeoutMs);
    QCOMPARE(m_window->testPanel()->result().partition, u"2024-01-05"_s);
    QVERIFY(warnings->isHidden());
}

void TestTestPanel::recordsPathPreviewsTheLastResponse()
{
    qputenv("BACKFILL_SECRET_API_KEY", "demo-token");
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"preview.sqlite"_s)));
    importExample(u"demo_analytics_api.yaml"_s);
    auto *preview = find<QLabel>(u"recordsPreview"_s);
    QCOMPARE(preview->text(), u"Test the endpoint to see what the path extracts."_s);

    QVERIFY(runTest(u"2024-01-05"_s));
    const qsizetype count = m_window->testPanel()->result().records.size();
    QVERIFY(count > 0);
    QCOMPARE(preview->text(), u"The last test response gives %1 records with this path."_s.arg(count));
    QCOMPARE(find<QTableView>(u"recordsPreviewTable"_s)->model()->rowCount(), 5);

    // Typing a path shows at once what it would extract, without another request.
    type(u"recordsPath"_s, u"data"_s);
    QCOMPARE(preview->text(), u"The last test response gives 1 record with this path."_s);
    type(u"recordsPath"_s, u"data.nothing[]"_s);
    QCOMPARE(preview->text(), u"The last test response gives 0 records with this path."_s);
    QVERIFY(find<QTableView>(u"recordsPreviewTable"_s)->isHidden());
    type(u"recordsPath"_s, u"data.events[]"_s);
    QCOMPARE(preview->text(), u"The last test response gives %1 records with this path."_s.arg(count));

    // The keys offer the fields found, and a choice is an undoable edit.
    auto *primaryKey = find<QComboBox>(u"primaryKeyChoice"_s);
    QStringList offered;
    for (int i = 0; i < primaryKey->count(); ++i)
        offered.append(primaryKey->itemText(i));
    QVERIFY2(offered.contains(u"event_id"_s) && offered.contains(u"user_id"_s), qPrintable(offered.join(u' ')));
    primaryKey->setFocus();
    primaryKey->setCurrentIndex(int(offered.indexOf(u"user_id"_s)));
    Q_EMIT primaryKey->textActivated(u"user_id"_s); // what choosing from the list does
    QCOMPARE(m_window->currentDocument()->spec().endpoints.at(0).response.records.primaryKey,
             QStringList{u"user_id"_s});
    m_window->findChild<QAction *>(u"actionUndo"_s)->trigger();
    QCOMPARE(m_window->currentDocument()->spec().endpoints.at(0).response.records.primaryKey,
             QStringList{u"event_id"_s});
    QCOMPARE(find<QLineEdit>(u"primaryKey"_s)->text(), u"event_id"_s);
}

void TestTestPanel::aRetryWaitCanBeSkipped()
{
    qputenv("BACKFILL_SECRET_API_KEY", "demo-token");
    QVERIFY(m_window->openWorkspace(m_dir.filePath(u"wait.sqlite"_s)));
    // The first request of the URL is answered 429 with Retry-After: 600.
    importExample(u"demo_analytics_api.yaml"_s,
                  "      parameters:\n        fault: \"429\"\n        fault_times: 1\n        retry_after_s: 600\n");
    m_window->testPanel()->testPartition(u"daily_events"_s, u"2024-01-06"_s);
    QVERIFY(m_window->testPanel()->isRunning());
    auto *skip = find<QPushButton>(u"testSkipWaitButton"_s);
    QTRY_VERIFY2_WITH_TIMEOUT(skip->isVisible(), qPrintable(find<QLabel>(u"testStatus"_s)->text()), NetworkTimeoutMs);
    const QString waiting = find<QLabel>(u"testWaitMessage"_s)->text();
    QVERIFY2(waiting.startsWith(u"Waiting 600 s before the next attempt: "_s), qPrintable(waiting));
    QVERIFY2(waiting.contains(u"attempt 2 of 5"_s), qPrintable(waiting));

    QTest::mouseClick(skip, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->testPanel()->isRunning(), NetworkTimeoutMs);
    const PreviewResult &result = m_window->testPanel()->result();
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.pages.size(), 2);
    QCOMPARE(result.pages.at(0).status, 429);
    QCOMPARE(result.pages.at(1).status, 200);
    QVERIFY(!result.records.isEmpty());
    QVERIFY(!skip->isVisible());
    QCOMPARE(find<QLabel>(u"testWarnings"_s)->text(), u"Page 1 answered HTTP 429."_s);
}

QTEST_MAIN(TestTestPanel)
#include "tst_testpanel.moc"
