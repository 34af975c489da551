#pragma once

#include "model/spec/spec.h"

#include <QWidget>

class QTableView;

namespace Backfill {

class KeyValueModel;

// A table of name/value pairs with Add and Remove buttons, for headers, query parameters and
// state. The owner sets the entries from the spec and turns edited() into a spec edit.
class KeyValueTable final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyValueTable)

public:
    // `name` becomes the objectName of the table ("<name>") and its buttons ("<name>Add",
    // "<name>Remove"); `newKey` is the key an added row starts with.
    KeyValueTable(const QString &name, const QString &accessibleName, const QString &newKey, QWidget *parent = nullptr);

    KeyValueList entries() const;
    void setEntries(const KeyValueList &entries);
    KeyValueModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }

Q_SIGNALS:
    void edited(const Backfill::KeyValueList &entries);

private:
    KeyValueModel *m_model;
    QTableView *m_view;
    QString m_newKey;
};

} // namespace Backfill
