#pragma once

#include <QLabel>
#include <QString>

class QFormLayout;

namespace Backfill {

// The line under a form field that says what is wrong with it. Setting a message marks the
// field (the `invalid` property styles it, its accessible description repeats the message)
// so a screen reader and the eye find the problem at the field itself.
class FieldMessage final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FieldMessage)

public:
    // Named "<field objectName>Error"; hidden while the field is fine.
    explicit FieldMessage(QWidget *field, QWidget *parent = nullptr);

    void setMessage(const QString &message);

    // Adds `field` with `label` and its message line below it to `layout`.
    static FieldMessage *addRow(QFormLayout *layout, const QString &label, QWidget *field);

private:
    QWidget *m_field;
};

} // namespace Backfill
