#include "model/spec/yamlreader.h"

#include <QCoreApplication>
#include <QJsonValue>

#include <cmath>

using namespace Qt::StringLiterals;

namespace Backfill {

static QString tr(const char *text)
{
    return QCoreApplication::translate("Backfill", text);
}

YamlReader::YamlReader(const YamlDocument &document, SpecProblems *problems)
    : m_document(document)
    , m_problems(problems)
{}

void YamlReader::error(SourcePosition position, const QString &message)
{
    if (m_problems)
        m_problems->append(makeProblem(m_document.fileName(), position, message));
}

void YamlReader::warning(SourcePosition position, const QString &message)
{
    if (m_problems)
        m_problems->append(makeProblem(m_document.fileName(), position, message, SpecProblem::Warning));
}

void YamlReader::typeError(const YamlNode &value, const QString &key, const QString &expected)
{
    const QString found = value.isScalar() ? u"\"%1\""_s.arg(value.scalar) : value.describe();
    error(value.position, tr("\"%1\" expects %2, found %3").arg(key, expected, found));
}

bool YamlReader::checkMap(const YamlNode &node, const QString &what, const QStringList &allowed)
{
    if (node.isNull())
        return true;
    if (!node.isMapping()) {
        typeError(node, what, tr("a map"));
        return false;
    }
    for (const auto &[key, value] : node.entries) {
        if (!key.isScalar())
            continue; // entries() reports it
        if (!allowed.contains(key.scalar)) {
            error(key.position,
                  tr("unknown key \"%1\" in %2 (expected one of: %3)").arg(key.scalar, what, allowed.join(u", "_s)));
        }
    }
    return true;
}

std::vector<std::pair<const YamlNode *, const YamlNode *>> YamlReader::entries(const YamlNode &map)
{
    std::vector<std::pair<const YamlNode *, const YamlNode *>> result;
    QStringList seen;
    for (const auto &[key, value] : map.entries) {
        if (!key.isScalar()) {
            error(key.position, tr("keys must be plain text, found %1").arg(key.describe()));
            continue;
        }
        if (seen.contains(key.scalar)) {
            error(key.position, tr("duplicate key \"%1\"").arg(key.scalar));
            continue;
        }
        seen.append(key.scalar);
        result.emplace_back(&key, &value);
    }
    return result;
}

QString YamlReader::text(const YamlNode &value, const QString &key)
{
    if (!value.isScalar()) {
        typeError(value, key, tr("text"));
        return {};
    }
    // Never a null QString: "set to empty" differs from "not set" when defaults merge.
    return value.scalar.isNull() ? u""_s : value.scalar;
}

std::optional<int> YamlReader::integer(const YamlNode &value, const QString &key, int minimum)
{
    const QJsonValue json = value.toJson();
    const double number = json.toDouble();
    if (!value.isScalar() || !json.isDouble() || std::floor(number) != number || std::abs(number) > 1e9) {
        typeError(value, key, tr("a whole number"));
        return std::nullopt;
    }
    if (number < minimum) {
        error(value.position, tr("\"%1\" must be at least %2").arg(key).arg(minimum));
        return std::nullopt;
    }
    return int(number);
}

std::optional<double> YamlReader::number(const YamlNode &value, const QString &key, double minimum)
{
    const QJsonValue json = value.toJson();
    if (!value.isScalar() || !json.isDouble() || !std::isfinite(json.toDouble())) {
        typeError(value, key, tr("a number"));
        return std::nullopt;
    }
    if (json.toDouble() < minimum) {
        error(value.position, tr("\"%1\" must be at least %2").arg(key).arg(minimum));
        return std::nullopt;
    }
    return json.toDouble();
}

std::optional<bool> YamlReader::boolean(const YamlNode &value, const QString &key)
{
    const QJsonValue json = value.toJson();
    if (!value.isScalar() || !json.isBool()) {
        typeError(value, key, tr("true or false"));
        return std::nullopt;
    }
    return json.toBool();
}

QStringList YamlReader::textList(const YamlNode &value, const QString &key, SourceMap &source, bool allowScalar)
{
    if (allowScalar && value.isScalar()) {
        source.set(key % "[0]"_L1, value.position);
        return {value.scalar};
    }
    if (!value.isSequence()) {
        typeError(value, key, tr("a list"));
        return {};
    }
    QStringList list;
    for (const YamlNode &item : value.items) {
        if (!item.isScalar()) {
            typeError(item, key, tr("a list of text"));
            continue;
        }
        source.set(u"%1[%2]"_s.arg(key).arg(list.size()), item.position);
        list.append(item.scalar);
    }
    return list;
}

KeyValueList YamlReader::keyValues(const YamlNode &value, const QString &key, SourceMap &source, bool scalarsOnly)
{
    if (value.isNull())
        return {};
    if (!value.isMapping()) {
        typeError(value, key, tr("a map"));
        return {};
    }
    KeyValueList list;
    for (const auto &[entryKey, entryValue] : entries(value)) {
        if (scalarsOnly && !entryValue->isScalar()) {
            typeError(*entryValue, entryKey->scalar, tr("text"));
            continue;
        }
        source.set(key % u'.' % entryKey->scalar, entryValue->position);
        list.append({entryKey->scalar, entryValue->toJson()});
    }
    return list;
}

} // namespace Backfill
