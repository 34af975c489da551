#pragma once

#include "model/core/secrets.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>

class QTimer;

namespace Backfill {

// Where the studio keeps secret values: the desktop keychain (QtKeychain: Secret Service,
// KWallet, macOS Keychain, Windows Credential Store) when one answers, otherwise only the
// environment (BACKFILL_SECRET_<NAME>) and values typed for this session, which live in
// memory. Never a file: values reach neither specs, the workspace nor logs. A keychain value
// wins over the environment, as a secrets file does for the headless runner.
class SecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    enum class Backend {
        Keychain, // the desktop keychain, when probe() finds one
        None,     // environment and session values only
    };
    enum class Source { Missing, Keychain, Session, Environment, Demo };
    Q_ENUM(Source)

    static constexpr int ProbeTimeoutMs = 5000;

    explicit SecretStore(Backend backend, QObject *parent = nullptr);
    ~SecretStore() override;

    // Finds out whether the keychain answers; availabilityChanged() follows (at once for
    // Backend::None). A keychain that does not answer within ProbeTimeoutMs counts as absent.
    void probe();
    bool isProbed() const { return m_probed; }
    bool isKeychainAvailable() const { return m_available; }
    // For people: where values are kept, and why not in the keychain when it is absent.
    QString statusText() const;

    // Reads `names` from the keychain (no-op without one); changed() follows for each found.
    void load(const QStringList &names);
    Source source(const QString &name) const;
    QString sourceText(const QString &name) const;

    // Keeps `value` in the keychain, or for this session when there is none. failed() says
    // why when the keychain refuses.
    void setValue(const QString &name, const QString &value);
    // Forgets the keychain and session value (an environment variable stays).
    void clearValue(const QString &name);

    // The demo API's credentials while the demo workspace is open: they win over every other
    // value of the same name, live in memory only, and go with clearDemoValues().
    void setDemoValue(const QString &name, const QString &value);
    void clearDemoValues();

    // The values for a preview or a run: demo, keychain and session first, then the environment.
    Secrets secrets() const;

    static QString environmentVariable(const QString &name);

Q_SIGNALS:
    void availabilityChanged();
    void changed(const QString &name);
    void failed(const QString &name, const QString &message);

private:
    void probeFinished(bool available, const QString &reason);

    Backend m_backend;
    bool m_probed = false;
    bool m_available = false;
    QString m_reason;
    QTimer *m_probeTimer;
    QHash<QString, QString> m_keychain; // values read from or written to the keychain
    QHash<QString, QString> m_session;
    QHash<QString, QString> m_demo;
};

} // namespace Backfill
