#include "views/document/speceditcommand.h"

#include "views/document/specdocument.h"

namespace Backfill {

SpecEditCommand::SpecEditCommand(SpecDocument *document, ApiSpec before, ApiSpec after, const QString &text,
                                 QString field)
    : QUndoCommand(text)
    , m_document(document)
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_field(std::move(field))
{}

void SpecEditCommand::undo()
{
    m_document->replaceSpec(m_before);
}

void SpecEditCommand::redo()
{
    m_document->replaceSpec(m_after);
}

bool SpecEditCommand::mergeWith(const QUndoCommand *other)
{
    const auto *edit = static_cast<const SpecEditCommand *>(other);
    if (edit->m_document != m_document || edit->m_field != m_field)
        return false;
    m_after = edit->m_after;
    return true;
}

} // namespace Backfill
