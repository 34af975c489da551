// Builds the packages from the build tree with CPack into a scratch directory, unpacks the .debs with
// dpkg -x, and checks what a user installing them gets: programs that start, a valid desktop file and
// metainfo under the application id, icons, man pages, example specs, and computed dependencies.
#include "backfillversion.h"

#include <QDir>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

struct Output
{
    int exitCode = -1;
    QString text;   // stdout
    QString errors; // stderr

    QString all() const { return text + errors; }
};

Output run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForStarted() || !process.waitForFinished(300'000))
        return {-1, {}, program + u": "_s + process.errorString()};
    const int exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return {exitCode, QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

// The package names a Depends field lists, without versions or alternatives.
QStringList dependencyNames(const QString &depends)
{
    QStringList names;
    for (const QString &entry : depends.split(u',', Qt::SkipEmptyParts))
        names.append(entry.trimmed().section(u' ', 0, 0).section(u'|', 0, 0));
    return names;
}

const QString appId = QStringLiteral(BACKFILL_APP_ID);
const QString version = QStringLiteral(BACKFILL_VERSION);

} // namespace

class TestPackage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void dependenciesAreComputed_data();
    void dependenciesAreComputed();
    void runnerInstallsWithoutTheGui();
    void programsAnswerVersion_data();
    void programsAnswerVersion();
    void desktopFileValidates();
    void metainfoValidates();
    void iconsHaveTheirSizes_data();
    void iconsHaveTheirSizes();
    void manPagesAreInstalled_data();
    void manPagesAreInstalled();
    void installedExamplesValidate();
    void archiveHoldsEverything();

private:
    QString installed(const QString &path) const { return m_root.filePath(path); }

    QTemporaryDir m_dir;
    QDir m_root;
    QDir m_runnerRoot;
    QHash<QString, QString> m_debs; // package name -> file
    QString m_archive;
};

void TestPackage::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString output = m_dir.filePath(u"packages"_s);
    const Output cpack = run(u"cpack"_s, {u"--config"_s, QStringLiteral(BACKFILL_CPACK_CONFIG), u"-B"_s, output});
    QVERIFY2(cpack.exitCode == 0, qPrintable(cpack.all()));

    const QDir packages(output);
    for (const QString &deb : packages.entryList({u"*.deb"_s}, QDir::Files)) {
        const Output name = run(u"dpkg-deb"_s, {u"--field"_s, packages.filePath(deb), u"Package"_s});
        QCOMPARE(name.exitCode, 0);
        m_debs.insert(name.text.trimmed(), packages.filePath(deb));
    }
    QStringList names = m_debs.keys();
    names.sort();
    QCOMPARE(names, QStringList({u"backfill-runner"_s, u"backfill-studio"_s}));
    const QStringList archives = packages.entryList({u"*.tar.gz"_s}, QDir::Files);
    QCOMPARE(archives.size(), 1);
    m_archive = packages.filePath(archives.constFirst());

    // Both packages into one root, as apt would install the GUI; the runner alone into another.
    m_root.setPath(m_dir.filePath(u"root"_s));
    m_runnerRoot.setPath(m_dir.filePath(u"runner-root"_s));
    for (const QString &deb : std::as_const(m_debs)) {
        const Output unpacked = run(u"dpkg"_s, {u"-x"_s, deb, m_root.path()});
        QVERIFY2(unpacked.exitCode == 0, qPrintable(unpacked.all()));
    }
    const Output unpacked = run(u"dpkg"_s, {u"-x"_s, m_debs.value(u"backfill-runner"_s), m_runnerRoot.path()});
    QVERIFY2(unpacked.exitCode == 0, qPrintable(unpacked.all()));
}

void TestPackage::dependenciesAreComputed_data()
{
    QTest::addColumn<QString>("package");
    QTest::addColumn<QStringList>("present");
    QTest::addColumn<QStringList>("absent");
    // Qt and yaml-cpp come from dpkg-shlibdeps; the SQLite driver and the platform plugins are loaded
    // at run time, so they are listed by hand.
    QTest::addRow("runner") << u"backfill-runner"_s << QStringList{u"libc6"_s,
                                                                   u"libqt6core6"_s,
                                                                   u"libqt6network6"_s,
                                                                   u"libqt6sql6"_s,
                                                                   u"libqt6httpserver6"_s,
                                                                   u"libyaml-cpp0.7"_s,
                                                                   u"libqt6sql6-sqlite"_s}
                            << QStringList{u"libqt6widgets6"_s, u"libqt6gui6"_s, u"backfill-studio"_s};
    QTest::addRow("studio") << u"backfill-studio"_s
                            << QStringList{u"libqt6widgets6"_s, u"libqt6gui6"_s, u"libqt6core6"_s, u"qt6-qpa-plugins"_s,
                                           u"backfill-runner"_s}
                            << QStringList{};
}

void TestPackage::dependenciesAreComputed()
{
    QFETCH(QString, package);
    QFETCH(QStringList, present);
    QFETCH(QStringList, absent);
    const Output depends = run(u"dpkg-deb"_s, {u"--field"_s, m_debs.value(package), u"Depends"_s});
    QCOMPARE(depends.exitCode, 0);
    const QStringList names = dependencyNames(depends.text);
    for (const QString &name : present)
        QVERIFY2(names.contains(name), qPrintable(name + u" not in: "_s + depends.text));
    for (const QString &name : absent)
        QVERIFY2(!names.contains(name), qPrintable(name + u" in: "_s + depends.text));
    if (package == "backfill-studio"_L1)
        QVERIFY2(depends.text.contains(u"backfill-runner (= "_s + version), qPrintable(depends.text));
}

void TestPackage::runnerInstallsWithoutTheGui()
{
    QVERIFY(QFileInfo(m_runnerRoot.filePath(u"usr/bin/backfill"_s)).isExecutable());
    QVERIFY(QFileInfo(m_runnerRoot.filePath(u"usr/bin/backfill-demo-api"_s)).isExecutable());
    QVERIFY(QFileInfo::exists(m_runnerRoot.filePath(u"usr/share/man/man1/backfill.1.gz"_s)));
    QVERIFY(!QFileInfo::exists(m_runnerRoot.filePath(u"usr/bin/backfill-studio"_s)));
    QVERIFY(!QFileInfo::exists(m_runnerRoot.filePath(u"usr/share/applications"_s)));

    const Output answer = run(m_runnerRoot.filePath(u"usr/bin/backfill"_s), {u"--version"_s});
    QCOMPARE(answer.text.trimmed(), u"backfill "_s + version);
}

void TestPackage::programsAnswerVersion_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("name");
    QTest::addRow("studio") << u"backfill-studio"_s << u"Backfill Studio"_s;
    QTest::addRow("runner") << u"backfill"_s << u"backfill"_s;
    QTest::addRow("demo-api") << u"backfill-demo-api"_s << u"backfill-demo-api"_s;
}

void TestPackage::programsAnswerVersion()
{
    QFETCH(QString, program);
    QFETCH(QString, name);
    const Output output = run(installed(u"usr/bin/"_s + program), {u"--version"_s});
    QCOMPARE(output.exitCode, 0);
    QCOMPARE(output.text.trimmed(), name + u' ' + version);
}

void TestPackage::desktopFileValidates()
{
    const QString file = installed(u"usr/share/applications/"_s + appId + u".desktop"_s);
    QVERIFY2(QFileInfo::exists(file), qPrintable(file));
    const Output validated = run(u"desktop-file-validate"_s, {file});
    QCOMPARE(validated.exitCode, 0);
    QCOMPARE(validated.all(), QString()); // no warnings or hints either

    // What it names must be in the packages: the program and the icon.
    QFile desktop(file);
    QVERIFY(desktop.open(QIODevice::ReadOnly));
    const QString entry = QString::fromUtf8(desktop.readAll());
    const auto value = [&entry](QLatin1StringView key) {
        return QRegularExpression(u"^"_s + key + u"=(.*)$"_s, QRegularExpression::MultilineOption)
            .match(entry)
            .captured(1);
    };
    QCOMPARE(value("Exec"_L1), u"backfill-studio %f"_s);
    QVERIFY(QFileInfo(installed(u"usr/bin/backfill-studio"_s)).isExecutable());
    QCOMPARE(value("Icon"_L1), appId);
    QVERIFY(QFileInfo::exists(installed(u"usr/share/icons/hicolor/scalable/apps/"_s + appId + u".svg"_s)));
}

void TestPackage::metainfoValidates()
{
    const QString file = installed(u"usr/share/metainfo/"_s + appId + u".metainfo.xml"_s);
    QVERIFY2(QFileInfo::exists(file), qPrintable(file));
    const Output validated = run(u"appstreamcli"_s, {u"validate"_s, u"--no-net"_s, file});
    QVERIFY2(validated.exitCode == 0, qPrintable(validated.all()));

    QFile metainfo(file);
    QVERIFY(metainfo.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&metainfo);
    QString id;
    QString launchable;
    QStringList releases;
    QStringList screenshots;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == "id"_L1)
            id = xml.readElementText();
        else if (xml.name() == "launchable"_L1)
            launchable = xml.readElementText();
        else if (xml.name() == "release"_L1)
            releases.append(xml.attributes().value("version"_L1).toString());
        else if (xml.name() == "image"_L1)
            screenshots.append(xml.readElementText());
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QCOMPARE(id, appId);
    QCOMPARE(launchable, appId + u".desktop"_s);
    QVERIFY(QFileInfo::exists(installed(u"usr/share/applications/"_s + launchable)));
    QCOMPARE(releases.value(0), version); // the newest release first, as AppStream orders them
    QVERIFY(!screenshots.isEmpty());
    // Each screenshot's URL points at a picture committed under packaging/screenshots/.
    for (const QString &url : std::as_const(screenshots)) {
        QVERIFY2(url.startsWith(u"https://"_s), qPrintable(url));
        const QString committed = QStringLiteral(BACKFILL_SOURCE_DIR "/packaging/screenshots/") + url.section(u'/', -1);
        QVERIFY2(QFileInfo::exists(committed), qPrintable(url));
    }
}

void TestPackage::iconsHaveTheirSizes_data()
{
    QTest::addColumn<int>("size");
    for (const int size : {16, 24, 32, 48, 64, 128, 256})
        QTest::addRow("%dpx", size) << size;
}

void TestPackage::iconsHaveTheirSizes()
{
    QFETCH(int, size);
    const QString file = installed(u"usr/share/icons/hicolor/%1x%1/apps/"_s.arg(size) + appId + u".png"_s);
    const QImage icon(file);
    QVERIFY2(!icon.isNull(), qPrintable(file));
    QCOMPARE(icon.size(), QSize(size, size));
    QVERIFY(icon.hasAlphaChannel()); // the rounded corners stay transparent
    QCOMPARE(qAlpha(icon.pixel(0, 0)), 0);
}

void TestPackage::manPagesAreInstalled_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("excerpt");
    QTest::addRow("runner") << u"backfill"_s << u"validate SPEC"_s;
    QTest::addRow("demo-api") << u"backfill-demo-api"_s << u"Port on 127.0.0.1"_s;
    QTest::addRow("studio") << u"backfill-studio"_s << u"demo"_s;
}

void TestPackage::manPagesAreInstalled()
{
    QFETCH(QString, program);
    QFETCH(QString, excerpt);
    const QString file = installed(u"usr/share/man/man1/"_s + program + u".1.gz"_s);
    QVERIFY2(QFileInfo::exists(file), qPrintable(file));
    const Output page = run(u"gzip"_s, {u"--decompress"_s, u"--stdout"_s, file});
    QCOMPARE(page.exitCode, 0);
    QVERIFY2(page.text.contains(u".TH "_s + program.toUpper() + u' '), qPrintable(page.text.left(400)));
    QVERIFY2(page.text.contains(version), qPrintable(page.text.left(400)));
    QVERIFY2(page.text.contains(excerpt), qPrintable(page.text));
}

void TestPackage::installedExamplesValidate()
{
    const QDir examples(installed(u"usr/share/backfill-studio/examples"_s));
    const QDir sources(QStringLiteral(BACKFILL_SOURCE_DIR "/resources/examples"));
    const QStringList specs = examples.entryList({u"*.yaml"_s}, QDir::Files);
    QCOMPARE(specs, sources.entryList({u"*.yaml"_s}, QDir::Files));

    QStringList arguments{u"validate"_s};
    for (const QString &spec : specs) {
        if (spec != "backfill_replication.yaml"_L1) // a replication file, not a spec
            arguments.append(examples.filePath(spec));
    }
    const Output validated = run(installed(u"usr/bin/backfill"_s), arguments);
    QVERIFY2(validated.exitCode == 0, qPrintable(validated.all()));
}

void TestPackage::archiveHoldsEverything()
{
    const Output listing = run(u"tar"_s, {u"--list"_s, u"--gzip"_s, u"--file"_s, m_archive});
    QCOMPARE(listing.exitCode, 0);
    const QStringList files = listing.text.split(u'\n', Qt::SkipEmptyParts);
    const QStringList expected{u"/bin/backfill-studio"_s,
                               u"/bin/backfill"_s,
                               u"/bin/backfill-demo-api"_s,
                               u"/share/applications/"_s + appId + u".desktop"_s,
                               u"/share/metainfo/"_s + appId + u".metainfo.xml"_s,
                               u"/share/man/man1/backfill.1.gz"_s};
    for (const QString &path : expected) {
        const bool found =
            std::any_of(files.cbegin(), files.cend(), [&path](const QString &file) { return file.endsWith(path); });
        QVERIFY2(found, qPrintable(path));
    }
}

QTEST_GUILESS_MAIN(TestPackage)
#include "tst_package.moc"
