#pragma once

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QPushButton;
class QTableView;

namespace Backfill {

// A table with Add and Remove buttons that takes the room of its rows: one line ("No headers"
// and Add) while empty, then a row more for each entry up to MaxVisibleRows, after which it
// scrolls. The key/value tables and the rules table are made of it; a subclass says what Add
// appends and Remove removes.
class GrowingTable : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GrowingTable)

public:
    static constexpr int MaxVisibleRows = 6;

    QTableView *view() const { return m_view; }

protected:
    // `name` becomes the objectName of the table ("<name>") and its buttons ("<name>Add",
    // "<name>Remove"); `emptyText` is what the line says while there is no row.
    GrowingTable(const QString &name, const QString &accessibleName, const QString &emptyText,
                 QAbstractItemModel *model, QWidget *parent);

    // Add: appends a row and returns it (the table selects its first cell); Remove: removes `row`.
    virtual int appendRow() = 0;
    virtual void removeRow(int row) = 0;

private:
    void fitToRows();

    QTableView *m_view;
    QLabel *m_empty;
    QPushButton *m_remove;
};

} // namespace Backfill
