// The three executables start, answer --help and --version, and exit cleanly.
#include "backfillversion.h"

#include <QProcess>
#include <QTest>

class TestExecutables : public QObject
{
    Q_OBJECT

private slots:
    void answersHelpAndVersion_data();
    void answersHelpAndVersion();
};

void TestExecutables::answersHelpAndVersion_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("versionName");
    QTest::addRow("studio") << QStringLiteral("backfill-studio") << QStringLiteral("Backfill Studio");
    QTest::addRow("runner") << QStringLiteral("backfill") << QStringLiteral("backfill");
    QTest::addRow("demo-api") << QStringLiteral("backfill-demo-api") << QStringLiteral("backfill-demo-api");
}

void TestExecutables::answersHelpAndVersion()
{
    QFETCH(QString, program);
    QFETCH(QString, versionName);
    const QString path = QStringLiteral(BACKFILL_BIN_DIR "/") + program;

    QProcess version;
    version.start(path, {QStringLiteral("--version")});
    QVERIFY2(version.waitForFinished(10000), qPrintable(version.errorString()));
    QCOMPARE(version.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(version.readAllStandardOutput()).trimmed(),
             versionName + QLatin1Char(' ') + QStringLiteral(BACKFILL_VERSION));

    QProcess help;
    help.start(path, {QStringLiteral("--help")});
    QVERIFY(help.waitForFinished(10000));
    QCOMPARE(help.exitCode(), 0);
    const QString text = QString::fromUtf8(help.readAllStandardOutput());
    QVERIFY2(text.contains(QStringLiteral("Usage: ")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("--version")), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestExecutables)
#include "tst_executables.moc"
