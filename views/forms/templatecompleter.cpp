#include "views/forms/templatecompleter.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QLineEdit>
#include <QStringListModel>

using namespace Qt::StringLiterals;

namespace Backfill {

TemplateCompleter::TemplateCompleter(QLineEdit *edit)
    : QObject(edit)
    , m_edit(edit)
    , m_model(new QStringListModel(this))
    , m_completer(new QCompleter(m_model, this))
{
    m_completer->setObjectName(edit->objectName() + u"Completer"_s);
    m_completer->setWidget(edit);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    connect(edit, &QLineEdit::textEdited, this, &TemplateCompleter::textEdited);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this, &TemplateCompleter::insert);
}

void TemplateCompleter::setReferences(const QStringList &references)
{
    if (m_model->stringList() != references)
        m_model->setStringList(references);
}

qsizetype TemplateCompleter::openBrace() const
{
    const QString before = m_edit->text().left(m_edit->cursorPosition());
    const qsizetype open = before.lastIndexOf(u'{');
    return open >= 0 && before.indexOf(u'}', open) < 0 ? open : -1;
}

void TemplateCompleter::textEdited()
{
    const qsizetype open = openBrace();
    if (open < 0) {
        m_completer->popup()->hide();
        return;
    }
    m_completer->setCompletionPrefix(m_edit->text().mid(open + 1, m_edit->cursorPosition() - open - 1));
    if (m_completer->completionCount() > 0)
        m_completer->complete();
    else
        m_completer->popup()->hide();
}

void TemplateCompleter::insert(const QString &reference)
{
    const qsizetype open = openBrace();
    if (open < 0)
        return;
    const QString text = m_edit->text();
    const int cursor = m_edit->cursorPosition();
    // Replace the typed prefix and an existing closing brace right after the cursor.
    const bool closed = cursor < text.size() && text.at(cursor) == u'}';
    const QString result = text.left(open + 1) + reference + u'}' + text.mid(cursor + (closed ? 1 : 0));
    m_edit->setText(result);
    m_edit->setCursorPosition(int(open + reference.size() + 2));
    Q_EMIT m_edit->textEdited(result);
}

} // namespace Backfill
