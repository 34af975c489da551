#include "model/targets/target.h"

#include "model/core/sqlerrortext.h"
#include "model/core/translation.h"

#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Backfill {

bool Target::acceptKey(const QString &table, bool exists, QStringList &made, const QStringList &wanted,
                       QString (*spelling)(const QString &), QString *error)
{
    if (!exists) {
        made = wanted;
        return true;
    }
    const auto compared = [spelling](const QStringList &key) {
        QStringList names;
        for (const QString &column : key)
            names << spelling(column);
        names.sort();
        return names;
    };
    if (compared(made) == compared(wanted))
        return true;
    if (error) {
        const auto describe = [](const QStringList &key) {
            return key.isEmpty() ? tr("no primary key") : tr("the primary key (%1)").arg(key.join(u", "_s));
        };
        // Rows are matched by the key the table was made with: another key needs another table.
        *error = tr("the table %1 was made with %2, and the endpoint now has %3: put the key back in the spec, or "
                    "load into a new table (another `object`) and load its partitions again")
                     .arg(table, describe(made), describe(wanted));
    }
    return false;
}

bool Target::forgetColumns(const QSqlDatabase &database, const QString &table, QString *error)
{
    QSqlQuery forget(database);
    forget.prepare(u"DELETE FROM _backfill_columns WHERE table_name = ?"_s);
    forget.addBindValue(table);
    if (forget.exec())
        return true;
    if (error)
        *error = sqlErrorText(forget.lastError());
    return false;
}

} // namespace Backfill
