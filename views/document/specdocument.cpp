#include "views/document/specdocument.h"

#include "model/spec/specloader.h"
#include "model/spec/specwriter.h"
#include "views/document/speceditcommand.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace Backfill {

SpecDocument::SpecDocument(const ApiSpec &spec, const QString &recordName, QObject *parent)
    : QObject(parent)
    , m_spec(spec)
    , m_recordName(recordName)
    , m_validationTimer(new QTimer(this))
    , m_isNew(recordName.isEmpty())
{
    connect(&m_undoStack, &QUndoStack::cleanChanged, this, [this] { Q_EMIT dirtyChanged(isDirty()); });
    m_validationTimer->setSingleShot(true);
    m_validationTimer->setInterval(ValidationDelayMs);
    connect(m_validationTimer, &QTimer::timeout, this, [this] {
        validate();
        Q_EMIT problemsChanged();
    });
}

void SpecDocument::edit(const ApiSpec &after, const QString &text, const QString &field)
{
    if (after == m_spec)
        return;
    m_undoStack.push(new SpecEditCommand(this, m_spec, after, text, field));
}

bool SpecDocument::isDirty() const
{
    return m_isNew || !m_undoStack.isClean();
}

void SpecDocument::markSaved()
{
    const bool wasDirty = isDirty();
    m_isNew = false;
    m_undoStack.setClean();
    if (wasDirty)
        Q_EMIT dirtyChanged(false);
}

QByteArray SpecDocument::yaml() const
{
    return SpecWriter::write(m_spec);
}

void SpecDocument::replaceSpec(const ApiSpec &spec)
{
    m_spec = spec;
    // Typing validates once it pauses; whoever reads problems() earlier gets them at once.
    m_stale = true;
    m_validationTimer->start();
    Q_EMIT changed();
}

const SpecProblems &SpecDocument::problems() const
{
    validate();
    return m_problems;
}

void SpecDocument::validate() const
{
    if (!m_stale)
        return;
    // Validating the written text gives every problem the line the YAML view shows it at.
    const QByteArray text = yaml();
    SpecLoadResult loaded = SpecLoader::load(text, m_spec.name);
    m_problems = loaded.problems;
    m_located = loaded.spec;
    m_lines = QString::fromUtf8(text).split(u'\n');
    m_stale = false;
}

SourcePosition SpecDocument::positionOf(const QString &path) const
{
    QStringList parts = path.split(u'/');
    if (parts.size() == 1)
        return m_located.source.at(parts.constFirst());
    const Endpoint *endpoint = nullptr;
    if (parts.constFirst() == u"defaults"_s) {
        endpoint = &m_located.defaults;
        parts.removeFirst();
    } else if (parts.constFirst() == u"endpoints"_s && parts.size() >= 3) {
        const int index = parts.at(1).toInt();
        if (index < 0 || index >= m_located.endpoints.size())
            return {};
        endpoint = &m_located.endpoints.at(index);
        parts.remove(0, 2);
    } else if (parts.constFirst() == u"authentication"_s) {
        return m_located.authentication.source.at(parts.mid(1).join(u'/'));
    }
    if (!endpoint)
        return {};
    const QString part = parts.constFirst();
    const QString rest = parts.mid(1).join(u'/');
    if (part == u"request"_s)
        return endpoint->request.source.at(rest);
    if (part == u"iterate"_s)
        return endpoint->iterate.source.at(rest);
    if (part == u"pagination"_s)
        return endpoint->pagination.source.at(rest);
    if (part == u"overrides"_s)
        return endpoint->overrides.source.at(rest);
    if (part == u"response"_s && parts.value(1) == u"records"_s)
        return endpoint->response.records.source.at(parts.mid(2).join(u'/'));
    if (part == u"response"_s)
        return endpoint->response.source.at(rest);
    return endpoint->source.at(parts.join(u'/'));
}

SpecProblems SpecDocument::problemsAt(const QString &path) const
{
    validate();
    const SourcePosition position = positionOf(path);
    if (!position.isValid() || position.line > m_lines.size())
        return {};
    // A value is its line; a block scalar (`|`, `>`) also the more indented lines below it.
    auto indentation = [](const QString &line) {
        qsizetype spaces = 0;
        while (spaces < line.size() && line.at(spaces) == u' ')
            ++spaces;
        return spaces;
    };
    const QString first = m_lines.at(position.line - 1).trimmed();
    const QString indicator = first.right(2);
    const bool block = first.endsWith(u'|') || first.endsWith(u'>') ||
                       (indicator.size() == 2 && (indicator.front() == u'|' || indicator.front() == u'>') &&
                        (indicator.back() == u'-' || indicator.back() == u'+'));
    const qsizetype indent = indentation(m_lines.at(position.line - 1));
    int last = position.line;
    while (block && last < m_lines.size() &&
           (m_lines.at(last).trimmed().isEmpty() || indentation(m_lines.at(last)) > indent))
        ++last;
    SpecProblems found;
    for (const SpecProblem &problem : std::as_const(m_problems)) {
        if (problem.line >= position.line && problem.line <= last)
            found.append(problem);
    }
    return found;
}

} // namespace Backfill
