#pragma once

#include <QSqlError>
#include <QString>

namespace Backfill {

// SQLite's own message ("file is not a database", "FOREIGN KEY constraint failed") without the
// driver's generic suffix ("Unable to fetch row") that QSqlError::text() appends.
inline QString sqlErrorText(const QSqlError &error)
{
    const QString text = error.databaseText();
    return text.isEmpty() ? error.text() : text;
}

} // namespace Backfill
