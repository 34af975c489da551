#pragma once

#include "model/itemmodels/partitioncalendarmodel.h"
#include "model/partitions/partitionstatus.h"

#include <QDate>
#include <QPointer>
#include <QSet>
#include <QWidget>

namespace Backfill {

// Paints a PartitionCalendarModel: a month grid or a year heat map (every year of the model's
// span, 12 months each, a column per week and a row per weekday) for time schemes, a grid of
// blocks for numeric ones. Weeks and months colour all their days; hourly days show the share
// of hours done. The selection is a set of scheme indexes, so it survives changes of month or
// span; the user edits it with click, drag, shift-click, ctrl-click and the keyboard (arrows
// select, shift+arrows extend, ctrl+arrows move the focus, space toggles).
class CalendarView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CalendarView)

public:
    enum class Mode { Month, Year };

    explicit CalendarView(QWidget *parent = nullptr);

    void setModel(PartitionCalendarModel *model);
    PartitionCalendarModel *model() const { return m_model; }
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }
    // The month the month view shows (any day of it).
    void setMonth(QDate day);
    QDate month() const { return m_month; }

    const QSet<qint64> &selection() const { return m_selection; }
    // Replaces the selection without emitting selectionEdited().
    void setSelection(const QSet<qint64> &indexes);
    bool isRowSelected(int row) const;
    int currentRow() const { return m_currentRow; }
    int hoveredRow() const { return m_hoveredRow; }

    // Where things are drawn (empty when not shown): a day of a time scheme, a numeric block.
    QRect dayRect(QDate day) const;
    QRect blockRect(int row) const;
    int rowAt(const QPoint &position) const;

    // Status colours that read on light and dark palettes alike.
    static QColor statusColor(PartitionStatus status, const QPalette &palette);

    QSize sizeHint() const override;

Q_SIGNALS:
    void selectionEdited(); // by the user
    void currentRowChanged(int row);
    void hoveredRowChanged(int row); // -1 when the pointer leaves the cells
    void monthChanged(QDate month);  // the keyboard moved past the shown month

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    bool isNumeric() const;
    QDate dayAt(const QPoint &position) const;
    void paintDay(QPainter &painter, QDate day, const QRect &rect, bool large);
    void paintYears(QPainter &painter, const QRect &exposed);
    int yearPitch() const;       // a year's cell and its gap, for the widget's width
    int yearHeight() const;      // a year's band: title, month labels, seven rows
    int yearTop(int year) const; // where a year's band starts: the newest year on top
    void paintMonth(QPainter &painter);
    void paintBlocks(QPainter &painter, const QRect &exposed);
    void paintCell(QPainter &painter, int row, const QRect &rect);
    int blockColumns() const;
    QSet<qint64> rangeOfRows(int from, int to) const;
    void selectRows(int from, int to, bool keep);
    void toggleRow(int row);
    void setCurrent(int row, QDate day);
    void setHovered(int row);
    void moveCurrent(int step, Qt::KeyboardModifiers modifiers);
    void modelReset();
    void updateMinimumSize();
    void updateRowFlags();

    QPointer<PartitionCalendarModel> m_model;
    Mode m_mode = Mode::Month;
    QDate m_month;
    QSet<qint64> m_selection;
    QList<bool> m_rowSelected; // per model row: any of its partitions selected
    QSet<qint64> m_dragBase;   // what a drag adds its range to
    int m_anchorRow = -1;
    int m_currentRow = -1;
    QDate m_currentDay;
    int m_hoveredRow = -1;
    bool m_dragging = false;
};

} // namespace Backfill
