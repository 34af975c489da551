#pragma once

#include "model/targets/recordbatch.h"
#include "network/http/httprequest.h"
#include "network/planning/endpointprogram.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>

#include <memory>

namespace Backfill {

// One response of a partition, with what the partition knew when it sent the request.
struct PageInput
{
    std::shared_ptr<const EndpointProgram> program;
    HttpRequest request;
    HttpResult response;
    QJsonObject state;                // the state the request was built from
    QHash<QString, QJsonValue> roots; // context, sync, secrets (and env when given)
    qint64 recordsBefore = 0;         // records of the partition's earlier pages
    int page = 1;                     // the page's number within its partition, from 1
    bool planAhead = false;           // say which pages follow, if the response tells
    bool requireKey = false;          // a record without its primary key fails the page (a preview warns)
};

// What the page means: the rule that matched, or the records and the next request.
struct PageOutput
{
    enum class Verdict {
        Use,   // records are good; continue or stop as `stop` says
        Retry, // a rule (or a broken body) asks to try the same request again
        Fail,  // the partition fails with `message`
        Skip,  // drop this page's records, then continue as `stop` says
        Stop,  // keep the records and end the partition here
    };

    Verdict verdict = Verdict::Use;
    const EndpointProgram::Rule *rule = nullptr; // the rule that decided, if any
    QString message;                             // why, for people

    RecordBatch records;
    qint64 recordCount = 0;
    QJsonObject state;     // after processors
    QJsonObject nextState; // the next request's state, when !stop
    bool stop = true;
    bool notAdvancing = false; // next_state gave the same state again: stopped to avoid a loop
    // With planAhead, when the response tells how many pages the partition has: the states
    // of the pages after this one, up to its last, for fetching them in parallel. A guess
    // that the pages check: each one is used only if its request is the one the page before
    // it leads to.
    QList<QJsonObject> plannedStates;
};

// Judges a response and extracts its records. Pure and thread-safe (it only reads the
// shared program), so pages are processed on worker threads, off the GUI thread.
PageOutput processPage(const PageInput &input);

// The `response` scope root: status, lower-cased headers, and (when given) json and records.
QJsonObject responseScope(const HttpResult &response);

} // namespace Backfill
