#include "model/spec/yamldocument.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <exception>
#include <sstream>
#include <string>

using namespace Qt::StringLiterals;

namespace Backfill {

static QString tr(const char *text)
{
    return QCoreApplication::translate("Backfill", text);
}

SpecProblem makeProblem(const QString &file, SourcePosition position, const QString &message,
                        SpecProblem::Severity severity)
{
    return {file, position.line, position.column, message, severity};
}

QJsonValue plainScalarValue(const QString &text)
{
    static const QRegularExpression integer(u"^[-+]?[0-9]+$"_s);
    static const QRegularExpression real(u"^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"_s);
    if (text.isEmpty() || text == "~"_L1 || text == "null"_L1 || text == "Null"_L1 || text == "NULL"_L1)
        return QJsonValue(QJsonValue::Null);
    if (text == "true"_L1 || text == "True"_L1 || text == "TRUE"_L1)
        return true;
    if (text == "false"_L1 || text == "False"_L1 || text == "FALSE"_L1)
        return false;
    if (integer.match(text).hasMatch()) {
        bool ok = false;
        const qint64 value = text.toLongLong(&ok);
        if (ok)
            return value;
        return text.toDouble();
    }
    if (real.match(text).hasMatch())
        return text.toDouble();
    return text;
}

QJsonValue YamlNode::toJson() const
{
    switch (kind) {
    case Kind::Null:
        return QJsonValue(QJsonValue::Null);
    case Kind::Scalar:
        return plain ? plainScalarValue(scalar) : QJsonValue(scalar);
    case Kind::Sequence: {
        QJsonArray array;
        for (const YamlNode &item : items)
            array.append(item.toJson());
        return array;
    }
    case Kind::Mapping: {
        QJsonObject object;
        for (const auto &[key, value] : entries)
            object.insert(key.scalar, value.toJson());
        return object;
    }
    }
    return {};
}

QString YamlNode::describe() const
{
    switch (kind) {
    case Kind::Null:
        return tr("nothing");
    case Kind::Sequence:
        return tr("a list");
    case Kind::Mapping:
        return tr("a map");
    case Kind::Scalar:
        break;
    }
    const QJsonValue value = toJson();
    if (value.isBool())
        return tr("a boolean");
    if (value.isDouble())
        return tr("a number");
    if (value.isNull())
        return tr("nothing");
    return tr("text");
}

namespace {

// Thrown from the event handler to stop yaml-cpp as soon as a limit is crossed.
struct LimitExceeded : std::exception
{
    SourcePosition position;
    QString message;
    LimitExceeded(SourcePosition where, QString text)
        : position(where)
        , message(std::move(text))
    {}
};

struct Anchored
{
    YamlNode node;
    int size = 1;
    int height = 1;
};

// Builds the tree without recursion: containers under construction live on an explicit stack.
class TreeBuilder final : public YAML::EventHandler
{
public:
    explicit TreeBuilder(const YamlDocument &document, const std::vector<bool> &asciiLines)
        : m_lines(document.lines())
        , m_asciiLines(asciiLines)
    {}

    YamlNode root;
    bool hasRoot = false;
    int documents = 0;

    void OnDocumentStart(const YAML::Mark &mark) override
    {
        if (++documents > 1)
            throw LimitExceeded(position(mark), tr("a spec file holds a single YAML document"));
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        YamlNode node;
        node.position = position(mark);
        add(std::move(node), anchor, 1, 1, 1);
    }

    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        const auto found = m_anchors.constFind(anchor);
        if (found == m_anchors.cend())
            throw LimitExceeded(position(mark), tr("alias refers to an anchor that is not complete yet"));
        if (int(m_stack.size()) + found->height > YamlDocument::MaxDepth)
            throw LimitExceeded(position(mark), tr("alias expands deeper than %1 levels").arg(YamlDocument::MaxDepth));
        YamlNode copy = found->node;
        add(std::move(copy), 0, found->size, found->height, found->size);
    }

    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override
    {
        YamlNode node;
        node.kind = YamlNode::Kind::Scalar;
        node.scalar = QString::fromStdString(value);
        node.plain = tag == "?";
        node.position = position(mark);
        add(std::move(node), anchor, 1, 1, 1);
    }

    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        open(YamlNode::Kind::Sequence, mark, anchor);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        open(YamlNode::Kind::Mapping, mark, anchor);
    }
    void OnMapEnd() override { close(); }

private:
    struct Frame
    {
        YamlNode node;
        YAML::anchor_t anchor = 0;
        int size = 1;
        int height = 1;
        bool hasKey = false;
        YamlNode key;
    };

    SourcePosition position(const YAML::Mark &mark) const
    {
        if (mark.line < 0 || mark.column < 0)
            return {};
        int column = mark.column;
        // yaml-cpp counts bytes; editors count characters.
        if (mark.line < int(m_asciiLines.size()) && !m_asciiLines[size_t(mark.line)]) {
            const QByteArray bytes = m_lines.at(mark.line).toUtf8();
            column = int(QString::fromUtf8(bytes.left(column)).size());
        }
        return {mark.line + 1, column + 1};
    }

    void open(YamlNode::Kind kind, const YAML::Mark &mark, YAML::anchor_t anchor)
    {
        if (int(m_stack.size()) + 1 > YamlDocument::MaxDepth)
            throw LimitExceeded(position(mark),
                                tr("document is nested deeper than %1 levels").arg(YamlDocument::MaxDepth));
        Frame frame;
        frame.node.kind = kind;
        frame.node.position = position(mark);
        frame.anchor = anchor;
        m_stack.push_back(std::move(frame));
        countNodes(1, position(mark));
    }

    void close()
    {
        Frame frame = std::move(m_stack.back());
        m_stack.pop_back();
        if (frame.node.isMapping())
            applyMergeKeys(frame.node);
        // `open` and the children counted themselves already.
        add(std::move(frame.node), frame.anchor, frame.size, frame.height, 0);
    }

    void countNodes(int count, SourcePosition where)
    {
        m_nodes += count;
        if (m_nodes > YamlDocument::MaxNodes)
            throw LimitExceeded(
                where, tr("document has more than %1 values (after expanding aliases)").arg(YamlDocument::MaxNodes));
    }

    void add(YamlNode node, YAML::anchor_t anchor, int size, int height, int newNodes)
    {
        countNodes(newNodes, node.position);
        if (anchor != 0)
            m_anchors.insert(anchor, {node, size, height});
        if (m_stack.empty()) {
            root = std::move(node);
            hasRoot = true;
            return;
        }
        Frame &parent = m_stack.back();
        parent.size += size;
        parent.height = std::max(parent.height, height + 1);
        if (parent.node.isSequence()) {
            parent.node.items.push_back(std::move(node));
        } else if (!parent.hasKey) {
            parent.key = std::move(node);
            parent.hasKey = true;
        } else {
            // `key:` with nothing after it: the null has no useful mark of its own.
            if (node.isNull())
                node.position = parent.key.position;
            parent.node.entries.push_back({std::move(parent.key), std::move(node)});
            parent.key = {};
            parent.hasKey = false;
        }
    }

    // `<<: *base` (or a list of them) copies the entries the map does not set itself.
    static void applyMergeKeys(YamlNode &map)
    {
        const auto isMergeKey = [](const YamlNode &key) {
            return key.isScalar() && key.plain && key.scalar == "<<"_L1;
        };
        if (std::none_of(map.entries.cbegin(), map.entries.cend(),
                         [&](const auto &entry) { return isMergeKey(entry.key); }))
            return;
        std::vector<YamlEntry> explicitEntries;
        std::vector<const YamlNode *> sources;
        for (const auto &entry : map.entries) {
            if (!isMergeKey(entry.key)) {
                explicitEntries.push_back(entry);
            } else if (entry.value.isMapping()) {
                sources.push_back(&entry.value);
            } else if (entry.value.isSequence()) {
                for (const YamlNode &item : entry.value.items) {
                    if (item.isMapping())
                        sources.push_back(&item);
                }
            } else {
                explicitEntries.push_back(entry); // reported as an unknown key later
            }
        }
        const auto has = [&](const YamlNode &key) {
            return std::any_of(explicitEntries.cbegin(), explicitEntries.cend(),
                               [&](const auto &entry) { return entry.key.scalar == key.scalar; });
        };
        for (const YamlNode *source : sources) {
            for (const auto &entry : source->entries) {
                if (!has(entry.key))
                    explicitEntries.push_back(entry);
            }
        }
        map.entries = std::move(explicitEntries);
    }

    const QStringList &m_lines;
    const std::vector<bool> &m_asciiLines;
    std::vector<Frame> m_stack;
    QHash<YAML::anchor_t, Anchored> m_anchors;
    qint64 m_nodes = 0;
};

} // namespace

YamlDocument YamlDocument::parse(const QByteArray &text, const QString &fileName, SpecProblems *problems)
{
    YamlDocument document;
    document.m_fileName = fileName;
    const auto report = [&](SourcePosition where, const QString &message) {
        if (problems)
            problems->append(makeProblem(fileName, where, message));
    };
    if (text.size() > MaxInputBytes) {
        report({1, 1}, tr("file is larger than %1 MB").arg(MaxInputBytes / (1024 * 1024)));
        return document;
    }
    if (text.contains('\0')) {
        report({1, 1}, tr("file is not text (it contains NUL bytes)"));
        return document;
    }

    const QString source = QString::fromUtf8(text);
    document.m_lines = source.split(u'\n');
    std::vector<bool> asciiLines;
    asciiLines.reserve(size_t(document.m_lines.size()));
    for (QString &line : document.m_lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
        asciiLines.push_back(std::all_of(line.cbegin(), line.cend(), [](QChar c) { return c.unicode() < 0x80; }));
    }

    TreeBuilder builder(document, asciiLines);
    try {
        std::istringstream stream(text.toStdString());
        YAML::Parser parser(stream);
        while (parser.HandleNextDocument(builder)) {
        }
    } catch (const LimitExceeded &limit) {
        report(limit.position.isValid() ? limit.position : SourcePosition{1, 1}, limit.message);
        return document;
    } catch (const YAML::Exception &error) {
        const SourcePosition where =
            error.mark.line >= 0 ? SourcePosition{error.mark.line + 1, error.mark.column + 1} : SourcePosition{1, 1};
        report(where, tr("YAML syntax error: %1").arg(QString::fromStdString(error.msg)));
        return document;
    } catch (const std::exception &error) {
        report({1, 1}, tr("cannot read YAML: %1").arg(QString::fromLocal8Bit(error.what())));
        return document;
    }
    document.m_root = std::move(builder.root);
    document.m_valid = true;
    return document;
}

namespace {

int firstNonSpace(const QString &line)
{
    int i = 0;
    while (i < line.size() && (line.at(i) == u' ' || line.at(i) == u'\t'))
        ++i;
    return i;
}

bool isBlank(const QString &line)
{
    return firstNonSpace(line) == line.size();
}

// How many source characters a double-quoted escape (`\n`, `\x41`, `\u00e9`) takes.
int escapeLength(QChar kind)
{
    switch (kind.unicode()) {
    case 'x':
        return 4;
    case 'u':
        return 6;
    case 'U':
        return 10;
    default:
        return 2;
    }
}

} // namespace

SourcePosition YamlDocument::positionInScalar(SourcePosition start, const QString &value, int offset) const
{
    if (!start.isValid() || start.line > m_lines.size() || offset < 0)
        return start;
    if (offset >= value.size() && !value.isEmpty()) {
        // "Unexpected end": point just after the last character written, not at the next line.
        int last = int(value.size()) - 1;
        while (last > 0 && value.at(last).isSpace())
            --last;
        const SourcePosition position = positionInScalar(start, value, last);
        return position == start ? start : SourcePosition{position.line, position.column + 1};
    }
    int lineIndex = start.line - 1;
    int column = start.column - 1;
    // Skip node properties (`&anchor`, `!tag`): yaml-cpp marks the node where they begin.
    while (lineIndex < m_lines.size()) {
        const QString &line = m_lines.at(lineIndex);
        while (column < line.size() && (line.at(column) == u'&' || line.at(column) == u'!')) {
            while (column < line.size() && line.at(column) != u' ')
                ++column;
            while (column < line.size() && line.at(column) == u' ')
                ++column;
        }
        if (column < line.size())
            break;
        ++lineIndex;
        column = lineIndex < m_lines.size() ? firstNonSpace(m_lines.at(lineIndex)) : 0;
    }
    if (lineIndex >= m_lines.size())
        return start;

    enum class Style { Plain, Single, Double, Block };
    const QChar opening = m_lines.at(lineIndex).at(column);
    const Style style = opening == u'"'                      ? Style::Double
                        : opening == u'\''                   ? Style::Single
                        : opening == u'|' || opening == u'>' ? Style::Block
                                                             : Style::Plain;
    const bool literal = opening == u'|';

    int firstLine = lineIndex;
    int blockIndent = 0;
    if (style == Style::Block) {
        firstLine = lineIndex + 1;
        int probe = firstLine;
        while (probe < m_lines.size() && isBlank(m_lines.at(probe)))
            ++probe;
        if (probe >= m_lines.size())
            return start;
        blockIndent = firstNonSpace(m_lines.at(probe));
    }

    int cursor = 0;
    for (int l = firstLine; l < m_lines.size(); ++l) {
        const QString &text = m_lines.at(l);
        int j = 0;
        if (style == Style::Block) {
            if (!isBlank(text) && firstNonSpace(text) < blockIndent)
                break;
            j = std::min(blockIndent, int(text.size()));
        } else if (l == firstLine) {
            j = column + (style == Style::Plain ? 0 : 1);
        } else {
            j = firstNonSpace(text);
        }
        if (l != firstLine) {
            // The line break in the source became "\n"s or one folding space in the value.
            int newlines = 0;
            while (cursor < value.size() && value.at(cursor) == u'\n') {
                ++cursor;
                ++newlines;
            }
            if (newlines == 0 && !literal && cursor < value.size() && value.at(cursor) == u' ')
                ++cursor;
            if (offset < cursor)
                return {l + 1, j + 1};
        }
        while (j < text.size() && cursor < value.size()) {
            if (style == Style::Double && text.at(j) == u'\\' && j + 1 < text.size()) {
                if (cursor == offset)
                    return {l + 1, j + 1};
                j += escapeLength(text.at(j + 1));
                ++cursor;
                continue;
            }
            if (style == Style::Single && text.at(j) == u'\'' && j + 1 < text.size() && text.at(j + 1) == u'\'') {
                if (cursor == offset)
                    return {l + 1, j + 1};
                j += 2;
                ++cursor;
                continue;
            }
            if (text.at(j) != value.at(cursor))
                break;
            if (cursor == offset)
                return {l + 1, j + 1};
            ++j;
            ++cursor;
        }
        if (cursor == offset && (cursor == value.size() || value.at(cursor) == u'\n'))
            return {l + 1, j + 1};
        if (cursor >= value.size())
            break;
    }
    return start;
}

} // namespace Backfill
