#pragma once

#include "model/runs/engineevent.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QTableView;

namespace Backfill {

class EventLogFilter;
class EventLogModel;

// The log of a run: the engine's events in a table, filtered by level, partition and text,
// following the newest event unless the user scrolled away; Copy puts the selected lines
// (all shown ones when none is selected) on the clipboard.
class LogView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogView)

public:
    explicit LogView(QWidget *parent = nullptr);

    void append(const QList<EngineEvent> &events);
    void clear();
    EventLogModel *model() const { return m_model; }
    EventLogFilter *filter() const { return m_filter; }
    // The text Copy puts on the clipboard.
    QString selectedText() const;
    void copy();

private:
    EventLogModel *m_model;
    EventLogFilter *m_filter;
    QComboBox *m_level;
    QLineEdit *m_partition;
    QLineEdit *m_text;
    QTableView *m_table;
};

} // namespace Backfill
