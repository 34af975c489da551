#pragma once

#include "model/spec/specproblem.h"

#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The Sling-compatible API spec as plain values: what the YAML says, in the order it says it.
// Expressions stay strings here; model/expression/expression.h compiles them.
namespace Backfill {

// Where each value of a struct came from, keyed by its YAML key ("url", "headers.Accept",
// "sync[0]"), and "" for the struct's own node. Positions are diagnostics, not content: two
// specs that differ only in where their values were written are equal.
struct SourceMap
{
    QHash<QString, SourcePosition> positions;

    SourcePosition at(const QString &key) const { return positions.value(key); }
    void set(const QString &key, SourcePosition position) { positions.insert(key, position); }
    // Fills in what `other` knows and this map does not (the endpoint's own positions win).
    void inherit(const SourceMap &other);

    friend bool operator==(const SourceMap &, const SourceMap &) { return true; }
};

// One entry of an ordered map (state, headers, parameters, next_state). Values keep their YAML
// type (a number stays a number) so a round trip writes what was read.
struct KeyValue
{
    QString key;
    QJsonValue value;

    bool operator==(const KeyValue &) const = default;
};
using KeyValueList = QList<KeyValue>;

// Sets `key` to `value` in place, or appends it when the key is new.
void setValue(KeyValueList &list, const QString &key, const QJsonValue &value);
const KeyValue *findValue(const KeyValueList &list, const QString &key);

struct Authentication
{
    enum class Type { None, Static, Basic, OAuth2 };

    Type type = Type::None;
    KeyValueList headers; // static
    QString username;     // basic
    QString password;
    QString flow; // oauth2: only client_credentials
    QString clientId;
    QString clientSecret;
    QString authenticationUrl; // the token URL
    QStringList scopes;
    SourceMap source;

    bool operator==(const Authentication &) const = default;
};

struct Iterate
{
    QString over; // expression
    QString into; // "state.<name>"
    std::optional<int> concurrency;
    SourceMap source;

    bool isEmpty() const { return over.isNull() && into.isNull() && !concurrency; }
    bool operator==(const Iterate &) const = default;
};

struct Request
{
    QString url; // template
    QString method;
    KeyValueList headers;    // values are templates
    KeyValueList parameters; // values are templates
    QJsonValue payload = QJsonValue::Undefined;
    std::optional<double> timeout; // seconds
    std::optional<double> rate;    // requests per second
    std::optional<int> concurrency;
    SourceMap source;

    bool operator==(const Request &) const = default;
};

struct Pagination
{
    KeyValueList nextState; // values are templates
    QString stopCondition;  // expression
    SourceMap source;

    bool isEmpty() const { return nextState.isEmpty() && stopCondition.isNull(); }
    bool operator==(const Pagination &) const = default;
};

struct Records
{
    QString jmespath;
    QStringList primaryKey;
    QString updateKey;
    std::optional<int> limit;
    SourceMap source;

    bool isEmpty() const { return jmespath.isNull() && primaryKey.isEmpty() && updateKey.isNull() && !limit; }
    bool operator==(const Records &) const = default;
};

struct Processor
{
    QString expression;  // expression
    QString output;      // "state.<name>" or "record.<name>"
    QString aggregation; // none, maximum, minimum, collect, first, last
    SourceMap source;

    bool operator==(const Processor &) const = default;
};

struct Rule
{
    QString condition; // expression
    QString action;    // retry, continue, stop, break, skip, fail
    std::optional<int> maxAttempts;
    QString backoff; // none, constant, linear, exponential, jitter
    std::optional<double> backoffBase;
    QString message; // template
    SourceMap source;

    bool operator==(const Rule &) const = default;
};

// `processors` / `rules` replace what `defaults` says; `+processors` / `processors+` (and the
// same for rules) put entries before / after the inherited ones instead, as Sling does.
template <typename T> struct InheritableList
{
    std::optional<QList<T>> items;
    QList<T> prepend;
    QList<T> append;

    bool isEmpty() const { return !items && prepend.isEmpty() && append.isEmpty(); }
    // What an endpoint ends up with when `base` comes from defaults.
    QList<T> resolve(const QList<T> &base) const { return prepend + items.value_or(base) + append; }
    bool operator==(const InheritableList &) const = default;
};

struct Response
{
    Records records;
    InheritableList<Processor> processors;
    InheritableList<Rule> rules;
    SourceMap source;

    bool operator==(const Response &) const = default;
};

struct Overrides
{
    QString mode; // full-refresh, incremental, truncate, snapshot, backfill
    SourceMap source;

    bool operator==(const Overrides &) const = default;
};

// What only Backfill Studio reads, under the endpoint's `x-backfill` key (Sling ignores keys it
// does not know): `settle`, how long after a partition's period ends its data is final
// ("2h", "1d"; none: at once). Until then a pulled partition is Open and pulled again.
// `checks`, when a partition's rows look incomplete against the median of its neighbours':
// `thin_below` and `swollen_above` ("20%" or 0.2; defaults 20% and 500%) and `neighbours`, how
// many pulled partitions around it count (default 14). Kept as written; positions under
// "checks.thin_below" and so on.
struct BackfillKeys
{
    QString settle;
    QString thinBelow;
    QString swollenAbove;
    QString neighbours;
    SourceMap source;

    bool hasChecks() const { return !thinBelow.isNull() || !swollenAbove.isNull() || !neighbours.isNull(); }
    static constexpr int MinNeighbours = 4; // fewer give no median worth judging by

    // "20%" or 0.2 -> 0.2; nullopt when not a positive ratio.
    static std::optional<double> parseRatio(const QString &text);

    bool operator==(const BackfillKeys &) const = default;
};

// One endpoint, or the spec's `defaults` (same shape). Unset values are null strings, empty
// optionals and empty lists, so defaults can tell "not said" from "said empty".
struct Endpoint
{
    QString name;
    QString description;
    QString docs;
    std::optional<bool> disabled;
    KeyValueList state; // values are templates or plain values
    std::optional<QStringList> sync;
    Iterate iterate;
    Request request;
    Pagination pagination;
    Response response;
    Overrides overrides;
    BackfillKeys backfill; // `x-backfill`
    SourceMap source;      // "" is the endpoint's key, "sync[i]" each sync entry

    bool operator==(const Endpoint &) const = default;
};

struct ApiSpec
{
    QString fileName; // for diagnostics only
    QString name;
    QString description;
    Authentication authentication;
    Endpoint defaults;
    QList<Endpoint> endpoints;
    SourceMap source;

    const Endpoint *endpoint(const QString &name) const;
    // The endpoint with `defaults` applied: maps merge key by key, scalars override, lists
    // replace (processors and rules also prepend/append). Empty when there is no such endpoint.
    std::optional<Endpoint> resolvedEndpoint(const QString &name) const;

    bool operator==(const ApiSpec &other) const
    {
        return name == other.name && description == other.description && authentication == other.authentication &&
               defaults == other.defaults && endpoints == other.endpoints;
    }
};

Endpoint resolveEndpoint(const Endpoint &defaults, const Endpoint &endpoint);

} // namespace Backfill
