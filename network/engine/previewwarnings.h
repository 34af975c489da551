#pragma once

#include "network/engine/previewjob.h"

#include <QString>
#include <QStringList>

namespace Backfill {

// What looks wrong after a test read, in words for the test panel: responses that are not
// 2xx, no records at all, records without their primary key or with a key seen twice, and
// pagination that asked for the same page again.
QStringList previewWarnings(const PreviewResult &result, const QStringList &primaryKey);

} // namespace Backfill
