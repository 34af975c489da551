#include "network/engine/previewjob.h"

#include "model/targets/recordbatch.h"
#include "network/engine/pageprocessor.h"
#include "network/engine/requestbuilder.h"
#include "network/engine/retrywait.h"
#include "network/http/httpjob.h"
#include "network/http/oauth2token.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
QJsonObject headersJson(const HttpHeaders &headers)
{
    QJsonObject json;
    for (const auto &[name, value] : headers)
        json.insert(QString::fromLatin1(name), QString::fromUtf8(value));
    return json;
}

// The records of a batch as JSON, so a preview shows them as the target will hold them.
QJsonArray recordsJson(const RecordBatch &batch)
{
    QJsonArray records;
    for (qsizetype row = 0; row < batch.rowCount(); ++row) {
        QJsonObject record;
        const auto [begin, end] = batch.row(row);
        for (const RecordBatch::Cell *cell = begin; cell != end; ++cell) {
            const QString name = batch.columns().at(cell->column);
            const std::string_view text = batch.text(*cell);
            const QByteArray bytes(text.data(), qsizetype(text.size()));
            switch (cell->type) {
            case ColumnType::Null:
                record.insert(name, QJsonValue::Null);
                break;
            case ColumnType::Boolean:
                record.insert(name, cell->integer != 0);
                break;
            case ColumnType::Integer:
                record.insert(name, cell->integer);
                break;
            case ColumnType::Real:
                record.insert(name, cell->real);
                break;
            case ColumnType::Timestamp:
            case ColumnType::Text:
                record.insert(name, QString::fromUtf8(bytes));
                break;
            case ColumnType::Json: {
                const QJsonDocument document = QJsonDocument::fromJson(bytes);
                record.insert(name, document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()));
                break;
            }
            }
        }
        records.append(record);
    }
    return records;
}
} // namespace

QJsonObject PreviewPage::toJson() const
{
    QJsonObject request{
        {u"method"_s, QString::fromLatin1(method)}, {u"url"_s, url}, {u"headers"_s, headersJson(requestHeaders)}};
    if (!requestBody.isEmpty())
        request.insert(u"body"_s, QString::fromUtf8(requestBody));
    QJsonObject response{{u"status"_s, status},
                         {u"headers"_s, headersJson(responseHeaders)},
                         {u"body"_s, QString::fromUtf8(bodyExcerpt)},
                         {u"bytes"_s, bodyBytes},
                         {u"elapsed_ms"_s, elapsedMs}};
    QJsonObject json{{u"page"_s, page},
                     {u"request"_s, request},
                     {u"response"_s, response},
                     {u"records"_s, records},
                     {u"state_after"_s, stateAfter}};
    if (!message.isEmpty())
        json.insert(u"message"_s, message);
    return json;
}

QJsonObject PreviewResult::toJson() const
{
    QJsonArray requests;
    for (const PreviewPage &page : pages)
        requests.append(page.toJson());
    QJsonArray columnList;
    for (const PreviewColumn &column : columns)
        columnList.append(QJsonObject{{u"name"_s, column.name}, {u"type"_s, columnTypeName(column.type)}});
    QJsonObject json{{u"endpoint"_s, endpoint},   {u"partition"_s, partition}, {u"requests"_s, requests},
                     {u"records"_s, records},     {u"columns"_s, columnList},  {u"state"_s, state},
                     {u"more_pages"_s, morePages}};
    if (!error.isEmpty())
        json.insert(u"error"_s, error);
    return json;
}

PreviewJob::PreviewJob(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_waitTimer(new QTimer(this))
{
    m_waitTimer->setSingleShot(true);
    connect(m_waitTimer, &QTimer::timeout, this, &PreviewJob::sendPage);
}

PreviewJob::~PreviewJob() = default;

bool PreviewJob::start(std::shared_ptr<const EndpointProgram> program, const PartitionPlan &partition,
                       const QJsonObject &context, const QJsonObject &sync, const Secrets &secrets,
                       const PreviewOptions &options, QString *error)
{
    const auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (m_running)
        return fail(tr("a preview is already running"));
    if (!program)
        return fail(tr("no endpoint to preview"));
    const QStringList missing = secrets.missing(program->secretNames);
    if (!missing.isEmpty())
        return fail(tr("%1 needs the secret \"%2\": put it in the secrets file or set BACKFILL_SECRET_%3")
                        .arg(program->name, missing.first(), missing.first().toUpper()));

    m_program = std::move(program);
    m_secrets = secrets;
    m_options = options;
    m_result = {};
    m_result.endpoint = m_program->name;
    m_result.partition = partition.key;
    m_columnIndex.clear();
    m_page = 1;
    m_attempt = 1;

    QJsonObject secretValues;
    const auto resolved = secrets.resolve(m_program->secretNames);
    for (auto it = resolved.begin(); it != resolved.end(); ++it)
        secretValues.insert(it.key(), it.value());
    m_roots.clear();
    m_roots.insert(u"context"_s, context);
    m_roots.insert(u"sync"_s, sync);
    m_roots.insert(u"secrets"_s, secretValues);
    m_roots.insert(u"inputs"_s, options.inputs);

    // The partition's first state, as the engine builds it.
    QJsonObject state;
    if (!m_program->iterateInto.isEmpty())
        state.insert(m_program->iterateInto, partition.value);
    ExpressionScope scope;
    scope.roots = m_roots;
    scope.now = m_options.clock;
    for (const auto &entry : m_program->state) {
        scope.roots.insert(u"state"_s, state);
        ExpressionError failure;
        const QJsonValue value = entry.evaluate(scope, &failure);
        if (!failure.message.isEmpty())
            return fail(m_secrets.mask(tr("state.%1: %2").arg(entry.key, failure.message)));
        state.insert(entry.key, value);
    }
    m_state = state;
    m_result.state = state;

    m_token.reset();
    if (m_program->authType == Authentication::Type::OAuth2) {
        OAuth2Token::Config config{QUrl(m_program->authTokenUrl.render(scope)), m_program->authClientId.render(scope),
                                   m_program->authClientSecret.render(scope), m_program->authScopes,
                                   m_program->timeoutMs};
        m_token = std::make_unique<OAuth2Token>(m_manager, config);
    }
    m_running = true;
    QMetaObject::invokeMethod(this, &PreviewJob::sendPage, Qt::QueuedConnection);
    return true;
}

void PreviewJob::abort()
{
    if (!m_running)
        return;
    m_waitTimer->stop();
    if (m_job) {
        m_job->abort(); // onResponse() finishes with the network error
        return;
    }
    finish(tr("aborted"));
}

void PreviewJob::skipWait()
{
    if (!m_waitTimer->isActive())
        return;
    m_waitTimer->stop();
    sendPage();
}

bool PreviewJob::isWaiting() const
{
    return m_waitTimer->isActive();
}

void PreviewJob::waitForRetry(const RetryWait &wait, const QString &message)
{
    ++m_attempt;
    const qint64 seconds = (wait.delayMs + 999) / 1000;
    const QString how =
        wait.fromServer ? tr("as the server asked") : tr("%1 backoff").arg(BackoffPolicy::kindToString(wait.backoff));
    const QString reason =
        tr("%1; attempt %2 of %3 in %4 s (%5)").arg(message).arg(m_attempt).arg(wait.maxAttempts).arg(seconds).arg(how);
    m_waitTimer->start(int(std::min<qint64>(wait.delayMs, std::numeric_limits<int>::max())));
    emit waiting(wait.delayMs, reason);
}

void PreviewJob::sendPage()
{
    if (!m_running)
        return;
    if (!m_token) {
        send({});
        return;
    }
    m_token->get([this](const QString &token, const QString &error) {
        if (!m_running)
            return;
        if (!error.isEmpty()) {
            finish(m_secrets.mask(error));
            return;
        }
        send(token);
    });
}

void PreviewJob::send(const QString &bearerToken)
{
    ExpressionScope scope;
    scope.roots = m_roots;
    scope.roots.insert(u"state"_s, m_state);
    scope.now = m_options.clock;
    QString error;
    const auto request = buildRequest(*m_program, scope, bearerToken, &error);
    if (!request) {
        finish(m_secrets.mask(error));
        return;
    }
    m_request = *request;
    m_job = new HttpJob(m_manager, m_request, this);
    connect(m_job, &HttpJob::finished, this, &PreviewJob::onResponse);
    m_job->start();
}

void PreviewJob::onResponse(const HttpResult &response)
{
    if (m_job)
        m_job->deleteLater();
    m_job.clear(); // a later abort() must not wait for this finished request
    if (!m_running)
        return;

    PreviewPage page;
    page.page = m_page;
    page.method = m_request.method;
    page.url = m_secrets.mask(m_request.url.toDisplayString(QUrl::RemoveUserInfo));
    for (const auto &[name, value] : m_request.headers)
        page.requestHeaders.append({name, m_secrets.mask(value)});
    page.requestBody = m_secrets.mask(m_request.body);
    page.status = response.status;
    for (const auto &[name, value] : response.headers)
        page.responseHeaders.append({name, m_secrets.mask(value)});
    page.bodyBytes = response.body.size();
    page.bodyExcerpt = m_secrets.mask(response.body.left(m_options.bodyExcerptBytes));
    page.elapsedMs = response.elapsedMs;

    PageInput input;
    input.program = m_program;
    input.request = m_request;
    input.response = response;
    input.state = m_state;
    input.roots = m_roots;
    input.recordsBefore = m_result.records.size();
    // One page at a time, in the caller's thread: a preview is a few small pages.
    const PageOutput output = processPage(input);

    QString stopReason;
    switch (output.verdict) {
    case PageOutput::Verdict::Use:
    case PageOutput::Verdict::Skip:
    case PageOutput::Verdict::Stop:
        break;
    case PageOutput::Verdict::Retry:
        stopReason = tr("%1 (a run would retry this request)").arg(output.message);
        break;
    case PageOutput::Verdict::Fail:
        stopReason = output.message.isEmpty() ? tr("HTTP %1").arg(response.status) : output.message;
        break;
    }
    const bool usable = stopReason.isEmpty();
    if (!usable && output.verdict == PageOutput::Verdict::Retry && m_options.followRetries) {
        page.stateAfter = m_state;
        page.message = m_secrets.mask(output.message);
        const QDateTime now = m_options.clock ? m_options.clock() : QDateTime::currentDateTimeUtc();
        const RetryWait wait =
            RetryWait::decide(output.rule, m_attempt, response.status, response.header("retry-after"),
                              response.header("ratelimit-reset"), now, QRandomGenerator::global()->generateDouble());
        if (m_attempt < wait.maxAttempts) {
            m_result.pages.append(page);
            emit pageFetched(page);
            waitForRetry(wait, page.message);
            return;
        }
        stopReason = tr("%1 (after %2 attempts)").arg(output.message).arg(m_attempt);
    }
    if (usable) {
        // Records beyond the limit are dropped from the page too: the limit is what the user sees.
        for (const QJsonValue &record : recordsJson(output.records)) {
            if (m_result.records.size() >= m_options.maxRecords)
                break;
            page.records.append(record);
            m_result.records.append(record);
            addColumns(record.toObject());
        }
        page.stateAfter = output.stop ? output.state : output.nextState;
        m_state = page.stateAfter;
        m_result.state = m_state;
        page.notAdvancing = output.notAdvancing;
        if (output.notAdvancing)
            page.message = tr("pagination.next_state gave the same state again; a run stops here");
    } else {
        page.stateAfter = m_state;
        page.message = m_secrets.mask(stopReason);
    }
    m_result.pages.append(page);
    emit pageFetched(page);

    if (!usable) {
        finish(page.message);
        return;
    }
    ++m_page;
    m_attempt = 1;
    if (output.stop)
        return finish();
    if (m_page > m_options.maxPages || m_result.records.size() >= m_options.maxRecords) {
        m_result.morePages = true;
        return finish();
    }
    sendPage();
}

void PreviewJob::addColumns(const QJsonObject &record)
{
    for (auto it = record.begin(); it != record.end(); ++it) {
        const ColumnType seen = inferColumnType(it.value());
        const auto found = m_columnIndex.constFind(it.key());
        if (found == m_columnIndex.cend()) {
            m_columnIndex.insert(it.key(), m_result.columns.size());
            m_result.columns.append({it.key(), seen});
        } else {
            PreviewColumn &column = m_result.columns[*found];
            column.type = widenColumnType(column.type, seen);
        }
    }
}

void PreviewJob::finish(const QString &error)
{
    if (!m_running)
        return;
    m_running = false;
    m_waitTimer->stop();
    m_result.error = error;
    emit finished(m_result);
}

} // namespace Backfill
