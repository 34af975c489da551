#include "views/forms/growingtable.h"

#include <QAbstractItemModel>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Backfill {

GrowingTable::GrowingTable(const QString &name, const QString &accessibleName, const QString &emptyText,
                           QAbstractItemModel *model, QWidget *parent)
    : QWidget(parent)
    , m_view(new QTableView(this))
    , m_empty(new QLabel(emptyText, this))
    , m_remove(new QPushButton(tr("Remove"), this))
{
    if (!model->parent())
        model->setParent(this);
    m_view->setObjectName(name);
    m_view->setAccessibleName(accessibleName);
    m_view->setModel(model);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // As tall as its rows, never more: a form's spare height goes elsewhere.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_empty->setObjectName(name + u"Empty"_s);
    m_empty->setEnabled(false); // drawn as a hint, not as a value

    auto *add = new QPushButton(tr("Add"), this);
    add->setObjectName(name + u"Add"_s);
    add->setAccessibleName(tr("Add a row to %1").arg(accessibleName));
    m_remove->setObjectName(name + u"Remove"_s);
    m_remove->setAccessibleName(tr("Remove the selected row from %1").arg(accessibleName));

    auto *buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_empty, 1);
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, [this] {
        const int row = appendRow();
        m_view->setCurrentIndex(m_view->model()->index(row, 0));
        m_view->scrollTo(m_view->currentIndex());
    });
    connect(m_remove, &QPushButton::clicked, this,
            [this] { removeRow(m_view->currentIndex().isValid() ? m_view->currentIndex().row() : -1); });
    connect(model, &QAbstractItemModel::rowsInserted, this, &GrowingTable::fitToRows);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &GrowingTable::fitToRows);
    connect(model, &QAbstractItemModel::modelReset, this, &GrowingTable::fitToRows);
    fitToRows();
}

void GrowingTable::fitToRows()
{
    const int rows = m_view->model()->rowCount();
    m_view->setVisible(rows > 0);
    m_remove->setVisible(rows > 0);
    m_empty->setVisible(rows == 0);
    if (rows == 0)
        return;
    const int shown = qMin(rows, MaxVisibleRows);
    m_view->setFixedHeight(m_view->horizontalHeader()->sizeHint().height() +
                           shown * m_view->verticalHeader()->defaultSectionSize() + 2 * m_view->frameWidth());
}

} // namespace Backfill
