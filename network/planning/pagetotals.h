#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Backfill {

// Where a response may say how many pages a partition has, which makes its pages plannable
// (fetched side by side instead of one after another): one entry per way, tried in order. A
// count of records is turned into pages by the size of the page that said it. Adding a way
// an API announces its size is adding an entry here.
struct PageTotal
{
    enum class Counts { Pages, Records };

    Counts counts = Counts::Pages;
    QStringList fields; // names of a JSON field, at the top of the body or in a container
    QByteArray header;  // a response header (lower case), tried after the fields
};

// The entries, and the objects of a body the fields are looked for in ("" is the top).
const QList<PageTotal> &pageTotals();
const QStringList &pageTotalContainers();

} // namespace Backfill
