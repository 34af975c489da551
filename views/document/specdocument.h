#pragma once

#include "model/spec/spec.h"
#include "model/spec/specproblem.h"

#include <QObject>
#include <QString>
#include <QUndoStack>

class QTimer;

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

    static constexpr int ValidationDelayMs = 250;

    // The spec as YAML (SpecWriter), and the problems of that text with their lines. Edits
    // validate after a short pause (problemsChanged() then); reading problems() is always
    // up to date.
    QByteArray yaml() const;
    const SpecProblems &problems() const;
    // The problems at the value of `path` in the YAML: "name", "defaults/state.base_url",
    // "endpoints/0/request/url", "endpoints/0/response/records/jmespath", "endpoints/0/" (the
    // endpoint's name). Keys follow the spec's SourceMaps; a block value covers its lines.
    SpecProblems problemsAt(const QString &path) const;

    // Used by SpecEditCommand only.
    void replaceSpec(const ApiSpec &spec);

Q_SIGNALS:
    void changed();
    void dirtyChanged(bool dirty);
    void problemsChanged();

private:
    void validate() const;
    SourcePosition positionOf(const QString &path) const;

    ApiSpec m_spec;
    QString m_recordName;
    QUndoStack m_undoStack;
    QTimer *m_validationTimer;
    mutable SpecProblems m_problems;
    mutable ApiSpec m_located; // the written YAML loaded back: every value knows its line
    mutable QStringList m_lines;
    mutable bool m_stale = true;
    bool m_isNew = false;
};

} // namespace Backfill
