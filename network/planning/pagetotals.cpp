#include "network/planning/pagetotals.h"

using namespace Qt::StringLiterals;

namespace Backfill {

const QList<PageTotal> &pageTotals()
{
    static const QList<PageTotal> totals{
        {PageTotal::Counts::Pages,
         {u"total_pages"_s, u"totalPages"_s, u"page_count"_s, u"pageCount"_s},
         "x-total-pages"},
        {PageTotal::Counts::Records, {u"total"_s, u"total_count"_s, u"totalCount"_s}, "x-total-count"},
    };
    return totals;
}

const QStringList &pageTotalContainers()
{
    static const QStringList containers{QString(), u"meta"_s, u"pagination"_s, u"paging"_s};
    return containers;
}

} // namespace Backfill
