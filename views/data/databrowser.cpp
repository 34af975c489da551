#include "views/data/databrowser.h"

#include "model/core/logging.h"
#include "model/itemmodels/partitionchangemodel.h"
#include "model/itemmodels/tablebrowsermodel.h"
#include "model/targets/pulltracker.h"
#include "model/workspace/partitionledger.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStringListModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

#include <limits>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

constexpr int FilterDelayMs = 300;        // a filter scans the whole table: wait until typing pauses
constexpr int MaxFittedColumnWidth = 320; // JSON columns would otherwise push the rest out of sight
constexpr qint64 ProgressFromRows = 100'000;

enum Page { TablePage, EmptyPage, ChangesPage };

// Shows NULL as a dimmed "NULL", so that it is told apart from an empty string; with a
// `differsRole`, tints the rows whose value changed.
class NullAwareDelegate final : public QStyledItemDelegate
{
public:
    NullAwareDelegate(int nullRole, int differsRole, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_nullRole(nullRole)
        , m_differsRole(differsRole)
    {}

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (m_differsRole >= 0) {
            // A tree of changes: examples in bold, the values that changed tinted and bold.
            const bool differs = index.data(m_differsRole).toBool();
            option->font.setBold(differs || !index.parent().isValid());
            if (differs) {
                QColor tint = option->palette.color(QPalette::Highlight);
                tint.setAlphaF(0.18F);
                option->backgroundBrush = tint;
            }
        }
        if (index.data(m_nullRole).toBool()) {
            option->text = u"NULL"_s;
            option->font.setItalic(true);
            option->palette.setColor(QPalette::Text, option->palette.color(QPalette::PlaceholderText));
        }
    }

private:
    int m_nullRole;
    int m_differsRole;
};

// A wait cursor while SQLite counts, sorts or filters a large table on this thread.
struct BusyCursor
{
    BusyCursor() { QGuiApplication::setOverrideCursor(Qt::WaitCursor); }
    ~BusyCursor() { QGuiApplication::restoreOverrideCursor(); }
    Q_DISABLE_COPY_MOVE(BusyCursor)
};

QString rowsText(qint64 rows)
{
    return rows == 1 ? DataBrowser::tr("1 row") : DataBrowser::tr("%1 rows").arg(QLocale().toString(rows));
}

} // namespace

DataBrowser::DataBrowser(QWidget *parent)
    : QWidget(parent)
    , m_model(new TableBrowserModel(this))
    , m_changes(new PartitionChangeModel(this))
    , m_tables(new QStringListModel(this))
    , m_tableList(new QListView(this))
    , m_filter(new QLineEdit(this))
    , m_partitions(new QComboBox(this))
    , m_refresh(new QPushButton(tr("&Refresh"), this))
    , m_export(new QPushButton(tr("E&xport CSV..."), this))
    , m_changesButton(new QPushButton(tr("Chan&ges"), this))
    , m_stack(new QStackedWidget(this))
    , m_view(new QTableView(this))
    , m_empty(new QLabel(this))
    , m_changesPage(new QWidget(this))
    , m_changesSummary(new QLabel(m_changesPage))
    , m_changesView(new QTreeView(m_changesPage))
    , m_status(new QLabel(this))
    , m_busy(new QProgressBar(this))
    , m_filterDelay(new QTimer(this))
{
    setObjectName(u"dataBrowser"_s);
    m_tableList->setObjectName(u"tableList"_s);
    m_tableList->setAccessibleName(tr("Tables"));
    m_tableList->setModel(m_tables);
    m_tableList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tableList->setSelectionMode(QAbstractItemView::SingleSelection);

    m_filter->setObjectName(u"filterEdit"_s);
    m_filter->setPlaceholderText(tr("Filter rows: text in any column"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter"));
    m_partitions->setObjectName(u"partitionCombo"_s);
    m_partitions->setAccessibleName(tr("Partition"));
    m_partitions->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_partitions->setToolTip(tr("Show the rows of one partition (one day, month, ...) only"));
    m_refresh->setObjectName(u"refreshButton"_s);
    m_refresh->setToolTip(tr("Count again and show rows written since"));
    m_export->setObjectName(u"exportButton"_s);
    m_export->setToolTip(tr("Save the rows that pass the filters, in the shown order, as a CSV file"));

    m_view->setObjectName(u"tableView"_s);
    m_view->setModel(m_model);
    m_view->setItemDelegate(new NullAwareDelegate(TableBrowserModel::IsNullRole, -1, m_view));
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    // Fixed row heights: a million rows are laid out without asking each one its size.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    // Header clicks sort through sorted() rather than QTableView's own sorting, to show a busy
    // cursor while SQLite orders a large table.
    m_view->horizontalHeader()->setSectionsClickable(true);
    m_view->horizontalHeader()->setSortIndicatorShown(true);
    m_view->horizontalHeader()->setSortIndicatorClearable(true);
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // the table's own order first
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->setDefaultAlignment(Qt::AlignRight | Qt::AlignVCenter);

    m_empty->setObjectName(u"emptyState"_s);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setMargin(24);
    m_changesButton->setObjectName(u"changesButton"_s);
    m_changesButton->setCheckable(true);
    m_changesButton->setToolTip(tr("What the chosen partition's last pull changed against the pull before: rows new, "
                                   "changed (before and after, side by side) and gone"));
    m_changesSummary->setObjectName(u"changesSummary"_s);
    m_changesSummary->setWordWrap(true);
    m_changesSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_changesView->setObjectName(u"changesView"_s);
    m_changesView->setAccessibleName(tr("Changes of the partition"));
    m_changesView->setModel(m_changes);
    m_changesView->setItemDelegate(
        new NullAwareDelegate(PartitionChangeModel::IsNullRole, PartitionChangeModel::DiffersRole, m_changesView));
    m_changesView->setAlternatingRowColors(true);
    m_changesView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_changesView->setUniformRowHeights(true);
    m_changesView->header()->setStretchLastSection(true);
    auto *changesLayout = new QVBoxLayout(m_changesPage);
    changesLayout->setContentsMargins(0, 0, 0, 0);
    changesLayout->addWidget(m_changesSummary);
    changesLayout->addWidget(m_changesView, 1);

    m_stack->addWidget(m_view);
    m_stack->addWidget(m_empty);
    m_stack->addWidget(m_changesPage);
    m_status->setObjectName(u"rowCountLabel"_s);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_busy->setObjectName(u"busyBar"_s);
    m_busy->setRange(0, 0); // no end known: it moves to say the work goes on
    m_busy->setMaximumWidth(160);
    m_busy->setTextVisible(false);
    m_busy->setAccessibleName(tr("Sorting and filtering"));
    m_busy->hide();

    auto *tools = new QHBoxLayout;
    tools->addWidget(m_filter, 1);
    tools->addWidget(m_partitions);
    tools->addWidget(m_changesButton);
    tools->addWidget(m_refresh);
    tools->addWidget(m_export);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(tools);
    rightLayout->addWidget(m_stack, 1);
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_busy);
    rightLayout->addLayout(statusRow);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *tablesLabel = new QLabel(tr("&Tables"), left);
    tablesLabel->setBuddy(m_tableList);
    leftLayout->addWidget(tablesLabel);
    leftLayout->addWidget(m_tableList, 1);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(u"dataSplitter"_s);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({180, 800});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(FilterDelayMs);
    connect(m_filterDelay, &QTimer::timeout, this, &DataBrowser::applyFilter);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filter, &QLineEdit::returnPressed, this, &DataBrowser::applyFilter);
    connect(m_partitions, &QComboBox::activated, this, &DataBrowser::partitionChosen);
    connect(m_refresh, &QPushButton::clicked, this, &DataBrowser::refresh);
    connect(m_export, &QPushButton::clicked, this, &DataBrowser::exportClicked);
    connect(m_changesButton, &QPushButton::toggled, this, &DataBrowser::updateChanges);
    connect(m_tableList->selectionModel(), &QItemSelectionModel::currentChanged, this, &DataBrowser::tableChosen);
    connect(m_model, &TableBrowserModel::countsChanged, this, &DataBrowser::updateStatus);
    connect(m_model, &TableBrowserModel::busyChanged, this, &DataBrowser::updateStatus);
    connect(m_view->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
            [this](int column, Qt::SortOrder order) {
                const BusyCursor busy;
                m_model->sort(column, order);
            });

    m_savePathPrompt = [](QWidget *parent, const QString &suggested) {
        return QFileDialog::getSaveFileName(parent, tr("Export CSV"), suggested,
                                            tr("CSV files (*.csv);;All files (*)"));
    };
    setDatabase({});
}

DataBrowser::~DataBrowser() = default;

void DataBrowser::setDatabase(const QSqlDatabase &database)
{
    m_model->clear();
    m_database = database;
    refresh();
}

void DataBrowser::refresh()
{
    const QString current = currentTable();
    QStringList tables;
    if (m_database.isValid()) {
        QString error;
        tables = TableBrowserModel::targetTables(m_database, &error);
        if (!error.isEmpty())
            qCWarning(lcViews).noquote() << "cannot list the target tables:" << error;
    }
    if (tables != m_tables->stringList()) {
        const QSignalBlocker blocker(m_tableList->selectionModel());
        m_tables->setStringList(tables);
    }
    if (tables.isEmpty()) {
        m_model->clear();
        fillPartitions();
        updateStatus();
        return;
    }
    if (current.isEmpty() || !tables.contains(current)) {
        showTable(tables.first());
        return;
    }
    const QString partition = m_model->partition();
    m_model->refresh();
    fillPartitions();
    m_partitions->setCurrentIndex(std::max(0, m_partitions->findData(partition)));
    updateChanges();
}

bool DataBrowser::showTable(const QString &table, const QString &partitionKey)
{
    const int row = int(m_tables->stringList().indexOf(table));
    if (row < 0)
        return false;
    {
        const QSignalBlocker blocker(m_tableList->selectionModel());
        m_tableList->setCurrentIndex(m_tables->index(row));
    }
    const QSignalBlocker blocker(m_filter);
    m_filterDelay->stop();
    m_filter->clear();
    {
        const QSignalBlocker unsorted(m_view->horizontalHeader()); // setTable() starts unsorted
        m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    }
    const BusyCursor busy;
    if (!m_model->setTable(m_database, table))
        qCWarning(lcViews).noquote() << m_model->lastError();
    fillPartitions();
    if (!partitionKey.isEmpty()) {
        m_partitions->setCurrentIndex(std::max(0, m_partitions->findData(partitionKey)));
        m_model->setPartition(partitionKey);
    }
    fitColumns();
    updateChanges();
    return true;
}

bool DataBrowser::showChanges(const QString &table, const QString &partitionKey)
{
    if (!showTable(table, partitionKey))
        return false;
    m_changesButton->setChecked(m_changesButton->isEnabled());
    return true;
}

bool DataBrowser::showingChanges() const
{
    return m_stack->currentIndex() == ChangesPage;
}

void DataBrowser::setChangesLookup(ChangesLookup lookup)
{
    m_changesLookup = std::move(lookup);
    updateChanges();
}

QString DataBrowser::currentTable() const
{
    return m_model->table();
}

void DataBrowser::tableChosen()
{
    const QString table = m_tableList->currentIndex().data().toString();
    if (!table.isEmpty() && table != m_model->table())
        showTable(table);
}

void DataBrowser::fillPartitions()
{
    m_partitions->clear();
    m_partitions->addItem(tr("All partitions"), QString());
    const QList<TablePartition> partitions = m_model->partitions();
    for (const TablePartition &partition : partitions)
        m_partitions->addItem(tr("%1  (%2)").arg(partition.key, rowsText(partition.rows)), partition.key);
    m_partitions->setEnabled(!partitions.isEmpty());
}

void DataBrowser::applyFilter()
{
    m_filterDelay->stop();
    const BusyCursor busy;
    m_model->setFilterText(m_filter->text().trimmed());
}

void DataBrowser::partitionChosen()
{
    const BusyCursor busy;
    m_model->setPartition(m_partitions->currentData().toString());
    updateChanges();
}

void DataBrowser::updateChanges()
{
    const QString key = m_model->partition();
    const bool available = m_changesLookup && !key.isEmpty();
    m_changesButton->setEnabled(available);
    if (!available) {
        const QSignalBlocker blocker(m_changesButton);
        m_changesButton->setChecked(false);
    }
    if (!m_changesButton->isChecked()) {
        m_changes->clear();
        updateStatus();
        return;
    }
    const std::optional<PulledChanges> found = m_changesLookup(m_model->table(), key);
    m_changes->setChanges(found ? found->examples : QList<PartitionChange>());
    QString summary;
    if (!found) {
        summary = tr("The workspace has no record of partition %1 of %2: pull it to see what its pulls change.")
                      .arg(key, m_model->table());
    } else if (!found->pull.compared) {
        summary = tr("The last pull of %1 was not compared with a pull before it. A partition is compared when it is "
                     "pulled again (a lookback, a retry, --force) after a complete pull.")
                      .arg(key);
    } else if (!found->pull.hasChanges()) {
        summary = tr("The last pull of %1 served the same rows as the pull before it: nothing new, changed or gone.")
                      .arg(key);
    } else {
        summary = tr("The last pull of %1, against the pull before it: %2. Up to %3 examples of each kind are kept.")
                      .arg(key, changeCountsText(found->pull))
                      .arg(PullTracker::MaxExamples);
    }
    if (found && found->pull.duplicateKeys > 0)
        summary += u' ' + tr("%n record(s) repeated a primary key; the table keeps the last of each.", nullptr,
                             int(std::min<qint64>(found->pull.duplicateKeys, std::numeric_limits<int>::max())));
    m_changesSummary->setText(summary);
    for (int row = 0; row < m_changes->rowCount(); ++row)
        m_changesView->setFirstColumnSpanned(row, {}, true);
    m_changesView->expandAll();
    m_changesView->resizeColumnToContents(PartitionChangeModel::NameColumn);
    m_changesView->setColumnWidth(PartitionChangeModel::BeforeColumn,
                                  std::max(160, (m_changesView->viewport()->width() -
                                                 m_changesView->columnWidth(PartitionChangeModel::NameColumn)) /
                                                    2));
    updateStatus();
}

void DataBrowser::fitColumns()
{
    for (int column = 0; column < m_model->columnCount(); ++column) {
        m_view->resizeColumnToContents(column);
        if (m_view->columnWidth(column) > MaxFittedColumnWidth)
            m_view->setColumnWidth(column, MaxFittedColumnWidth);
    }
}

void DataBrowser::showEmpty(const QString &text)
{
    m_empty->setText(text);
    m_stack->setCurrentIndex(EmptyPage);
}

void DataBrowser::updateStatus()
{
    const bool hasTable = m_model->columnCount() > 0;
    const bool changes = m_changesButton->isChecked();
    m_filter->setEnabled(hasTable && !changes);
    m_refresh->setEnabled(m_database.isValid());
    // An export writes the rows shown: not while other ones are on their way.
    m_export->setEnabled(hasTable && !changes && !m_model->busy() && m_model->filteredRows() > 0);
    m_busy->setVisible(m_model->busy());
    if (!m_database.isValid()) {
        m_status->clear();
        showEmpty(tr("Open a workspace to look at the rows its backfills loaded."));
        return;
    }
    if (m_tables->rowCount() == 0) {
        m_status->clear();
        showEmpty(tr("No data loaded yet.\n\nRun a backfill: each endpoint's records land in a table of its own, "
                     "which shows here with its rows, one partition at a time if you like."));
        return;
    }
    if (!hasTable) {
        m_status->setText(m_model->lastError());
        showEmpty(tr("This table cannot be read.\n\n%1").arg(m_model->lastError()));
        return;
    }
    const qint64 total = m_model->totalRows();
    const qint64 shown = m_model->filteredRows();
    const bool filtered = !m_model->filterText().isEmpty() || !m_model->partition().isEmpty();
    QString status = filtered ? tr("%1 of %2").arg(QLocale().toString(shown), rowsText(total)) : rowsText(total);
    if (!m_model->partition().isEmpty())
        status += tr(" · partition %1").arg(m_model->partition());
    if (!m_model->filterText().isEmpty())
        status += tr(" · matching \u201c%1\u201d").arg(m_model->filterText());
    if (m_model->busy()) {
        status = m_model->filterText().isEmpty() && m_model->partition().isEmpty()
                     ? tr("Sorting %1\u2026").arg(rowsText(total))
                     : tr("Filtering %1\u2026").arg(rowsText(total));
    }
    m_status->setText(status);
    if (changes)
        m_stack->setCurrentIndex(ChangesPage);
    else if (total == 0)
        showEmpty(tr("%1 has no rows yet.").arg(m_model->table()));
    else if (shown == 0)
        showEmpty(tr("No rows match the filter.\n\nClear the filter or choose all partitions to see rows again."));
    else
        m_stack->setCurrentIndex(TablePage);
}

bool DataBrowser::exportCsv(const QString &path, QString *error)
{
    std::unique_ptr<QProgressDialog> progress;
    if (m_model->filteredRows() >= ProgressFromRows) {
        progress = std::make_unique<QProgressDialog>(tr("Exporting %1...").arg(rowsText(m_model->filteredRows())),
                                                     tr("Cancel"), 0, 100, this);
        progress->setWindowModality(Qt::WindowModal);
        progress->setMinimumDuration(500);
    }
    const qint64 rows = m_model->filteredRows();
    QString reason;
    const bool ok = m_model->exportCsv(path, &reason, [&](qint64 written) {
        if (!progress)
            return true;
        progress->setValue(int(written * 100 / std::max<qint64>(1, rows)));
        return !progress->wasCanceled();
    });
    if (ok) {
        m_status->setText(tr("Exported %1 to %2").arg(rowsText(rows), QDir::toNativeSeparators(path)));
    } else {
        m_status->setText(reason);
        if (error)
            *error = reason;
    }
    return ok;
}

void DataBrowser::exportClicked()
{
    QString name = m_model->table();
    if (!m_model->partition().isEmpty())
        name += u'-' + m_model->partition();
    name.replace(QRegularExpression(u"[^\\w.-]+"_s), u"_"_s);
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = m_savePathPrompt(this, QDir(folder).filePath(name + u".csv"_s));
    if (!path.isEmpty())
        exportCsv(path);
}

} // namespace Backfill
