#include "views/test/testpanel.h"

#include "model/core/logging.h"
#include "network/engine/previewwarnings.h"
#include "network/planning/partitionselection.h"
#include "views/document/specdocument.h"
#include "views/secrets/secretstore.h"
#include "views/test/jsontreemodel.h"
#include "views/test/recordtablemodel.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStringListModel>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

QPlainTextEdit *textView(const QString &name, const QString &accessibleName, QWidget *parent)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(name);
    view->setAccessibleName(accessibleName);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFont(u"monospace"_s));
    return view;
}

QTableView *tableView(const QString &name, const QString &accessibleName, QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setAccessibleName(accessibleName);
    view->setModel(model);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setWordWrap(false); // one line per record; nested values show whole in the tooltip
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    return view;
}

QString headerLines(const HttpHeaders &headers, QStringView prefix)
{
    QStringList lines;
    for (const auto &[name, value] : headers)
        lines.append(prefix + QString::fromLatin1(name) + u": "_s + QString::fromUtf8(value));
    return lines.join(u'\n');
}

QString recordCount(qsizetype count)
{
    return count == 1 ? QCoreApplication::translate("Backfill", "1 record")
                      : QCoreApplication::translate("Backfill", "%1 records").arg(count);
}

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

} // namespace

TestPanel::TestPanel(QNetworkAccessManager *network, SecretStore *secrets, QWidget *parent)
    : QWidget(parent)
    , m_network(network)
    , m_secrets(secrets)
    , m_job(new PreviewJob(network, this))
    , m_endpoint(new QLabel(this))
    , m_partition(new QComboBox(this))
    , m_maxPages(new QSpinBox(this))
    , m_maxRecords(new QSpinBox(this))
    , m_run(new QPushButton(tr("&Test"), this))
    , m_stop(new QPushButton(tr("Sto&p"), this))
    , m_waitRow(new QWidget(this))
    , m_waitMessage(new QLabel(m_waitRow))
    , m_skipWait(new QPushButton(tr("S&kip the wait"), m_waitRow))
    , m_status(new QLabel(this))
    , m_warningLabel(new QLabel(this))
    , m_pageModel(new QStringListModel(this))
    , m_pageList(new QListView(this))
    , m_details(new QTabWidget(this))
    , m_jsonModel(new JsonTreeModel(this))
    , m_recordModel(new RecordTableModel(this))
    , m_columnModel(new RecordTableModel(this))
{
    setObjectName(u"testPanel"_s);
    m_endpoint->setObjectName(u"testEndpoint"_s);
    m_partition->setObjectName(u"testPartitionKey"_s);
    m_partition->setAccessibleName(tr("Partition"));
    m_partition->setEditable(true);
    m_partition->setInsertPolicy(QComboBox::NoInsert);
    m_partition->setMinimumContentsLength(12);
    m_partition->lineEdit()->setPlaceholderText(tr("most recent"));
    m_maxPages->setObjectName(u"testMaxPages"_s);
    m_maxPages->setAccessibleName(tr("At most pages"));
    m_maxPages->setRange(1, 100);
    m_maxPages->setValue(3);
    m_maxRecords->setObjectName(u"testMaxRecords"_s);
    m_maxRecords->setAccessibleName(tr("At most records"));
    m_maxRecords->setRange(1, 100000);
    m_maxRecords->setValue(100);
    m_run->setObjectName(u"testRunButton"_s);
    m_stop->setObjectName(u"testStopButton"_s);
    m_stop->setEnabled(false);
    m_waitMessage->setObjectName(u"testWaitMessage"_s);
    m_waitMessage->setWordWrap(true);
    m_skipWait->setObjectName(u"testSkipWaitButton"_s);
    m_waitRow->hide();
    m_status->setObjectName(u"testStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_warningLabel->setObjectName(u"testWarnings"_s);
    m_warningLabel->setWordWrap(true);
    m_warningLabel->setTextFormat(Qt::PlainText);
    QPalette warning = m_warningLabel->palette();
    warning.setColor(QPalette::WindowText, QColor(0xb0, 0x60, 0x00));
    m_warningLabel->setPalette(warning);
    m_warningLabel->hide();

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_endpoint);
    controls->addWidget(new QLabel(tr("Partition:"), this));
    controls->addWidget(m_partition, 1);
    controls->addWidget(new QLabel(tr("Pages:"), this));
    controls->addWidget(m_maxPages);
    controls->addWidget(new QLabel(tr("Records:"), this));
    controls->addWidget(m_maxRecords);
    controls->addWidget(m_run);
    controls->addWidget(m_stop);
    auto *waitLayout = new QHBoxLayout(m_waitRow);
    waitLayout->setContentsMargins(0, 0, 0, 0);
    waitLayout->addWidget(m_waitMessage, 1);
    waitLayout->addWidget(m_skipWait);

    m_pageList->setObjectName(u"testPages"_s);
    m_pageList->setAccessibleName(tr("Pages"));
    m_pageList->setModel(m_pageModel);
    m_pageList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_details->setObjectName(u"testDetails"_s);
    m_request = textView(u"testRequest"_s, tr("Request"), m_details);
    m_details->addTab(m_request, tr("Request"));

    auto *response = new QWidget(m_details);
    auto *responseLayout = new QVBoxLayout(response);
    m_responseStatus = new QLabel(response);
    m_responseStatus->setObjectName(u"testResponseStatus"_s);
    auto *bodyTabs = new QTabWidget(response);
    m_responseHeaders = textView(u"testResponseHeaders"_s, tr("Response headers"), bodyTabs);
    m_responseTree = new QTreeView(bodyTabs);
    m_responseTree->setObjectName(u"testResponseTree"_s);
    m_responseTree->setAccessibleName(tr("Response JSON"));
    m_responseTree->setModel(m_jsonModel);
    m_responseTree->setUniformRowHeights(true);
    m_responseRaw = textView(u"testResponseRaw"_s, tr("Response text"), bodyTabs);
    bodyTabs->addTab(m_responseTree, tr("JSON"));
    bodyTabs->addTab(m_responseRaw, tr("Text"));
    bodyTabs->addTab(m_responseHeaders, tr("Headers")); // a tab: the dock stays short enough not to scroll
    responseLayout->addWidget(m_responseStatus);
    responseLayout->addWidget(bodyTabs, 1);
    m_details->addTab(response, tr("Response"));
    m_records = tableView(u"testRecords"_s, tr("Records"), m_recordModel, m_details);
    m_details->addTab(m_records, tr("Records"));
    m_columns = tableView(u"testColumns"_s, tr("Inferred columns"), m_columnModel, m_details);
    m_details->addTab(m_columns, tr("Columns"));
    m_state = textView(u"testState"_s, tr("State after"), m_details);
    m_details->addTab(m_state, tr("State after"));

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_pageList);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({180, 800});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_waitRow);
    layout->addWidget(m_status);
    layout->addWidget(m_warningLabel);
    layout->addWidget(splitter, 1);

    connect(m_run, &QPushButton::clicked, this, &TestPanel::runTest);
    connect(m_stop, &QPushButton::clicked, this, &TestPanel::stop);
    connect(m_skipWait, &QPushButton::clicked, this, &TestPanel::skipWait);
    connect(m_pageList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showPage(current.row()); });
    connect(m_job, &PreviewJob::pageFetched, this, &TestPanel::pageFetched);
    connect(m_job, &PreviewJob::finished, this, &TestPanel::previewFinished);
    connect(m_job, &PreviewJob::waiting, this, [this](qint64 delayMs, const QString &reason) {
        m_waitMessage->setText(tr("Waiting %1 s before the next attempt: %2").arg((delayMs + 999) / 1000).arg(reason));
        m_waitRow->show();
    });
    setEndpoint(nullptr, -1);
}

TestPanel::~TestPanel() = default;

void TestPanel::setEndpoint(SpecDocument *document, int index)
{
    if ((document != m_document || index != m_index) && !m_lastJson.isUndefined()) {
        // Another endpoint's response would preview its records path wrongly.
        m_lastJson = QJsonValue(QJsonValue::Undefined);
        Q_EMIT responseJsonChanged(m_lastJson);
    }
    m_document = document;
    m_index = index;
    const bool valid = document && index >= 0 && index < document->spec().endpoints.size();
    m_endpoint->setText(valid ? document->spec().endpoints.at(index).name : tr("No endpoint"));
    m_run->setEnabled(valid && !m_running);
    fillPartitions();
}

void TestPanel::fillPartitions()
{
    const QString typed = m_partition->currentText();
    m_partition->clear();
    if (!m_document || m_index < 0 || m_index >= m_document->spec().endpoints.size())
        return;
    QString error;
    const auto program =
        EndpointProgram::compile(m_document->spec(), m_document->spec().endpoints.at(m_index).name, &error);
    if (!program)
        return;
    const auto selection = selectPartitions(*program, {}, {}, program->mode, &error);
    if (!selection)
        return;
    QStringList keys;
    for (const PartitionPlan &plan : selection->plans.partitions)
        keys.prepend(plan.key); // most recent first
    m_partition->addItems(keys);
    m_partition->setCurrentIndex(keys.indexOf(typed));
    if (m_partition->currentIndex() < 0)
        m_partition->setEditText(typed);
}

void TestPanel::testPartition(const QString &endpoint, const QString &partitionKey)
{
    if (!m_document)
        return;
    const QList<Endpoint> &endpoints = m_document->spec().endpoints;
    for (int i = 0; i < endpoints.size(); ++i) {
        if (endpoints.at(i).name == endpoint) {
            if (i != m_index)
                setEndpoint(m_document, i);
            m_partition->setEditText(partitionKey);
            runTest();
            return;
        }
    }
    showStatus(tr("The connection has no endpoint %1.").arg(endpoint), true);
}

void TestPanel::runTest()
{
    if (m_running || !m_document || m_index < 0 || m_index >= m_document->spec().endpoints.size())
        return;
    const QString endpoint = m_document->spec().endpoints.at(m_index).name;
    QString error;
    const auto program = EndpointProgram::compile(m_document->spec(), endpoint, &error);
    if (!program) {
        showStatus(tr("%1 cannot be tested: %2").arg(endpoint, error), true);
        return;
    }
    const QString key = m_partition->currentText().trimmed();
    const auto selection = selectPartitions(*program, key, {}, program->mode, &error);
    if (!selection) {
        showStatus(tr("Partition %1: %2").arg(key, error), true);
        return;
    }
    if (selection->plans.partitions.isEmpty()) {
        showStatus(key.isEmpty() ? tr("%1 has no partitions in its default range: type a partition.").arg(endpoint)
                                 : tr("%1 has no partition %2.").arg(endpoint, key),
                   true);
        return;
    }
    // Without a key, the most recent partition: the one whose data is most likely there.
    const PartitionPlan plan =
        key.isEmpty() ? selection->plans.partitions.constLast() : selection->plans.partitions.constFirst();

    PreviewOptions options;
    options.maxPages = m_maxPages->value();
    options.maxRecords = m_maxRecords->value();
    options.bodyExcerptBytes = ResponseBytesKept;
    options.followRetries = true;
    const Secrets secrets = m_secrets ? m_secrets->secrets() : Secrets();
    if (const QStringList missing = secrets.missing(program->secretNames); !missing.isEmpty()) {
        showStatus(tr("%1 needs the secret %2: set it under Secrets on the Connection tab, or as the environment "
                      "variable %3.")
                       .arg(endpoint, missing.constFirst(), SecretStore::environmentVariable(missing.constFirst())),
                   true);
        return;
    }
    m_pages.clear();
    m_pageModel->setStringList({});
    m_warnings.clear();
    m_warningLabel->hide();
    showPage(-1);
    if (!m_job->start(program, plan, selection->context, {}, secrets, options, &error)) {
        showStatus(error, true);
        return;
    }
    qCDebug(lcViews) << "Testing" << endpoint << "partition" << plan.key;
    showStatus(tr("Testing %1, partition %2...").arg(endpoint, plan.key));
    setRunning(true);
    Q_EMIT started();
}

void TestPanel::stop()
{
    m_job->abort();
}

void TestPanel::skipWait()
{
    m_waitRow->hide();
    m_job->skipWait();
}

void TestPanel::pageFetched(const PreviewPage &page)
{
    m_waitRow->hide();
    m_pages.append(page);
    const QString status = page.status > 0 ? tr("HTTP %1").arg(page.status) : tr("no response");
    QStringList rows = m_pageModel->stringList();
    rows.append(tr("Page %1: %2, %3").arg(page.page).arg(status, recordCount(page.records.size())));
    m_pageModel->setStringList(rows);
    m_pageList->setCurrentIndex(m_pageModel->index(int(rows.size()) - 1));

    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(page.bodyExcerpt, &parseError);
    if (parseError.error == QJsonParseError::NoError && page.status >= 200 && page.status < 300) {
        m_lastJson = json.isArray() ? QJsonValue(json.array()) : QJsonValue(json.object());
        Q_EMIT responseJsonChanged(m_lastJson);
    }
}

void TestPanel::previewFinished(const PreviewResult &result)
{
    m_result = result;
    setRunning(false);
    m_waitRow->hide();
    const Endpoint *endpoint = m_document && m_index >= 0 && m_index < m_document->spec().endpoints.size()
                                   ? &m_document->spec().endpoints.at(m_index)
                                   : nullptr;
    QStringList primaryKey;
    if (m_document && endpoint)
        primaryKey = resolveEndpoint(m_document->spec().defaults, *endpoint).response.records.primaryKey;
    m_warnings = previewWarnings(result, primaryKey);
    m_warningLabel->setText(m_warnings.join(u'\n'));
    m_warningLabel->setVisible(!m_warnings.isEmpty());

    QJsonArray columns;
    for (const PreviewColumn &column : result.columns)
        columns.append(QJsonObject{{u"column"_s, column.name}, {u"type"_s, columnTypeName(column.type)}});
    m_columnModel->setRecords(columns, {u"column"_s, u"type"_s});

    const QString summary = tr("%1, partition %2: %3, %4")
                                .arg(result.endpoint, result.partition,
                                     result.pages.size() == 1 ? tr("1 page") : tr("%1 pages").arg(result.pages.size()),
                                     recordCount(result.records.size())) +
                            (result.morePages ? tr(" (more pages follow beyond the limits)") : QString());
    if (result.ok())
        showStatus(summary + u'.');
    else
        showStatus(summary + tr("; stopped: %1").arg(result.error), true);
    if (m_pageList->currentIndex().isValid())
        showPage(m_pageList->currentIndex().row());
    Q_EMIT finished(result);
}

void TestPanel::showPage(int row)
{
    if (row < 0 || row >= m_pages.size()) {
        m_request->clear();
        m_responseStatus->clear();
        m_responseHeaders->clear();
        m_jsonModel->setJson({});
        m_responseRaw->clear();
        m_recordModel->setRecords({});
        m_state->clear();
        return;
    }
    const PreviewPage &page = m_pages.at(row);
    QString request = QString::fromLatin1(page.method) + u' ' + page.url;
    if (!page.requestHeaders.isEmpty())
        request += u'\n' + headerLines(page.requestHeaders, {});
    if (!page.requestBody.isEmpty())
        request += u"\n\n"_s + QString::fromUtf8(page.requestBody);
    m_request->setPlainText(request);
    m_responseStatus->setText(
        page.status > 0 ? tr("HTTP %1, %2 bytes, %3 ms").arg(page.status).arg(page.bodyBytes).arg(page.elapsedMs) +
                              (page.message.isEmpty() ? QString() : u" - "_s + page.message)
                        : tr("No response: %1").arg(page.message));
    m_responseHeaders->setPlainText(headerLines(page.responseHeaders, {}));
    const QJsonDocument json = QJsonDocument::fromJson(page.bodyExcerpt);
    m_jsonModel->setJson(json.isArray()    ? QJsonValue(json.array())
                         : json.isObject() ? QJsonValue(json.object())
                                           : QJsonValue());
    m_responseTree->expandToDepth(1);
    m_responseTree->resizeColumnToContents(JsonTreeModel::KeyColumn);
    QString raw = json.isNull() ? QString::fromUtf8(page.bodyExcerpt) : QString::fromUtf8(json.toJson());
    if (page.bodyExcerpt.size() < page.bodyBytes)
        raw += tr("\n... (%1 more bytes)").arg(page.bodyBytes - page.bodyExcerpt.size());
    m_responseRaw->setPlainText(raw);
    QStringList order;
    for (const PreviewColumn &column : m_result.columns)
        order.append(column.name);
    m_recordModel->setRecords(page.records, order);
    m_state->setPlainText(jsonText(page.stateAfter));
}

void TestPanel::setRunning(bool running)
{
    m_running = running;
    m_run->setEnabled(!running && m_document && m_index >= 0);
    m_stop->setEnabled(running);
}

void TestPanel::showStatus(const QString &text, bool isError)
{
    m_status->setText(text);
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText,
                     isError ? QColor(0xd0, 0x30, 0x30) : this->palette().color(QPalette::WindowText));
    m_status->setPalette(palette);
}

} // namespace Backfill
