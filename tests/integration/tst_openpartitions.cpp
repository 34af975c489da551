// Open partitions, end to end with `backfill` and backfill-demo-api: a day whose period has not
// ended and settled (`x-backfill.settle: 3d`) is recorded as open, never succeeded; the next
// run, `--only-missing` included, pulls exactly those again, and the rows stay exact. The days
// are counted back from today, so that the test means the same on every date.
#include "tests/integration/backfillclifixture.h"

#include "model/spec/specloader.h"
#include "model/spec/specwriter.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestOpenPartitions : public BackfillCliFixture
{
    Q_OBJECT

private slots:
    void aPeriodThatHasNotSettledIsPulledAgain();
    void theSettleKeyRoundTripsAndIsChecked();

private:
    QString spec();
};

QString TestOpenPartitions::spec()
{
    QByteArray yaml = readFile(QStringLiteral(BACKFILL_TEST_DATA "/open_partitions.yaml"));
    yaml.replace("BASE_URL", m_api.url().toString().toUtf8());
    const QString file = path(u"open_partitions.yaml"_s);
    return writeFile(file, yaml) ? file : QString();
}

void TestOpenPartitions::aPeriodThatHasNotSettledIsPulledAgain()
{
    const QString file = spec();
    QVERIFY(!file.isEmpty());
    const QString db = path(u"open.sqlite"_s);
    const QDate today = QDateTime::currentDateTimeUtc().date();
    const QString range = today.addDays(-5).toString(Qt::ISODate) + u',' + today.toString(Qt::ISODate);
    qint64 expected = 0;
    for (int back = 0; back <= 5; ++back)
        expected += eventsOn(today.addDays(-back).toString(Qt::ISODate));

    const Result first = backfill({u"run"_s, file, u"--range"_s, range, u"--db"_s, db, u"--secrets"_s, m_secrets});
    QVERIFY2(first.exitCode == 0, first.describe());
    // Today and the three days before it end less than three days ago: open. The two before: done.
    QCOMPARE(count(db, u"SELECT count(*) FROM partitions WHERE status = 'open'"_s), 4);
    QCOMPARE(count(db, u"SELECT count(*) FROM partitions WHERE status IN ('succeeded', 'empty')"_s), 2);
    QCOMPARE(count(db, u"SELECT count(*) FROM partitions WHERE status = 'open' AND partition_key < '%1'"_s.arg(
                           today.addDays(-3).toString(Qt::ISODate))),
             0);
    QCOMPARE(count(db, u"SELECT count(*) FROM daily_events"_s), expected);

    // status says which are open and that the next run pulls them again.
    const Result status = backfill({u"status"_s, u"--db"_s, db, u"--json"_s});
    QVERIFY2(status.exitCode == 0, status.describe());
    QVERIFY2(status.outText().contains(u"\"open\""_s), status.describe());

    // --only-missing: nothing is missing, but the four open days are not complete: pulled again.
    QVERIFY(m_api.resetStats());
    const Result again =
        backfill({u"run"_s, file, u"--range"_s, range, u"--db"_s, db, u"--secrets"_s, m_secrets, u"--only-missing"_s});
    QVERIFY2(again.exitCode == 0, again.describe());
    const QJsonObject stats = m_api.stats();
    QCOMPARE(stats.value(u"requests_total"_s).toInt(), 4);
    QCOMPARE(count(db, u"SELECT count(*) FROM partitions WHERE status = 'open'"_s), 4); // still not settled
    QCOMPARE(count(db, u"SELECT count(*) FROM daily_events"_s), expected);              // replaced, not doubled
    QCOMPARE(count(db, u"SELECT count(DISTINCT event_id) FROM daily_events"_s), expected);
    QCOMPARE(count(db, u"SELECT max(attempts) FROM partitions WHERE status = 'open'"_s), 2);
    QCOMPARE(count(db, u"SELECT max(attempts) FROM partitions WHERE status <> 'open'"_s), 1);
}

void TestOpenPartitions::theSettleKeyRoundTripsAndIsChecked()
{
    const QString file = spec();
    const SpecLoadResult loaded = SpecLoader::loadFile(file);
    QVERIFY2(!loaded.hasErrors(),
             qPrintable(loaded.problems.isEmpty() ? QString() : loaded.problems.first().toString()));
    QCOMPARE(loaded.spec.endpoints.constFirst().backfill.settle, u"3d"_s);
    const QByteArray written = SpecWriter::write(loaded.spec);
    QVERIFY2(written.contains("    x-backfill:\n      settle: 3d\n"), written.constData());
    QCOMPARE(SpecWriter::write(SpecLoader::load(written).spec), written); // and reads back the same

    // A settle that is not a duration is named with its line and column.
    QByteArray bad = readFile(file);
    bad.replace("settle: 3d", "settle: soon");
    QVERIFY(writeFile(path(u"bad_settle.yaml"_s), bad));
    const Result validate = backfill({u"validate"_s, path(u"bad_settle.yaml"_s)});
    QCOMPARE(validate.exitCode, 2); // an invalid spec
    QVERIFY2(validate.errText().contains(u"bad_settle.yaml:25:"_s) &&
                 validate.errText().contains(u"\"settle\" expects a duration such as 2h, 30m or 1d, not \"soon\""_s),
             validate.describe());
}

QTEST_GUILESS_MAIN(TestOpenPartitions)
#include "tst_openpartitions.moc"
