// The main window's way in: the welcome page of an empty workspace, spec files dropped on the
// window, a connection started from a URL, and the demo.
#include "views/mainwindow/mainwindow.h"

#include "model/core/logging.h"
#include "network/engine/previewjob.h"
#include "views/document/specdocument.h"
#include "views/editor/connectiontreemodel.h"
#include "views/editor/endpointform.h"
#include "views/test/testpanel.h"
#include "views/welcome/endpointguess.h"
#include "views/welcome/welcomepage.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMimeData>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

// The local spec files among dropped URLs; empty when any is something else.
QStringList specFiles(const QMimeData *data)
{
    QStringList files;
    if (!data || !data->hasUrls())
        return files;
    for (const QUrl &url : data->urls()) {
        const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
        if (!url.isLocalFile() || (suffix != u"yaml"_s && suffix != u"yml"_s))
            return {};
        files.append(url.toLocalFile());
    }
    return files;
}

} // namespace

void MainWindow::createWelcomePage()
{
    m_centre = new QStackedWidget(m_splitter);
    m_centre->setObjectName(u"centre"_s);
    m_welcome = new WelcomePage(m_centre);
    m_centre->addWidget(m_welcome);
    m_centre->addWidget(m_tabs);
    setAcceptDrops(true);
    connect(m_welcome, &WelcomePage::importRequested, this, &MainWindow::importSpec);
    connect(m_welcome, &WelcomePage::urlRequested, this, &MainWindow::startFromUrl);
    connect(m_welcome, &WelcomePage::demoRequested, this, [this] {
        if (m_demoOpener && maybeSave())
            m_demoOpener();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateWelcomePage);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateWelcomePage);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateWelcomePage);
}

void MainWindow::updateWelcomePage()
{
    if (m_model->rowCount() == 0 && m_centre->currentWidget() != m_welcome)
        m_welcome->setMessage({}, false); // a message of the last time is old news
    m_centre->setCurrentWidget(m_model->rowCount() == 0 ? static_cast<QWidget *>(m_welcome) : m_tabs);
}

void MainWindow::setDemoOpener(DemoOpener opener)
{
    m_demoOpener = std::move(opener);
    m_welcome->setDemoAvailable(bool(m_demoOpener));
    m_openDemoAction->setEnabled(bool(m_demoOpener));
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!specFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList files = specFiles(event->mimeData());
    if (files.isEmpty())
        return;
    event->acceptProposedAction();
    QStringList problems;
    for (const QString &file : files) {
        QString error;
        if (!importSpecFile(file, &error))
            problems.append(tr("%1: %2").arg(QFileInfo(file).fileName(), error));
    }
    if (!problems.isEmpty()) {
        m_welcome->setMessage(problems.join(u'\n'), true);
        statusBar()->showMessage(tr("Not opened: %1").arg(problems.join(u"; "_s)));
    } else {
        statusBar()->showMessage(
            files.size() == 1
                ? tr("Opened %1 as a connection: save to keep it.").arg(QFileInfo(files.constFirst()).fileName())
                : tr("Opened %1 spec files as connections: save to keep them.").arg(files.size()));
    }
}

void MainWindow::startFromUrl(const QUrl &url)
{
    if (m_testPanel->isRunning()) { // its answer would be taken for this URL's
        m_welcome->setMessage(tr("A test is still running: stop it under Test results, then start again."), true);
        return;
    }
    SpecDocument *document = addConnection(specForUrl(url));
    m_tree->setCurrentIndex(m_model->endpointIndex(document, 0));
    m_tabs->setCurrentWidget(m_endpointForm);
    m_pendingGuess = PendingGuess{document, url};
    testEndpoint();
    if (!m_testPanel->isRunning()) // it says why in the panel
        m_pendingGuess.reset();
}

void MainWindow::fillFromFirstAnswer(const PreviewResult &result)
{
    if (!m_pendingGuess)
        return;
    const PendingGuess pending = *std::exchange(m_pendingGuess, std::nullopt);
    SpecDocument *document = pending.document;
    if (!document || document->spec().endpoints.isEmpty())
        return;
    if (result.endpoint != document->spec().endpoints.constFirst().name)
        return; // another endpoint's test
    // The first page's answer that came through: a 429 or 5xx retried before it does not count.
    const PreviewPage *first = nullptr;
    for (const PreviewPage &page : result.pages) {
        if (page.page == 1)
            first = &page;
    }
    QJsonParseError error;
    const bool whole = first && first->bodyBytes <= TestPanel::ResponseBytesKept; // kept whole, masked
    const QJsonDocument json = first && whole ? QJsonDocument::fromJson(first->bodyExcerpt, &error) : QJsonDocument();
    if (!first || first->status < 200 || first->status > 299 || json.isNull()) {
        const QString answer = !first               ? tr("no answer")
                               : first->status == 0 ? tr("no answer (%1)").arg(first->message)
                               : !whole             ? tr("too large to read here (%1 bytes)").arg(first->bodyBytes)
                                                    : tr("HTTP %1").arg(first->status);
        statusBar()->showMessage(tr("Nothing guessed from %1: the first answer was %2, not JSON records. Fix the URL "
                                    "or the authentication on the Connection tab and test again.")
                                     .arg(pending.url.toString(), answer));
        return;
    }
    const QJsonValue body = json.isArray() ? QJsonValue(json.array()) : QJsonValue(json.object());
    const EndpointGuess guess = EndpointGuess::fromResponse(pending.url, first->responseHeaders, body);
    ApiSpec spec = document->spec();
    guess.apply(spec.endpoints.first(), pending.url);
    document->edit(spec, tr("Fill in from the first answer"));
    qCInfo(lcViews) << "Started from" << pending.url.toString() << guess.findings;
    statusBar()->showMessage(tr("From the first answer: %1").arg(guess.findings.join(u' ')));
    m_tree->setCurrentIndex(m_model->endpointIndex(document, 0));
    m_tabs->setCurrentWidget(m_endpointForm);
    // The records, key and pages as guessed; after this test's finished() has been delivered.
    QTimer::singleShot(0, this, &MainWindow::testEndpoint);
}

} // namespace Backfill
