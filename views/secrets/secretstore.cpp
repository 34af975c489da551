#include "views/secrets/secretstore.h"

#include "model/core/logging.h"

#include <QCoreApplication>
#include <QTimer>

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {
const QString Service = u"backfill-studio"_s;
const QString ProbeKey = u"backfill-studio-probe"_s;

QString keyOf(const QString &name)
{
    return u"secret/"_s + name;
}

bool isBackendError(QKeychain::Error error)
{
    return error != QKeychain::NoError && error != QKeychain::EntryNotFound;
}

// QtKeychain says "Unknown error" when no service answers on D-Bus; say what that means.
QString unavailableReason(const QKeychain::Job &job)
{
    if (job.error() == QKeychain::NoBackendAvailable || job.error() == QKeychain::OtherError ||
        job.errorString().isEmpty()) {
        const QString detail = job.errorString().isEmpty() || job.errorString() == u"Unknown error"_s
                                   ? QString()
                                   : u": "_s + job.errorString();
        return qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")
                   ? QCoreApplication::translate("Backfill", "no D-Bus session to reach a keyring%1").arg(detail)
                   : QCoreApplication::translate("Backfill", "no Secret Service or KWallet answered%1").arg(detail);
    }
    return job.errorString();
}
} // namespace

SecretStore::SecretStore(Backend backend, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
    , m_probeTimer(new QTimer(this))
{
    m_probeTimer->setSingleShot(true);
    connect(m_probeTimer, &QTimer::timeout, this,
            [this] { probeFinished(false, tr("the keychain did not answer within %1 s").arg(ProbeTimeoutMs / 1000)); });
}

SecretStore::~SecretStore() = default;

void SecretStore::probe()
{
    if (m_backend == Backend::None) {
        QMetaObject::invokeMethod(
            this, [this] { probeFinished(false, tr("the keychain is turned off")); }, Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(Service, this);
    job->setKey(ProbeKey);
    job->setInsecureFallback(false); // never a plain-text file instead
    connect(job, &QKeychain::Job::finished, this, [this](QKeychain::Job *finished) {
        if (!m_probeTimer->isActive())
            return; // timed out already
        const bool available = !isBackendError(finished->error());
        probeFinished(available, available ? QString() : unavailableReason(*finished));
    });
    m_probeTimer->start(ProbeTimeoutMs);
    job->start();
}

void SecretStore::probeFinished(bool available, const QString &reason)
{
    m_probeTimer->stop();
    m_probed = true;
    m_available = available;
    m_reason = reason;
    if (!available)
        qCInfo(lcViews) << "No desktop keychain:" << reason;
    Q_EMIT availabilityChanged();
}

QString SecretStore::statusText() const
{
    if (!m_probed)
        return tr("Looking for the desktop keychain...");
    if (m_available)
        return tr("Secret values are kept in the desktop keychain, never in the workspace or the spec.");
    return tr("No desktop keychain (%1). Set secrets as environment variables BACKFILL_SECRET_<NAME>; a value "
              "entered here lasts until the studio quits and is never written anywhere.")
        .arg(m_reason);
}

void SecretStore::load(const QStringList &names)
{
    if (!m_available)
        return;
    for (const QString &name : names) {
        auto *job = new QKeychain::ReadPasswordJob(Service, this);
        job->setKey(keyOf(name));
        job->setInsecureFallback(false);
        connect(job, &QKeychain::Job::finished, this, [this, name](QKeychain::Job *finished) {
            auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
            if (read->error() == QKeychain::NoError) {
                m_keychain.insert(name, read->textData());
                Q_EMIT changed(name);
            } else if (isBackendError(read->error())) {
                Q_EMIT failed(name, read->errorString());
            }
        });
        job->start();
    }
}

SecretStore::Source SecretStore::source(const QString &name) const
{
    if (m_demo.contains(name))
        return Source::Demo;
    if (m_keychain.contains(name))
        return Source::Keychain;
    if (m_session.contains(name))
        return Source::Session;
    if (qEnvironmentVariableIsSet(environmentVariable(name).toUtf8().constData()))
        return Source::Environment;
    return Source::Missing;
}

QString SecretStore::sourceText(const QString &name) const
{
    switch (source(name)) {
    case Source::Keychain:
        return tr("keychain");
    case Source::Session:
        return tr("this session only");
    case Source::Environment:
        return tr("environment (%1)").arg(environmentVariable(name));
    case Source::Demo:
        return tr("the demo API's, for this session (not stored)");
    case Source::Missing:
        break;
    }
    return tr("missing");
}

void SecretStore::setValue(const QString &name, const QString &value)
{
    m_demo.remove(name); // what the user sets wins over the demo API's credential
    if (!m_available) {
        m_session.insert(name, value);
        Q_EMIT changed(name);
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(Service, this);
    job->setKey(keyOf(name));
    job->setInsecureFallback(false);
    job->setTextData(value);
    connect(job, &QKeychain::Job::finished, this, [this, name, value](QKeychain::Job *finished) {
        if (finished->error() != QKeychain::NoError) {
            Q_EMIT failed(name, finished->errorString());
            return;
        }
        m_keychain.insert(name, value);
        m_session.remove(name);
        Q_EMIT changed(name);
    });
    job->start();
}

void SecretStore::clearValue(const QString &name)
{
    m_session.remove(name);
    if (!m_available || !m_keychain.contains(name)) {
        Q_EMIT changed(name);
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(Service, this);
    job->setKey(keyOf(name));
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, this, [this, name](QKeychain::Job *finished) {
        if (isBackendError(finished->error())) {
            Q_EMIT failed(name, finished->errorString());
            return;
        }
        m_keychain.remove(name);
        Q_EMIT changed(name);
    });
    job->start();
}

void SecretStore::setDemoValue(const QString &name, const QString &value)
{
    m_demo.insert(name, value);
    Q_EMIT changed(name);
}

void SecretStore::clearDemoValues()
{
    const QStringList names = m_demo.keys();
    m_demo.clear();
    for (const QString &name : names)
        Q_EMIT changed(name);
}

Secrets SecretStore::secrets() const
{
    Secrets secrets;
    for (const QHash<QString, QString> *values : {&m_session, &m_keychain, &m_demo}) {
        for (auto it = values->cbegin(); it != values->cend(); ++it)
            secrets.insert(it.key(), it.value());
    }
    return secrets;
}

QString SecretStore::environmentVariable(const QString &name)
{
    return QString::fromLatin1(Secrets::EnvironmentPrefix) + name.toUpper();
}

} // namespace Backfill
