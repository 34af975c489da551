#include "views/editor/endpointform.h"

#include "model/core/positiontext.h"
#include "model/expression/expression.h"
#include "model/jmespath/jmespath.h"
#include "model/spec/specvalidator.h"
#include "views/document/specdocument.h"
#include "views/editor/paginationeditor.h"
#include "views/editor/partitioningeditor.h"
#include "views/forms/fieldmessage.h"
#include "views/forms/formfields.h"
#include "views/forms/keyvaluetable.h"
#include "views/forms/ruletable.h"
#include "views/forms/templatecompleter.h"
#include "views/test/recordtablemodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

const QString IncrementalMode = u"incremental"_s;

// The incremental sync the form edits: a sync variable kept between runs, and the expression
// whose maximum it remembers.
struct IncrementalState
{
    bool enabled = false;
    QString variable;
    QString cursor;
};

IncrementalState incrementalOf(const Endpoint &endpoint)
{
    IncrementalState state;
    state.enabled = endpoint.overrides.mode == IncrementalMode;
    if (endpoint.sync && !endpoint.sync->isEmpty())
        state.variable = endpoint.sync->constFirst();
    for (const Processor &processor : endpoint.response.processors.items.value_or(QList<Processor>())) {
        if (processor.output == u"state."_s + state.variable)
            state.cursor = processor.expression;
    }
    return state;
}

} // namespace

EndpointForm::EndpointForm(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"endpointForm"_s);
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);

    layout->addWidget(buildRequestSection(content));
    layout->addWidget(buildPartitioningSection(content));
    layout->addWidget(buildPaginationSection(content));
    layout->addWidget(buildRecordsSection(content));
    layout->addWidget(buildIncrementalSection(content));
    layout->addWidget(buildAdvancedSection(content));
    layout->addStretch();

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    setEnabled(false);
}

void EndpointForm::setEndpoint(SpecDocument *document, int index)
{
    if (m_document && m_document != document)
        disconnect(m_document, nullptr, this, nullptr);
    if (document && m_document != document) {
        connect(document, &SpecDocument::changed, this, &EndpointForm::refresh);
        connect(document, &SpecDocument::problemsChanged, this, &EndpointForm::showSpecProblems);
    }
    m_document = document;
    m_index = index;
    refresh();
    showSpecProblems();
}

void EndpointForm::setSampleResponse(const QJsonValue &json)
{
    m_sample = json;
    updateRecordsPreview();
}

void EndpointForm::updateRecordsPreview()
{
    if (m_sample.isUndefined() || m_sample.isNull()) {
        m_recordsPreview->setText(tr("Test the endpoint to see what the path extracts."));
        m_recordsPreviewTable->hide();
        return;
    }
    const QString path = m_recordsPath->text().trimmed();
    const JmesPath compiled = JmesPath::compile(path.isEmpty() ? u"@"_s : path);
    if (!compiled.isValid()) {
        m_recordsPreview->setText(tr("The path does not compile yet."));
        return;
    }
    JmesPath::Error error;
    const QJsonValue found = compiled.search(m_sample, &error);
    if (error.kind != JmesPath::ErrorKind::None) {
        m_recordsPreview->setText(tr("On the last test response: %1").arg(error.message));
        m_recordsPreviewModel->setRecords({});
        m_recordsPreviewTable->hide();
        return;
    }
    const QJsonArray records = found.isArray()                         ? found.toArray()
                               : found.isNull() || found.isUndefined() ? QJsonArray()
                                                                       : QJsonArray{found};
    m_recordsPreview->setText(records.size() == 1
                                  ? tr("The last test response gives 1 record with this path.")
                                  : tr("The last test response gives %1 records with this path.").arg(records.size()));
    QJsonArray first;
    for (qsizetype i = 0; i < records.size() && i < PreviewRecords; ++i)
        first.append(records.at(i));
    m_recordsPreviewModel->setRecords(first);
    m_recordsPreviewTable->setVisible(!records.isEmpty());

    // Offer the fields found as keys; what is typed stays.
    const QStringList fields = m_recordsPreviewModel->fields();
    for (QComboBox *choice : {m_primaryKeyChoice, m_updateKeyChoice}) {
        QStringList items;
        for (int i = 0; i < choice->count(); ++i)
            items.append(choice->itemText(i));
        if (items == fields)
            continue;
        const QString text = choice->lineEdit()->text();
        const QSignalBlocker blocker(choice);
        choice->clear();
        choice->addItems(fields);
        choice->setEditText(text);
    }
}

void EndpointForm::showSpecProblems()
{
    m_specMessages.clear();
    if (!endpoint())
        return;
    const QString prefix = u"endpoints/%1/"_s.arg(m_index);
    const std::pair<FieldMessage *, QString> fields[] = {
        {m_nameMessage, prefix},
        {m_urlMessage, prefix + u"request/url"_s},
        {m_bodyMessage, prefix + u"request/payload"_s},
        {m_recordsMessage, prefix + u"response/records/jmespath"_s},
        {m_overMessage, prefix + u"iterate/over"_s},
        {m_stopMessage, prefix + u"pagination/stop_condition"_s},
    };
    for (const auto &[message, path] : fields) {
        const SpecProblems problems = m_document->problemsAt(path);
        if (!problems.isEmpty())
            m_specMessages.insert(message, problems.constFirst().message);
    }
    validate();
}

const Endpoint *EndpointForm::endpoint() const
{
    if (!m_document || m_index < 0 || m_index >= m_document->spec().endpoints.size())
        return nullptr;
    return &m_document->spec().endpoints.at(m_index);
}

void EndpointForm::editEndpoint(const QString &text, const QString &field,
                                const std::function<void(Endpoint &)> &change)
{
    if (m_refreshing || !endpoint())
        return;
    ApiSpec spec = m_document->spec();
    change(spec.endpoints[m_index]);
    m_document->edit(spec, text, u"endpoints/%1/"_s.arg(m_index) + field);
    validate();
}

void EndpointForm::applyPartitioning(const PartitioningSettings &settings, const QString &control)
{
    const Endpoint *current = endpoint();
    if (!current)
        return;
    const PartitioningSettings previous = PartitioningSettings::recognize(*current);
    PartitioningSettings next = settings;
    next.syncVariable = incrementalOf(*current).enabled ? incrementalOf(*current).variable : QString();
    editEndpoint(tr("Edit partitioning"), control.isEmpty() ? QString() : u"partitioning/"_s + control,
                 [&](Endpoint &endpoint) { next.apply(endpoint, previous); });
}

void EndpointForm::applyPagination(const PaginationSettings &settings, const QString &control)
{
    const Endpoint *current = endpoint();
    if (!current)
        return;
    const PaginationSettings previous = PaginationSettings::recognize(*current);
    editEndpoint(tr("Edit pagination"), control.isEmpty() ? QString() : u"pagination/"_s + control,
                 [&](Endpoint &endpoint) { settings.apply(endpoint, previous); });
}

void EndpointForm::applyIncremental(const QString &control)
{
    const Endpoint *current = endpoint();
    if (!current)
        return;
    const IncrementalState old = incrementalOf(*current);
    const bool enabled = m_incremental->isChecked();
    const QString variable = m_syncVariable->text().trimmed();
    const QString cursor = m_cursorField->text().trimmed();
    editEndpoint(tr("Edit incremental sync"), control.isEmpty() ? QString() : u"incremental/"_s + control,
                 [&](Endpoint &endpoint) {
                     QList<Processor> processors = endpoint.response.processors.items.value_or(QList<Processor>());
                     processors.removeIf([&old](const Processor &processor) {
                         return !old.variable.isEmpty() && processor.output == u"state."_s + old.variable;
                     });
                     const PartitioningSettings partitioning = PartitioningSettings::recognize(endpoint);
                     if (enabled) {
                         endpoint.overrides.mode = IncrementalMode;
                         endpoint.sync = variable.isEmpty() ? std::nullopt : std::optional(QStringList{variable});
                         if (!variable.isEmpty() && !cursor.isEmpty())
                             processors.append({cursor, u"state."_s + variable, u"maximum"_s, {}});
                     } else {
                         if (endpoint.overrides.mode == IncrementalMode)
                             endpoint.overrides.mode = QString();
                         endpoint.sync = std::nullopt;
                     }
                     endpoint.response.processors.items =
                         processors.isEmpty() ? std::nullopt : std::optional(processors);
                     // The range resumes after the remembered value when no range is given.
                     if (partitioning.kind != PartitioningSettings::Kind::None &&
                         partitioning.kind != PartitioningSettings::Kind::Custom) {
                         PartitioningSettings next = partitioning;
                         next.syncVariable = enabled ? variable : QString();
                         next.lookback = enabled ? m_lookback->value() : 0;
                         next.apply(endpoint, partitioning);
                     }
                 });
}

QStringList EndpointForm::references() const
{
    QStringList names;
    if (!m_document)
        return names;
    const ApiSpec &spec = m_document->spec();
    for (const KeyValue &entry : spec.defaults.state)
        names.append(u"state."_s + entry.key);
    if (const Endpoint *current = endpoint()) {
        for (const KeyValue &entry : current->state)
            names.append(u"state."_s + entry.key);
        if (current->iterate.into.startsWith(u"state."_s))
            names.append(current->iterate.into);
        if (current->sync) {
            for (const QString &name : *current->sync)
                names.append(u"sync."_s + name);
        }
    }
    for (const char *name : {"range_start", "range_end", "range_step", "mode", "limit"})
        names.append(u"context."_s + QLatin1StringView(name));
    // Secrets the connection already references, and the usual one.
    static const QRegularExpression secretPattern(u"secrets\\.(\\w+)"_s);
    const QString yaml = QString::fromUtf8(m_document->yaml());
    for (auto it = secretPattern.globalMatch(yaml); it.hasNext();)
        names.append(u"secrets."_s + it.next().captured(1));
    names.append(u"secrets.api_key"_s);
    names.removeDuplicates();
    return names;
}

void EndpointForm::refresh()
{
    const Endpoint *current = endpoint();
    setEnabled(current != nullptr);
    if (!current)
        return;
    m_refreshing = true;
    showText(m_name, current->name);
    showText(m_description, current->description);
    const int method = m_method->findText(current->request.method.toUpper());
    m_method->setCurrentIndex(method < 0 ? 0 : method);
    showText(m_url, current->request.url);
    showText(m_settle, current->backfill.settle);
    for (const auto &[line, key] : std::as_const(m_checkEdits))
        showText(line, current->backfill.*key);
    m_urlCompleter->setReferences(references());
    m_parameters->setEntries(current->request.parameters);
    m_headers->setEntries(current->request.headers);
    const QJsonValue payload = current->request.payload;
    const QString body = payload.isObject()  ? QString::fromUtf8(QJsonDocument(payload.toObject()).toJson())
                         : payload.isArray() ? QString::fromUtf8(QJsonDocument(payload.toArray()).toJson())
                                             : QString();
    // Keep what the user is typing when it means the same JSON.
    if (QJsonDocument::fromJson(m_body->toPlainText().toUtf8()) != QJsonDocument::fromJson(body.toUtf8()))
        showText(m_body, body);
    if (m_rate->value() != current->request.rate.value_or(0))
        m_rate->setValue(current->request.rate.value_or(0));
    if (m_timeout->value() != current->request.timeout.value_or(0))
        m_timeout->setValue(current->request.timeout.value_or(0));
    m_rules->setRules(current->response.rules.items.value_or(QList<Rule>()));
    m_partitioning->setSettings(PartitioningSettings::recognize(*current),
                                resolveEndpoint(m_document->spec().defaults, *current));
    m_pagination->setSettings(PaginationSettings::recognize(*current), current->request.url);
    showText(m_recordsPath, current->response.records.jmespath);
    QStringList keys;
    for (const QString &key : m_primaryKey->text().split(u',', Qt::SkipEmptyParts))
        keys.append(key.trimmed());
    if (keys != current->response.records.primaryKey)
        showText(m_primaryKey, current->response.records.primaryKey.join(u", "_s));
    showText(m_updateKey, current->response.records.updateKey);
    const IncrementalState incremental = incrementalOf(*current);
    m_incremental->setChecked(incremental.enabled);
    m_lookback->setValue(PartitioningSettings::recognize(*current).lookback);
    m_lookback->setEnabled(incremental.enabled);
    if (!incremental.variable.isEmpty())
        showText(m_syncVariable, incremental.variable);
    if (!incremental.cursor.isEmpty())
        showText(m_cursorField, incremental.cursor);
    showText(m_iterateOver, current->iterate.over);
    showText(m_iterateInto, current->iterate.into);
    m_state->setEntries(current->state);
    m_nextState->setEntries(current->pagination.nextState);
    showText(m_stopCondition, current->pagination.stopCondition);
    m_refreshing = false;
    validate();
}

void EndpointForm::validate()
{
    const Endpoint *current = endpoint();
    if (!current)
        return;
    QString nameMessage;
    if (current->name.trimmed().isEmpty())
        nameMessage = tr("An endpoint needs a name.");
    for (int i = 0; i < m_document->spec().endpoints.size() && nameMessage.isEmpty(); ++i) {
        if (i != m_index && m_document->spec().endpoints.at(i).name == current->name)
            nameMessage = tr("Another endpoint of this connection is called %1.").arg(current->name);
    }
    // What the form checks itself shows at once; the validator's finding follows its pause.
    const auto show = [this](FieldMessage *message, const QString &text) {
        message->setMessage(text.isEmpty() ? m_specMessages.value(message) : text);
    };
    show(m_nameMessage, nameMessage);

    const QString &urlText = current->request.url;
    const Template url = Template::parse(urlText);
    // Templates keep an unclosed brace as text; in a URL it is a typing mistake.
    const qsizetype unclosed = urlText.lastIndexOf(u'{') > urlText.lastIndexOf(u'}') ? urlText.lastIndexOf(u'{') : -1;
    show(m_urlMessage, urlText.trimmed().isEmpty() ? tr("Enter the URL to request, such as {state.base_url}/events.")
                       : !url.isValid()            ? positionedText(url.error().message, url.error().position)
                       : unclosed >= 0             ? positionedText(tr("this { is not closed by a }"), int(unclosed))
                                                   : QString());
    const JmesPath records = JmesPath::compile(current->response.records.jmespath);
    show(m_recordsMessage, current->response.records.jmespath.isEmpty() || records.isValid()
                               ? QString()
                               : positionedText(records.error().message, records.error().position));
    auto expressionMessage = [](const QString &text) {
        if (text.trimmed().isEmpty())
            return QString();
        const Expression expression = Expression::parse(text);
        return expression.isValid() ? QString()
                                    : positionedText(expression.error().message, expression.error().position);
    };
    m_cursorMessage->setMessage(m_incremental->isChecked() && m_cursorField->text().trimmed().isEmpty()
                                    ? tr("Name the value to remember, such as state.date or record.updated_at.")
                                    : expressionMessage(m_cursorField->text()));
    show(m_overMessage, expressionMessage(current->iterate.over));
    show(m_stopMessage, expressionMessage(current->pagination.stopCondition));
}

} // namespace Backfill
