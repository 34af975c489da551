#pragma once

#include "model/workspace/partitionrecord.h"

#include <QAbstractItemModel>
#include <QList>
#include <QStringList>

namespace Backfill {

// The examples a partition's last pull kept (PartitionLedger::changes()) as a two-level tree for
// the data browser: one top-level row per example ("Changed  evt_0002: amount, revision"), and
// under it one row per column with the value before and after the pull side by side. A changed
// row lists the columns that differ first; a new row has no "before", a gone one no "after".
class PartitionChangeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PartitionChangeModel)

public:
    enum Column { NameColumn, BeforeColumn, AfterColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        KindRole = Qt::UserRole + 1, // PartitionChange::Kind, as int, on every row
        DiffersRole,                 // a column row whose value is not the same before and after
        IsNullRole,                  // the value shown is JSON null (shown as NULL)
    };
    Q_ENUM(Role)

    explicit PartitionChangeModel(QObject *parent = nullptr);

    void setChanges(const QList<PartitionChange> &changes);
    void clear();

    PartitionChange change(int row) const; // a top-level row's example
    // How many examples of `kind` there are.
    int count(PartitionChange::Kind kind) const;

    // "New", "Changed", "Gone", "Repeated key": the kind as the screens name it.
    static QString kindText(PartitionChange::Kind kind);
    // A recorded key (a JSON array of its parts) for people: `["a", 2]` -> "a, 2".
    static QString keyText(const QString &key);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        PartitionChange change;
        QStringList columns; // differing ones first, then the rest, each by name
        int differing = 0;   // how many of `columns` come first because they differ
    };

    QVariant entryData(const Entry &entry, int column, int role) const;
    QVariant columnData(const Entry &entry, int row, int column, int role) const;

    QList<Entry> m_entries;
};

} // namespace Backfill
