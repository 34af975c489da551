#include "model/checks/partitionchecks.h"

#include <QCoreApplication>
#include <QLocale>
#include <QMap>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PartitionChecks", text);
}

// "name:type,..." (PartitionPull::columns) as name -> type.
QMap<QString, QString> columnTypes(const QString &columns)
{
    QMap<QString, QString> types;
    for (const QString &column : columns.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype colon = column.lastIndexOf(u':');
        types.insert(column.left(colon), column.mid(colon + 1));
    }
    return types;
}

// What differs between the columns of two partitions; empty when nothing does.
QString driftText(const QString &before, const QString &after)
{
    const QMap<QString, QString> was = columnTypes(before);
    const QMap<QString, QString> is = columnTypes(after);
    QStringList added, gone, changed;
    for (auto it = is.cbegin(); it != is.cend(); ++it) {
        if (!was.contains(it.key()))
            added << u"%1 (%2)"_s.arg(it.key(), it.value());
        else if (was.value(it.key()) != it.value())
            changed << u"%1 %2 -> %3"_s.arg(it.key(), was.value(it.key()), it.value());
    }
    for (auto it = was.cbegin(); it != was.cend(); ++it) {
        if (!is.contains(it.key()))
            gone << it.key();
    }
    QStringList parts;
    if (!added.isEmpty())
        parts << tr("new %1").arg(added.join(u", "_s));
    if (!gone.isEmpty())
        parts << tr("gone %1").arg(gone.join(u", "_s));
    if (!changed.isEmpty())
        parts << tr("changed type %1").arg(changed.join(u", "_s));
    return parts.join(u"; "_s);
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
    case Kind::DuplicateKeys:
        return u"duplicate_keys"_s;
    case Kind::MissingUpdateKey:
        return u"missing_update_key"_s;
    case Kind::SchemaDrift:
        return u"schema_drift"_s;
    }
    return {};
}

PartitionChecks PartitionChecks::forEndpoint(const BackfillKeys &keys)
{
    // What parses goes through fromJson(), which keeps the defaults for what is out of range.
    QJsonObject json;
    if (const std::optional<double> low = BackfillKeys::parseRatio(keys.thinBelow))
        json.insert(u"thin_below"_s, *low);
    if (const std::optional<double> high = BackfillKeys::parseRatio(keys.swollenAbove))
        json.insert(u"swollen_above"_s, *high);
    bool ok = false;
    if (const int neighbours = keys.neighbours.toInt(&ok); ok)
        json.insert(u"neighbours"_s, neighbours);
    return fromJson(json);
}

QJsonObject PartitionChecks::toJson() const
{
    return {{u"thin_below"_s, low}, {u"swollen_above"_s, high}, {u"neighbours"_s, neighbours}};
}

PartitionChecks PartitionChecks::fromJson(const QJsonObject &json)
{
    PartitionChecks checks;
    const double low = json.value(u"thin_below"_s).toDouble(checks.low);
    const double high = json.value(u"swollen_above"_s).toDouble(checks.high);
    if (low > 0 && high > low) {
        checks.low = low;
        checks.high = high;
    }
    if (const int neighbours = json.value(u"neighbours"_s).toInt(checks.neighbours);
        neighbours >= BackfillKeys::MinNeighbours)
        checks.neighbours = neighbours;
    return checks;
}

QList<PartitionFlag> PartitionChecks::flags(const QList<PartitionRecord> &records) const
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
        if (around.size() < BackfillKeys::MinNeighbours)
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

    // The partition's own rows, and its columns against the previous partition with rows.
    const PartitionRecord *previous = nullptr;
    for (const PartitionRecord *record : std::as_const(done)) {
        const PartitionPull &pull = record->pull;
        if (pull.duplicateKeys > 0)
            flags.append({record->key, PartitionFlag::Kind::DuplicateKeys,
                          tr("%1 records repeat a primary key of the same partition (the last of each was kept): "
                             "the API served them twice, or the key is not unique")
                              .arg(locale.toString(pull.duplicateKeys))});
        if (pull.missingUpdateKey > 0)
            flags.append(
                {record->key, PartitionFlag::Kind::MissingUpdateKey,
                 tr("%1 records have no value for the update key").arg(locale.toString(pull.missingUpdateKey))});
        if (record->counts.rows == 0 || pull.columns.isEmpty())
            continue; // no columns to compare (empty, or pulled before columns were kept)
        if (previous) {
            if (const QString drift = driftText(previous->pull.columns, pull.columns); !drift.isEmpty())
                flags.append({record->key, PartitionFlag::Kind::SchemaDrift,
                              tr("columns differ from %1: %2").arg(previous->key, drift)});
        }
        previous = record;
    }
    std::stable_sort(flags.begin(), flags.end(),
                     [](const PartitionFlag &a, const PartitionFlag &b) { return a.key < b.key; });
    return flags;
}

} // namespace Backfill
