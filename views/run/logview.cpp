#include "views/run/logview.h"

#include "model/itemmodels/eventlogfilter.h"
#include "model/itemmodels/eventlogmodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Backfill {

LogView::LogView(QWidget *parent)
    : QWidget(parent)
    , m_model(new EventLogModel(this))
    , m_filter(new EventLogFilter(this))
    , m_level(new QComboBox(this))
    , m_partition(new QLineEdit(this))
    , m_text(new QLineEdit(this))
    , m_table(new QTableView(this))
{
    m_filter->setSourceModel(m_model);

    m_level->setObjectName(u"logLevel"_s);
    m_level->setAccessibleName(tr("Level"));
    m_level->addItem(tr("All levels"), int(EventLevel::Info));
    m_level->addItem(tr("Warnings and errors"), int(EventLevel::Warning));
    m_level->addItem(tr("Errors"), int(EventLevel::Error));
    connect(m_level, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setMinimumLevel(EventLevel(m_level->currentData().toInt())); });
    m_partition->setObjectName(u"logPartition"_s);
    m_partition->setPlaceholderText(tr("Partition"));
    m_partition->setAccessibleName(tr("Partition filter"));
    m_partition->setClearButtonEnabled(true);
    connect(m_partition, &QLineEdit::textChanged, m_filter, &EventLogFilter::setPartition);
    m_text->setObjectName(u"logText"_s);
    m_text->setPlaceholderText(tr("Search the log"));
    m_text->setAccessibleName(tr("Text filter"));
    m_text->setClearButtonEnabled(true);
    connect(m_text, &QLineEdit::textChanged, m_filter, &EventLogFilter::setText);
    auto *copyButton = new QPushButton(tr("&Copy"), this);
    copyButton->setObjectName(u"logCopy"_s);
    connect(copyButton, &QPushButton::clicked, this, &LogView::copy);

    m_table->setObjectName(u"logTable"_s);
    m_table->setAccessibleName(tr("Run log"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    // Fixed row heights: the view never measures thousands of rows.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->setColumnWidth(EventLogModel::TimeColumn, 100);
    m_table->setColumnWidth(EventLogModel::LevelColumn, 70);
    m_table->setColumnWidth(EventLogModel::PartitionColumn, 110);
    auto *copyAction = new QAction(tr("Copy"), m_table);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    connect(copyAction, &QAction::triggered, this, &LogView::copy);
    m_table->addAction(copyAction);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_level);
    filters->addWidget(m_partition);
    filters->addWidget(m_text, 1);
    filters->addWidget(copyButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
}

void LogView::append(const QList<EngineEvent> &events)
{
    if (events.isEmpty())
        return;
    QScrollBar *bar = m_table->verticalScrollBar();
    const bool following = bar->value() == bar->maximum();
    m_model->append(events);
    if (following)
        m_table->scrollToBottom();
}

void LogView::clear()
{
    m_model->clear();
}

QString LogView::selectedText() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    return m_filter->linesText(rows);
}

void LogView::copy()
{
    QApplication::clipboard()->setText(selectedText());
}

} // namespace Backfill
