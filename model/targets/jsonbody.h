#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <memory>

namespace Backfill {

class RecordBatch;

// A response body parsed once (simdjson, about ten times QJsonDocument's speed), from which
// the records go straight into a RecordBatch and the rest, when expressions need it, into
// a QJsonValue. Leaving the records out of that conversion is what keeps large pages cheap.
class JsonBody final
{
public:
    JsonBody();
    ~JsonBody();
    JsonBody(JsonBody &&) noexcept;
    JsonBody &operator=(JsonBody &&) noexcept;

    // Parses `bytes`; an empty body is valid and holds null. On failure says why, with the
    // start of the body so an HTML error page is recognisable.
    bool parse(const QByteArray &bytes, QString *error);

    // Appends the records at `path` (fields; empty: the document). Arrays give one record per
    // item, an object gives one record, anything missing gives none.
    void appendRecords(RecordBatch &batch, const QStringList &path) const;
    // How many records appendRecords() would give.
    qsizetype countRecords(const QStringList &path) const;
    // Whether appendRecords() gives what the JMESPath `path` (with `[]` when `flatten`) gives:
    // an array of objects, an object where no `[]` asks for an array, or nothing at all. Other
    // shapes (nulls or arrays among the items, scalars) take the JMESPath route.
    bool holdsPlainRecords(const QStringList &path, bool flatten) const;
    // The value at `path` (fields); undefined when a field is missing.
    QJsonValue value(const QStringList &path) const;
    // The document as a QJsonValue; the value at `omitPath` (when given) becomes [].
    QJsonValue toJson(const QStringList &omitPath = {}) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace Backfill
