#pragma once

#include "model/runs/engineevent.h"
#include "model/runs/runstatistics.h"
#include "model/workspace/partitionrecord.h"

#include <QList>
#include <QPair>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace Backfill {

class LogView;
class RunChart;
class RunController;
class LiveRunPartitionModel;
struct RunSummary;

// The "Run" tab: overall progress with ETA and rates, the run's partitions with their page
// and row counts and errors, pause / resume / cancel / retry failed, the order of the next
// run, the live chart, the log, and a summary when the run ends.
// The engine's events arrive by the thousand on a fast run; they are counted at once but shown
// in batches, at most RefreshesPerSecond times a second, so the GUI thread only paints.
class RunPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunPanel)

public:
    static constexpr int RefreshesPerSecond = 10;

    explicit RunPanel(RunController *controller, QWidget *parent = nullptr);

    RunController *controller() const { return m_controller; }
    LiveRunPartitionModel *partitionModel() const { return m_partitions; }
    const RunStatistics &statistics() const { return m_statistics; }

private:
    void onStarted(const QString &endpoint, int partitions);
    void onEvent(const EngineEvent &event);
    void onPartitionChanged(const QString &endpoint, const PartitionRecord &record);
    void onFinished(const RunSummary &summary);
    void refresh();
    void updateButtons();
    void retryFailed();

    RunController *m_controller;
    RunStatistics m_statistics;
    LiveRunPartitionModel *m_partitions;
    QList<EngineEvent> m_pendingEvents;
    QList<QPair<QString, PartitionRecord>> m_pendingRecords;
    QTimer m_refresh;

    QProgressBar *m_progress;
    QLabel *m_eta;
    QLabel *m_rates;
    QLabel *m_summary;
    QPushButton *m_pause;
    QPushButton *m_resume;
    QPushButton *m_cancel;
    QPushButton *m_retryFailed;
    QComboBox *m_order;
    QTableView *m_table;
    RunChart *m_chart;
    LogView *m_log;
};

} // namespace Backfill
