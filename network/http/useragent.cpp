#include "network/http/useragent.h"

#include "backfillversion.h"

namespace Backfill {

QByteArray userAgent()
{
    return QByteArrayLiteral("BackfillStudio/" BACKFILL_VERSION);
}

} // namespace Backfill
