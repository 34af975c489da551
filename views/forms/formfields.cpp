#include "views/forms/formfields.h"

#include <QLineEdit>
#include <QPlainTextEdit>

namespace Backfill {

QLineEdit *namedLineEdit(const QString &name, const QString &accessibleName, QWidget *parent,
                         const QString &placeholder)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    if (!accessibleName.isEmpty())
        edit->setAccessibleName(accessibleName);
    edit->setPlaceholderText(placeholder);
    return edit;
}

void showText(QLineEdit *edit, const QString &text)
{
    if (edit->text() != text)
        edit->setText(text);
}

void showText(QPlainTextEdit *edit, const QString &text)
{
    if (edit->toPlainText() != text)
        edit->setPlainText(text);
}

} // namespace Backfill
