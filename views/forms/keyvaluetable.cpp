#include "views/forms/keyvaluetable.h"

#include "views/forms/keyvaluemodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Backfill {

KeyValueTable::KeyValueTable(const QString &name, const QString &accessibleName, const QString &newKey, QWidget *parent)
    : QWidget(parent)
    , m_model(new KeyValueModel(this))
    , m_view(new QTableView(this))
    , m_newKey(newKey)
{
    m_view->setObjectName(name);
    m_view->setAccessibleName(accessibleName);
    m_view->setModel(m_model);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->hide();
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setMinimumHeight(90);
    m_view->setMaximumHeight(160);

    auto *add = new QPushButton(tr("Add"), this);
    add->setObjectName(name + u"Add"_s);
    add->setAccessibleName(tr("Add a row to %1").arg(accessibleName));
    auto *remove = new QPushButton(tr("Remove"), this);
    remove->setObjectName(name + u"Remove"_s);
    remove->setAccessibleName(tr("Remove the selected row from %1").arg(accessibleName));

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, [this] {
        const int row = m_model->appendEntry(m_newKey);
        m_view->setCurrentIndex(m_model->index(row, KeyValueModel::KeyColumn));
    });
    connect(remove, &QPushButton::clicked, this,
            [this] { m_model->removeEntry(m_view->currentIndex().isValid() ? m_view->currentIndex().row() : -1); });
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

} // namespace Backfill
