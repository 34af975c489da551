#pragma once

#include <QString>

#include <initializer_list>

class QLabel;
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
// A form label whose mnemonic focuses `buddy`, for rows whose field is a row of widgets.
QLabel *buddyLabel(const QString &text, QWidget *buddy);
// The widgets side by side in one form row; a null entry is a stretch.
QWidget *row(std::initializer_list<QWidget *> widgets);
// Makes `edit` as tall as its text: one line while empty, up to `maxLines`, then it scrolls.
void growWithText(QPlainTextEdit *edit, int maxLines);

} // namespace Backfill
