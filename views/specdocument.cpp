#include "views/specdocument.h"

#include "model/specloader.h"
#include "model/specwriter.h"
#include "views/speceditcommand.h"

namespace Backfill {

SpecDocument::SpecDocument(const ApiSpec &spec, const QString &recordName, QObject *parent)
    : QObject(parent)
    , m_spec(spec)
    , m_recordName(recordName)
    , m_isNew(recordName.isEmpty())
{
    connect(&m_undoStack, &QUndoStack::cleanChanged, this, [this] { Q_EMIT dirtyChanged(isDirty()); });
    revalidate();
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
    revalidate();
    Q_EMIT changed();
}

void SpecDocument::revalidate()
{
    // Validating the written text gives every problem the line the YAML view shows it at.
    m_problems = SpecLoader::load(yaml(), m_spec.name).problems;
    Q_EMIT problemsChanged();
}

} // namespace Backfill
