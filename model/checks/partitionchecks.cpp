#include "model/checks/partitionchecks.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PartitionChecks", text);
}

} // namespace

QString PartitionFlag::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Thin:
        return u"thin"_s;
    case Kind::Swollen:
        return u"swollen"_s;
    case Kind::EmptyGap:
        return u"empty_gap"_s;
    }
    return {};
}

QList<PartitionFlag> VolumeChecks::flags(const QList<PartitionRecord> &records) const
{
    // Succeeded and empty ones: an open partition is still being written (today, this hour), so
    // it is neither judged (thin today is normal) nor a neighbour.
    QList<const PartitionRecord *> done;
    for (const PartitionRecord &record : records) {
        if (isDone(record.status))
            done.append(&record);
    }
    const QLocale locale;
    QList<PartitionFlag> flags;
    const qsizetype half = std::max(1, neighbours / 2);
    const auto nonEmpty = [](const PartitionRecord *r) { return r->counts.rows > 0; };
    const qsizetype firstRows = std::find_if(done.cbegin(), done.cend(), nonEmpty) - done.cbegin();
    const qsizetype lastRows = done.crend() - std::find_if(done.crbegin(), done.crend(), nonEmpty) - 1;
    for (qsizetype i = 0; i < done.size(); ++i) {
        const PartitionRecord &record = *done.at(i);
        const qint64 rows = record.counts.rows;
        if (rows == 0) {
            if (firstRows < i && i < lastRows)
                flags.append({record.key, PartitionFlag::Kind::EmptyGap,
                              tr("no rows, between partitions with rows: check the source for this period")});
            continue;
        }
        QList<qint64> around;
        for (qsizetype j = std::max<qsizetype>(0, i - half); j <= std::min(done.size() - 1, i + half); ++j) {
            if (j != i)
                around.append(done.at(j)->counts.rows);
        }
        if (around.size() < 4)
            continue;
        std::sort(around.begin(), around.end());
        const qsizetype mid = around.size() / 2;
        const double median = around.size() % 2 ? double(around.at(mid)) : (around.at(mid - 1) + around.at(mid)) / 2.0;
        if (median <= 0)
            continue;
        const double share = rows / median;
        const QString figures = tr("%1 rows, %2% of the median of its %3 neighbours (%4)")
                                    .arg(locale.toString(rows))
                                    .arg(qRound(share * 100))
                                    .arg(around.size())
                                    .arg(locale.toString(median, 'f', median == qRound64(median) ? 0 : 1));
        if (share < low)
            flags.append({record.key, PartitionFlag::Kind::Thin, tr("thin: %1").arg(figures)});
        else if (share > high)
            flags.append({record.key, PartitionFlag::Kind::Swollen, tr("swollen: %1").arg(figures)});
    }
    return flags;
}

} // namespace Backfill
