#include "views/editor/connectionform.h"

#include "model/core/secrets.h"
#include "model/spec/specwriter.h"
#include "views/document/specdocument.h"
#include "views/forms/fieldmessage.h"
#include "views/forms/formfields.h"
#include "views/forms/keyvaluetable.h"
#include "views/forms/ruletable.h"
#include "views/secrets/secretseditor.h"
#include "views/secrets/secretstore.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

// The connection's fields clear with one click (a base URL or a token pasted over).
QLineEdit *clearableEdit(const QString &name, const QString &accessibleName, QWidget *parent,
                         const QString &placeholder = {})
{
    QLineEdit *edit = namedLineEdit(name, accessibleName, parent, placeholder);
    edit->setClearButtonEnabled(true);
    return edit;
}

const QString BaseUrlKey = u"base_url"_s;
const QString AuthorizationHeader = u"Authorization"_s;

// How the spec authenticates, as the form's choices see it.
struct AuthState
{
    ConnectionForm::AuthKind kind = ConnectionForm::NoAuth;
    QString keyName; // the header or query parameter carrying the key
    QString secret;
};

std::optional<QString> secretIn(const QJsonValue &value, const QString &prefix = {})
{
    // Any name, even one being typed, so that the form keeps the kind while the name is wrong.
    static const QRegularExpression pattern(u"^\\{\\s*secrets\\.([^{}]*?)\\s*\\}$"_s);
    if (!value.isString() || !value.toString().startsWith(prefix))
        return std::nullopt;
    const auto match = pattern.match(value.toString().mid(prefix.size()));
    return match.hasMatch() ? std::optional(match.captured(1)) : std::nullopt;
}

AuthState authOf(const ApiSpec &spec)
{
    const Authentication &auth = spec.authentication;
    if (auth.type == Authentication::Type::Basic)
        return {ConnectionForm::Basic, {}, secretIn(auth.password).value_or(QString())};
    if (auth.type == Authentication::Type::OAuth2)
        return {ConnectionForm::OAuth2, {}, secretIn(auth.clientSecret).value_or(QString())};
    for (const KeyValue &header : spec.defaults.request.headers) {
        if (header.key.compare(AuthorizationHeader, Qt::CaseInsensitive) == 0) {
            if (const auto secret = secretIn(header.value, u"Bearer "_s))
                return {ConnectionForm::Bearer, header.key, *secret};
        }
        if (const auto secret = secretIn(header.value))
            return {ConnectionForm::ApiKeyHeader, header.key, *secret};
    }
    for (const KeyValue &parameter : spec.defaults.request.parameters) {
        if (const auto secret = secretIn(parameter.value))
            return {ConnectionForm::ApiKeyQuery, parameter.key, *secret};
    }
    return {};
}

void removeKey(KeyValueList &list, const QString &key)
{
    list.removeIf([&key](const KeyValue &entry) { return entry.key == key; });
}

} // namespace

ConnectionForm::ConnectionForm(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"connectionForm"_s);
    auto *content = new QWidget;
    auto *form = new QFormLayout(content);

    m_name = clearableEdit(u"connectionName"_s, {}, content, tr("Analytics API"));
    m_nameMessage = FieldMessage::addRow(form, tr("&Name:"), m_name);
    m_description = clearableEdit(u"connectionDescription"_s, {}, content);
    form->addRow(tr("&Description:"), m_description);
    m_description->setAccessibleName(tr("Description"));
    m_baseUrl = clearableEdit(u"baseUrl"_s, {}, content, u"https://api.example.com/v1"_s);
    m_baseUrlMessage = FieldMessage::addRow(form, tr("&Base URL:"), m_baseUrl);

    auto *auth = new QGroupBox(tr("Authentication"), content);
    auto *authForm = new QFormLayout(auth);
    m_authKind = new QComboBox(auth);
    m_authKind->setObjectName(u"authKind"_s);
    m_authKind->setAccessibleName(tr("Authentication"));
    m_authKind->addItem(tr("None"), NoAuth);
    m_authKind->addItem(tr("API key in a header"), ApiKeyHeader);
    m_authKind->addItem(tr("API key in the query"), ApiKeyQuery);
    m_authKind->addItem(tr("Bearer token"), Bearer);
    m_authKind->addItem(tr("Basic (user and password)"), Basic);
    m_authKind->addItem(tr("OAuth2 client credentials"), OAuth2);
    authForm->addRow(tr("&Kind:"), m_authKind);
    m_authKeyName = clearableEdit(u"authKeyName"_s, {}, auth, u"X-API-Key"_s);
    m_authKeyName->setAccessibleName(tr("Header or parameter name"));
    authForm->addRow(tr("Header or &parameter:"), m_authKeyName);
    m_username = clearableEdit(u"authUsername"_s, {}, auth);
    m_username->setAccessibleName(tr("User name"));
    authForm->addRow(tr("&User name:"), m_username);
    m_clientId = clearableEdit(u"oauthClientId"_s, {}, auth);
    m_clientId->setAccessibleName(tr("Client ID"));
    authForm->addRow(tr("&Client ID:"), m_clientId);
    m_tokenUrl = clearableEdit(u"oauthTokenUrl"_s, {}, auth, u"https://auth.example.com/oauth/token"_s);
    m_tokenUrl->setAccessibleName(tr("Token URL"));
    authForm->addRow(tr("&Token URL:"), m_tokenUrl);
    m_scopes = clearableEdit(u"oauthScopes"_s, {}, auth, tr("space-separated"));
    m_scopes->setAccessibleName(tr("Scopes"));
    authForm->addRow(tr("&Scopes:"), m_scopes);
    m_secretName = clearableEdit(u"secretName"_s, {}, auth, u"api_key"_s);
    m_secretMessage = FieldMessage::addRow(authForm, tr("S&ecret name:"), m_secretName);
    m_secretSource = new QLabel(auth);
    m_secretSource->setObjectName(u"secretSource"_s);
    m_secretSource->setWordWrap(true);
    authForm->addRow(QString(), m_secretSource);
    m_authRows = {m_authKeyName, m_username, m_clientId, m_tokenUrl, m_scopes, m_secretName, m_secretSource};
    form->addRow(auth);

    auto *secrets = new QGroupBox(tr("Secrets"), content);
    auto *secretsLayout = new QVBoxLayout(secrets);
    m_secrets = new SecretsEditor(secrets);
    secretsLayout->addWidget(m_secrets);
    form->addRow(secrets);

    m_headers = new KeyValueTable(u"defaultHeaders"_s, tr("Default headers"), u"Header"_s, content);
    form->addRow(tr("Default &headers:"), m_headers);

    auto *defaults = new QGroupBox(tr("Request defaults"), content);
    auto *defaultsForm = new QFormLayout(defaults);
    m_timeout = new QDoubleSpinBox(defaults);
    m_timeout->setObjectName(u"defaultTimeout"_s);
    m_timeout->setAccessibleName(tr("Timeout in seconds"));
    m_timeout->setRange(0, 3600);
    m_timeout->setSpecialValueText(tr("default"));
    m_timeout->setSuffix(tr(" s"));
    defaultsForm->addRow(tr("T&imeout:"), m_timeout);
    m_rate = new QDoubleSpinBox(defaults);
    m_rate->setObjectName(u"defaultRate"_s);
    m_rate->setAccessibleName(tr("Requests per second"));
    m_rate->setRange(0, 10000);
    m_rate->setSpecialValueText(tr("unlimited"));
    m_rate->setSuffix(tr(" requests/s"));
    defaultsForm->addRow(tr("&Rate:"), m_rate);
    m_concurrency = new QSpinBox(defaults);
    m_concurrency->setObjectName(u"defaultConcurrency"_s);
    m_concurrency->setAccessibleName(tr("Concurrent requests"));
    m_concurrency->setRange(0, 100);
    m_concurrency->setSpecialValueText(tr("default"));
    defaultsForm->addRow(tr("C&oncurrency:"), m_concurrency);
    m_rules = new RuleTable(u"retryRules"_s, defaults);
    defaultsForm->addRow(tr("Retry &rules:"), m_rules);
    form->addRow(defaults);
    auto *end = new QVBoxLayout; // the spare height, below the last section
    end->addStretch(1);
    form->addRow(end);

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    connect(m_name, &QLineEdit::textEdited, this, [this](const QString &text) {
        editSpec(tr("Rename connection"), u"name"_s, [&text](ApiSpec &spec) { spec.name = text; });
    });
    connect(m_description, &QLineEdit::textEdited, this, [this](const QString &text) {
        editSpec(tr("Edit description"), u"description"_s, [&text](ApiSpec &spec) { spec.description = text; });
    });
    connect(m_baseUrl, &QLineEdit::textEdited, this, [this](const QString &text) {
        editSpec(tr("Edit base URL"), u"base_url"_s, [&text](ApiSpec &spec) {
            if (text.isEmpty())
                removeKey(spec.defaults.state, BaseUrlKey);
            else
                setValue(spec.defaults.state, BaseUrlKey, text);
        });
    });
    connect(m_authKind, &QComboBox::activated, this, [this] {
        // Sensible names for the new kind, unless the user typed their own.
        const auto kind = AuthKind(m_authKind->currentData().toInt());
        const QString keyName = m_authKeyName->text();
        const bool isDefaultName = keyName.isEmpty() || keyName == u"X-API-Key"_s || keyName == u"api_key"_s;
        if (kind == ApiKeyHeader && isDefaultName)
            m_authKeyName->setText(u"X-API-Key"_s);
        if (kind == ApiKeyQuery && isDefaultName)
            m_authKeyName->setText(u"api_key"_s);
        if (kind != NoAuth && m_secretName->text().isEmpty())
            m_secretName->setText(kind == Basic ? u"password"_s : kind == OAuth2 ? u"client_secret"_s : u"api_key"_s);
        applyAuthentication();
    });
    for (QLineEdit *edit : {m_authKeyName, m_secretName, m_username, m_clientId, m_tokenUrl, m_scopes})
        connect(edit, &QLineEdit::textEdited, this, &ConnectionForm::applyAuthentication);
    connect(m_headers, &KeyValueTable::edited, this, [this](const KeyValueList &entries) {
        editSpec(tr("Edit default headers"), {}, [&entries](ApiSpec &spec) {
            const AuthState auth = authOf(spec);
            KeyValueList headers;
            if (const KeyValue *header = findValue(spec.defaults.request.headers, auth.keyName);
                header && (auth.kind == Bearer || auth.kind == ApiKeyHeader))
                headers.append(*header);
            headers += entries;
            spec.defaults.request.headers = headers;
        });
    });
    connect(m_timeout, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        editSpec(tr("Edit timeout"), u"timeout"_s, [value](ApiSpec &spec) {
            spec.defaults.request.timeout = value > 0 ? std::optional(value) : std::nullopt;
        });
    });
    connect(m_rate, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        editSpec(tr("Edit rate"), u"rate"_s, [value](ApiSpec &spec) {
            spec.defaults.request.rate = value > 0 ? std::optional(value) : std::nullopt;
        });
    });
    connect(m_concurrency, &QSpinBox::valueChanged, this, [this](int value) {
        editSpec(tr("Edit concurrency"), u"concurrency"_s, [value](ApiSpec &spec) {
            spec.defaults.request.concurrency = value > 0 ? std::optional(value) : std::nullopt;
        });
    });
    connect(m_rules, &RuleTable::edited, this, [this](const QList<Rule> &rules) {
        editSpec(tr("Edit retry rules"), {}, [&rules](ApiSpec &spec) {
            spec.defaults.response.rules.items = rules.isEmpty() ? std::nullopt : std::optional(rules);
        });
    });
    setEnabled(false);
}

void ConnectionForm::setDocument(SpecDocument *document)
{
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    setEnabled(document != nullptr);
    if (document) {
        connect(document, &SpecDocument::changed, this, &ConnectionForm::refresh);
        connect(document, &SpecDocument::problemsChanged, this, &ConnectionForm::showSpecProblems);
    }
    refresh();
    showSpecProblems();
}

void ConnectionForm::setSecretStore(SecretStore *store)
{
    if (m_store)
        disconnect(m_store, nullptr, this, nullptr);
    m_store = store;
    m_secrets->setStore(store);
    if (store) {
        connect(store, &SecretStore::changed, this, &ConnectionForm::updateSecretSource);
        connect(store, &SecretStore::availabilityChanged, this, &ConnectionForm::updateSecretSource);
    }
    updateSecretSource();
}

QStringList ConnectionForm::secretNames(const ApiSpec &spec)
{
    static const QRegularExpression pattern(u"\\bsecrets\\.(\\w+)"_s);
    QStringList names;
    const QString yaml = QString::fromUtf8(SpecWriter::write(spec));
    for (auto it = pattern.globalMatch(yaml); it.hasNext();)
        names.append(it.next().captured(1));
    names.removeDuplicates();
    return names;
}

void ConnectionForm::updateSecretSource()
{
    const QString secret = m_document ? authOf(m_document->spec()).secret : QString();
    if (secret.isEmpty()) {
        m_secretSource->clear();
        return;
    }
    m_secretSource->setText(
        m_store ? tr("Value from: %1 (set it under Secrets, or as the environment variable %2); never stored in the "
                     "workspace or the spec.")
                      .arg(m_store->sourceText(secret), SecretStore::environmentVariable(secret))
                : tr("The value comes from the environment variable %1; it is never stored in the workspace.")
                      .arg(SecretStore::environmentVariable(secret)));
}

void ConnectionForm::showSpecProblems()
{
    m_specMessages.clear();
    if (!m_document)
        return;
    const std::pair<FieldMessage *, QString> fields[] = {
        {m_nameMessage, u"name"_s},
        {m_baseUrlMessage, u"defaults/state.base_url"_s},
    };
    for (const auto &[message, path] : fields) {
        const SpecProblems problems = m_document->problemsAt(path);
        if (!problems.isEmpty())
            m_specMessages.insert(message, problems.constFirst().message);
    }
    validate();
}

void ConnectionForm::editSpec(const QString &text, const QString &field, const std::function<void(ApiSpec &)> &change)
{
    if (m_refreshing || !m_document)
        return;
    ApiSpec spec = m_document->spec();
    change(spec);
    m_document->edit(spec, text, field);
    validate();
}

void ConnectionForm::applyAuthentication()
{
    const auto kind = AuthKind(m_authKind->currentData().toInt());
    const QString secret = m_secretName->text().trimmed();
    const QString secretRef = u"{secrets."_s + secret + u'}';
    QString keyName = m_authKeyName->text().trimmed();
    if (keyName.isEmpty())
        keyName = kind == ApiKeyQuery ? u"api_key"_s : u"X-API-Key"_s;
    editSpec(tr("Edit authentication"), u"authentication"_s, [&](ApiSpec &spec) {
        const AuthState old = authOf(spec);
        if (old.kind == Bearer || old.kind == ApiKeyHeader)
            removeKey(spec.defaults.request.headers, old.keyName);
        if (old.kind == ApiKeyQuery)
            removeKey(spec.defaults.request.parameters, old.keyName);
        spec.authentication = Authentication();
        switch (kind) {
        case NoAuth:
            break;
        case Bearer:
            spec.defaults.request.headers.prepend({AuthorizationHeader, QString(u"Bearer "_s + secretRef)});
            break;
        case ApiKeyHeader:
            spec.defaults.request.headers.prepend({keyName, secretRef});
            break;
        case ApiKeyQuery:
            spec.defaults.request.parameters.prepend({keyName, secretRef});
            break;
        case Basic:
            spec.authentication.type = Authentication::Type::Basic;
            spec.authentication.username = m_username->text();
            spec.authentication.password = secretRef;
            break;
        case OAuth2:
            spec.authentication.type = Authentication::Type::OAuth2;
            spec.authentication.flow = u"client_credentials"_s;
            spec.authentication.clientId = m_clientId->text();
            spec.authentication.clientSecret = secretRef;
            spec.authentication.authenticationUrl = m_tokenUrl->text();
            spec.authentication.scopes = m_scopes->text().split(u' ', Qt::SkipEmptyParts);
            break;
        }
    });
}

void ConnectionForm::refresh()
{
    if (!m_document)
        return;
    m_refreshing = true;
    const ApiSpec &spec = m_document->spec();
    showText(m_name, spec.name);
    showText(m_description, spec.description);
    const KeyValue *baseUrl = findValue(spec.defaults.state, BaseUrlKey);
    showText(m_baseUrl, baseUrl ? baseUrl->value.toString() : QString());

    const AuthState auth = authOf(spec);
    m_authKind->setCurrentIndex(m_authKind->findData(auth.kind));
    if (auth.kind != NoAuth) {
        if (m_secretName->text().trimmed() != auth.secret)
            showText(m_secretName, auth.secret);
        if (!auth.keyName.isEmpty())
            showText(m_authKeyName, auth.keyName);
    }
    showText(m_username, spec.authentication.username);
    showText(m_clientId, spec.authentication.clientId);
    showText(m_tokenUrl, spec.authentication.authenticationUrl);
    showText(m_scopes, spec.authentication.scopes.join(u' '));
    auto showRow = [](QWidget *field, bool visible) {
        field->setVisible(visible);
        if (auto *form = qobject_cast<QFormLayout *>(field->parentWidget()->layout())) {
            if (QWidget *label = form->labelForField(field))
                label->setVisible(visible);
        }
    };
    showRow(m_authKeyName, auth.kind == ApiKeyHeader || auth.kind == ApiKeyQuery);
    showRow(m_username, auth.kind == Basic);
    for (QWidget *field :
         {static_cast<QWidget *>(m_clientId), static_cast<QWidget *>(m_tokenUrl), static_cast<QWidget *>(m_scopes)})
        showRow(field, auth.kind == OAuth2);
    showRow(m_secretName, auth.kind != NoAuth);
    showRow(m_secretSource, auth.kind != NoAuth);
    updateSecretSource();
    m_secrets->setNames(secretNames(spec));

    KeyValueList headers = spec.defaults.request.headers;
    if (auth.kind == Bearer || auth.kind == ApiKeyHeader)
        removeKey(headers, auth.keyName);
    m_headers->setEntries(headers);
    if (m_timeout->value() != spec.defaults.request.timeout.value_or(0))
        m_timeout->setValue(spec.defaults.request.timeout.value_or(0));
    if (m_rate->value() != spec.defaults.request.rate.value_or(0))
        m_rate->setValue(spec.defaults.request.rate.value_or(0));
    if (m_concurrency->value() != spec.defaults.request.concurrency.value_or(0))
        m_concurrency->setValue(spec.defaults.request.concurrency.value_or(0));
    m_rules->setRules(spec.defaults.response.rules.items.value_or(QList<Rule>()));
    m_refreshing = false;
    validate();
}

void ConnectionForm::validate()
{
    if (!m_document)
        return;
    const ApiSpec &spec = m_document->spec();
    const auto show = [this](FieldMessage *message, const QString &text) {
        message->setMessage(text.isEmpty() ? m_specMessages.value(message) : text);
    };
    show(m_nameMessage, spec.name.trimmed().isEmpty() ? tr("A connection needs a name.") : QString());

    QString urlMessage;
    const QString baseUrl = m_baseUrl->text();
    if (!baseUrl.isEmpty()) {
        const QUrl url(baseUrl, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s) || url.host().isEmpty())
            urlMessage = tr("Enter a URL that starts with http:// or https:// and names a host.");
    }
    show(m_baseUrlMessage, urlMessage);

    static const QRegularExpression secretPattern(u"^\\w+$"_s);
    const bool needsSecret = m_authKind->currentData().toInt() != NoAuth;
    const QString secret = m_secretName->text().trimmed();
    m_secretMessage->setMessage(!needsSecret       ? QString()
                                : secret.isEmpty() ? tr("Name the secret that holds the key.")
                                : !secretPattern.match(secret).hasMatch()
                                    ? tr("A secret name has only letters, digits and underscores.")
                                    : QString());
}

} // namespace Backfill
