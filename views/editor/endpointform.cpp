#include "views/editor/endpointform.h"

#include "model/expression/expression.h"
#include "model/jmespath/jmespath.h"
#include "model/spec/specvalidator.h"
#include "views/document/specdocument.h"
#include "views/editor/paginationeditor.h"
#include "views/editor/partitioningeditor.h"
#include "views/forms/fieldmessage.h"
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

QLineEdit *lineEdit(const QString &name, QWidget *parent, const QString &placeholder = {})
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    return edit;
}

void setText(QLineEdit *edit, const QString &text)
{
    if (edit->text() != text)
        edit->setText(text);
}

void setText(QPlainTextEdit *edit, const QString &text)
{
    if (edit->toPlainText() != text)
        edit->setPlainText(text);
}

QString positioned(const QString &message, int position)
{
    return position < 0 ? message
                        : QCoreApplication::translate("Backfill", "At character %1: %2").arg(position + 1).arg(message);
}

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

    m_test = new QPushButton(tr("&Test this endpoint"), content);
    m_test->setObjectName(u"endpointTestButton"_s);
    m_test->setToolTip(tr("Fetch the first pages of one partition and show requests, responses and records (Ctrl+T)"));
    connect(m_test, &QPushButton::clicked, this, &EndpointForm::testRequested);
    auto *testRow = new QHBoxLayout;
    testRow->addStretch();
    testRow->addWidget(m_test);
    layout->addLayout(testRow);

    auto *request = new QGroupBox(tr("Request"), content);
    auto *form = new QFormLayout(request);
    m_name = lineEdit(u"endpointName"_s, request, u"daily_events"_s);
    m_nameMessage = FieldMessage::addRow(form, tr("&Name:"), m_name);
    m_description = lineEdit(u"endpointDescription"_s, request);
    m_description->setAccessibleName(tr("Description"));
    form->addRow(tr("&Description:"), m_description);
    m_method = new QComboBox(request);
    m_method->setObjectName(u"endpointMethod"_s);
    m_method->setAccessibleName(tr("HTTP method"));
    m_method->addItems(SpecValidator::methods());
    form->addRow(tr("&Method:"), m_method);
    m_url = lineEdit(u"endpointUrl"_s, request, u"{state.base_url}/events/{state.date}"_s);
    m_urlCompleter = new TemplateCompleter(m_url);
    m_urlMessage = FieldMessage::addRow(form, tr("&URL:"), m_url);
    m_parameters = new KeyValueTable(u"endpointParameters"_s, tr("Query parameters"), u"param"_s, request);
    form->addRow(tr("&Query parameters:"), m_parameters);
    m_headers = new KeyValueTable(u"endpointHeaders"_s, tr("Headers"), u"Header"_s, request);
    form->addRow(tr("&Headers:"), m_headers);
    m_body = new QPlainTextEdit(request);
    m_body->setObjectName(u"endpointBody"_s);
    m_body->setPlaceholderText(tr("JSON body (optional)"));
    m_body->setMaximumHeight(100);
    m_bodyMessage = FieldMessage::addRow(form, tr("&Body:"), m_body);
    m_rate = new QDoubleSpinBox(request);
    m_rate->setObjectName(u"endpointRate"_s);
    m_rate->setAccessibleName(tr("Requests per second"));
    m_rate->setRange(0, 10000);
    m_rate->setSpecialValueText(tr("connection default"));
    m_rate->setSuffix(tr(" requests/s"));
    form->addRow(tr("R&ate:"), m_rate);
    m_timeout = new QDoubleSpinBox(request);
    m_timeout->setObjectName(u"endpointTimeout"_s);
    m_timeout->setAccessibleName(tr("Timeout in seconds"));
    m_timeout->setRange(0, 3600);
    m_timeout->setSpecialValueText(tr("connection default"));
    m_timeout->setSuffix(tr(" s"));
    form->addRow(tr("Ti&meout:"), m_timeout);
    m_rules = new RuleTable(u"endpointRules"_s, request);
    form->addRow(tr("Retry r&ules:"), m_rules);
    layout->addWidget(request);

    auto *partitioning = new QGroupBox(tr("Partitioning"), content);
    auto *partitioningLayout = new QVBoxLayout(partitioning);
    m_partitioning = new PartitioningEditor(partitioning);
    partitioningLayout->addWidget(m_partitioning);
    layout->addWidget(partitioning);

    auto *pagination = new QGroupBox(tr("Pagination"), content);
    auto *paginationLayout = new QVBoxLayout(pagination);
    m_pagination = new PaginationEditor(pagination);
    paginationLayout->addWidget(m_pagination);
    layout->addWidget(pagination);

    auto *records = new QGroupBox(tr("Records"), content);
    auto *recordsForm = new QFormLayout(records);
    m_recordsPath = lineEdit(u"recordsPath"_s, records, u"data.events[]"_s);
    m_recordsMessage = FieldMessage::addRow(recordsForm, tr("Records &path (JMESPath):"), m_recordsPath);
    m_recordsPreview = new QLabel(tr("Test the endpoint to see what the path extracts."), records);
    m_recordsPreview->setObjectName(u"recordsPreview"_s);
    m_recordsPreview->setWordWrap(true);
    recordsForm->addRow(QString(), m_recordsPreview);
    m_recordsPreviewModel = new RecordTableModel(this);
    m_recordsPreviewTable = new QTableView(records);
    m_recordsPreviewTable->setObjectName(u"recordsPreviewTable"_s);
    m_recordsPreviewTable->setAccessibleName(tr("Records the path extracts"));
    m_recordsPreviewTable->setModel(m_recordsPreviewModel);
    m_recordsPreviewTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_recordsPreviewTable->setMaximumHeight(150);
    m_recordsPreviewTable->hide();
    recordsForm->addRow(QString(), m_recordsPreviewTable);
    // Editable choices: the fields the last test found, or any name typed.
    auto keyChoice = [records](const QString &name, const QString &accessibleName, QLineEdit **edit) {
        auto *choice = new QComboBox(records);
        choice->setObjectName(name + u"Choice"_s);
        choice->setEditable(true);
        choice->setInsertPolicy(QComboBox::NoInsert);
        choice->setCompleter(nullptr); // completing inline would change what is typed
        *edit = choice->lineEdit();
        (*edit)->setObjectName(name);
        (*edit)->setAccessibleName(accessibleName);
        choice->setAccessibleName(accessibleName);
        return choice;
    };
    m_primaryKeyChoice = keyChoice(u"primaryKey"_s, tr("Primary key"), &m_primaryKey);
    m_primaryKey->setPlaceholderText(tr("field, another_field"));
    recordsForm->addRow(tr("Primary &key:"), m_primaryKeyChoice);
    m_updateKeyChoice = keyChoice(u"updateKey"_s, tr("Update key"), &m_updateKey);
    recordsForm->addRow(tr("U&pdate key:"), m_updateKeyChoice);
    layout->addWidget(records);

    auto *incremental = new QGroupBox(tr("Incremental"), content);
    auto *incrementalForm = new QFormLayout(incremental);
    m_incremental = new QCheckBox(tr("&Continue where the last run stopped"), incremental);
    m_incremental->setObjectName(u"incrementalEnabled"_s);
    incrementalForm->addRow(m_incremental);
    m_cursorField = lineEdit(u"cursorField"_s, incremental, u"state.date"_s);
    m_cursorMessage = FieldMessage::addRow(incrementalForm, tr("C&ursor value:"), m_cursorField);
    m_syncVariable = lineEdit(u"syncVariable"_s, incremental, u"last_date"_s);
    m_syncVariable->setAccessibleName(tr("Remembered as"));
    incrementalForm->addRow(tr("&Remembered as:"), m_syncVariable);
    m_lookback = new QSpinBox(incremental);
    m_lookback->setObjectName(u"lookbackPartitions"_s);
    m_lookback->setAccessibleName(tr("Partitions to fetch again"));
    m_lookback->setRange(0, 1000);
    m_lookback->setSpecialValueText(tr("none"));
    m_lookback->setToolTip(tr("Data that changes after the fact: each incremental run fetches this many "
                              "partitions before the remembered value again."));
    incrementalForm->addRow(tr("&Look back (partitions):"), m_lookback);
    layout->addWidget(incremental);

    auto *advanced = new QGroupBox(tr("Advanced: the generated expressions"), content);
    advanced->setObjectName(u"advancedSection"_s);
    advanced->setCheckable(true);
    advanced->setChecked(false);
    auto *advancedContent = new QWidget(advanced);
    auto *advancedForm = new QFormLayout(advancedContent);
    auto *advancedLayout = new QVBoxLayout(advanced);
    advancedLayout->addWidget(advancedContent);
    advancedContent->setVisible(false);
    connect(advanced, &QGroupBox::toggled, advancedContent, &QWidget::setVisible);
    m_iterateOver = new QPlainTextEdit(advancedContent);
    m_iterateOver->setObjectName(u"iterateOver"_s);
    m_iterateOver->setMaximumHeight(110);
    m_overMessage = FieldMessage::addRow(advancedForm, tr("Iterate &over:"), m_iterateOver);
    m_iterateInto = lineEdit(u"iterateInto"_s, advancedContent, u"state.current_date"_s);
    m_iterateInto->setAccessibleName(tr("Iterate into"));
    advancedForm->addRow(tr("Iterate &into:"), m_iterateInto);
    m_state = new KeyValueTable(u"endpointState"_s, tr("State"), u"variable"_s, advancedContent);
    advancedForm->addRow(tr("&State:"), m_state);
    m_nextState = new KeyValueTable(u"nextState"_s, tr("Next state after each page"), u"variable"_s, advancedContent);
    advancedForm->addRow(tr("Ne&xt state:"), m_nextState);
    m_stopCondition = lineEdit(u"stopCondition"_s, advancedContent);
    m_stopMessage = FieldMessage::addRow(advancedForm, tr("S&top condition:"), m_stopCondition);
    layout->addWidget(advanced);
    layout->addStretch();

    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    connect(m_name, &QLineEdit::textEdited, this, [this](const QString &text) {
        editEndpoint(tr("Rename endpoint"), u"name"_s, [&text](Endpoint &endpoint) { endpoint.name = text; });
    });
    connect(m_description, &QLineEdit::textEdited, this, [this](const QString &text) {
        editEndpoint(tr("Edit endpoint description"), u"description"_s,
                     [&text](Endpoint &endpoint) { endpoint.description = text; });
    });
    connect(m_method, &QComboBox::activated, this, [this] {
        const QString method = m_method->currentText();
        editEndpoint(tr("Change method"), {}, [&method](Endpoint &endpoint) { endpoint.request.method = method; });
    });
    connect(m_url, &QLineEdit::textEdited, this, [this](const QString &text) {
        editEndpoint(tr("Edit URL"), u"url"_s, [&text](Endpoint &endpoint) { endpoint.request.url = text; });
    });
    connect(m_parameters, &KeyValueTable::edited, this, [this](const KeyValueList &entries) {
        editEndpoint(tr("Edit query parameters"), {},
                     [&entries](Endpoint &endpoint) { endpoint.request.parameters = entries; });
    });
    connect(m_headers, &KeyValueTable::edited, this, [this](const KeyValueList &entries) {
        editEndpoint(tr("Edit headers"), {}, [&entries](Endpoint &endpoint) { endpoint.request.headers = entries; });
    });
    connect(m_body, &QPlainTextEdit::textChanged, this, [this] {
        const QString text = m_body->toPlainText();
        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (!text.trimmed().isEmpty() && error.error != QJsonParseError::NoError) {
            m_bodyMessage->setMessage(positioned(error.errorString(), error.offset));
            return;
        }
        m_bodyMessage->setMessage(m_specMessages.value(m_bodyMessage));
        const QJsonValue payload = text.trimmed().isEmpty() ? QJsonValue(QJsonValue::Undefined)
                                   : json.isObject()        ? QJsonValue(json.object())
                                                            : QJsonValue(json.array());
        editEndpoint(tr("Edit body"), u"body"_s,
                     [&payload](Endpoint &endpoint) { endpoint.request.payload = payload; });
    });
    connect(m_rate, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        editEndpoint(tr("Edit rate"), u"rate"_s, [value](Endpoint &endpoint) {
            endpoint.request.rate = value > 0 ? std::optional(value) : std::nullopt;
        });
    });
    connect(m_timeout, &QDoubleSpinBox::valueChanged, this, [this](double value) {
        editEndpoint(tr("Edit timeout"), u"timeout"_s, [value](Endpoint &endpoint) {
            endpoint.request.timeout = value > 0 ? std::optional(value) : std::nullopt;
        });
    });
    connect(m_rules, &RuleTable::edited, this, [this](const QList<Rule> &rules) {
        editEndpoint(tr("Edit retry rules"), {}, [&rules](Endpoint &endpoint) {
            endpoint.response.rules.items = rules.isEmpty() ? std::nullopt : std::optional(rules);
        });
    });
    connect(m_partitioning, &PartitioningEditor::edited, this, &EndpointForm::applyPartitioning);
    connect(m_pagination, &PaginationEditor::edited, this, &EndpointForm::applyPagination);
    connect(m_recordsPath, &QLineEdit::textEdited, this, [this](const QString &text) {
        editEndpoint(tr("Edit records path"), u"records"_s,
                     [&text](Endpoint &endpoint) { endpoint.response.records.jmespath = text; });
    });
    connect(m_recordsPath, &QLineEdit::textChanged, this, &EndpointForm::updateRecordsPreview);
    const auto editPrimaryKey = [this](const QString &text) {
        QStringList keys;
        for (const QString &key : text.split(u',', Qt::SkipEmptyParts))
            keys.append(key.trimmed());
        editEndpoint(tr("Edit primary key"), u"primary_key"_s,
                     [&keys](Endpoint &endpoint) { endpoint.response.records.primaryKey = keys; });
    };
    connect(m_primaryKey, &QLineEdit::textEdited, this, editPrimaryKey);
    connect(m_primaryKeyChoice, &QComboBox::textActivated, this, editPrimaryKey);
    const auto editUpdateKey = [this](const QString &text) {
        editEndpoint(tr("Edit update key"), u"update_key"_s, [&text](Endpoint &endpoint) {
            endpoint.response.records.updateKey = text.isEmpty() ? QString() : text;
        });
    };
    connect(m_updateKey, &QLineEdit::textEdited, this, editUpdateKey);
    connect(m_updateKeyChoice, &QComboBox::textActivated, this, editUpdateKey);
    connect(m_incremental, &QCheckBox::clicked, this, [this](bool checked) {
        if (checked && m_syncVariable->text().isEmpty())
            m_syncVariable->setText(u"last_date"_s);
        applyIncremental({});
    });
    connect(m_cursorField, &QLineEdit::textEdited, this, [this] { applyIncremental(u"cursor"_s); });
    connect(m_syncVariable, &QLineEdit::textEdited, this, [this] { applyIncremental(u"variable"_s); });
    connect(m_lookback, &QSpinBox::valueChanged, this, [this] { applyIncremental(u"lookback"_s); });
    connect(m_iterateOver, &QPlainTextEdit::textChanged, this, [this] {
        const QString text = m_iterateOver->toPlainText();
        editEndpoint(tr("Edit iterate over"), u"iterate.over"_s,
                     [&text](Endpoint &endpoint) { endpoint.iterate.over = text.isEmpty() ? QString() : text; });
    });
    connect(m_iterateInto, &QLineEdit::textEdited, this, [this](const QString &text) {
        editEndpoint(tr("Edit iterate into"), u"iterate.into"_s,
                     [&text](Endpoint &endpoint) { endpoint.iterate.into = text.isEmpty() ? QString() : text; });
    });
    connect(m_state, &KeyValueTable::edited, this, [this](const KeyValueList &entries) {
        editEndpoint(tr("Edit state"), {}, [&entries](Endpoint &endpoint) { endpoint.state = entries; });
    });
    connect(m_nextState, &KeyValueTable::edited, this, [this](const KeyValueList &entries) {
        editEndpoint(tr("Edit next state"), {},
                     [&entries](Endpoint &endpoint) { endpoint.pagination.nextState = entries; });
    });
    connect(m_stopCondition, &QLineEdit::textEdited, this, [this](const QString &text) {
        editEndpoint(tr("Edit stop condition"), u"stop_condition"_s, [&text](Endpoint &endpoint) {
            endpoint.pagination.stopCondition = text.isEmpty() ? QString() : text;
        });
    });
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
    setText(m_name, current->name);
    setText(m_description, current->description);
    const int method = m_method->findText(current->request.method.toUpper());
    m_method->setCurrentIndex(method < 0 ? 0 : method);
    setText(m_url, current->request.url);
    m_urlCompleter->setReferences(references());
    m_parameters->setEntries(current->request.parameters);
    m_headers->setEntries(current->request.headers);
    const QJsonValue payload = current->request.payload;
    const QString body = payload.isObject()  ? QString::fromUtf8(QJsonDocument(payload.toObject()).toJson())
                         : payload.isArray() ? QString::fromUtf8(QJsonDocument(payload.toArray()).toJson())
                                             : QString();
    // Keep what the user is typing when it means the same JSON.
    if (QJsonDocument::fromJson(m_body->toPlainText().toUtf8()) != QJsonDocument::fromJson(body.toUtf8()))
        setText(m_body, body);
    if (m_rate->value() != current->request.rate.value_or(0))
        m_rate->setValue(current->request.rate.value_or(0));
    if (m_timeout->value() != current->request.timeout.value_or(0))
        m_timeout->setValue(current->request.timeout.value_or(0));
    m_rules->setRules(current->response.rules.items.value_or(QList<Rule>()));
    m_partitioning->setSettings(PartitioningSettings::recognize(*current),
                                resolveEndpoint(m_document->spec().defaults, *current));
    m_pagination->setSettings(PaginationSettings::recognize(*current), current->request.url);
    setText(m_recordsPath, current->response.records.jmespath);
    QStringList keys;
    for (const QString &key : m_primaryKey->text().split(u',', Qt::SkipEmptyParts))
        keys.append(key.trimmed());
    if (keys != current->response.records.primaryKey)
        setText(m_primaryKey, current->response.records.primaryKey.join(u", "_s));
    setText(m_updateKey, current->response.records.updateKey);
    const IncrementalState incremental = incrementalOf(*current);
    m_incremental->setChecked(incremental.enabled);
    m_lookback->setValue(PartitioningSettings::recognize(*current).lookback);
    m_lookback->setEnabled(incremental.enabled);
    if (!incremental.variable.isEmpty())
        setText(m_syncVariable, incremental.variable);
    if (!incremental.cursor.isEmpty())
        setText(m_cursorField, incremental.cursor);
    setText(m_iterateOver, current->iterate.over);
    setText(m_iterateInto, current->iterate.into);
    m_state->setEntries(current->state);
    m_nextState->setEntries(current->pagination.nextState);
    setText(m_stopCondition, current->pagination.stopCondition);
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
                       : !url.isValid()            ? positioned(url.error().message, url.error().position)
                       : unclosed >= 0             ? positioned(tr("this { is not closed by a }"), int(unclosed))
                                                   : QString());
    const JmesPath records = JmesPath::compile(current->response.records.jmespath);
    show(m_recordsMessage, current->response.records.jmespath.isEmpty() || records.isValid()
                               ? QString()
                               : positioned(records.error().message, records.error().position));
    auto expressionMessage = [](const QString &text) {
        if (text.trimmed().isEmpty())
            return QString();
        const Expression expression = Expression::parse(text);
        return expression.isValid() ? QString() : positioned(expression.error().message, expression.error().position);
    };
    m_cursorMessage->setMessage(m_incremental->isChecked() && m_cursorField->text().trimmed().isEmpty()
                                    ? tr("Name the value to remember, such as state.date or record.updated_at.")
                                    : expressionMessage(m_cursorField->text()));
    show(m_overMessage, expressionMessage(current->iterate.over));
    show(m_stopMessage, expressionMessage(current->pagination.stopCondition));
}

} // namespace Backfill
