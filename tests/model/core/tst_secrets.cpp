// Secrets resolve from a file or the environment, and never leave unmasked.
#include "model/core/secrets.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestSecrets : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void resolvesFromFileThenEnvironment();
    void namesWhatIsMissing();
    void reportsBadLinesWithPosition();
    void masksEveryForm();

private:
    QString writeFile(const QByteArray &content);
    QTemporaryDir m_dir;
};

void TestSecrets::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

QString TestSecrets::writeFile(const QByteArray &content)
{
    const QString path = m_dir.filePath(u"secrets.yaml"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(content);
    return path;
}

void TestSecrets::resolvesFromFileThenEnvironment()
{
    qputenv("BACKFILL_SECRET_API_KEY", "from-environment");
    qputenv("BACKFILL_SECRET_OTHER", "env-other");
    Secrets secrets;
    QString error;
    QVERIFY2(secrets.loadFile(writeFile("# demo\napi_key: \"from-file\"\nclient_secret: 's3cr3t'\n"), &error),
             qPrintable(error));
    QCOMPARE(secrets.value(u"api_key"_s), u"from-file"_s);
    QCOMPARE(secrets.value(u"client_secret"_s), u"s3cr3t"_s);
    QCOMPARE(secrets.value(u"other"_s), u"env-other"_s);
    QVERIFY(!secrets.value(u"nothing"_s));
    qunsetenv("BACKFILL_SECRET_API_KEY");
    qunsetenv("BACKFILL_SECRET_OTHER");
}

void TestSecrets::namesWhatIsMissing()
{
    Secrets secrets;
    secrets.insert(u"api_key"_s, u"abc123"_s);
    QCOMPARE(secrets.missing({u"api_key"_s, u"token"_s, u"password"_s}), (QStringList{u"token"_s, u"password"_s}));
    QCOMPARE(secrets.resolve({u"api_key"_s, u"token"_s}).value(u"api_key"_s), u"abc123"_s);
}

void TestSecrets::reportsBadLinesWithPosition()
{
    Secrets secrets;
    QString error;
    const QString path = writeFile("api_key: x\nthis line has no colon\n");
    QVERIFY(!secrets.loadFile(path, &error));
    QCOMPARE(error, path + u":2:1: expected `name: value`"_s);
    QVERIFY(!secrets.loadFile(m_dir.filePath(u"absent.yaml"_s), &error));
    QVERIFY2(error.startsWith(u"cannot read the secrets file "_s), qPrintable(error));
}

void TestSecrets::masksEveryForm()
{
    Secrets secrets;
    secrets.insert(u"api_key"_s, u"k3y/with+chars"_s);
    secrets.insert(u"short"_s, u"ab"_s);
    QCOMPARE(secrets.mask(u"Authorization: Bearer k3y/with+chars"_s), u"Authorization: Bearer ****"_s);
    QCOMPARE(secrets.mask(QByteArray("GET /x?key=k3y%2Fwith%2Bchars&ab=1")), QByteArray("GET /x?key=****&ab=1"));
    QCOMPARE(secrets.mask(u"nothing secret here: ab"_s), u"nothing secret here: ab"_s);
}

QTEST_GUILESS_MAIN(TestSecrets)
#include "tst_secrets.moc"
