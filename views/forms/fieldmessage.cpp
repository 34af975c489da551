#include "views/forms/fieldmessage.h"

#include <QFormLayout>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace Backfill {

FieldMessage::FieldMessage(QWidget *field, QWidget *parent)
    : QLabel(parent)
    , m_field(field)
{
    setObjectName(field->objectName() + u"Error"_s);
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    // The palette's link colour stays readable in dark and light themes alike.
    QPalette warning = palette();
    warning.setColor(QPalette::WindowText, QColor(0xd0, 0x30, 0x30));
    setPalette(warning);
    hide();
}

void FieldMessage::setMessage(const QString &message)
{
    if (message == text() && isHidden() == message.isEmpty())
        return;
    setText(message);
    setVisible(!message.isEmpty());
    m_field->setProperty("invalid", !message.isEmpty());
    m_field->setAccessibleDescription(message);
    m_field->setToolTip(message);
    m_field->setStyleSheet(message.isEmpty() ? QString() : u"border: 1px solid #d03030;"_s);
}

FieldMessage *FieldMessage::addRow(QFormLayout *layout, const QString &label, QWidget *field)
{
    auto *message = new FieldMessage(field, layout->parentWidget());
    layout->addRow(label, field);
    layout->addRow(QString(), message);
    if (field->accessibleName().isEmpty())
        field->setAccessibleName(QString(label).remove(u'&').remove(u':'));
    return message;
}

} // namespace Backfill
