#pragma once

#include <QByteArray>

namespace Backfill {

// The User-Agent every request of the project carries.
QByteArray userAgent();

} // namespace Backfill
