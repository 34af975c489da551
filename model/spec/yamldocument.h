#pragma once

#include "model/spec/specproblem.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace Backfill {

struct YamlEntry;

// A YAML node as the spec loaders see it: aliases already expanded, `<<` merge keys applied,
// every node knowing where it was written.
struct YamlNode
{
    enum class Kind { Null, Scalar, Sequence, Mapping };

    Kind kind = Kind::Null;
    QString scalar;
    bool plain = false; // an unquoted, untagged scalar: may be a number, bool or null
    SourcePosition position;
    std::vector<YamlNode> items;    // Sequence
    std::vector<YamlEntry> entries; // Mapping, in file order

    bool isNull() const { return kind == Kind::Null; }
    bool isScalar() const { return kind == Kind::Scalar; }
    bool isSequence() const { return kind == Kind::Sequence; }
    bool isMapping() const { return kind == Kind::Mapping; }
    // The scalar with its YAML type: plain `5` is a number, `"5"` a string, `~` null.
    QJsonValue toJson() const;
    // "text", "a number", "a list", "a map", "nothing": for "expects X, found Y" messages.
    QString describe() const;
};

// One `key: value` of a mapping.
struct YamlEntry
{
    YamlNode key;
    YamlNode value;
};

// The scalar typing the loaders and the writer agree on, so that what the writer leaves
// unquoted reads back as the same value.
QJsonValue plainScalarValue(const QString &text);

// Parses YAML text into a YamlNode tree with hard limits, so a hostile or broken file gives a
// clear problem instead of a hang or a crash: input size, nesting depth, and the number of
// nodes after alias expansion are capped.
class YamlDocument final
{
public:
    static constexpr qsizetype MaxInputBytes = 8 * 1024 * 1024;
    static constexpr int MaxDepth = 64;
    static constexpr int MaxNodes = 200000;

    // On failure, problems says why and isValid() is false.
    static YamlDocument parse(const QByteArray &text, const QString &fileName, SpecProblems *problems);

    bool isValid() const { return m_valid; }
    const YamlNode &root() const { return m_root; }
    const QString &fileName() const { return m_fileName; }
    const QStringList &lines() const { return m_lines; }

    // Where the character at `offset` (0-based) of a scalar's value was written in the file,
    // following quotes, escapes and block scalars; the scalar's start when it cannot tell.
    SourcePosition positionInScalar(SourcePosition start, const QString &value, int offset) const;

private:
    bool m_valid = false;
    QString m_fileName;
    QStringList m_lines;
    YamlNode m_root;
};

SpecProblem makeProblem(const QString &file, SourcePosition position, const QString &message,
                        SpecProblem::Severity severity = SpecProblem::Error);

} // namespace Backfill
