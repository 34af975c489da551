// What changed on a re-pull, and the checks of what landed, end to end with `backfill` and a
// backfill-demo-api whose history changes (`--mutate-history`: on the last days before
// `--today` every record changes, the first is withdrawn and one arrives late with each
// generation) and whose days can be thin or empty on request.
#include "tests/integration/backfillclifixture.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestRepull : public BackfillCliFixture
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void aSecondPullCountsWhatChangedPerPartition();
    void checksFlagThinAndEmptyDays();

private:
    QString spec();
    // The JSON objects of one column of `sql`'s rows.
    QList<QJsonObject> rows(const QString &db, const QString &sql);

    DemoApiProcess m_changing;
    const QString m_range = u"2024-02-25,2024-03-10"_s; // 15 days, the last three mutating
};

void TestRepull::init()
{
    QVERIFY2(m_changing.start({u"--mutate-history"_s, u"3"_s, u"--today"_s, u"2024-03-10"_s, u"--thin-days"_s,
                               u"2024-03-03"_s, u"--empty-days"_s, u"2024-03-04"_s}),
             "backfill-demo-api starts");
}

void TestRepull::cleanup()
{
    m_changing.stop();
}

QString TestRepull::spec()
{
    QByteArray yaml = readFile(QStringLiteral(BACKFILL_TEST_DATA "/open_partitions.yaml"));
    yaml.replace("BASE_URL", m_changing.url().toString().toUtf8());
    const QString file = path(u"repull.yaml"_s);
    return writeFile(file, yaml) ? file : QString();
}

QList<QJsonObject> TestRepull::rows(const QString &db, const QString &sql)
{
    QList<QJsonObject> result;
    {
        QSqlDatabase connection = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"repull"_s);
        connection.setDatabaseName(db);
        if (connection.open()) {
            QSqlQuery query(connection);
            if (query.exec(sql)) {
                while (query.next())
                    result.append(QJsonDocument::fromJson(query.value(0).toString().toUtf8()).object());
            }
        }
    }
    QSqlDatabase::removeDatabase(u"repull"_s);
    return result;
}

void TestRepull::aSecondPullCountsWhatChangedPerPartition()
{
    const QString file = spec();
    QVERIFY(!file.isEmpty());
    const QString db = path(u"repull.sqlite"_s);
    const QStringList run = {u"run"_s, file, u"--range"_s, m_range, u"--db"_s, db, u"--secrets"_s, m_secrets};

    const Result first = backfill(run);
    QVERIFY2(first.exitCode == 0, first.describe());
    // A first pull has nothing to compare with.
    QCOMPARE(count(db, u"SELECT count(*) FROM partitions WHERE compared = 1"_s), 0);
    QVERIFY2(!first.outText().contains(u"since its last pull"_s), first.describe());
    const qint64 before = count(db, u"SELECT row_count FROM partitions WHERE partition_key = '2024-03-08'"_s);
    QVERIFY(before > 0);

    QVERIFY(m_changing.post(u"/_advance"_s).status == 200);
    const Result second = backfill(run + QStringList{u"--force"_s});
    QVERIFY2(second.exitCode == 0, second.describe());

    // Every partition was compared; only the three mutating days changed: each record of the
    // day changed but the withdrawn first, which is gone, and one arrived late.
    QCOMPARE(count(db, u"SELECT count(*) FROM partitions WHERE compared = 1"_s), 15);
    QCOMPARE(count(db, u"SELECT count(*) FROM partitions WHERE rows_added + rows_changed + rows_removed > 0"_s), 3);
    QCOMPARE(count(db, u"SELECT count(*) FROM partitions WHERE partition_key >= '2024-03-08' AND rows_added = 1 "
                       "AND rows_removed = 1 AND rows_changed = row_count - 1"_s),
             3);
    QCOMPARE(count(db, u"SELECT rows_changed FROM partitions WHERE partition_key = '2024-03-08'"_s), before - 1);
    QVERIFY2(second.outText().contains(
                 u"daily_events 2024-03-08: %1 changed, 1 new, 1 gone since its last pull"_s.arg(before - 1)),
             second.describe());
    QVERIFY2(second.outText().contains(u"of 15 pulled again, 3 changed since their last pull"_s), second.describe());

    // The examples: the withdrawn record as it was, a changed one before and after, the late one.
    const QList<QJsonObject> gone = rows(db, u"SELECT before_row FROM partition_changes WHERE partition_key = "
                                             "'2024-03-08' AND kind = 'removed' AND after_row IS NULL"_s);
    QCOMPARE(gone.size(), 1);
    QCOMPARE(gone.first().value(u"event_id"_s).toString(), u"evt_20240308_0001"_s);
    const QList<QJsonObject> was = rows(db, u"SELECT before_row FROM partition_changes WHERE partition_key = "
                                            "'2024-03-08' AND kind = 'changed' ORDER BY row_key"_s);
    const QList<QJsonObject> is = rows(db, u"SELECT after_row FROM partition_changes WHERE partition_key = "
                                           "'2024-03-08' AND kind = 'changed' ORDER BY row_key"_s);
    QCOMPARE(was.size(), 20); // at most 20 examples a kind
    QCOMPARE(is.size(), 20);
    QCOMPARE(was.first().value(u"event_id"_s), is.first().value(u"event_id"_s));
    QCOMPARE(was.first().value(u"revision"_s).toInt(), 0);
    QCOMPARE(is.first().value(u"revision"_s).toInt(), 1);
    QCOMPARE(count(db, u"SELECT count(*) FROM partition_changes WHERE partition_key = '2024-03-05'"_s), 0);

    // status names them, in text and JSON.
    const Result status = backfill({u"status"_s, u"--db"_s, db, u"--json"_s});
    QVERIFY2(status.exitCode == 0, status.describe());
    const QJsonArray endpoints = QJsonDocument::fromJson(status.out).object().value(u"endpoints"_s).toArray();
    QCOMPARE(endpoints.size(), 1);
    const QJsonArray changed = endpoints.first().toObject().value(u"changed"_s).toArray();
    QCOMPARE(changed.size(), 3);
    QCOMPARE(changed.first().toObject().value(u"key"_s).toString(), u"2024-03-08"_s);
    QCOMPARE(changed.first().toObject().value(u"removed"_s).toInt(), 1);
    const Result text = backfill({u"status"_s, u"--db"_s, db});
    QVERIFY2(text.outText().contains(u"    2024-03-08  %1 changed, 1 new, 1 gone"_s.arg(before - 1)), text.describe());
}

void TestRepull::checksFlagThinAndEmptyDays()
{
    const QString file = spec();
    QVERIFY(!file.isEmpty());
    const QString db = path(u"checks.sqlite"_s);
    const Result run = backfill({u"run"_s, file, u"--range"_s, m_range, u"--db"_s, db, u"--secrets"_s, m_secrets});
    QVERIFY2(run.exitCode == 0, run.describe());

    const Result check = backfill({u"check"_s, u"--db"_s, db, u"--json"_s});
    QCOMPARE(check.exitCode, 1);
    QStringList found;
    for (const QJsonValue &endpoint : QJsonDocument::fromJson(check.out).object().value(u"endpoints"_s).toArray()) {
        for (const QJsonValue &flag : endpoint.toObject().value(u"flagged"_s).toArray())
            found << flag[u"key"_s].toString() + u' ' + flag[u"check"_s].toString();
    }
    QCOMPARE(found, (QStringList{u"2024-03-03 thin"_s, u"2024-03-04 empty_gap"_s}));
    // The columns are the same every day, and each event id comes once: no other check fires.
    QCOMPARE(count(db, u"SELECT count(DISTINCT columns_seen) FROM partitions WHERE row_count > 0"_s), 1);
    QCOMPARE(count(db, u"SELECT sum(duplicate_keys) FROM partitions"_s), 0);

    // The endpoint's own thresholds (x-backfill.checks): a tenth of the neighbours' median is
    // not thin under 5%. A run keeps them in the workspace, where `check` reads them.
    QByteArray yaml = readFile(file);
    QVERIFY(yaml.contains("      settle: 3d\n"));
    yaml.replace("      settle: 3d\n",
                 "      settle: 3d\n      checks:\n        thin_below: 5%\n        neighbours: 6\n");
    QVERIFY(writeFile(file, yaml));
    const Result again = backfill(
        {u"run"_s, file, u"--range"_s, u"2024-03-10"_s, u"--force"_s, u"--db"_s, db, u"--secrets"_s, m_secrets});
    QVERIFY2(again.exitCode == 0, again.describe());
    const Result recheck = backfill({u"check"_s, u"--db"_s, db});
    QCOMPARE(recheck.exitCode, 1);
    QVERIFY2(recheck.out.contains("2024-03-04") && !recheck.out.contains("2024-03-03"), recheck.out.constData());
}

QTEST_GUILESS_MAIN(TestRepull)
#include "tst_repull.moc"
