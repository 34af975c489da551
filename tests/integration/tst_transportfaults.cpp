// A long backfill over a flaky network, run the way a user runs it: the `backfill` runner
// against a GitHub-style API (Link header pagination, 50 per page) whose every 7th answer is
// a 503 and every 11th is cut off half-way through its body. The spec is written as Sling
// writes one and retries only `response.status >= 500`: the broken exchanges are retried all
// the same, and the first run ends with every row.
#include "tests/integration/backfillclifixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

namespace {

// Day N of January holds 100 + N issues: 101 to 120 over 20 days, 2,210 in all, 3 pages a day.
constexpr int kDays = 20;
constexpr int kRows = kDays * 100 + kDays * (kDays + 1) / 2;

// The spec, pointed at `base`.
QByteArray githubLikeSpec(const QUrl &base)
{
    QByteArray spec = readFile(QStringLiteral(BACKFILL_TEST_DATA "/github_like.yaml"));
    return spec.replace("BASE_URL", base.toString().toUtf8());
}

} // namespace

class TestTransportFaults : public BackfillCliFixture
{
    Q_OBJECT

private slots:
    void faultsEvery7thAnd11thStillGiveEveryRowOnTheFirstRun();

private:
    void checkExactIssues(const QString &db);
};

void TestTransportFaults::checkExactIssues(const QString &db)
{
    QCOMPARE(count(db, u"SELECT count(*) FROM issues"_s), kRows);
    QCOMPARE(count(db, u"SELECT count(DISTINCT day || '/' || id) FROM issues"_s), kRows);
    for (int day = 1; day <= kDays; ++day) {
        const QString date = u"2024-01-%1"_s.arg(day, 2, 10, QLatin1Char('0'));
        QCOMPARE(count(db, u"SELECT count(*) FROM issues WHERE day = '%1'"_s.arg(date)), 100 + day);
        QCOMPARE(count(db, u"SELECT max(id) FROM issues WHERE day = '%1'"_s.arg(date)), 100 + day);
    }
    QCOMPARE(count(db, u"SELECT count(*) FROM partitions WHERE status = 'succeeded'"_s), kDays);
    QCOMPARE(count(db, u"SELECT sum(row_count) FROM partitions"_s), kRows);
}

void TestTransportFaults::faultsEvery7thAnd11thStillGiveEveryRowOnTheFirstRun()
{
    DemoApiProcess flaky;
    QVERIFY2(flaky.start({u"--fault-every"_s, u"503:7,close:11"_s}), qPrintable(flaky.errorString()));
    const QString spec = path(u"github_like.yaml"_s);
    QVERIFY(writeFile(spec, githubLikeSpec(flaky.url())));
    const QString db = path(u"flaky.sqlite"_s);

    const Result first = backfill({u"run"_s, spec, u"--range"_s, u"2024-01-01,2024-01-20"_s, u"--db"_s, db});
    QVERIFY2(first.exitCode == 0, first.describe());
    // The faults really happened, and each retry said what broke, where, and what comes next.
    const QJsonObject stats = flaky.stats();
    QVERIFY2(stats.value(u"requests_total"_s).toInt() >= 60 + 60 / 7 + 60 / 11,
             QJsonDocument(stats).toJson().constData());
    const QString log = first.errText();
    QVERIFY2(
        log.contains(QRegularExpression(u"issues 2024-01-\\d\\d: page \\d \\(http://127\\.0\\.0\\.1:\\d+/paged/link\\?"
                                        u"[^)]*\\): body cut off after [\\d,]+ of [\\d,]+ bytes: the connection "
                                        u"closed; retrying in 50 ms \\(constant backoff, attempt 2 of 5\\)"_s)),
        qPrintable(log));
    QVERIFY2(log.contains(u"HTTP 503"_s), qPrintable(log));
    QVERIFY2(first.outText().contains(
                 u"Run 1 succeeded: 20 partitions (20 succeeded, 0 empty, 0 failed), %1 rows"_s.arg(kRows)),
             qPrintable(first.outText()));
    checkExactIssues(db);

    // Nothing is left to run: the same command again fetches nothing and keeps every row once.
    const Result again = backfill({u"run"_s, spec, u"--range"_s, u"2024-01-01,2024-01-20"_s, u"--db"_s, db});
    QVERIFY2(again.exitCode == 0, again.describe());
    checkExactIssues(db);
    flaky.stop();
}

QTEST_GUILESS_MAIN(TestTransportFaults)
#include "tst_transportfaults.moc"
