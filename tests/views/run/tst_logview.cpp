// LogView: typing in the filter fields narrows the table; Copy puts the shown or selected lines
// on the clipboard.
#include "model/itemmodels/eventlogmodel.h"
#include "views/run/logview.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {
EngineEvent makeEvent(EngineEvent::Kind kind, const QString &partition, const QString &message)
{
    EngineEvent e;
    e.kind = kind;
    e.time = QDateTime(QDate(2024, 1, 5), QTime(10, 0, 1), Qt::UTC);
    e.endpoint = u"daily_events"_s;
    e.partition = partition;
    e.message = message;
    return e;
}
} // namespace

class TestLogView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void typingFilters();
    void copiesSelectionOrEverythingShown();

private:
    template <typename T> T *child(const QString &name) const { return m_view->findChild<T *>(name); }
    QStringList shownMessages() const;

    std::unique_ptr<LogView> m_view;
};

void TestLogView::init()
{
    m_view = std::make_unique<LogView>();
    m_view->resize(800, 400);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    using Kind = EngineEvent::Kind;
    m_view->append({makeEvent(Kind::PartitionStarted, u"2024-01-01"_s, u"partition 2024-01-01 started"_s),
                    makeEvent(Kind::Retry, u"2024-01-02"_s, u"HTTP 429 Too Many Requests; retrying page 1"_s),
                    makeEvent(Kind::PartitionFailed, u"2024-01-02"_s, u"partition 2024-01-02 failed at page 1"_s),
                    makeEvent(Kind::PartitionSucceeded, u"2024-02-01"_s, u"partition 2024-02-01: 10 rows"_s)});
}

void TestLogView::cleanup()
{
    m_view.reset();
}

QStringList TestLogView::shownMessages() const
{
    const QAbstractItemModel *model = child<QTableView>(u"logTable"_s)->model();
    QStringList messages;
    for (int row = 0; row < model->rowCount(); ++row)
        messages << model->index(row, EventLogModel::MessageColumn).data().toString();
    return messages;
}

void TestLogView::typingFilters()
{
    QCOMPARE(shownMessages().size(), 4);
    QTest::keyClicks(child<QLineEdit>(u"logPartition"_s), u"2024-01-02"_s);
    QCOMPARE(shownMessages(), (QStringList{u"HTTP 429 Too Many Requests; retrying page 1"_s,
                                           u"partition 2024-01-02 failed at page 1"_s}));
    auto *level = child<QComboBox>(u"logLevel"_s);
    level->setCurrentIndex(level->findText(u"Errors"_s));
    QCOMPARE(shownMessages(), QStringList{u"partition 2024-01-02 failed at page 1"_s});

    child<QLineEdit>(u"logPartition"_s)->clear();
    level->setCurrentIndex(0);
    QTest::keyClicks(child<QLineEdit>(u"logText"_s), u"rows"_s);
    QCOMPARE(shownMessages(), QStringList{u"partition 2024-02-01: 10 rows"_s});
}

void TestLogView::copiesSelectionOrEverythingShown()
{
    QApplication::clipboard()->clear();
    QTest::keyClicks(child<QLineEdit>(u"logText"_s), u"partition"_s);
    QTest::mouseClick(child<QPushButton>(u"logCopy"_s), Qt::LeftButton);
    const QStringList lines = QApplication::clipboard()->text().split(u'\n');
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines.at(1).endsWith(u"error  daily_events  2024-01-02  partition 2024-01-02 failed at page 1"_s),
             qPrintable(lines.at(1)));

    auto *table = child<QTableView>(u"logTable"_s);
    table->setFocus();
    table->selectRow(2);
    QTest::keySequence(table, QKeySequence::Copy);
    QVERIFY2(QApplication::clipboard()->text().endsWith(u"2024-02-01  partition 2024-02-01: 10 rows"_s),
             qPrintable(QApplication::clipboard()->text()));
    QVERIFY(!QApplication::clipboard()->text().contains(u'\n'));
}

QTEST_MAIN(TestLogView)
#include "tst_logview.moc"
