#include "views/forms/keyvaluetable.h"

#include "views/forms/keyvaluemodel.h"

#include <QTableView>

namespace Backfill {

KeyValueTable::KeyValueTable(const QString &name, const QString &accessibleName, const QString &newKey, QWidget *parent)
    : GrowingTable(name, accessibleName, tr("No %1").arg(accessibleName.toLower()), new KeyValueModel, parent)
    , m_model(static_cast<KeyValueModel *>(view()->model()))
    , m_newKey(newKey)
{
    connect(m_model, &KeyValueModel::edited, this, [this] { Q_EMIT edited(m_model->entries()); });
}

KeyValueList KeyValueTable::entries() const
{
    return m_model->entries();
}

void KeyValueTable::setEntries(const KeyValueList &entries)
{
    m_model->setEntries(entries);
}

int KeyValueTable::appendRow()
{
    return m_model->appendEntry(m_newKey);
}

void KeyValueTable::removeRow(int row)
{
    m_model->removeEntry(row);
}

} // namespace Backfill
