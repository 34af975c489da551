#include "views/forms/formfields.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextDocument>

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

QLabel *buddyLabel(const QString &text, QWidget *buddy)
{
    auto *label = new QLabel(text);
    label->setBuddy(buddy);
    return label;
}

QWidget *row(std::initializer_list<QWidget *> widgets)
{
    auto *container = new QWidget;
    auto *layout = new QHBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget *widget : widgets) {
        if (widget)
            layout->addWidget(widget);
        else
            layout->addStretch();
    }
    return container;
}

void growWithText(QPlainTextEdit *edit, int maxLines)
{
    const auto fit = [edit, maxLines] {
        const int count = edit->document()->lineCount();
        const int lines = qBound(1, count, maxLines);
        edit->setVerticalScrollBarPolicy(count > maxLines ? Qt::ScrollBarAsNeeded : Qt::ScrollBarAlwaysOff);
        const int margins = qRound(2 * edit->document()->documentMargin()) + 2 * edit->frameWidth();
        edit->setFixedHeight(lines * edit->fontMetrics().lineSpacing() + margins);
    };
    QObject::connect(edit, &QPlainTextEdit::textChanged, edit, fit);
    fit();
}

} // namespace Backfill
