#include "views/mainwindow/mainwindow.h"

#include "model/core/logging.h"
#include "model/spec/specloader.h"
#include "model/spec/specwriter.h"
#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"
#include "network/planning/endpointprogram.h"
#include "views/calendar/calendarpanel.h"
#include "views/data/databrowser.h"
#include "views/document/specdocument.h"
#include "views/editor/connectionform.h"
#include "views/editor/connectiontreemodel.h"
#include "views/editor/endpointform.h"
#include "views/history/runhistorypanel.h"
#include "views/run/runcontroller.h"
#include "views/secrets/secretstore.h"
#include "views/test/testpanel.h"
#include "views/yaml/yamlview.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSet>
#include <QSettings>
#include <QStatusBar>
#include <QTreeView>
#include <QUndoGroup>

// The main window's files: opening, creating and saving workspaces (and the recent ones),
// importing and exporting spec files. The window itself is in mainwindow.cpp.

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

const QString RecentKey = u"workspace/recent"_s;
const QString LastKey = u"workspace/last"_s;

QString workspaceFilter()
{
    return QCoreApplication::translate("Backfill", "Workspaces (*.sqlite *.db);;All files (*)");
}

} // namespace

bool MainWindow::openWorkspace(const QString &path, QString *error)
{
    if (refuseDuringRun(error))
        return false;
    auto workspace = std::make_unique<Workspace>();
    QString reason;
    if (!workspace->open(path, &reason)) {
        if (error)
            *error = reason;
        qCWarning(lcViews) << reason;
        return false;
    }
    if (m_secretStore)
        m_secretStore->clearDemoValues(); // the demo's credential is for the demo workspace only
    m_connectionForm->setDocument(nullptr);
    m_endpointForm->setEndpoint(nullptr, -1);
    m_yamlView->setDocument(nullptr);
    m_model->clear();
    m_history->setLedger(nullptr); // the panels read through the old connection until here
    m_dataBrowser->setDatabase({});
    m_ledger.reset();
    m_workspace = std::move(workspace);
    m_ledger = std::make_unique<PartitionLedger>(*m_workspace);
    // Partitions that a crashed or killed run left running become failed, so that they show
    // red and run again, as `backfill run` does when it starts.
    if (const int recovered = m_ledger->recoverInterrupted(); recovered > 0)
        qCInfo(lcViews) << recovered << "interrupted partitions marked failed in" << path;
    m_history->setLedger(m_ledger.get());
    m_dataBrowser->setDatabase(m_workspace->database());
    m_runController->setWorkspace(path, m_ledger.get());
    for (const SpecRecord &record : m_ledger->specs()) {
        SpecLoadResult loaded = SpecLoader::load(record.yaml.toUtf8(), record.name);
        auto *document = new SpecDocument(loaded.spec, record.name);
        document->markSaved();
        m_model->addDocument(document);
        m_undoGroup->addStack(document->undoStack());
    }
    if (m_model->rowCount() > 0)
        m_tree->setCurrentIndex(m_model->index(0, 0));
    rememberWorkspace(path);
    statusBar()->showMessage(tr("Workspace %1").arg(QDir::toNativeSeparators(path)));
    updateTitle();
    return true;
}

QStringList DemoServer::arguments() const
{
    return {u"--port"_s, QString::number(url.port(8765)), u"--bearer-token"_s, credential, u"--api-key"_s, credential};
}

bool MainWindow::openDemoWorkspace(const QString &path, const DemoServer &server, QString *error)
{
    if (!openWorkspace(path, error))
        return false;
    const QDir examples(u":/examples"_s);
    const QByteArray exampleUrl = DemoServer().url.toString().toUtf8();
    QSet<QString> secretNames;
    const bool fresh = m_ledger->specs().isEmpty();
    for (const QString &file : examples.entryList({u"demo_*.yaml"_s}, QDir::Files, QDir::Name)) {
        QFile in(examples.filePath(file));
        if (!in.open(QIODevice::ReadOnly))
            continue;
        QByteArray yaml = in.readAll();
        yaml.replace(exampleUrl, server.url.toString().toUtf8());
        const SpecLoadResult loaded = SpecLoader::load(yaml, file);
        for (const Endpoint &endpoint : loaded.spec.endpoints) {
            if (const auto program = EndpointProgram::compile(loaded.spec, endpoint.name, nullptr))
                secretNames.unite(QSet<QString>(program->secretNames.cbegin(), program->secretNames.cend()));
        }
        const QString name = loaded.spec.name.isEmpty() ? QFileInfo(file).baseName() : loaded.spec.name;
        // The example text as written (comments included) is what the workspace keeps.
        if (fresh && !m_ledger->saveSpec(name, QString::fromUtf8(yaml))) {
            if (error)
                *error = m_ledger->lastError();
            return false;
        }
    }
    if (fresh && !openWorkspace(path, error))
        return false;
    // The demo works at the first click: its API's credential, in memory, never stored.
    for (const QString &name : std::as_const(secretNames))
        m_secretStore->setDemoValue(name, server.credential);
    statusBar()->showMessage(
        tr("Demo workspace: the demo API at %1 answers with the secrets %2 set for this "
           "session (nothing is stored)")
            .arg(server.url.toString(), QStringList(secretNames.cbegin(), secretNames.cend()).join(u", "_s)));
    return true;
}

QString MainWindow::workspacePath() const
{
    return m_workspace ? m_workspace->path() : QString();
}

bool MainWindow::saveAll()
{
    if (!m_ledger) {
        saveWorkspaceAsDialog();
        return m_ledger != nullptr && !hasUnsavedChanges();
    }
    QStringList taken;
    for (const SpecRecord &record : m_ledger->specs())
        taken.append(record.name);
    for (SpecDocument *document : m_model->documents()) {
        if (!document->isDirty())
            continue;
        QString name = document->recordName();
        if (name.isEmpty()) {
            const QString base = document->spec().name.isEmpty() ? tr("Connection") : document->spec().name;
            name = base;
            for (int n = 2; taken.contains(name); ++n)
                name = base + u' ' + QString::number(n);
            taken.append(name);
        }
        if (!m_ledger->saveSpec(name, QString::fromUtf8(document->yaml()))) {
            QMessageBox::warning(this, tr("Save"), tr("Could not save %1: %2").arg(name, m_ledger->lastError()));
            return false;
        }
        document->setRecordName(name);
        document->markSaved();
    }
    statusBar()->showMessage(tr("Saved"), 3000);
    updateTitle();
    return true;
}

bool MainWindow::hasUnsavedChanges() const
{
    const auto &documents = m_model->documents();
    return std::any_of(documents.cbegin(), documents.cend(), [](const SpecDocument *d) { return d->isDirty(); });
}

bool MainWindow::maybeSave()
{
    if (!hasUnsavedChanges())
        return true;
    const QMessageBox::StandardButton answer =
        m_unsavedPrompt ? m_unsavedPrompt(this)
                        : QMessageBox::warning(this, tr("Unsaved changes"),
                                               tr("Some connections have changes that are not saved. Save them?"),
                                               QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return saveAll();
    return answer == QMessageBox::Discard;
}

void MainWindow::newWorkspace()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("New Workspace"), QDir::homePath(), workspaceFilter());
    if (path.isEmpty())
        return;
    QFile::remove(path); // the dialog asked before replacing it
    QString error;
    if (!openWorkspace(path, &error))
        QMessageBox::warning(this, tr("New Workspace"), error);
}

void MainWindow::openWorkspaceDialog()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Workspace"), QDir::homePath(), workspaceFilter());
    QString error;
    if (!path.isEmpty() && !openWorkspace(path, &error))
        QMessageBox::warning(this, tr("Open Workspace"), error);
}

void MainWindow::saveWorkspaceAsDialog()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save Workspace As"), QDir::homePath(), workspaceFilter());
    QString error;
    if (!path.isEmpty() && !saveWorkspaceAs(path, &error))
        QMessageBox::warning(this, tr("Save Workspace As"), error);
}

bool MainWindow::saveWorkspaceAs(const QString &path, QString *error)
{
    if (refuseDuringRun(error))
        return false;
    const QString oldPath = workspacePath();
    if (QFileInfo(path).absoluteFilePath() == QFileInfo(oldPath).absoluteFilePath())
        return saveAll();
    // The edits move along with the window; the documents go when the old workspace closes.
    QList<std::pair<ApiSpec, QString>> edited;
    for (const SpecDocument *document : m_model->documents()) {
        if (document->isDirty())
            edited.append({document->spec(), document->recordName()});
    }
    m_connectionForm->setDocument(nullptr);
    m_endpointForm->setEndpoint(nullptr, -1);
    m_yamlView->setDocument(nullptr);
    m_model->clear();
    m_history->setLedger(nullptr);
    m_dataBrowser->setDatabase({});
    m_runController->setWorkspace({}, nullptr);
    m_ledger.reset();
    m_workspace.reset();
    QFile::remove(path); // the dialog asked before replacing it
    if (!oldPath.isEmpty() && !QFile::copy(oldPath, path)) {
        if (error)
            *error = tr("Could not copy the workspace to %1.").arg(QDir::toNativeSeparators(path));
        openWorkspace(oldPath);
        return false;
    }
    if (!openWorkspace(path, error))
        return false;
    for (const auto &[spec, recordName] : edited) {
        bool replaced = false;
        for (SpecDocument *document : m_model->documents()) {
            if (!recordName.isEmpty() && document->recordName() == recordName) {
                document->edit(spec, tr("Edits before Save As"));
                replaced = true;
            }
        }
        if (!replaced)
            addConnection(spec);
    }
    return saveAll();
}

void MainWindow::importSpec()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Spec"), QDir::homePath(),
                                                      tr("API specs (*.yaml *.yml);;All files (*)"));
    QString error;
    if (!path.isEmpty() && !importSpecFile(path, &error))
        QMessageBox::warning(this, tr("Import Spec"), error);
}

bool MainWindow::importSpecFile(const QString &path, QString *error)
{
    const SpecLoadResult loaded = SpecLoader::loadFile(path);
    if (loaded.spec.name.isEmpty() && loaded.spec.endpoints.isEmpty() && loaded.hasErrors()) {
        if (error)
            *error = loaded.problems.constFirst().toString();
        return false;
    }
    ApiSpec spec = loaded.spec;
    spec.fileName.clear();
    SpecDocument *document = addConnection(spec);
    if (!spec.endpoints.isEmpty())
        m_tree->setCurrentIndex(m_model->endpointIndex(document, 0));
    if (loaded.hasErrors())
        m_tabs->setCurrentWidget(m_yamlView);
    return true;
}

void MainWindow::exportSpec()
{
    SpecDocument *document = currentDocument();
    if (!document)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Spec"), document->spec().name + u".yaml"_s,
                                                      tr("API specs (*.yaml *.yml)"));
    QString error;
    if (!path.isEmpty() && !exportSpecFile(path, &error))
        QMessageBox::warning(this, tr("Export Spec"), error);
}

bool MainWindow::exportSpecFile(const QString &path, QString *error) const
{
    const SpecDocument *document = currentDocument();
    if (!document) {
        if (error)
            *error = tr("Select a connection to export.");
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(document->yaml()) < 0 || !file.commit()) {
        if (error)
            *error = tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

QStringList MainWindow::recentWorkspaces()
{
    return QSettings().value(RecentKey).toStringList();
}

QString MainWindow::lastWorkspace()
{
    return QSettings().value(LastKey).toString();
}

void MainWindow::rememberWorkspace(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QSettings settings;
    QStringList recent = settings.value(RecentKey).toStringList();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > MaxRecentWorkspaces)
        recent.removeLast();
    settings.setValue(RecentKey, recent);
    settings.setValue(LastKey, absolute);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = recentWorkspaces();
    for (const QString &path : recent) {
        m_recentMenu->addAction(QDir::toNativeSeparators(path), this, [this, path] {
            QString error;
            if (maybeSave() && !openWorkspace(path, &error))
                QMessageBox::warning(this, tr("Open Workspace"), error);
        });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

} // namespace Backfill
