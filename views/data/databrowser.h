#pragma once

#include <QSqlDatabase>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QStackedWidget;
class QStringListModel;
class QTableView;
class QTimer;

namespace Backfill {

class TableBrowserModel;

// The "Data" tab: the target tables of the workspace on the left, the rows of the chosen one on
// the right, read lazily however many there are, with column sorting, a text filter, a partition
// filter ("the rows of one day") and an export of the filtered rows as CSV.
class DataBrowser final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DataBrowser)

public:
    // Asks where to save the CSV; an empty answer cancels. Tests replace the file dialog.
    using SavePathPrompt = std::function<QString(QWidget *parent, const QString &suggestedPath)>;

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

    // Writes the rows that pass the filters, in the shown order, to `path`.
    bool exportCsv(const QString &path, QString *error = nullptr);
    void setSavePathPrompt(SavePathPrompt prompt) { m_savePathPrompt = std::move(prompt); }

    TableBrowserModel *model() const { return m_model; }

private:
    void tableChosen();
    void fillPartitions();
    void applyFilter();
    void partitionChosen();
    void updateStatus();
    void exportClicked();
    void showEmpty(const QString &text);
    void fitColumns();

    QSqlDatabase m_database;
    TableBrowserModel *m_model;
    QStringListModel *m_tables;
    QListView *m_tableList;
    QLineEdit *m_filter;
    QComboBox *m_partitions;
    QPushButton *m_refresh;
    QPushButton *m_export;
    QStackedWidget *m_stack;
    QTableView *m_view;
    QLabel *m_empty;
    QLabel *m_status;
    QTimer *m_filterDelay;
    SavePathPrompt m_savePathPrompt;
};

} // namespace Backfill
