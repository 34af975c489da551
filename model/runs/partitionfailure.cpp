#include "model/runs/partitionfailure.h"

#include "model/core/translation.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace Backfill {

std::optional<PartitionFailure> PartitionFailure::fromEvent(const RunEvent &event)
{
    if (event.data.value(u"event"_s).toString() != u"partition_failed"_s)
        return std::nullopt;
    PartitionFailure failure;
    failure.endpoint = event.data.value(u"endpoint"_s).toString();
    failure.partition = event.partitionKey.isEmpty() ? event.data.value(u"partition"_s).toString() : event.partitionKey;
    failure.at = event.at;
    failure.page = event.data.value(u"page"_s).toInt();
    failure.httpStatus = event.data.value(u"status"_s).toInt();
    failure.method = event.data.value(u"method"_s).toString();
    failure.url = event.data.value(u"url"_s).toString();
    failure.requestHeaders = event.data.value(u"request_headers"_s).toString();
    failure.response = event.data.value(u"response"_s).toString();
    failure.message = event.message;
    return failure;
}

QString PartitionFailure::advice() const
{
    const QString retry = tr("Then retry the failed partitions: their committed pages are kept.");
    if (message.contains(u"cancelled"_s))
        return tr("The run was cancelled. Run the partition again to continue from its last committed page.");
    switch (httpStatus) {
    case 401:
    case 403:
        return tr("The API refused the credentials. Check the secret the spec's authentication uses "
                  "(the secrets file or BACKFILL_SECRET_<NAME>) and its access rights.") +
               u' ' + retry;
    case 400:
    case 404:
    case 405:
    case 422:
        return tr("The API rejected the request. Check the endpoint's URL, parameters and payload on the "
                  "Endpoint tab, and test one partition before running again.");
    case 408:
    case 429:
        return tr("The API kept limiting requests after every retry. Lower the request rate or the "
                  "concurrency, or give the retry rule more attempts.") +
               u' ' + retry;
    default:
        break;
    }
    if (httpStatus >= 500)
        return tr("The server failed after every retry. Wait for it to recover, or give the retry rule more "
                  "attempts.") +
               u' ' + retry;
    if (httpStatus == 0 && !method.isEmpty())
        return tr("No response arrived (connection refused, timeout or TLS). Check the base URL and the "
                  "network.") +
               u' ' + retry;
    if (httpStatus >= 200 && httpStatus < 300)
        return tr("The response arrived but could not be read as the spec expects. Compare it with the "
                  "records path and the pagination on the Endpoint tab.");
    return tr("Check the spec on the Endpoint tab.") + u' ' + retry;
}

} // namespace Backfill
