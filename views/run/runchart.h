#pragma once

#include "model/runs/runstatistics.h"

#include <QWidget>

class QChart;
class QChartView;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace Backfill {

// The live chart of a run: rows/s (left axis) and requests/s (right axis) per second, retries
// and 429 answers as markers at their count, and partitions done (its own axis). The axes
// rescale as the run goes; the colours follow the light or dark palette; exportPng() saves it.
class RunChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunChart)

public:
    explicit RunChart(QWidget *parent = nullptr);

    // Shows these samples (a run's, from second 0); replaces what was shown.
    void setSamples(const QList<RunSample> &samples);
    void clear();
    // The run's partitions: the "partitions done" axis ends there, so its line shows how far
    // the run has come. 0: the axis follows the line.
    void setPartitionCount(int partitions) { m_partitionCount = partitions; }
    int pointCount() const; // of the rows/s series
    // Saves the chart as it is shown; false with `error` when the file cannot be written.
    bool exportPng(const QString &path, QString *error = nullptr) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
    void exportDialog();

    int m_partitionCount = 0;
    QChartView *m_view;
    QChart *m_chart;
    QLineSeries *m_rows;
    QLineSeries *m_requests;
    QScatterSeries *m_retries;
    QScatterSeries *m_rateLimited;
    QLineSeries *m_done;
    QValueAxis *m_time;
    QValueAxis *m_rowsAxis;
    QValueAxis *m_requestsAxis;
    QValueAxis *m_doneAxis;
    bool m_themed = false;
};

} // namespace Backfill
