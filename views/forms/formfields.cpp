#include "views/forms/formfields.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextDocument>

#include <functional>

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

namespace {

// Refits a growing text edit when it is shown or resized: only then are its wrapped lines known.
class GrowFilter final : public QObject
{
public:
    GrowFilter(QPlainTextEdit *edit, std::function<void()> fit)
        : QObject(edit)
        , m_fit(std::move(fit))
    {
        edit->installEventFilter(this);
    }

    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Show || event->type() == QEvent::Resize)
            m_fit();
        return false;
    }

private:
    std::function<void()> m_fit;
};

} // namespace

void growWithText(QPlainTextEdit *edit, int maxLines)
{
    const auto fit = [edit, maxLines] {
        const int count = edit->document()->lineCount();
        const int lines = qBound(1, count, maxLines);
        edit->setVerticalScrollBarPolicy(count > maxLines ? Qt::ScrollBarAsNeeded : Qt::ScrollBarAlwaysOff);
        const int margins = qRound(2 * edit->document()->documentMargin()) + 2 * edit->frameWidth();
        const int height = lines * edit->fontMetrics().lineSpacing() + margins;
        if (edit->height() != height)
            edit->setFixedHeight(height);
    };
    QObject::connect(edit, &QPlainTextEdit::textChanged, edit, fit);
    new GrowFilter(edit, fit);
    fit();
}

} // namespace Backfill
