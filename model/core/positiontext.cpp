#include "model/core/positiontext.h"

#include <QCoreApplication>

namespace Backfill {

QString positionedText(const QString &message, int position)
{
    return position < 0 ? message
                        : QCoreApplication::translate("Backfill", "At character %1: %2").arg(position + 1).arg(message);
}

} // namespace Backfill
