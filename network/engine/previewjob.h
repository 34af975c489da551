#pragma once

#include "model/core/secrets.h"
#include "model/targets/columntype.h"
#include "network/http/httprequest.h"
#include "network/planning/endpointprogram.h"
#include "network/planning/partitionplanner.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QTimer;

namespace Backfill {

class HttpJob;
struct PageOutput;
struct RetryWait;
class OAuth2Token;

struct PreviewOptions
{
    int maxPages = 3;
    int maxRecords = 100;
    int bodyExcerptBytes = 4096; // of each response body, after masking
    // Retry as a run would (waiting as the rules and the server say, reported by waiting())
    // instead of stopping at the first response a rule sends back.
    bool followRetries = false;
    std::function<QDateTime()> clock;
    QJsonObject inputs; // inputs.NAME, as a run is given them
};

// One page of a preview: the request as sent (secrets masked), the response, what was
// extracted and the state the next page would start from.
struct PreviewPage
{
    int page = 1;
    QByteArray method;
    QString url;                // masked
    HttpHeaders requestHeaders; // masked
    QByteArray requestBody;     // masked
    int status = 0;             // 0 when no response arrived
    HttpHeaders responseHeaders;
    QByteArray bodyExcerpt; // masked, at most PreviewOptions::bodyExcerptBytes
    qint64 bodyBytes = 0;
    qint64 elapsedMs = 0;
    QJsonArray records;
    QJsonObject stateAfter;
    QString message;           // the rule that matched or the error, for people; empty when all went well
    bool notAdvancing = false; // next_state gave the same state again

    QJsonObject toJson() const;
};

struct PreviewColumn
{
    QString name;
    ColumnType type = ColumnType::Null;
};

struct PreviewResult
{
    QString endpoint;
    QString partition;
    QList<PreviewPage> pages;
    QJsonArray records;           // of all pages, at most PreviewOptions::maxRecords
    QList<PreviewColumn> columns; // inferred from the records, in first-seen order
    QJsonObject state;            // after the last page
    bool morePages = false;       // stopped by a limit while the pagination would go on
    QString error;                // why the preview stopped early, if it did

    bool ok() const { return error.isEmpty(); }
    // {endpoint, partition, requests: [...], records, columns, state, more_pages, error}
    QJsonObject toJson() const;
};

// The "test read" of one partition: fetches its first pages (within page and record
// limits) exactly as a run would build them, and reports per page the request, the
// response, the records and the state after. Writes nothing anywhere: no rows, no ledger,
// no checkpoints, no sync. Retry rules are reported, not followed. Shared by the GUI's
// test panel and `backfill preview`.
class PreviewJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewJob)

public:
    explicit PreviewJob(QNetworkAccessManager *manager, QObject *parent = nullptr);
    ~PreviewJob() override;

    // Starts the preview of `partition` (from planPartitions) with the run's `context`
    // and the endpoint's `sync` state. False with `error` when it cannot start (a missing
    // secret, a state that does not evaluate); finished() is then not emitted.
    bool start(std::shared_ptr<const EndpointProgram> program, const PartitionPlan &partition,
               const QJsonObject &context, const QJsonObject &sync, const Secrets &secrets,
               const PreviewOptions &options, QString *error);
    // Stops; finished() is still emitted once.
    void abort();
    // Sends the request now instead of waiting out a retry delay.
    void skipWait();
    bool isWaiting() const;

    const PreviewResult &result() const { return m_result; }

signals:
    void pageFetched(const Backfill::PreviewPage &page);
    void finished(const Backfill::PreviewResult &result);
    // A response was sent back for retry (followRetries): the request goes again in `delayMs`
    // unless skipWait() comes first. `reason` says why, for people.
    void waiting(qint64 delayMs, const QString &reason);

private:
    void sendPage();
    void send(const QString &bearerToken);
    void onResponse(const HttpResult &response);
    void finish(const QString &error = {});
    void addColumns(const QJsonObject &record);
    void waitForRetry(const RetryWait &wait, const QString &message);

    QNetworkAccessManager *m_manager;
    std::shared_ptr<const EndpointProgram> m_program;
    Secrets m_secrets;
    PreviewOptions m_options;
    QHash<QString, QJsonValue> m_roots; // context, sync, secrets
    QJsonObject m_state;
    HttpRequest m_request;
    QPointer<HttpJob> m_job;
    std::unique_ptr<OAuth2Token> m_token;
    PreviewResult m_result;
    QHash<QString, qsizetype> m_columnIndex;
    QTimer *m_waitTimer;
    int m_page = 1;
    int m_attempt = 1;
    bool m_running = false;
};

} // namespace Backfill
