#include "model/spec/replication.h"

#include "model/spec/specvalidator.h"
#include "model/spec/specwriter.h"
#include "model/spec/yamldocument.h"
#include "model/spec/yamlreader.h"

#include <QCoreApplication>
#include <QDate>
#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Backfill {

static QString tr(const char *text)
{
    return QCoreApplication::translate("Backfill", text);
}

std::optional<ReplicationStream> Replication::resolvedStream(const QString &name) const
{
    for (const ReplicationStream &stream : streams) {
        if (stream.name != name)
            continue;
        ReplicationStream resolved = stream;
        if (resolved.object.isNull())
            resolved.object = defaults.object;
        if (resolved.mode.isNull())
            resolved.mode = defaults.mode;
        if (resolved.primaryKey.isEmpty())
            resolved.primaryKey = defaults.primaryKey;
        if (resolved.updateKey.isNull())
            resolved.updateKey = defaults.updateKey;
        if (resolved.range.isNull())
            resolved.range = defaults.range;
        if (!resolved.disabled)
            resolved.disabled = defaults.disabled;
        resolved.source.inherit(defaults.source);
        return resolved;
    }
    return std::nullopt;
}

namespace {

// A range bound: a date, a date-time or an integer. Returns false when it is none of them.
bool parseBound(const QString &text, double *orderKey, QString *kind)
{
    static const QRegularExpression integer(u"^[-+]?[0-9]+$"_s);
    if (integer.match(text).hasMatch()) {
        *kind = u"number"_s;
        *orderKey = text.toDouble();
        return true;
    }
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (date.isValid() && text.size() == 10) {
        *kind = u"date"_s;
        *orderKey = double(date.toJulianDay()) * 86400.0;
        return true;
    }
    const QDateTime dateTime = QDateTime::fromString(text, Qt::ISODate);
    if (dateTime.isValid()) {
        *kind = u"date"_s;
        *orderKey =
            double(QDate(dateTime.date()).toJulianDay()) * 86400.0 + dateTime.time().msecsSinceStartOfDay() / 1000.0;
        return true;
    }
    return false;
}

class ReplicationReader final
{
public:
    ReplicationReader(const YamlDocument &document, SpecProblems *problems)
        : m_reader(document, problems)
    {}

    Replication read(const YamlNode &root)
    {
        Replication replication;
        if (root.isNull()) {
            m_reader.error({1, 1}, tr("the replication is empty; it needs \"source\", \"target\" and \"streams\""));
            return replication;
        }
        if (!m_reader.checkMap(root, tr("the replication"),
                               {u"source"_s, u"target"_s, u"defaults"_s, u"streams"_s, u"env"_s}))
            return replication;
        bool hasSource = false;
        bool hasTarget = false;
        bool hasStreams = false;
        for (const auto &[key, value] : m_reader.entries(root)) {
            const QString &name = key->scalar;
            replication.sourceMap.set(name, value->position);
            if (name == "source"_L1) {
                hasSource = true;
                replication.source = m_reader.text(*value, name);
            } else if (name == "target"_L1) {
                hasTarget = true;
                replication.target = m_reader.text(*value, name);
            } else if (name == "defaults"_L1) {
                replication.defaults = readStream(*value, tr("defaults"));
            } else if (name == "env"_L1) {
                replication.env = m_reader.keyValues(*value, name, replication.sourceMap, true);
            } else if (name == "streams"_L1) {
                hasStreams = true;
                if (!value->isMapping()) {
                    m_reader.error(value->position, tr("\"streams\" expects a map of endpoint names to streams"));
                    continue;
                }
                for (const auto &[streamKey, streamValue] : m_reader.entries(*value)) {
                    ReplicationStream stream = readStream(*streamValue, tr("stream \"%1\"").arg(streamKey->scalar));
                    stream.name = streamKey->scalar;
                    stream.source.set({}, streamKey->position);
                    replication.streams.append(std::move(stream));
                }
            }
        }
        if (!hasSource)
            m_reader.error(root.position, tr("missing \"source\""));
        if (!hasTarget)
            m_reader.error(root.position, tr("missing \"target\""));
        if (!hasStreams)
            m_reader.error(root.position, tr("missing \"streams\""));
        if (hasSource && replication.source.trimmed().isEmpty())
            m_reader.error(replication.sourceMap.at(u"source"_s), tr("\"source\" must name a connection"));
        if (hasTarget && replication.target.trimmed().isEmpty())
            m_reader.error(replication.sourceMap.at(u"target"_s), tr("\"target\" must name a connection"));
        return replication;
    }

private:
    ReplicationStream readStream(const YamlNode &node, const QString &what)
    {
        ReplicationStream stream;
        const QStringList keys{u"object"_s,     u"mode"_s,           u"primary_key"_s,
                               u"update_key"_s, u"source_options"_s, u"disabled"_s};
        if (!m_reader.checkMap(node, what, keys))
            return stream;
        for (const auto &[key, value] : m_reader.entries(node)) {
            const QString &name = key->scalar;
            if (!keys.contains(name))
                continue;
            stream.source.set(name, value->position);
            if (name == "object"_L1) {
                stream.object = m_reader.text(*value, name);
            } else if (name == "mode"_L1) {
                stream.mode = m_reader.text(*value, name);
                if (!stream.mode.isNull() && !SpecValidator::modes().contains(stream.mode))
                    m_reader.error(value->position, tr("unknown mode \"%1\" (expected one of: %2)")
                                                        .arg(stream.mode, SpecValidator::modes().join(u", "_s)));
            } else if (name == "primary_key"_L1) {
                stream.primaryKey = m_reader.textList(*value, name, stream.source, true);
            } else if (name == "update_key"_L1) {
                stream.updateKey = m_reader.text(*value, name);
            } else if (name == "disabled"_L1) {
                stream.disabled = m_reader.boolean(*value, name);
            } else if (name == "source_options"_L1) {
                if (!m_reader.checkMap(*value, name, {u"range"_s}))
                    continue;
                for (const auto &[optionKey, optionValue] : m_reader.entries(*value)) {
                    if (optionKey->scalar != "range"_L1)
                        continue;
                    stream.range = m_reader.text(*optionValue, u"range"_s);
                    stream.source.set(u"range"_s, optionValue->position);
                    checkRange(stream.range, optionValue->position);
                }
            }
        }
        return stream;
    }

    void checkRange(const QString &range, SourcePosition position)
    {
        if (range.isNull())
            return;
        const QStringList parts = range.split(u',');
        if (parts.size() != 2 || parts.first().trimmed().isEmpty()) {
            m_reader.error(position, tr("range \"%1\" must be \"START,END\" or \"START,\"").arg(range));
            return;
        }
        double start = 0;
        double end = 0;
        QString startKind;
        QString endKind;
        if (!parseBound(parts.at(0).trimmed(), &start, &startKind)) {
            m_reader.error(position, tr("range start \"%1\" is neither a date nor a number").arg(parts.at(0)));
            return;
        }
        if (parts.at(1).trimmed().isEmpty())
            return;
        if (!parseBound(parts.at(1).trimmed(), &end, &endKind)) {
            m_reader.error(position, tr("range end \"%1\" is neither a date nor a number").arg(parts.at(1)));
            return;
        }
        if (startKind != endKind)
            m_reader.error(position, tr("range \"%1\" mixes a date and a number").arg(range));
        else if (end < start)
            m_reader.error(position, tr("range \"%1\" ends before it starts").arg(range));
    }

    YamlReader m_reader;
};

void writeStream(YamlEmitter &out, int indent, const ReplicationStream &stream)
{
    out.string(indent, u"object"_s, stream.object);
    out.string(indent, u"mode"_s, stream.mode);
    if (!stream.primaryKey.isEmpty())
        out.list(indent, u"primary_key"_s, stream.primaryKey);
    out.string(indent, u"update_key"_s, stream.updateKey);
    if (stream.disabled)
        out.value(indent, u"disabled"_s, *stream.disabled);
    if (!stream.range.isNull()) {
        out.key(indent, u"source_options"_s);
        out.string(indent + 2, u"range"_s, stream.range);
    }
}

} // namespace

ReplicationLoadResult ReplicationFile::load(const QByteArray &yaml, const QString &fileName)
{
    ReplicationLoadResult result;
    const YamlDocument document = YamlDocument::parse(yaml, fileName, &result.problems);
    if (!document.isValid())
        return result;
    ReplicationReader reader(document, &result.problems);
    result.replication = reader.read(document.root());
    result.replication.fileName = fileName;
    return result;
}

ReplicationLoadResult ReplicationFile::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ReplicationLoadResult result;
        result.problems.append({path, 0, 0, tr("cannot open: %1").arg(file.errorString()), SpecProblem::Error});
        return result;
    }
    if (file.size() > YamlDocument::MaxInputBytes) {
        ReplicationLoadResult result;
        result.problems.append(makeProblem(
            path, {1, 1}, tr("file is larger than %1 MB").arg(YamlDocument::MaxInputBytes / (1024 * 1024))));
        return result;
    }
    return load(file.readAll(), path);
}

QByteArray ReplicationFile::write(const Replication &replication)
{
    YamlEmitter out;
    out.string(0, u"source"_s, replication.source.isNull() ? u""_s : replication.source);
    out.string(0, u"target"_s, replication.target.isNull() ? u""_s : replication.target);
    out.blankLine();
    if (!(replication.defaults == ReplicationStream{})) {
        out.key(0, u"defaults"_s);
        writeStream(out, 2, replication.defaults);
        out.blankLine();
    }
    out.key(0, u"streams"_s);
    for (const ReplicationStream &stream : replication.streams) {
        out.key(2, stream.name);
        writeStream(out, 4, stream);
    }
    if (!replication.env.isEmpty()) {
        out.blankLine();
        out.map(0, u"env"_s, replication.env);
    }
    return out.text().toUtf8();
}

} // namespace Backfill
