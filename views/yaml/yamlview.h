#pragma once

#include "model/spec/specproblem.h"

#include <QPointer>
#include <QWidget>

class QListView;
class QPlainTextEdit;
class QPushButton;
class QStringListModel;
class QTimer;

namespace Backfill {

class SpecDocument;
class YamlHighlighter;

// The current spec as YAML, updated live and highlighted, with its problems at their lines.
// In edit mode the text is the user's: problems follow as they type, and leaving edit mode
// (or Apply) loads the text into the document as one undoable edit, which the forms follow.
// Text that does not load stays in edit mode with its errors shown.
class YamlView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(YamlView)

public:
    explicit YamlView(QWidget *parent = nullptr);

    void setDocument(SpecDocument *document);
    bool isEditing() const;
    // Leaves edit mode, applying the text; false (still editing) when it has errors.
    bool finishEditing();
    void setEditing(bool editing);
    QPlainTextEdit *editor() const { return m_text; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    void showProblems(const SpecProblems &problems);
    void checkEditedText();

    QPointer<SpecDocument> m_document;
    QPlainTextEdit *m_text;
    QPushButton *m_editButton;
    QListView *m_problems;
    QStringListModel *m_problemModel;
    QList<int> m_problemLines;
    QTimer *m_checkTimer;
    YamlHighlighter *m_highlighter = nullptr;
};

} // namespace Backfill
