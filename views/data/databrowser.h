#pragma once

#include "model/workspace/partitionrecord.h"

#include <QSqlDatabase>
#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QStringListModel;
class QTableView;
class QTimer;
class QTreeView;

namespace Backfill {

class PartitionChangeModel;
class TableBrowserModel;

// The "Data" tab: the target tables of the workspace on the left, the rows of the chosen one on
// the right, read lazily however many there are, with column sorting, a text filter, a partition
// filter ("the rows of one day") and an export of the filtered rows as CSV. For one partition,
// "Changes" shows what its last pull changed against the pull before (from the ledger): rows new,
// changed with their values before and after side by side, and gone.
class DataBrowser final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DataBrowser)

public:
    // Asks where to save the CSV; an empty answer cancels. Tests replace the file dialog.
    using SavePathPrompt = std::function<QString(QWidget *parent, const QString &suggestedPath)>;
    // What a partition's last pull found, from the ledger.
    struct PulledChanges
    {
        PartitionPull pull;
        QList<PartitionChange> examples;
    };
    // The ledger's record of `table`'s partition `partitionKey`; nullopt when it has none.
    using ChangesLookup =
        std::function<std::optional<PulledChanges>(const QString &table, const QString &partitionKey)>;

    explicit DataBrowser(QWidget *parent = nullptr);
    ~DataBrowser() override;

    // The connection holding the target tables (the workspace's). An invalid one empties the
    // browser; pass one before that connection closes, as the browser reads through it.
    void setDatabase(const QSqlDatabase &database);
    // Lists the tables again and re-counts the shown one (after a run wrote rows).
    void refresh();
    // Shows `table`; with `partitionKey`, only that partition's rows. False when no such table.
    bool showTable(const QString &table, const QString &partitionKey = {});
    QString currentTable() const;
    // Shows `table`'s partition `partitionKey` with what its last pull changed. False when no
    // such table.
    bool showChanges(const QString &table, const QString &partitionKey);
    bool showingChanges() const;
    // Where the changes come from; without one, "Changes" stays disabled.
    void setChangesLookup(ChangesLookup lookup);

    // Writes the rows that pass the filters, in the shown order, to `path`.
    bool exportCsv(const QString &path, QString *error = nullptr);
    void setSavePathPrompt(SavePathPrompt prompt) { m_savePathPrompt = std::move(prompt); }

    TableBrowserModel *model() const { return m_model; }
    PartitionChangeModel *changeModel() const { return m_changes; }

private:
    void tableChosen();
    void fillPartitions();
    void applyFilter();
    void partitionChosen();
    void updateStatus();
    void exportClicked();
    void showEmpty(const QString &text);
    void fitColumns();
    // Reads the chosen partition's changes when Changes is on, then updateStatus().
    void updateChanges();

    QSqlDatabase m_database;
    TableBrowserModel *m_model;
    PartitionChangeModel *m_changes;
    QStringListModel *m_tables;
    QListView *m_tableList;
    QLineEdit *m_filter;
    QComboBox *m_partitions;
    QPushButton *m_refresh;
    QPushButton *m_export;
    QPushButton *m_changesButton;
    QStackedWidget *m_stack;
    QTableView *m_view;
    QLabel *m_empty;
    QWidget *m_changesPage;
    QLabel *m_changesSummary;
    QTreeView *m_changesView;
    QLabel *m_status;
    QProgressBar *m_busy; // while a large table sorts or filters on its thread
    QTimer *m_filterDelay;
    SavePathPrompt m_savePathPrompt;
    ChangesLookup m_changesLookup;
};

} // namespace Backfill
