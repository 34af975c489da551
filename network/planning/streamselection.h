#pragma once

#include "model/spec/spec.h"
#include "model/workspace/partitionledger.h"
#include "network/planning/endpointprogram.h"
#include "network/planning/partitionplanner.h"
#include "network/planning/runmode.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace Backfill {

// One endpoint to run, as the command line or a replication stream asks for it.
struct StreamRequest
{
    QString endpoint;
    QString table;         // empty: the endpoint's name
    QString range;         // empty: the spec's default range
    QString mode;          // for context.mode; empty: the spec's overrides.mode
    bool modeWins = false; // `mode` comes from --mode: it wins over the spec's overrides.mode
    int lookback = 0;      // incremental: the last done partitions fetched again
};

// What `plan` shows and `run` runs for one endpoint.
struct SelectedStream
{
    std::shared_ptr<const EndpointProgram> program;
    QString table;
    QString range;
    qint64 endpointId = -1; // -1 when the workspace has never seen the endpoint
    QJsonObject context;
    RunMode mode = RunMode::Default;         // as applied (see effectiveRunMode())
    QList<PartitionPlan> selected;           // everything the range selects, in order
    QList<PartitionPlan> toRun;              // what runs, in the order it runs
    QHash<QString, PartitionRecord> records; // the ledger's record of each selected key
};

enum class RunFilter {
    Resume,      // failed, unfinished and missing partitions; succeeded ones are skipped
    OnlyMissing, // only partitions never run, and open ones (their period had not ended)
    RetryFailed, // only failed partitions
    Everything,  // every selected partition, succeeded ones too
};

// Compiles each requested endpoint, selects its partitions by range, and decides with the
// ledger (when there is one) and the run mode which of them run and in which order. On failure returns
// nullopt with `error` (a spec or range error).
std::optional<QList<SelectedStream>> selectStreams(const ApiSpec &spec, const QList<StreamRequest> &requests,
                                                   PartitionLedger *ledger, bool createEndpoints, RunFilter filter,
                                                   PartitionLedger::Order order, QString *error);

} // namespace Backfill
