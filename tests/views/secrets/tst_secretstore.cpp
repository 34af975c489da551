// Where secret values come from: the desktop keychain when one answers, else the environment
// and values typed for the session. The fallback is tested for real (CI has no keychain); the
// keychain itself only where a backend answers.
#include "views/secrets/secretstore.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUuid>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestSecretStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fallsBackToTheEnvironment();
    void detectsWhetherAKeychainAnswers();
    void keychainKeepsAValue();
};

void TestSecretStore::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestSecretStore::fallsBackToTheEnvironment()
{
    SecretStore store(SecretStore::Backend::None);
    QSignalSpy availability(&store, &SecretStore::availabilityChanged);
    store.probe();
    QVERIFY(availability.wait());
    QVERIFY(store.isProbed());
    QVERIFY(!store.isKeychainAvailable());
    QVERIFY2(store.statusText().contains(u"BACKFILL_SECRET_<NAME>"_s), qPrintable(store.statusText()));

    const QString name = u"fallback_token"_s;
    QCOMPARE(store.source(name), SecretStore::Source::Missing);
    QCOMPARE(store.sourceText(name), u"missing"_s);
    qputenv("BACKFILL_SECRET_FALLBACK_TOKEN", "from-the-environment");
    QCOMPARE(store.source(name), SecretStore::Source::Environment);
    QCOMPARE(store.sourceText(name), u"environment (BACKFILL_SECRET_FALLBACK_TOKEN)"_s);
    QCOMPARE(store.secrets().value(name), u"from-the-environment"_s);

    // Typed in the studio without a keychain: this session only, and it wins over the environment.
    QSignalSpy changed(&store, &SecretStore::changed);
    store.setValue(name, u"typed-value"_s);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(store.source(name), SecretStore::Source::Session);
    QCOMPARE(store.secrets().value(name), u"typed-value"_s);
    QCOMPARE(store.secrets().mask(u"?key=typed-value"_s), u"?key=****"_s);
    store.clearValue(name);
    QCOMPARE(store.source(name), SecretStore::Source::Environment);
    qunsetenv("BACKFILL_SECRET_FALLBACK_TOKEN");
    QCOMPARE(store.source(name), SecretStore::Source::Missing);
    QVERIFY(!store.secrets().value(name));
}

void TestSecretStore::detectsWhetherAKeychainAnswers()
{
    SecretStore store(SecretStore::Backend::Keychain);
    QSignalSpy availability(&store, &SecretStore::availabilityChanged);
    store.probe();
    QVERIFY(availability.wait(SecretStore::ProbeTimeoutMs + 2000));
    QVERIFY(store.isProbed());
    if (store.isKeychainAvailable()) {
        QVERIFY(store.statusText().contains(u"desktop keychain"_s));
        return;
    }
    // Without one (CI: no D-Bus, no keyring daemon) the studio says why and keeps working.
    QVERIFY2(store.statusText().startsWith(u"No desktop keychain ("_s), qPrintable(store.statusText()));
    const QString name = u"probe_fallback"_s;
    store.setValue(name, u"session-value"_s);
    QCOMPARE(store.source(name), SecretStore::Source::Session);
    QCOMPARE(store.secrets().value(name), u"session-value"_s);
}

void TestSecretStore::keychainKeepsAValue()
{
    SecretStore store(SecretStore::Backend::Keychain);
    QSignalSpy availability(&store, &SecretStore::availabilityChanged);
    store.probe();
    QVERIFY(availability.wait(SecretStore::ProbeTimeoutMs + 2000));
    if (!store.isKeychainAvailable())
        QSKIP(qPrintable(u"no keychain backend answers here: "_s + store.statusText()));

    const QString name = u"test_"_s + QUuid::createUuid().toString(QUuid::Id128);
    QSignalSpy changed(&store, &SecretStore::changed);
    store.setValue(name, u"kept-in-the-keychain"_s);
    QVERIFY(changed.wait());
    QCOMPARE(store.source(name), SecretStore::Source::Keychain);

    // Another store (the next start of the studio) reads it back.
    SecretStore again(SecretStore::Backend::Keychain);
    QSignalSpy againAvailable(&again, &SecretStore::availabilityChanged);
    again.probe();
    QVERIFY(againAvailable.wait(SecretStore::ProbeTimeoutMs + 2000));
    QSignalSpy read(&again, &SecretStore::changed);
    again.load({name});
    QVERIFY(read.wait());
    QCOMPARE(again.secrets().value(name), u"kept-in-the-keychain"_s);

    store.clearValue(name);
    QVERIFY(changed.wait());
    QCOMPARE(store.source(name), SecretStore::Source::Missing);
}

QTEST_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
