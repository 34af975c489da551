#pragma once

#include "model/spec/spec.h"
#include "model/spec/yamldocument.h"

#include <QStringList>

#include <optional>

namespace Backfill {

// Reads typed values out of YamlNodes for the spec and replication loaders, reporting every
// unknown key, duplicate key and wrong type at the line and column where it was written.
class YamlReader final
{
public:
    YamlReader(const YamlDocument &document, SpecProblems *problems);

    void error(SourcePosition position, const QString &message);
    void warning(SourcePosition position, const QString &message);

    // A map whose keys are all in `allowed` (others are reported and skipped). False, with a
    // problem, when `node` is not a map; null counts as an empty map.
    bool checkMap(const YamlNode &node, const QString &what, const QStringList &allowed);
    // The entries of a map with plain text keys, duplicates reported and dropped.
    std::vector<std::pair<const YamlNode *, const YamlNode *>> entries(const YamlNode &map);

    QString text(const YamlNode &value, const QString &key);
    std::optional<int> integer(const YamlNode &value, const QString &key, int minimum);
    std::optional<double> number(const YamlNode &value, const QString &key, double minimum);
    std::optional<bool> boolean(const YamlNode &value, const QString &key);
    // A list of text; a single scalar counts as a list of one when `allowScalar`.
    QStringList textList(const YamlNode &value, const QString &key, SourceMap &source, bool allowScalar);
    // An ordered map; values keep their YAML type, or must be text/numbers when `scalarsOnly`.
    KeyValueList keyValues(const YamlNode &value, const QString &key, SourceMap &source, bool scalarsOnly);

private:
    void typeError(const YamlNode &value, const QString &key, const QString &expected);

    const YamlDocument &m_document;
    SpecProblems *m_problems;
};

} // namespace Backfill
