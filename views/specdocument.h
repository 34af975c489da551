#pragma once

#include "model/spec.h"
#include "model/specproblem.h"

#include <QObject>
#include <QString>
#include <QUndoStack>

namespace Backfill {

// The spec being edited: the ApiSpec every form and the YAML view show, its undo stack, whether
// it has unsaved edits, and the problems the validator finds in it. Forms never change the spec
// directly; they call edit(), which pushes an undoable SpecEditCommand, and follow changed().
class SpecDocument final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpecDocument)

public:
    // `recordName` is the name the workspace keeps the spec under (empty for a new one).
    explicit SpecDocument(const ApiSpec &spec, const QString &recordName = {}, QObject *parent = nullptr);

    const ApiSpec &spec() const { return m_spec; }
    QString recordName() const { return m_recordName; }
    void setRecordName(const QString &name) { m_recordName = name; }

    // Replaces the spec with `after` as one undoable step named `text`; edits with the same
    // non-empty `field` in a row merge (typing in one field is one step). No-op when equal.
    void edit(const ApiSpec &after, const QString &text, const QString &field = {});

    QUndoStack *undoStack() { return &m_undoStack; }
    bool isDirty() const;
    void markSaved();

    // The spec as YAML (SpecWriter), and the problems of that text with their lines.
    QByteArray yaml() const;
    const SpecProblems &problems() const { return m_problems; }

    // Used by SpecEditCommand only.
    void replaceSpec(const ApiSpec &spec);

Q_SIGNALS:
    void changed();
    void dirtyChanged(bool dirty);
    void problemsChanged();

private:
    void revalidate();

    ApiSpec m_spec;
    QString m_recordName;
    QUndoStack m_undoStack;
    SpecProblems m_problems;
    bool m_isNew = false;
};

} // namespace Backfill
