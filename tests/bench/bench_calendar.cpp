// The calendar's cost at scale: ten years of daily partitions (3,653 cells, every status)
// through PartitionCalendarModel, then repaints of the year heat map and the month grid, and
// single-partition updates. Prints the figures; asserts nothing (see README.md).
//   bench_calendar [--years N] [--repaints N]
#include "model/itemmodels/partitioncalendarmodel.h"
#include "views/calendar/calendarview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace Backfill;

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption yearsOption(u"years"_s, u"Years of daily partitions."_s, u"n"_s, u"10"_s);
    const QCommandLineOption repaintsOption(u"repaints"_s, u"Repaints to average."_s, u"n"_s, u"20"_s);
    parser.addOptions({yearsOption, repaintsOption});
    parser.addHelpOption();
    parser.process(app);
    const int years = std::max(1, parser.value(yearsOption).toInt());
    const int repaints = std::max(1, parser.value(repaintsOption).toInt());

    const QDate first(2015, 1, 1);
    const QDate last(2015 + years - 1, 12, 31);
    const PartitionScheme scheme =
        PartitionScheme::forDates(PartitionScheme::Grain::Daily, QDate(1970, 1, 1), QDate(2099, 12, 31));
    QList<PartitionRecord> records;
    QRandomGenerator random(42);
    const QDateTime start(first, QTime(0, 0), QTimeZone::utc());
    for (QDate day = first; day <= last; day = day.addDays(1)) {
        PartitionRecord record;
        record.endpointId = 1;
        record.key = day.toString(Qt::ISODate);
        record.status = AllPartitionStatuses[random.bounded(int(std::size(AllPartitionStatuses)))];
        record.attempts = 1;
        record.counts = {random.bounded(1, 10), random.bounded(0, 5000), 100'000};
        record.startedAt = start;
        record.finishedAt = start.addMSecs(random.bounded(100, 5000));
        records.append(record);
    }

    QTextStream out(stdout);
    PartitionCalendarModel model;
    QElapsedTimer timer;
    timer.start();
    model.setRecords(1, scheme, records);
    model.setSpan(first, last);
    const double buildMs = double(timer.nsecsElapsed()) / 1e6;

    CalendarView view;
    view.setModel(&model);
    view.setMode(CalendarView::Mode::Year);
    view.resize(view.minimumSize());
    const QSize yearSize = view.size();
    QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);
    view.render(&image); // warm up fonts and caches
    timer.restart();
    for (int i = 0; i < repaints; ++i)
        view.render(&image);
    const double yearMs = double(timer.nsecsElapsed()) / 1e6 / repaints;
    // What one screen of the heat map costs: the exposed rectangle of a 900 px high viewport.
    timer.restart();
    for (int i = 0; i < repaints; ++i)
        view.render(&image, {}, QRegion(0, 0, view.width(), 900));
    const double screenMs = double(timer.nsecsElapsed()) / 1e6 / repaints;

    view.setMode(CalendarView::Mode::Month);
    view.setMonth(last);
    view.resize(800, 600);
    QImage monthImage(view.size(), QImage::Format_ARGB32_Premultiplied);
    timer.restart();
    for (int i = 0; i < repaints; ++i)
        view.render(&monthImage);
    const double monthMs = double(timer.nsecsElapsed()) / 1e6 / repaints;

    const int updates = 1000;
    timer.restart();
    for (int i = 0; i < updates; ++i) {
        PartitionRecord record = records.at(random.bounded(int(records.size())));
        record.status = PartitionStatus::Running;
        model.updatePartition(record);
    }
    const double updateUs = double(timer.nsecsElapsed()) / 1e3 / updates;

    out << u"calendar: %1 daily partitions (%2 years), %3 cells"_s.arg(records.size()).arg(years).arg(model.rowCount())
        << Qt::endl;
    out << u"model build ms=%1"_s.arg(buildMs, 0, 'f', 2) << Qt::endl;
    out << u"year view repaint (%1x%2 px, all years) ms=%3"_s.arg(yearSize.width())
               .arg(yearSize.height())
               .arg(yearMs, 0, 'f', 2)
        << Qt::endl;
    out << u"year view repaint (one 900 px screen) ms=%1"_s.arg(screenMs, 0, 'f', 2) << Qt::endl;
    out << u"month view repaint ms=%1"_s.arg(monthMs, 0, 'f', 2) << Qt::endl;
    out << u"updatePartition us=%1"_s.arg(updateUs, 0, 'f', 1) << Qt::endl;
    return 0;
}
