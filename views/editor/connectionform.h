#pragma once

#include "views/document/specdocument.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Backfill {

class FieldMessage;
class KeyValueTable;
class RuleTable;
class SecretStore;
class SecretsEditor;
struct ApiSpec;

// The connection (the spec as a whole): name, base URL, authentication with secrets referenced
// by name, default headers and request defaults. Every change is one undoable SpecDocument
// edit; the form follows the document, so undo and YAML edits show here too.
class ConnectionForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionForm)

public:
    enum AuthKind { NoAuth, ApiKeyHeader, ApiKeyQuery, Bearer, Basic, OAuth2 };
    Q_ENUM(AuthKind)

    explicit ConnectionForm(QWidget *parent = nullptr);

    void setDocument(SpecDocument *document);
    SpecDocument *document() const { return m_document; }
    // Where secret values are set and looked up; the form only ever shows where they come from.
    void setSecretStore(SecretStore *store);

    // The names of the secrets `spec` references as {secrets.NAME}, in order.
    static QStringList secretNames(const ApiSpec &spec);

private:
    void refresh();
    void validate();
    void editSpec(const QString &text, const QString &field, const std::function<void(ApiSpec &)> &change);
    void applyAuthentication();
    void showSpecProblems();
    void updateSecretSource();

    QPointer<SpecDocument> m_document;
    QPointer<SecretStore> m_store;
    SecretsEditor *m_secrets;
    QHash<FieldMessage *, QString> m_specMessages; // the validator's word on each field
    bool m_refreshing = false;

    QLineEdit *m_name;
    QLineEdit *m_description;
    QLineEdit *m_baseUrl;
    QComboBox *m_authKind;
    QLineEdit *m_authKeyName; // header or parameter name
    QLineEdit *m_secretName;
    QLabel *m_secretSource;
    QLineEdit *m_username;
    QLineEdit *m_clientId;
    QLineEdit *m_tokenUrl;
    QLineEdit *m_scopes;
    KeyValueTable *m_headers;
    QDoubleSpinBox *m_timeout;
    QDoubleSpinBox *m_rate;
    QSpinBox *m_concurrency;
    RuleTable *m_rules;
    FieldMessage *m_nameMessage;
    FieldMessage *m_baseUrlMessage;
    FieldMessage *m_secretMessage;
    QList<QWidget *> m_authRows;
};

} // namespace Backfill
