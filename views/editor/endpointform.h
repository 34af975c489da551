#pragma once

#include "model/spec/spec.h"
#include "views/editor/paginationsettings.h"
#include "views/editor/partitioningsettings.h"

#include <QHash>
#include <QJsonValue>
#include <QPointer>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableView;

namespace Backfill {

class FieldMessage;
class KeyValueTable;
class PaginationEditor;
class RuleTable;
class PartitioningEditor;
class RecordTableModel;
class SpecDocument;
class TemplateCompleter;

// One endpoint of the spec: request (method, URL with completion, parameters, headers, body),
// partitioning and pagination as choices, records, incremental sync, and an Advanced section
// with the raw expressions the choices generate. Every change is one undoable SpecDocument edit.
class EndpointForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EndpointForm)

public:
    explicit EndpointForm(QWidget *parent = nullptr);

    // Shows endpoint `index` of `document`; a null document or an index out of range disables the form.
    void setEndpoint(SpecDocument *document, int index);
    SpecDocument *document() const { return m_document; }
    int endpointIndex() const { return m_index; }

    static constexpr int PreviewRecords = 5;

    // The last test response (JSON): the records path shows what it extracts from it, and the
    // primary and update key offer the fields found.
    void setSampleResponse(const QJsonValue &json);

Q_SIGNALS:
    // The "Test" button: run a test read of this endpoint.
    void testRequested();

private:
    // The form's sections, each with its widgets and the edits they make (endpointformsections.cpp).
    QGroupBox *buildRequestSection(QWidget *content);
    QGroupBox *buildPartitioningSection(QWidget *content);
    QGroupBox *buildPaginationSection(QWidget *content);
    QGroupBox *buildRecordsSection(QWidget *content);
    QGroupBox *buildIncrementalSection(QWidget *content);
    QGroupBox *buildAdvancedSection(QWidget *content);

    void updateRecordsPreview();
    void showSpecProblems();
    void refresh();
    void validate();
    const Endpoint *endpoint() const;
    void editEndpoint(const QString &text, const QString &field, const std::function<void(Endpoint &)> &change);
    // `control` names the control edited: consecutive edits of one control merge into one undo step.
    void applyPartitioning(const PartitioningSettings &settings, const QString &control);
    void applyIncremental(const QString &control);
    void applyPagination(const PaginationSettings &settings, const QString &control);
    QStringList references() const;

    QPointer<SpecDocument> m_document;
    int m_index = -1;
    bool m_refreshing = false;

    QLineEdit *m_name;
    QLineEdit *m_description;
    QComboBox *m_method;
    QLineEdit *m_url;
    TemplateCompleter *m_urlCompleter;
    KeyValueTable *m_parameters;
    KeyValueTable *m_headers;
    QPlainTextEdit *m_body;
    QDoubleSpinBox *m_rate;
    QDoubleSpinBox *m_timeout;
    RuleTable *m_rules;
    PartitioningEditor *m_partitioning;
    QLineEdit *m_settle; // x-backfill.settle
    // x-backfill.checks: thin_below, swollen_above, neighbours, each with the key it edits.
    QList<std::pair<QLineEdit *, QString BackfillKeys::*>> m_checkEdits;
    PaginationEditor *m_pagination;
    QLineEdit *m_recordsPath;
    QLabel *m_recordsPreview;
    RecordTableModel *m_recordsPreviewModel;
    QTableView *m_recordsPreviewTable;
    QComboBox *m_primaryKeyChoice;
    QComboBox *m_updateKeyChoice;
    QLineEdit *m_primaryKey; // the choices' line edits: a key may be typed too
    QLineEdit *m_updateKey;
    QJsonValue m_sample;
    QHash<FieldMessage *, QString> m_specMessages; // the validator's word on each field
    QCheckBox *m_incremental;
    QLineEdit *m_cursorField;
    QLineEdit *m_syncVariable;
    QSpinBox *m_lookback;
    QPushButton *m_test;
    QPlainTextEdit *m_iterateOver;
    QLineEdit *m_iterateInto;
    KeyValueTable *m_state;
    KeyValueTable *m_nextState;
    QLineEdit *m_stopCondition;
    FieldMessage *m_nameMessage;
    FieldMessage *m_urlMessage;
    FieldMessage *m_bodyMessage;
    FieldMessage *m_recordsMessage;
    FieldMessage *m_cursorMessage;
    FieldMessage *m_overMessage;
    FieldMessage *m_stopMessage;
};

} // namespace Backfill
