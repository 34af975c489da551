#pragma once

#include "model/spec/spec.h"

#include <QString>
#include <QUndoCommand>

namespace Backfill {

class SpecDocument;

// One edit of a spec, kept as the spec before and after it: every form edit, YAML edit and
// generated change undoes the same way. Consecutive edits of the same field (typing) merge into
// one step, so undo restores the value the field had before the user started typing in it.
class SpecEditCommand final : public QUndoCommand
{
public:
    static constexpr int Id = 0x5bec;

    // `field` names what was edited ("name", "endpoints/0/request.url"); empty never merges.
    SpecEditCommand(SpecDocument *document, ApiSpec before, ApiSpec after, const QString &text, QString field);

    void undo() override;
    void redo() override;
    int id() const override { return m_field.isEmpty() ? -1 : Id; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    SpecDocument *m_document;
    ApiSpec m_before;
    ApiSpec m_after;
    QString m_field;
};

} // namespace Backfill
