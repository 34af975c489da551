// The sections of the endpoint form, each its widgets and the edits they make to the spec:
// request, partitioning, pagination, records, incremental, and the generated expressions.
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

QGroupBox *EndpointForm::buildRequestSection(QWidget *content)
{
    auto *request = new QGroupBox(tr("Request"), content);
    auto *form = new QFormLayout(request);
    m_name = namedLineEdit(u"endpointName"_s, {}, request, u"daily_events"_s);
    m_nameMessage = FieldMessage::addRow(form, tr("&Name:"), m_name);
    m_description = namedLineEdit(u"endpointDescription"_s, {}, request);
    m_description->setAccessibleName(tr("Description"));
    form->addRow(tr("&Description:"), m_description);
    m_method = new QComboBox(request);
    m_method->setObjectName(u"endpointMethod"_s);
    m_method->setAccessibleName(tr("HTTP method"));
    m_method->addItems(SpecValidator::methods());
    m_method->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_test = new QPushButton(tr("&Test this endpoint"), request);
    m_test->setObjectName(u"endpointTestButton"_s);
    m_test->setToolTip(tr("Fetch the first pages of one partition and show requests, responses and records (Ctrl+T)"));
    connect(m_test, &QPushButton::clicked, this, &EndpointForm::testRequested);
    form->addRow(buddyLabel(tr("&Method:"), m_method), row({m_method, nullptr, m_test}));
    m_url = namedLineEdit(u"endpointUrl"_s, {}, request, u"{state.base_url}/events/{state.date}"_s);
    m_urlCompleter = new TemplateCompleter(m_url);
    m_urlMessage = FieldMessage::addRow(form, tr("&URL:"), m_url);
    m_parameters = new KeyValueTable(u"endpointParameters"_s, tr("Query parameters"), u"param"_s, request);
    form->addRow(tr("&Query parameters:"), m_parameters);
    m_headers = new KeyValueTable(u"endpointHeaders"_s, tr("Headers"), u"Header"_s, request);
    form->addRow(tr("&Headers:"), m_headers);
    m_body = new QPlainTextEdit(request);
    m_body->setObjectName(u"endpointBody"_s);
    m_body->setPlaceholderText(tr("JSON body (optional)"));
    growWithText(m_body, 8);
    m_bodyMessage = FieldMessage::addRow(form, tr("&Body:"), m_body);
    m_rate = new QDoubleSpinBox(request);
    m_rate->setObjectName(u"endpointRate"_s);
    m_rate->setAccessibleName(tr("Requests per second"));
    m_rate->setRange(0, 10000);
    m_rate->setSpecialValueText(tr("connection default"));
    m_rate->setSuffix(tr(" requests/s"));
    m_timeout = new QDoubleSpinBox(request);
    m_timeout->setObjectName(u"endpointTimeout"_s);
    m_timeout->setAccessibleName(tr("Timeout in seconds"));
    m_timeout->setRange(0, 3600);
    m_timeout->setSpecialValueText(tr("connection default"));
    m_timeout->setSuffix(tr(" s"));
    form->addRow(buddyLabel(tr("R&ate:"), m_rate), row({m_rate, buddyLabel(tr("Ti&meout:"), m_timeout), m_timeout}));
    m_rules = new RuleTable(u"endpointRules"_s, request);
    form->addRow(tr("Retry r&ules:"), m_rules);

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
            m_bodyMessage->setMessage(positionedText(error.errorString(), error.offset));
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
    return request;
}

QGroupBox *EndpointForm::buildPartitioningSection(QWidget *content)
{
    auto *partitioning = new QGroupBox(tr("Partitioning"), content);
    auto *partitioningLayout = new QVBoxLayout(partitioning);
    m_partitioning = new PartitioningEditor(partitioning);
    partitioningLayout->addWidget(m_partitioning);
    // Backfill Studio's own key (x-backfill.settle), which Sling ignores.
    m_settle = namedLineEdit(u"partitionSettle"_s, tr("Final after"), partitioning, tr("at once (0)"));
    m_settle->setToolTip(tr("How long after a partition's period ends its data is final, e.g. 2h or 1d. Until "
                            "then a pulled partition is open and every run pulls it again."));
    auto *settleForm = new QFormLayout;
    // The completeness checks' thresholds (x-backfill.checks), by the neighbours' median rows,
    // on one line: "flag rows thin below [20%] swollen above [500%] median of [14] neighbours".
    struct CheckField
    {
        QString name;
        QString label;
        QString accessibleName;
        QString placeholder;
        QString toolTip;
        QString BackfillKeys::*key;
    };
    const CheckField checkFields[] = {
        {u"checkThinBelow"_s, tr("thin belo&w"), tr("Flag as thin below"), tr("20%"),
         tr("A partition with fewer rows than this share of its neighbours' median is flagged thin (20% or 0.2)"),
         &BackfillKeys::thinBelow},
        {u"checkSwollenAbove"_s, tr("swollen abo&ve"), tr("Flag as swollen above"), tr("500%"),
         tr("A partition with more rows than this share of its neighbours' median is flagged swollen (500% or 5)"),
         &BackfillKeys::swollenAbove},
        {u"checkNeighbours"_s, tr("median of"), tr("Neighbours compared"), tr("14"),
         tr("How many pulled partitions around a partition make the median it is compared with (at least 4)"),
         &BackfillKeys::neighbours},
    };
    // Beside the settle delay, one row of the form for both (the form fits a laptop's height).
    auto *checksRow = new QHBoxLayout;
    m_settle->setMaximumWidth(m_settle->fontMetrics().horizontalAdvance(u"at once (0)"_s) + 24);
    checksRow->addWidget(m_settle);
    checksRow->addSpacing(12);
    checksRow->addWidget(new QLabel(tr("flag rows"), partitioning));
    for (const CheckField &field : checkFields) {
        QLineEdit *line = namedLineEdit(field.name, field.accessibleName, partitioning, field.placeholder);
        line->setToolTip(field.toolTip);
        line->setMaximumWidth(line->fontMetrics().horizontalAdvance(u"0000000"_s) + 16);
        auto *label = new QLabel(field.label, partitioning);
        label->setBuddy(line);
        checksRow->addWidget(label);
        checksRow->addWidget(line);
        m_checkEdits.append({line, field.key});
        connect(line, &QLineEdit::textEdited, this, [this, key = field.key, name = field.name](const QString &text) {
            editEndpoint(tr("Edit check threshold"), name, [&text, key](Endpoint &endpoint) {
                endpoint.backfill.*key = text.trimmed().isEmpty() ? QString() : text.trimmed();
            });
        });
    }
    checksRow->addWidget(new QLabel(tr("neighbours"), partitioning));
    checksRow->addStretch(1);
    auto *settleLabel = new QLabel(tr("Final &after its period:"), partitioning);
    settleLabel->setBuddy(m_settle);
    settleForm->addRow(settleLabel, checksRow);
    partitioningLayout->addLayout(settleForm);

    connect(m_partitioning, &PartitioningEditor::edited, this, &EndpointForm::applyPartitioning);
    connect(m_settle, &QLineEdit::textEdited, this, [this](const QString &text) {
        editEndpoint(tr("Edit settle delay"), u"settle"_s, [&text](Endpoint &endpoint) {
            endpoint.backfill.settle = text.trimmed().isEmpty() ? QString() : text.trimmed();
        });
    });
    return partitioning;
}

QGroupBox *EndpointForm::buildPaginationSection(QWidget *content)
{
    auto *pagination = new QGroupBox(tr("Pagination"), content);
    pagination->setObjectName(u"paginationSection"_s);
    auto *paginationLayout = new QVBoxLayout(pagination);
    m_pagination = new PaginationEditor(pagination);
    paginationLayout->addWidget(m_pagination);

    connect(m_pagination, &PaginationEditor::edited, this, &EndpointForm::applyPagination);
    return pagination;
}

QGroupBox *EndpointForm::buildRecordsSection(QWidget *content)
{
    auto *records = new QGroupBox(tr("Records"), content);
    auto *recordsForm = new QFormLayout(records);
    m_recordsPath = namedLineEdit(u"recordsPath"_s, {}, records, u"data.events[]"_s);
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
    return records;
}

QGroupBox *EndpointForm::buildIncrementalSection(QWidget *content)
{
    auto *incremental = new QGroupBox(tr("Incremental"), content);
    auto *incrementalForm = new QFormLayout(incremental);
    m_incremental = new QCheckBox(tr("&Continue where the last run stopped"), incremental);
    m_incremental->setObjectName(u"incrementalEnabled"_s);
    incrementalForm->addRow(m_incremental);
    m_cursorField = namedLineEdit(u"cursorField"_s, {}, incremental, u"state.date"_s);
    m_cursorMessage = FieldMessage::addRow(incrementalForm, tr("C&ursor value:"), m_cursorField);
    m_syncVariable = namedLineEdit(u"syncVariable"_s, {}, incremental, u"last_date"_s);
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

    connect(m_incremental, &QCheckBox::clicked, this, [this](bool checked) {
        if (checked && m_syncVariable->text().isEmpty())
            m_syncVariable->setText(u"last_date"_s);
        applyIncremental({});
    });
    connect(m_cursorField, &QLineEdit::textEdited, this, [this] { applyIncremental(u"cursor"_s); });
    connect(m_syncVariable, &QLineEdit::textEdited, this, [this] { applyIncremental(u"variable"_s); });
    connect(m_lookback, &QSpinBox::valueChanged, this, [this] { applyIncremental(u"lookback"_s); });
    return incremental;
}

QGroupBox *EndpointForm::buildAdvancedSection(QWidget *content)
{
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
    growWithText(m_iterateOver, 6);
    m_overMessage = FieldMessage::addRow(advancedForm, tr("Iterate &over:"), m_iterateOver);
    m_iterateInto = namedLineEdit(u"iterateInto"_s, {}, advancedContent, u"state.current_date"_s);
    m_iterateInto->setAccessibleName(tr("Iterate into"));
    advancedForm->addRow(tr("Iterate &into:"), m_iterateInto);
    m_state = new KeyValueTable(u"endpointState"_s, tr("State"), u"variable"_s, advancedContent);
    advancedForm->addRow(tr("&State:"), m_state);
    m_nextState = new KeyValueTable(u"nextState"_s, tr("Next state after each page"), u"variable"_s, advancedContent);
    advancedForm->addRow(tr("Ne&xt state:"), m_nextState);
    m_stopCondition = namedLineEdit(u"stopCondition"_s, {}, advancedContent);
    m_stopMessage = FieldMessage::addRow(advancedForm, tr("S&top condition:"), m_stopCondition);

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
    return advanced;
}

} // namespace Backfill
