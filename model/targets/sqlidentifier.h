#pragma once

#include <QString>

namespace Backfill {

// The one function that quotes identifiers that come from data (table and column names
// taken from specs and records), for SQLite and PostgreSQL alike: double quotes, with
// embedded quotes doubled and NUL characters dropped.
QString quoteIdentifier(const QString &name);

} // namespace Backfill
