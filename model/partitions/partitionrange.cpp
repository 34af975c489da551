#include "model/partitions/partitionrange.h"

#include <QCoreApplication>

#include <algorithm>

namespace Backfill {

namespace {

using Run = std::pair<qint64, qint64>;

struct Item
{
    enum class Kind { Empty, Point, Pattern, Range };
    Kind kind = Kind::Empty;
    qsizetype position = 0; // first character of the item
    QStringView text;       // points and patterns
    QStringView lower;      // range ends; empty for an open end
    QStringView upper;
    qsizetype lowerPosition = 0;
    qsizetype upperPosition = 0;
};

struct Failure
{
    PartitionError error;
};

[[noreturn]] void failAt(qsizetype position, const QString &message)
{
    throw Failure{{message, int(position)}};
}

QString expectedItemMessage()
{
    return QCoreApplication::translate("Backfill", "Expected a key, a range or a pattern");
}

bool endsToken(QChar c, bool inBrackets)
{
    return c.isSpace() || c == QLatin1Char(',') || c == QLatin1Char('[') || c == QLatin1Char(']') ||
           (inBrackets && c == QLatin1Char('.'));
}

QList<Item> splitItems(QStringView text)
{
    QList<Item> items;
    qsizetype pos = 0;
    const auto skipSpace = [&] {
        while (pos < text.size() && text.at(pos).isSpace())
            ++pos;
    };
    const auto readToken = [&](bool inBrackets) {
        const qsizetype start = pos;
        while (pos < text.size() && !endsToken(text.at(pos), inBrackets))
            ++pos;
        return text.mid(start, pos - start);
    };
    const auto missingBracket = [](qsizetype open) {
        failAt(open, QCoreApplication::translate("Backfill", "Missing \"]\" for this \"[\""));
    };

    while (true) {
        skipSpace();
        Item item;
        item.position = pos;
        if (pos == text.size() || text.at(pos) == QLatin1Char(',')) {
            item.kind = Item::Kind::Empty;
        } else if (text.at(pos) == QLatin1Char('[')) {
            const qsizetype open = pos++;
            skipSpace();
            item.lowerPosition = pos;
            item.lower = readToken(true);
            skipSpace();
            if (pos == text.size())
                missingBracket(open);
            if (!text.mid(pos).startsWith(u"..."))
                failAt(pos, QCoreApplication::translate("Backfill", "Expected \"...\" between the ends of the range"));
            pos += 3;
            skipSpace();
            item.upperPosition = pos;
            item.upper = readToken(true);
            skipSpace();
            if (pos == text.size())
                missingBracket(open);
            if (text.at(pos) != QLatin1Char(']'))
                failAt(pos, QCoreApplication::translate("Backfill", "Expected \"]\" to close the range"));
            ++pos;
            item.kind = Item::Kind::Range;
        } else if (text.at(pos) == QLatin1Char(']')) {
            failAt(pos, QCoreApplication::translate("Backfill", "Unexpected \"]\" without a \"[\""));
        } else {
            item.text = readToken(false);
            item.kind = item.text.contains(QLatin1Char('*')) ? Item::Kind::Pattern : Item::Kind::Point;
        }
        items.append(item);
        skipSpace();
        if (pos == text.size())
            break;
        if (text.at(pos) == QLatin1Char(']'))
            failAt(pos, QCoreApplication::translate("Backfill", "Unexpected \"]\" without a \"[\""));
        if (text.at(pos) != QLatin1Char(','))
            failAt(pos, QCoreApplication::translate("Backfill", "Expected \",\" between items"));
        ++pos;
    }
    return items;
}

// Resolves items against the scheme into index runs, keeping their total bounded.
class Resolver
{
public:
    explicit Resolver(const PartitionScheme &scheme)
        : m_scheme(scheme)
    {}

    PartitionSpan span(QStringView text, qsizetype position) const
    {
        PartitionError error;
        const auto span = m_scheme.spanOf(text, &error);
        if (!span)
            failAt(position + std::max(error.position, 0), error.message);
        return *span;
    }

    void addRun(qint64 first, qint64 last, qsizetype position)
    {
        first = std::max<qint64>(first, 0);
        last = std::min(last, m_scheme.count() - 1);
        if (first > last)
            return;
        m_runs.append({first, last});
        m_total += last - first + 1;
        if (m_total > PartitionRange::MaxKeys) {
            normalize();
            if (m_total > PartitionRange::MaxKeys)
                failAt(position, QCoreApplication::translate(
                                     "Backfill", "The selection has more than %1 partitions; narrow it down")
                                     .arg(PartitionRange::MaxKeys));
        }
    }

    void addPoint(const Item &item)
    {
        const auto [first, last] = m_scheme.indexesOf(span(item.text, item.position));
        addRun(first, last, item.position);
    }

    void addRange(const Item &item)
    {
        for (const auto &[end, position] :
             {std::pair{item.lower, item.lowerPosition}, {item.upper, item.upperPosition}}) {
            const qsizetype star = end.indexOf(QLatin1Char('*'));
            if (star >= 0)
                failAt(position + star, QCoreApplication::translate("Backfill", "A range end cannot contain \"*\""));
        }
        qint64 first = 0;
        qint64 last = m_scheme.count() - 1;
        std::optional<PartitionSpan> lower;
        if (!item.lower.isEmpty()) {
            lower = span(item.lower, item.lowerPosition);
            first = m_scheme.indexesOf(*lower).first;
        }
        if (!item.upper.isEmpty()) {
            const PartitionSpan upper = span(item.upper, item.upperPosition);
            if (lower && lower->from > upper.from)
                failAt(item.upperPosition, QCoreApplication::translate("Backfill", "The range ends before it starts"));
            last = m_scheme.indexesOf(upper).second;
        }
        addRun(first, last, item.position);
    }

    void addPattern(const Item &item)
    {
        const qsizetype star = item.text.indexOf(QLatin1Char('*'));
        const qsizetype second = item.text.indexOf(QLatin1Char('*'), star + 1);
        if (second >= 0)
            failAt(item.position + second,
                   QCoreApplication::translate("Backfill", "Only one \"*\" is allowed in a pattern"));
        const QStringView prefix = item.text.left(star);
        const QStringView suffix = item.text.mid(star + 1);
        // Keys are made of digits, '-', 'W', 'T' and '+': anything else matches nothing,
        // which spares scanning the scheme for text that is not a key at all.
        const auto mayBeInKey = [](QStringView part) {
            return std::all_of(part.begin(), part.end(), [](QChar c) {
                return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('-') ||
                       c == QLatin1Char('W') || c == QLatin1Char('T') || c == QLatin1Char('+');
            });
        };
        if (!mayBeInKey(prefix) || !mayBeInKey(suffix))
            return;

        // Time keys sort in time order, so the keys starting with `prefix` are one run.
        qint64 first = 0;
        qint64 end = m_scheme.count();
        if (!m_scheme.isNumeric()) {
            first = partitionPoint([&](const QString &key) { return key < prefix; });
            end = partitionPoint([&](const QString &key) { return key < prefix || key.startsWith(prefix); });
            if (suffix.isEmpty()) {
                addRun(first, end - 1, item.position);
                return;
            }
        }
        if (end - first > PartitionRange::MaxKeys)
            failAt(item.position,
                   QCoreApplication::translate("Backfill", "The pattern would have to check more than %1 partitions; "
                                                           "use a range instead")
                       .arg(PartitionRange::MaxKeys));
        qint64 runStart = -1;
        for (qint64 index = first; index < end; ++index) {
            const QString key = m_scheme.keyAt(index);
            const bool matches =
                key.size() >= prefix.size() + suffix.size() && key.startsWith(prefix) && key.endsWith(suffix);
            if (matches && runStart < 0)
                runStart = index;
            if (!matches && runStart >= 0) {
                addRun(runStart, index - 1, item.position);
                runStart = -1;
            }
        }
        if (runStart >= 0)
            addRun(runStart, end - 1, item.position);
    }

    void normalize()
    {
        std::sort(m_runs.begin(), m_runs.end());
        QList<Run> merged;
        m_total = 0;
        for (const Run &run : std::as_const(m_runs)) {
            if (!merged.isEmpty() && run.first <= merged.last().second + 1)
                merged.last().second = std::max(merged.last().second, run.second);
            else
                merged.append(run);
        }
        for (const Run &run : std::as_const(merged))
            m_total += run.second - run.first + 1;
        m_runs = merged;
    }

    const QList<Run> &runs() const { return m_runs; }
    qint64 total() const { return m_total; }

private:
    // The first index whose key fails `before`, which holds for a prefix of the indexes.
    template <typename Predicate> qint64 partitionPoint(Predicate before) const
    {
        qint64 low = 0;
        qint64 high = m_scheme.count();
        while (low < high) {
            const qint64 middle = low + (high - low) / 2;
            if (before(m_scheme.keyAt(middle)))
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    const PartitionScheme &m_scheme;
    QList<Run> m_runs;
    qint64 m_total = 0;
};

bool isPlain(const Item &item)
{
    return item.kind == Item::Kind::Point || item.kind == Item::Kind::Empty;
}

} // namespace

PartitionRange::PartitionRange() = default;

PartitionRange PartitionRange::parse(const QString &text, const PartitionScheme &scheme)
{
    PartitionRange range;
    range.m_scheme = scheme;
    if (!scheme.isValid()) {
        range.m_error = {QCoreApplication::translate("Backfill", "The partition scheme is invalid"), 0};
        return range;
    }
    if (text.trimmed().isEmpty()) {
        range.m_valid = true;
        return range;
    }
    try {
        const QList<Item> items = splitItems(text);
        Resolver resolver(scheme);
        if (items.size() == 2 && isPlain(items.at(0)) && isPlain(items.at(1))) {
            const Item &a = items.at(0);
            const Item &b = items.at(1);
            if (a.kind == Item::Kind::Empty && b.kind == Item::Kind::Empty)
                failAt(a.position, expectedItemMessage());
            if (b.kind == Item::Kind::Empty) {
                resolver.addRun(scheme.indexesOf(resolver.span(a.text, a.position)).first, scheme.count() - 1,
                                a.position);
            } else if (a.kind == Item::Kind::Empty) {
                resolver.addRun(0, scheme.indexesOf(resolver.span(b.text, b.position)).second, a.position);
            } else {
                const PartitionSpan from = resolver.span(a.text, a.position);
                const PartitionSpan to = resolver.span(b.text, b.position);
                if (from.from <= to.from) {
                    resolver.addRun(scheme.indexesOf(from).first, scheme.indexesOf(to).second, a.position);
                } else {
                    resolver.addPoint(a);
                    resolver.addPoint(b);
                }
            }
        } else {
            for (const Item &item : items) {
                switch (item.kind) {
                case Item::Kind::Empty:
                    failAt(item.position, expectedItemMessage());
                case Item::Kind::Point:
                    resolver.addPoint(item);
                    break;
                case Item::Kind::Pattern:
                    resolver.addPattern(item);
                    break;
                case Item::Kind::Range:
                    resolver.addRange(item);
                    break;
                }
            }
        }
        resolver.normalize();
        range.m_runs = resolver.runs();
        range.m_count = resolver.total();
        range.m_valid = true;
    } catch (const Failure &failure) {
        range.m_error = failure.error;
    }
    return range;
}

QString PartitionRange::toString(const QStringList &keys, const PartitionScheme &scheme)
{
    QList<qint64> indexes;
    indexes.reserve(keys.size());
    for (const QString &key : keys) {
        const qint64 index = scheme.indexOfKey(key);
        if (index >= 0)
            indexes.append(index);
    }
    std::sort(indexes.begin(), indexes.end());
    indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());

    QList<Run> runs;
    for (const qint64 index : std::as_const(indexes)) {
        if (!runs.isEmpty() && runs.last().second + 1 == index)
            runs.last().second = index;
        else
            runs.append({index, index});
    }
    const auto bracketed = [&scheme](const Run &run) -> QString {
        return QLatin1Char('[') + scheme.keyAt(run.first) + u"..." + scheme.keyAt(run.second) + QLatin1Char(']');
    };
    QStringList items;
    for (const Run &run : std::as_const(runs))
        items.append(run.first == run.second ? scheme.keyAt(run.first) : bracketed(run));
    // Two plain keys would read as Sling's `a,b` range.
    if (runs.size() == 2 && runs.at(0).first == runs.at(0).second && runs.at(1).first == runs.at(1).second)
        items[0] = bracketed(runs.at(0));
    return items.join(u", ");
}

bool PartitionRange::isValid() const
{
    return m_valid;
}

const PartitionError &PartitionRange::error() const
{
    return m_error;
}

QStringList PartitionRange::keys() const
{
    QStringList keys;
    keys.reserve(m_count);
    for (const Run &run : m_runs) {
        for (qint64 index = run.first; index <= run.second; ++index)
            keys.append(m_scheme.keyAt(index));
    }
    return keys;
}

qint64 PartitionRange::count() const
{
    return m_count;
}

bool PartitionRange::contains(QStringView key) const
{
    return containsIndex(m_scheme.indexOfKey(key));
}

bool PartitionRange::containsIndex(qint64 index) const
{
    const auto run =
        std::partition_point(m_runs.begin(), m_runs.end(), [index](const Run &run) { return run.second < index; });
    return index >= 0 && run != m_runs.end() && run->first <= index;
}

const QList<std::pair<qint64, qint64>> &PartitionRange::runs() const
{
    return m_runs;
}

} // namespace Backfill
