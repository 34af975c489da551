#pragma once

#include <QString>

class QLineEdit;
class QPlainTextEdit;
class QWidget;

namespace Backfill {

// The small builders and setters every form shares: a named field (tests and screen readers
// find it by its object and accessible names), and setters that leave a field alone when it
// already shows the text, so refreshing a form from the spec does not move the cursor of the
// field being typed in.
QLineEdit *namedLineEdit(const QString &name, const QString &accessibleName, QWidget *parent,
                         const QString &placeholder = {});
void showText(QLineEdit *edit, const QString &text);
void showText(QPlainTextEdit *edit, const QString &text);

} // namespace Backfill
