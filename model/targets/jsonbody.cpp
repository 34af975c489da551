#include "model/targets/jsonbody.h"

#include "model/targets/recordbatch.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>

#include <simdjson.h>

#include <charconv>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace Backfill {

namespace {
// Parsers keep their buffers (a few times the document's size) between documents: a new
// parser for every page would allocate and free several large blocks per page, each one
// fresh pages from the system. A thread keeps a spare parser of moderate size.
constexpr size_t MaxSpareCapacity = 4 * 1024 * 1024;

std::vector<std::unique_ptr<simdjson::dom::parser>> &spareParsers()
{
    thread_local std::vector<std::unique_ptr<simdjson::dom::parser>> spare;
    return spare;
}
} // namespace

struct JsonBody::Impl
{
    Impl()
    {
        auto &spare = spareParsers();
        if (spare.empty()) {
            parser = std::make_unique<simdjson::dom::parser>();
        } else {
            parser = std::move(spare.back());
            spare.pop_back();
        }
    }
    ~Impl()
    {
        auto &spare = spareParsers();
        if (spare.size() < 2 && parser->capacity() <= MaxSpareCapacity)
            spare.push_back(std::move(parser));
    }
    Q_DISABLE_COPY_MOVE(Impl)

    std::unique_ptr<simdjson::dom::parser> parser;
    simdjson::dom::element root;
    qsizetype size = 0;
    bool empty = true;
};

JsonBody::JsonBody()
    : d(std::make_unique<Impl>())
{}

JsonBody::~JsonBody() = default;
JsonBody::JsonBody(JsonBody &&) noexcept = default;
JsonBody &JsonBody::operator=(JsonBody &&) noexcept = default;

bool JsonBody::parse(const QByteArray &bytes, QString *error)
{
    d->empty = bytes.trimmed().isEmpty();
    if (d->empty)
        return true;
    d->size = bytes.size();
    const auto result = d->parser->parse(bytes.constData(), size_t(bytes.size())).get(d->root);
    if (result == simdjson::SUCCESS)
        return true;
    d->empty = true;
    if (error) {
        QString start = QString::fromUtf8(bytes.left(60)).simplified();
        if (bytes.size() > 60)
            start += u"...";
        *error =
            QCoreApplication::translate("Backfill", "the response is not valid JSON: it starts with `%1`").arg(start);
    }
    return false;
}

namespace {
void writeJson(std::string &out, simdjson::dom::element value);

void writeString(std::string &out, std::string_view text)
{
    static constexpr char Hex[] = "0123456789abcdef";
    out += '"';
    size_t plain = 0; // the start of the run of characters copied as they are
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(text.substr(plain, i - plain));
        plain = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            out += "\\u00";
            out += Hex[c >> 4];
            out += Hex[c & 0xF];
        }
    }
    out.append(text.substr(plain));
    out += '"';
}

template <typename Number> void writeNumber(std::string &out, Number number)
{
    char text[32];
    const auto end = std::to_chars(text, text + sizeof text, number).ptr;
    out.append(text, size_t(end - text));
}

// Compact JSON text of a value, written straight from the parsed document (simdjson's
// minify() builds it a character at a time, and took more of the parsing threads' time than
// parsing the page). Strings are escaped and numbers printed as QJsonDocument does (shortest
// round trip); unlike a QJsonObject, keys keep the page's order and integers past the signed
// 64-bit range stay exact.
void writeJson(std::string &out, simdjson::dom::element value)
{
    switch (value.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
        out += "null";
        return;
    case simdjson::dom::element_type::BOOL:
        out += value.get_bool().value_unsafe() ? "true" : "false";
        return;
    case simdjson::dom::element_type::INT64:
        writeNumber(out, value.get_int64().value_unsafe());
        return;
    case simdjson::dom::element_type::UINT64:
        writeNumber(out, value.get_uint64().value_unsafe());
        return;
    case simdjson::dom::element_type::DOUBLE: {
        // As QJsonDocument writes them: a whole number below 2^64 without a fraction or an
        // exponent (1e5 as 100000), anything else in its shortest form.
        const double d = value.get_double().value_unsafe();
        if (std::trunc(d) == d && std::abs(d) < 18446744073709551616.0) {
            if (d < 0)
                out += '-'; // -0 as 0
            writeNumber(out, quint64(std::abs(d)));
        } else {
            writeNumber(out, d);
        }
        return;
    }
    case simdjson::dom::element_type::STRING:
        writeString(out, value.get_string().value_unsafe());
        return;
    case simdjson::dom::element_type::ARRAY: {
        out += '[';
        bool first = true;
        const simdjson::dom::array items = value.get_array().value_unsafe();
        for (simdjson::dom::element item : items) {
            if (!first)
                out += ',';
            first = false;
            writeJson(out, item);
        }
        out += ']';
        return;
    }
    case simdjson::dom::element_type::OBJECT: {
        out += '{';
        bool first = true;
        const simdjson::dom::object fields = value.get_object().value_unsafe();
        for (auto field : fields) {
            if (!first)
                out += ',';
            first = false;
            writeString(out, field.key);
            out += ':';
            writeJson(out, field.value);
        }
        out += '}';
        return;
    }
    }
}

void appendValue(RecordBatch &batch, int column, simdjson::dom::element value)
{
    switch (value.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
        break;
    case simdjson::dom::element_type::BOOL:
        batch.addInteger(column, ColumnType::Boolean, value.get_bool().value_unsafe() ? 1 : 0);
        break;
    case simdjson::dom::element_type::INT64:
        batch.addInteger(column, ColumnType::Integer, value.get_int64().value_unsafe());
        break;
    case simdjson::dom::element_type::UINT64: // beyond int64: keep the magnitude as a real
        batch.addReal(column, double(value.get_uint64().value_unsafe()));
        break;
    case simdjson::dom::element_type::DOUBLE:
        batch.addReal(column, value.get_double().value_unsafe());
        break;
    case simdjson::dom::element_type::STRING:
        batch.addText(column, ColumnType::Text, value.get_string().value_unsafe());
        break;
    case simdjson::dom::element_type::ARRAY:
    case simdjson::dom::element_type::OBJECT:
        batch.addWrittenText(column, ColumnType::Json, [value](std::string &out) { writeJson(out, value); });
        break;
    }
}

void appendRecord(RecordBatch &batch, simdjson::dom::element record)
{
    if (record.is_object()) {
        const simdjson::dom::object object = record.get_object().value_unsafe();
        int position = 0;
        for (auto field : object)
            appendValue(batch, batch.columnFor(field.key, position++), field.value);
    } else {
        appendValue(batch, batch.columnFor(RecordBatch::ScalarColumn), record); // a list of plain values
    }
    batch.endRow();
}

// The element at `path`, or nothing when a field is missing or a step is not an object.
std::optional<simdjson::dom::element> find(simdjson::dom::element at, const QStringList &path)
{
    for (const QString &field : path) {
        const QByteArray key = field.toUtf8();
        simdjson::dom::object object;
        simdjson::dom::element next;
        if (at.get_object().get(object) != simdjson::SUCCESS ||
            object.at_key(std::string_view(key.constData(), size_t(key.size()))).get(next) != simdjson::SUCCESS)
            return std::nullopt;
        at = next;
    }
    return at;
}

// `omit` is the path still to follow to the value left out; null once off that path.
QJsonValue convert(simdjson::dom::element value, const QStringList *omit, qsizetype depth)
{
    switch (value.type()) {
    case simdjson::dom::element_type::NULL_VALUE:
        return QJsonValue::Null;
    case simdjson::dom::element_type::BOOL:
        return value.get_bool().value_unsafe();
    case simdjson::dom::element_type::INT64:
        return qint64(value.get_int64().value_unsafe());
    case simdjson::dom::element_type::UINT64:
        return double(value.get_uint64().value_unsafe());
    case simdjson::dom::element_type::DOUBLE:
        return value.get_double().value_unsafe();
    case simdjson::dom::element_type::STRING: {
        const std::string_view text = value.get_string().value_unsafe();
        return QString::fromUtf8(text.data(), qsizetype(text.size()));
    }
    case simdjson::dom::element_type::ARRAY: {
        QJsonArray array;
        const simdjson::dom::array items = value.get_array().value_unsafe();
        for (simdjson::dom::element item : items)
            array.append(convert(item, nullptr, 0));
        return array;
    }
    case simdjson::dom::element_type::OBJECT: {
        QJsonObject object;
        const simdjson::dom::object fields = value.get_object().value_unsafe();
        for (auto field : fields) {
            const QString key = QString::fromUtf8(field.key.data(), qsizetype(field.key.size()));
            const bool onPath = omit && key == omit->at(depth);
            if (onPath && depth + 1 == omit->size())
                object.insert(key, QJsonArray());
            else
                object.insert(key, convert(field.value, onPath ? omit : nullptr, depth + 1));
        }
        return object;
    }
    }
    return {};
}
} // namespace

void JsonBody::appendRecords(RecordBatch &batch, const QStringList &path) const
{
    if (d->empty)
        return;
    const auto at = find(d->root, path);
    if (!at)
        return;
    if (at->is_array()) {
        const simdjson::dom::array items = at->get_array().value_unsafe();
        // One allocation per buffer rather than a chain of doublings: the first record's
        // fields for every record, and the text of the whole body at most.
        simdjson::dom::object first;
        if (items.size() > 0 && items.at(0).get_object().get(first) == simdjson::SUCCESS)
            batch.reserve(qsizetype(items.size()), qsizetype(items.size() * first.size()), d->size);
        for (simdjson::dom::element item : items) {
            if (!item.is_null())
                appendRecord(batch, item);
        }
    } else if (!at->is_null()) {
        appendRecord(batch, *at);
    }
}

qsizetype JsonBody::countRecords(const QStringList &path) const
{
    if (d->empty)
        return 0;
    const auto at = find(d->root, path);
    if (!at || at->is_null())
        return 0;
    if (!at->is_array())
        return 1;
    qsizetype count = 0;
    const simdjson::dom::array items = at->get_array().value_unsafe();
    for (simdjson::dom::element item : items)
        count += item.is_null() ? 0 : 1;
    return count;
}

bool JsonBody::holdsPlainRecords(const QStringList &path, bool flatten) const
{
    if (d->empty)
        return true;
    const auto at = find(d->root, path);
    if (!at || at->is_null())
        return true;
    if (at->is_object())
        return !flatten;
    if (!at->is_array())
        return false;
    const simdjson::dom::array items = at->get_array().value_unsafe();
    for (simdjson::dom::element item : items) {
        if (!item.is_object())
            return false;
    }
    return true;
}

QJsonValue JsonBody::value(const QStringList &path) const
{
    if (d->empty)
        return QJsonValue::Undefined;
    const auto at = find(d->root, path);
    return at ? convert(*at, nullptr, 0) : QJsonValue(QJsonValue::Undefined);
}

QJsonValue JsonBody::toJson(const QStringList &omitPath) const
{
    if (d->empty)
        return QJsonValue::Null;
    return convert(d->root, omitPath.isEmpty() ? nullptr : &omitPath, 0);
}

} // namespace Backfill
