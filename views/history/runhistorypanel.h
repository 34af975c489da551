#pragma once

#include <QWidget>

#include <memory>

class QCheckBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;
class QTextBrowser;

namespace Backfill {

class PartitionLedger;
class RunEventModel;
class PastRunPartitionModel;
class RunTableModel;
struct RunPartition;

// The "History" tab: past runs with their range, counts and outcome; for the chosen run, its
// partitions and its log; for the chosen partition, what happened to it, and for a failed one
// the request that failed (as recorded, secrets masked), the HTTP status, the start of the
// response, the error and what to do about it, and for a partition pulled again, what changed.
class RunHistoryPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunHistoryPanel)

public:
    explicit RunHistoryPanel(QWidget *parent = nullptr);
    ~RunHistoryPanel() override;

    // The ledger of the open workspace; nullptr empties the panel. The panel keeps the pointer:
    // set nullptr (or another ledger) before this one goes.
    void setLedger(PartitionLedger *ledger);
    // Reads the runs again (after a run started or finished), keeping the chosen run.
    void refresh();
    bool selectRun(qint64 runId);
    qint64 currentRunId() const; // -1 when none

    RunTableModel *runModel() const { return m_runs.get(); }
    PastRunPartitionModel *partitionModel() const { return m_partitions; }

signals:
    // "Retry failed": the failed partitions of the chosen run, per endpoint of its spec.
    void retryRequested(const QString &specName, const QString &endpoint, const QStringList &partitionKeys);
    // "Show rows": the rows a partition loaded, in the data browser.
    void showRowsRequested(const QString &specName, const QString &endpoint, const QString &partitionKey);
    // "Show changes": what the partition's last pull changed, in the data browser.
    void showChangesRequested(const QString &specName, const QString &endpoint, const QString &partitionKey);

private:
    void runChosen();
    void partitionChosen();
    void showDetail(const RunPartition *partition);
    void retryFailed();
    // Emits `request` (showRowsRequested, showChangesRequested) for the chosen partition.
    using Request = void (RunHistoryPanel::*)(const QString &, const QString &, const QString &);
    void requestForChosen(Request request);
    void updateEmptyState();

    PartitionLedger *m_ledger = nullptr;
    std::unique_ptr<RunTableModel> m_runs; // needs a ledger to exist
    PastRunPartitionModel *m_partitions;
    QSortFilterProxyModel *m_failedFilter;
    RunEventModel *m_events;
    QStackedWidget *m_stack;
    QLabel *m_empty;
    QTableView *m_runView;
    QLabel *m_runSummary;
    QCheckBox *m_failedOnly;
    QTableView *m_partitionView;
    QTableView *m_eventView;
    QTextBrowser *m_detail;
    QPushButton *m_retry;
    QPushButton *m_showRows;
    QPushButton *m_showChanges;
};

} // namespace Backfill
