#pragma once

#include "model/spec/spec.h"
#include "views/forms/growingtable.h"

namespace Backfill {

class KeyValueModel;

// A table of name/value pairs for headers, query parameters and state, one line high while
// empty. The owner sets the entries from the spec and turns edited() into a spec edit.
class KeyValueTable final : public GrowingTable
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

Q_SIGNALS:
    void edited(const Backfill::KeyValueList &entries);

private:
    int appendRow() override;
    void removeRow(int row) override;

    KeyValueModel *m_model;
    QString m_newKey;
};

} // namespace Backfill
