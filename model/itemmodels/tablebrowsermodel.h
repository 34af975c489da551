#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QIODevice;
class QThreadPool;

namespace Backfill {

class Target;

// One partition of a target table and how many rows it holds, for the partition filter.
struct TablePartition
{
    QString key;
    qint64 rows = 0;

    friend bool operator==(const TablePartition &, const TablePartition &) = default;
};

// The rows of one target table, for a table view that may face millions of them, in any
// database a Target writes (it reads through the target's dialect: names, text matching, row
// identity). rowCount() is the number of rows that pass the filters, and rows are read on
// demand in windows of WindowRows, keeping at most CachedWindows of them. Where rows have an
// integer identity (SQLite's rowid), an unsorted, unfiltered window is a rowid range (a seek
// after the window before it), and sorted or filtered, the rowids that pass are read once, in
// the shown order (8 bytes a row), and a window is the rows of its 256 rowids: one sort per
// change instead of one per window. In a SQLite file of more than backgroundRows() rows that
// sort runs on a thread of its own, over a read-only connection of its own: the rows shown stay
// (busy() is true) until the new order replaces them, and a newer change cancels it. Elsewhere
// (PostgreSQL's ctid) a window is LIMIT/OFFSET in the shown order. Sorting is ORDER BY the
// quoted column, then the row identity; the text filter matches every column with the text
// bound as a parameter. The model reads through the caller's connection: call clear() before
// that connection closes.
class TableBrowserModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TableBrowserModel)

public:
    static constexpr int WindowRows = 256;
    static constexpr int CachedWindows = 16;
    static constexpr qint64 DefaultBackgroundRows = 50'000;

    enum Role {
        ValueRole = Qt::UserRole + 1, // the value as stored (QVariant of SQLite's type; null for NULL)
        IsNullRole,
        ColumnNameRole, // also in headerData(): the column's real name
        ColumnTypeRole, // headerData(): the inferred type ("integer", "timestamp", "json", ...), if known
    };
    Q_ENUM(Role)

    explicit TableBrowserModel(QObject *parent = nullptr);
    ~TableBrowserModel() override;

    // The tables that backfills wrote into `database` (Target::tables()), by name; the workspace's own tables and
    // staging tables are not among them.
    static QStringList targetTables(const QSqlDatabase &database, QString *error = nullptr);

    // Shows `table` of `database`, unfiltered and unsorted. False (and an empty model) when the
    // table cannot be read; lastError() says why.
    bool setTable(const QSqlDatabase &database, const QString &table);
    void clear();
    QString table() const { return m_table; }
    QStringList columnNames() const { return m_columns; }
    int partitionColumn() const; // -1 when the table has no `_backfill_partition`

    // Rows whose text in some column contains `text` (case-insensitive for ASCII); empty: all.
    void setFilterText(const QString &text);
    QString filterText() const { return m_asked.filterText; } // as asked (shown once busy() ends)
    // Rows of one partition; empty: all.
    void setPartition(const QString &key);
    QString partition() const { return m_asked.partition; }

    // Tables of more rows than this sort and filter on a thread (in a SQLite file).
    qint64 backgroundRows() const { return m_backgroundRows; }
    void setBackgroundRows(qint64 rows) { m_backgroundRows = rows; }
    // A sort or filter is being worked out on its thread; the rows shown follow the one before.
    bool busy() const { return m_job != nullptr; }
    // The table's partitions by key, with their row counts (ignoring the filters).
    QList<TablePartition> partitions() const;

    qint64 totalRows() const { return m_totalRows; }       // in the table
    int cachedRows() const;                                // read and kept, at most CachedWindows windows
    qint64 filteredRows() const { return m_filteredRows; } // passing the filters; rowCount() too
    int sortColumn() const { return m_asked.sortColumn; }
    Qt::SortOrder sortOrder() const { return m_asked.sortOrder; }

    // Counts again and forgets the rows read (the table may have grown during a run).
    void refresh();

    // Writes every row that passes the filters, in the shown order, as CSV (RFC 4180: a header
    // line of column names, fields with commas, quotes or line breaks quoted, quotes doubled,
    // CRLF line ends, UTF-8). `progress` gets the rows written so far now and then and may
    // return false to stop. The file is replaced only when everything was written (QSaveFile).
    using ExportProgress = std::function<bool(qint64 rowsWritten)>;
    bool exportCsv(const QString &path, QString *error, const ExportProgress &progress = {}) const;
    bool writeCsv(QIODevice *device, QString *error, const ExportProgress &progress = {}) const;
    static QString csvField(const QString &text);
    // A value as text, the same in the table and in CSV: doubles in their shortest exact form,
    // NULL as nothing.
    static QString valueText(const QVariant &value);

    QString lastError() const { return m_lastError; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    // After the row count changed: a new table, filter, partition or refresh().
    void countsChanged();
    // A sort or filter started on its thread (true) or its rows are shown or it failed (false).
    void busyChanged(bool busy);

private:
    struct Window
    {
        int first = -1;         // row of the window's first row
        QList<QVariant> values; // row-major, columnCount() per row
        QList<qint64> rowids;
    };

    // What the rows pass and their order: as asked, and as the rows shown follow.
    struct Criteria
    {
        QString filterText;
        QString partition;
        int sortColumn = -1;
        Qt::SortOrder sortOrder = Qt::AscendingOrder;

        bool any() const { return !filterText.isEmpty() || !partition.isEmpty() || sortColumn >= 0; }
    };
    struct OrderJob;

    QString selectSql(const QString &columns, const QString &extraCondition = {}) const; // as shown
    QString whereSql(const Criteria &criteria, const QString &extraCondition) const;
    QVariantList whereValues(const Criteria &criteria) const;
    QString orderSql(const Criteria &criteria) const;
    void apply(); // after m_asked changed, or to count again
    bool recount();
    void startJob();
    void cancelJob();
    const Window *window(int row) const;
    bool fetchWindow(int first, Window *window) const;
    bool fail(const QString &reason) const;

    QSqlDatabase m_database;
    std::unique_ptr<Target> m_target; // the dialect of m_database
    QString m_table;
    QStringList m_columns;
    QStringList m_columnTypes;                  // parallel to m_columns; empty when unknown
    QString m_rowid;                            // what tells rows apart ("rowid" unless a column has that name, "ctid")
    bool m_seekable = false;                    // m_rowid is an integer: windows seek by it, sorting fills m_order
    std::optional<std::vector<qint64>> m_order; // the shown rowids by position, when sorted or filtered
    Criteria m_asked;
    Criteria m_shown;
    qint64 m_backgroundRows = DefaultBackgroundRows;
    std::shared_ptr<OrderJob> m_job; // the sort or filter on its thread
    std::unique_ptr<QThreadPool> m_pool;
    qint64 m_totalRows = 0;
    qint64 m_filteredRows = 0;
    mutable QList<Window> m_windows; // most recently used last
    mutable QString m_lastError;
};

} // namespace Backfill
