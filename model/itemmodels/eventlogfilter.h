#pragma once

#include "model/runs/eventlevel.h"

#include <QSortFilterProxyModel>

namespace Backfill {

// Filters a run's log (an EventTableModel: the live EventLogModel or a past run's RunEventModel) the way the log view
// offers it: a minimum level, a partition (its key or a prefix of it: "2024-01" keeps January's days) and a text that
// the message, endpoint or partition must contain (case-insensitive). Empty filters keep everything.
class EventLogFilter final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventLogFilter)

public:
    explicit EventLogFilter(QObject *parent = nullptr);

    void setMinimumLevel(EventLevel level);
    EventLevel minimumLevel() const { return m_level; }
    void setPartition(const QString &partition);
    QString partition() const { return m_partition; }
    void setText(const QString &text);
    QString text() const { return m_text; }

    // The shown rows (all when `rows` is empty) as lines of text, for the clipboard.
    QString linesText(const QList<int> &rows = {}) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    EventLevel m_level = EventLevel::Info;
    QString m_partition;
    QString m_text;
};

} // namespace Backfill
