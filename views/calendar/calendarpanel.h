#pragma once

#include "model/partitions/partitionscheme.h"
#include "model/workspace/partitionrecord.h"
#include "network/planning/partitionplanner.h"
#include "network/planning/runplan.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QSet>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <memory>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;
class QTableView;
class QTimer;

namespace Backfill {

class CalendarView;
class EndpointProgram;
class PartitionCalendarModel;
class PartitionLedger;
class PartitionTableModel;
struct ApiSpec;

// The Calendar tab: one endpoint's partitions on a month grid, a year heat map or a grid of
// numeric blocks, coloured by status with a legend of counts. The selection is made with the
// mouse and keyboard, typed in the range language (the field and the calendar follow each
// other), or by the buttons; "only failed and missing" narrows it. Beside it: the hovered or
// current day's partitions with "Test this partition" and "Re-run", and the plan of running
// the selection (partitions, requests, time) with Launch. The panel runs nothing itself: the
// main window connects its request signals to the test and run panels.
class CalendarPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CalendarPanel)

public:
    explicit CalendarPanel(QWidget *parent = nullptr);
    ~CalendarPanel() override;

    // Shows `endpointName` of `spec`; `ledger` (null without a workspace) gives the statuses.
    // The selection is cleared.
    void setEndpoint(PartitionLedger *ledger, const ApiSpec &spec, const QString &endpointName);
    void clear();
    // "Now" (UTC) for the date buttons, the first month shown and the spec's now(); the
    // system clock by default. Takes effect at the next setEndpoint().
    void setClock(std::function<QDateTime()> now);

    QString endpointName() const { return m_endpointName; }
    PartitionCalendarModel *model() const { return m_model; }
    CalendarView *view() const { return m_view; }
    QStringList selectedKeys() const;
    QString rangeText() const;
    // The plan of the selection, brought up to date first (it follows edits after a pause).
    const RunPlan &plan();

public Q_SLOTS:
    // Connect BackfillEngine::partitionChanged here: when `endpoint` is the one shown, the
    // calendar, the day's partitions and the plan follow the record.
    void updatePartition(const QString &endpoint, const Backfill::PartitionRecord &record);
    // Reloads every status from the ledger.
    void refresh();

Q_SIGNALS:
    void testPartitionRequested(const QString &endpoint, const QString &partitionKey);
    void rerunRequested(const QString &endpoint, const QStringList &keys);
    // "Show changes": what the partition's last pull changed, in the data browser.
    void showChangesRequested(const QString &endpoint, const QString &partitionKey);
    void launchRequested(const QString &endpoint, const QList<Backfill::PartitionPlan> &partitions,
                         const QString &rangeText);

private:
    void buildUi();
    void setMode(int mode);
    void showMonth(QDate month);
    void stepPeriod(int step);
    void updateSpan();
    void applyRangeText(const QString &text, bool rewrite);
    void selectionEdited();
    void selectionChanged();
    void selectDays(QDate first, QDate last);
    void selectAll();
    QSet<qint64> allIndexes() const;
    void keepFailedAndMissing();
    QString selectionText() const;
    void updateLegend();
    void updatePlan();
    void schedulePlan();
    void updateDetails();
    int detailsRow() const;
    QStringList detailsKeys(bool selectedOnly) const;
    void launch();
    void attachDetails();

    QDate today() const;

    std::function<QDateTime()> m_clock;
    // Leaves out the partitions whose period has not begun: they cannot be selected.
    void dropFuture(QSet<qint64> &indexes) const;
    PartitionLedger *m_ledger = nullptr;
    std::shared_ptr<const EndpointProgram> m_program;
    QString m_endpointName;
    QString m_specName; // the ledger knows endpoints by spec and endpoint name
    qint64 m_endpointId = -1;
    QJsonObject m_sync;
    PartitionScheme m_scheme;
    QStringList m_defaultKeys; // what a run without a range takes
    qint64 m_baseFirst = -1;   // scheme indexes of the default keys, the ledger's keys and today
    qint64 m_baseLast = -1;
    qint64 m_spanFirst = -1; // the numeric model's span
    qint64 m_spanLast = -1;
    QSet<qint64> m_selection;
    RunPlan m_plan;
    QString m_planRange;

    PartitionCalendarModel *m_model;
    QTimer *m_planTimer;
    std::unique_ptr<PartitionTableModel> m_detailsModel;
    CalendarView *m_view = nullptr;
    QScrollArea *m_scroll = nullptr;
    QLineEdit *m_rangeEdit = nullptr;
    QLabel *m_rangeError = nullptr;
    QLabel *m_message = nullptr;
    QButtonGroup *m_modeGroup = nullptr;
    QPushButton *m_previousButton = nullptr;
    QPushButton *m_nextButton = nullptr;
    QLabel *m_periodLabel = nullptr;
    QPushButton *m_lastDaysButton = nullptr;
    QPushButton *m_monthButton = nullptr;
    QList<QLabel *> m_legend; // by AllPartitionStatuses
    QLabel *m_futureLegend;   // "Not yet": partitions whose period has not begun
    QLabel *m_detailsTitle = nullptr;
    QLabel *m_detailsSummary = nullptr;
    QTableView *m_detailsTable = nullptr;
    QPushButton *m_testButton = nullptr;
    QPushButton *m_rerunButton = nullptr;
    QPushButton *m_changesButton = nullptr;
    QLabel *m_planSummary = nullptr;
    QPushButton *m_launchButton = nullptr;
};

} // namespace Backfill
