#pragma once

#include <QObject>
#include <QStringList>

class QCompleter;
class QLineEdit;
class QStringListModel;

namespace Backfill {

// Completes `{state.*}`, `{context.*}` and `{secrets.*}` references inside a template field:
// typing `{` or a prefix after it offers the names the spec defines; choosing one inserts the
// whole reference with its closing brace at the cursor.
class TemplateCompleter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TemplateCompleter)

public:
    explicit TemplateCompleter(QLineEdit *edit);

    // Full references without braces: "state.base_url", "context.range_start"...
    void setReferences(const QStringList &references);
    QCompleter *completer() const { return m_completer; }

private:
    void textEdited();
    void insert(const QString &reference);
    qsizetype openBrace() const; // the `{` the cursor is in, or -1

    QLineEdit *m_edit;
    QStringListModel *m_model;
    QCompleter *m_completer;
};

} // namespace Backfill
