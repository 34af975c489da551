#pragma once

#include <QCoreApplication>
#include <QString>

namespace Backfill {

// Text for the user from code outside QObject classes (which have their own tr()): one
// translation context, "Backfill", for the model and network libraries.
inline QString tr(const char *text)
{
    return QCoreApplication::translate("Backfill", text);
}

} // namespace Backfill
