#include "views/editor/partitioningeditor.h"

#include "model/expression/expression.h"
#include "views/forms/formfields.h"

#include <QComboBox>
#include <QDateEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

using Kind = PartitioningSettings::Kind;
using Bound = PartitioningSettings::Bound;

enum StartMode { StartAgo, StartDate };
enum EndMode { EndDefault, EndDate, EndCustom };
enum EndBoundChoice { NoEnd, EndExclusive, EndInclusive };

QSpinBox *spinBox(const QString &name, const QString &accessibleName, int minimum, int maximum, QWidget *parent)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(name);
    spin->setAccessibleName(accessibleName);
    spin->setRange(minimum, maximum);
    return spin;
}

// date_format's strftime codes, for the example only.
QString formatExample(const QDateTime &value, const QString &format)
{
    QString out = format;
    out.replace(u"%Y"_s, value.toString(u"yyyy"_s))
        .replace(u"%m"_s, value.toString(u"MM"_s))
        .replace(u"%d"_s, value.toString(u"dd"_s))
        .replace(u"%H"_s, value.toString(u"HH"_s))
        .replace(u"%M"_s, value.toString(u"mm"_s))
        .replace(u"%S"_s, value.toString(u"ss"_s));
    return out;
}

} // namespace

PartitioningEditor::PartitioningEditor(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"partitioningEditor"_s);
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);

    m_kind = new QComboBox(this);
    m_kind->setObjectName(u"partitionKind"_s);
    m_kind->setAccessibleName(tr("Partitioning"));
    m_kind->addItem(tr("None"), int(Kind::None));
    m_kind->addItem(tr("Hourly"), int(Kind::Hourly));
    m_kind->addItem(tr("Daily"), int(Kind::Daily));
    m_kind->addItem(tr("Weekly"), int(Kind::Weekly));
    m_kind->addItem(tr("Monthly"), int(Kind::Monthly));
    m_kind->addItem(tr("Numeric blocks"), int(Kind::Numeric));
    m_kind->addItem(tr("Custom (see Advanced)"), int(Kind::Custom));
    form->addRow(tr("&Partitions:"), m_kind);

    m_variable = namedLineEdit(u"partitionVariable"_s, tr("Partition variable"), this, u"current_date"_s);
    form->addRow(tr("Partition &variable:"), m_variable);

    auto *start = new QWidget(this);
    auto *startLayout = new QHBoxLayout(start);
    startLayout->setContentsMargins(0, 0, 0, 0);
    m_startMode = new QComboBox(start);
    m_startMode->setObjectName(u"partitionStartMode"_s);
    m_startMode->setAccessibleName(tr("Start"));
    m_startMode->addItem(tr("Partitions ago"), StartAgo);
    m_startMode->addItem(tr("On date"), StartDate);
    m_startAgo = spinBox(u"partitionStartAgo"_s, tr("Partitions before today"), 1, 100000, start);
    m_startDate = new QDateEdit(QDate::currentDate().addMonths(-1), start);
    m_startDate->setObjectName(u"partitionStartDate"_s);
    m_startDate->setAccessibleName(tr("Start date"));
    m_startDate->setCalendarPopup(true);
    m_startDate->setDisplayFormat(u"yyyy-MM-dd"_s);
    startLayout->addWidget(m_startMode);
    startLayout->addWidget(m_startAgo);
    startLayout->addWidget(m_startDate, 1);
    form->addRow(tr("&Start:"), start);

    auto *end = new QWidget(this);
    auto *endLayout = new QHBoxLayout(end);
    endLayout->setContentsMargins(0, 0, 0, 0);
    m_endMode = new QComboBox(end);
    m_endMode->setObjectName(u"partitionEndMode"_s);
    m_endMode->setAccessibleName(tr("End"));
    m_endMode->addItem(tr("Latest complete (yesterday)"), EndDefault);
    m_endMode->addItem(tr("On date"), EndDate);
    m_endMode->addItem(tr("Custom (see Advanced)"), EndCustom);
    m_endDate = new QDateEdit(QDate::currentDate().addDays(-1), end);
    m_endDate->setObjectName(u"partitionEndDate"_s);
    m_endDate->setAccessibleName(tr("End date"));
    m_endDate->setCalendarPopup(true);
    m_endDate->setDisplayFormat(u"yyyy-MM-dd"_s);
    endLayout->addWidget(m_endMode);
    endLayout->addWidget(m_endDate, 1);
    form->addRow(tr("&End:"), end);
    m_timeRows = {start, end};

    m_startNumber = spinBox(u"partitionStartNumber"_s, tr("First number"), 0, 2'000'000'000, this);
    form->addRow(tr("First &number:"), m_startNumber);
    m_endNumber = spinBox(u"partitionEndNumber"_s, tr("Last number"), 0, 2'000'000'000, this);
    form->addRow(tr("&Last number:"), m_endNumber);
    m_blockSize = spinBox(u"partitionBlockSize"_s, tr("Block size"), 1, 2'000'000'000, this);
    form->addRow(tr("&Block size:"), m_blockSize);
    m_numericRows = {m_startNumber, m_endNumber, m_blockSize};

    m_concurrency = spinBox(u"partitionConcurrency"_s, tr("Partitions at once"), 0, 100, this);
    m_concurrency->setSpecialValueText(tr("default"));
    form->addRow(tr("Partitions at &once:"), m_concurrency);

    auto *startValue = new QWidget(this);
    auto *startValueLayout = new QHBoxLayout(startValue);
    startValueLayout->setContentsMargins(0, 0, 0, 0);
    m_startVariable = namedLineEdit(u"partitionStartVariable"_s, tr("State variable for the start"), startValue,
                                    tr("state variable"));
    m_startFormat = namedLineEdit(u"partitionStartFormat"_s, tr("Start format"), startValue, u"%Y-%m-%d"_s);
    m_startParameter = namedLineEdit(u"partitionStartParameter"_s, tr("Query parameter for the start"), startValue,
                                     tr("query parameter (optional)"));
    startValueLayout->addWidget(m_startVariable);
    startValueLayout->addWidget(m_startFormat);
    startValueLayout->addWidget(m_startParameter);
    form->addRow(tr("Start &value:"), startValue);

    auto *endValue = new QWidget(this);
    auto *endValueLayout = new QHBoxLayout(endValue);
    endValueLayout->setContentsMargins(0, 0, 0, 0);
    m_endBound = new QComboBox(endValue);
    m_endBound->setObjectName(u"partitionEndBound"_s);
    m_endBound->setAccessibleName(tr("End value"));
    m_endBound->addItem(tr("Not used"), NoEnd);
    m_endBound->addItem(tr("Next partition's start"), EndExclusive);
    m_endBound->addItem(tr("Last day / number included"), EndInclusive);
    m_endVariable =
        namedLineEdit(u"partitionEndVariable"_s, tr("State variable for the end"), endValue, tr("state variable"));
    m_endFormat = namedLineEdit(u"partitionEndFormat"_s, tr("End format"), endValue, u"%Y-%m-%d"_s);
    m_endParameter = namedLineEdit(u"partitionEndParameter"_s, tr("Query parameter for the end"), endValue,
                                   tr("query parameter (optional)"));
    endValueLayout->addWidget(m_endBound);
    endValueLayout->addWidget(m_endVariable);
    endValueLayout->addWidget(m_endFormat);
    endValueLayout->addWidget(m_endParameter);
    form->addRow(tr("En&d value:"), endValue);

    m_example = new QLabel(this);
    m_example->setObjectName(u"partitionExample"_s);
    m_example->setAccessibleName(tr("Example request"));
    m_example->setTextFormat(Qt::PlainText);
    m_example->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_example->setWordWrap(true);
    form->addRow(tr("Example:"), m_example);

    connect(m_kind, &QComboBox::activated, this, &PartitioningEditor::kindChosen);
    for (QComboBox *combo : {m_startMode, m_endMode, m_endBound})
        connect(combo, &QComboBox::activated, this, &PartitioningEditor::emitEdited);
    for (QLineEdit *edit :
         {m_variable, m_startVariable, m_startFormat, m_startParameter, m_endVariable, m_endFormat, m_endParameter})
        connect(edit, &QLineEdit::textEdited, this, &PartitioningEditor::emitEdited);
    for (QSpinBox *spin : {m_startAgo, m_startNumber, m_endNumber, m_blockSize, m_concurrency})
        connect(spin, &QSpinBox::valueChanged, this, &PartitioningEditor::emitEdited);
    for (QDateEdit *date : {m_startDate, m_endDate})
        connect(date, &QDateEdit::dateChanged, this, &PartitioningEditor::emitEdited);
    updateVisibility();
}

void PartitioningEditor::setSettings(const PartitioningSettings &settings, const Endpoint &endpoint)
{
    m_refreshing = true;
    m_settings = settings;
    m_kind->setCurrentIndex(m_kind->findData(int(settings.kind)));
    showText(m_variable, settings.variable);
    m_startMode->setCurrentIndex(settings.startDate ? StartDate : StartAgo);
    m_startAgo->setValue(settings.startAgo);
    if (settings.startDate)
        m_startDate->setDate(*settings.startDate);
    m_endMode->setCurrentIndex(!settings.endExpression.isEmpty() ? EndCustom : settings.endDate ? EndDate : EndDefault);
    if (settings.endDate)
        m_endDate->setDate(*settings.endDate);
    m_startNumber->setValue(int(settings.startNumber));
    m_endNumber->setValue(int(settings.endNumber));
    m_blockSize->setValue(int(settings.blockSize));
    m_concurrency->setValue(settings.concurrency.value_or(0));

    PartitioningSettings::Value start;
    PartitioningSettings::Value end;
    bool hasEnd = false;
    for (const auto &value : settings.values) {
        if (value.bound == Bound::Start) {
            start = value;
        } else {
            end = value;
            hasEnd = true;
        }
    }
    showText(m_startVariable, start.variable);
    showText(m_startFormat, start.format);
    showText(m_startParameter, start.parameter);
    m_endBound->setCurrentIndex(!hasEnd ? NoEnd : end.bound == Bound::End ? EndExclusive : EndInclusive);
    showText(m_endVariable, end.variable);
    showText(m_endFormat, end.format);
    showText(m_endParameter, end.parameter);
    m_example->setText(example(settings, endpoint));
    m_refreshing = false;
    updateVisibility();
}

PartitioningSettings PartitioningEditor::settings() const
{
    PartitioningSettings settings = m_settings;
    settings.kind = Kind(m_kind->currentData().toInt());
    settings.variable = m_variable->text().trimmed();
    settings.startDate = m_startMode->currentData() == StartDate ? std::optional(m_startDate->date()) : std::nullopt;
    settings.startAgo = m_startAgo->value();
    const int endMode = m_endMode->currentData().toInt();
    settings.endDate = endMode == EndDate ? std::optional(m_endDate->date()) : std::nullopt;
    if (endMode != EndCustom)
        settings.endExpression.clear();
    settings.startNumber = m_startNumber->value();
    settings.endNumber = m_endNumber->value();
    settings.blockSize = m_blockSize->value();
    settings.concurrency = m_concurrency->value() > 0 ? std::optional(m_concurrency->value()) : std::nullopt;
    settings.values.clear();
    if (!m_startVariable->text().trimmed().isEmpty())
        settings.values.append({m_startVariable->text().trimmed(), Bound::Start, m_startFormat->text().trimmed(),
                                m_startParameter->text().trimmed()});
    const int endBound = m_endBound->currentData().toInt();
    if (endBound != NoEnd && !m_endVariable->text().trimmed().isEmpty())
        settings.values.append({m_endVariable->text().trimmed(), endBound == EndExclusive ? Bound::End : Bound::LastDay,
                                m_endFormat->text().trimmed(), m_endParameter->text().trimmed()});
    return settings;
}

void PartitioningEditor::kindChosen()
{
    const auto kind = Kind(m_kind->currentData().toInt());
    if (kind == m_settings.kind)
        return;
    // Names and formats that were the old kind's defaults follow the new kind.
    PartitioningSettings next;
    next.kind = kind;
    if (m_variable->text().isEmpty() || m_variable->text() == PartitioningSettings::defaultVariable(m_settings.kind))
        m_variable->setText(PartitioningSettings::defaultVariable(kind));
    for (QLineEdit *format : {m_startFormat, m_endFormat}) {
        if (format->text() == m_settings.defaultFormat())
            format->setText(next.defaultFormat());
    }
    if (kind == Kind::Numeric && m_startVariable->text().isEmpty())
        m_startVariable->setText(m_variable->text());
    updateVisibility();
    Q_EMIT edited(settings(), QString());
}

void PartitioningEditor::emitEdited()
{
    if (m_refreshing)
        return;
    updateVisibility();
    const PartitioningSettings next = settings();
    if (next.kind == Kind::Custom)
        return;
    Q_EMIT edited(next, sender() ? sender()->objectName() : QString());
}

void PartitioningEditor::updateVisibility()
{
    const auto kind = Kind(m_kind->currentData().toInt());
    const bool isTime = kind >= Kind::Hourly && kind <= Kind::Monthly;
    const bool isChoice = kind != Kind::None && kind != Kind::Custom;
    auto *form = static_cast<QFormLayout *>(layout());
    for (int row = 1; row < form->rowCount(); ++row)
        form->setRowVisible(row, isChoice);
    for (QWidget *widget : m_timeRows)
        form->setRowVisible(widget, isTime);
    for (QWidget *widget : m_numericRows)
        form->setRowVisible(widget, kind == Kind::Numeric);
    m_startAgo->setVisible(m_startMode->currentData() == StartAgo);
    m_startDate->setVisible(m_startMode->currentData() == StartDate);
    m_endDate->setVisible(m_endMode->currentData() == EndDate);
    m_startFormat->setVisible(kind != Kind::Numeric);
    m_endFormat->setVisible(kind != Kind::Numeric);
    const bool hasEnd = m_endBound->currentData() != NoEnd;
    for (QWidget *widget : {m_endVariable, m_endFormat, m_endParameter})
        widget->setEnabled(hasEnd);
    m_kind->setItemData(m_kind->findData(int(Kind::Custom)), kind == Kind::Custom ? QVariant() : QVariant(0),
                        Qt::UserRole - 1); // selectable only while it is what the spec says
}

QString PartitioningEditor::example(const PartitioningSettings &settings, const Endpoint &endpoint) const
{
    if (settings.kind == Kind::None || settings.kind == Kind::Custom)
        return {};
    // The first partition of the range, with its values substituted where the request reads them.
    QHash<QString, QString> values;
    if (settings.kind == Kind::Numeric) {
        values.insert(settings.variable, QString::number(settings.startNumber));
        for (const auto &value : settings.values) {
            const qint64 offset = value.bound == Bound::Start ? 0
                                  : value.bound == Bound::End ? settings.blockSize
                                                              : settings.blockSize - 1;
            values.insert(value.variable, QString::number(settings.startNumber + offset));
        }
    } else {
        QDateTime first(settings.startDate.value_or(QDate::currentDate()), QTime(0, 0), QTimeZone::utc());
        if (!settings.startDate) {
            if (settings.kind == Kind::Hourly)
                first = QDateTime::currentDateTimeUtc().addSecs(-3600LL * settings.startAgo);
            else if (settings.kind == Kind::Monthly)
                first = first.addMonths(-settings.startAgo);
            else
                first = first.addDays(-qint64(settings.startAgo) * settings.unitsPerStep());
        }
        values.insert(settings.variable, formatExample(first, settings.defaultFormat()));
        for (const auto &value : settings.values) {
            QDateTime at = first;
            if (value.bound != Bound::Start) {
                at = settings.kind == Kind::Hourly    ? at.addSecs(3600)
                     : settings.kind == Kind::Monthly ? at.addMonths(1)
                                                      : at.addDays(settings.unitsPerStep());
                if (value.bound == Bound::LastDay && settings.kind != Kind::Hourly)
                    at = at.addDays(-1);
            }
            values.insert(value.variable,
                          formatExample(at, value.format.isEmpty() ? settings.defaultFormat() : value.format));
        }
    }
    // Plain state values (the base URL) show as they are; templates other than the partition's stay.
    for (const KeyValue &entry : endpoint.state) {
        if (entry.value.isString() && !entry.value.toString().contains(u'{') && !values.contains(entry.key))
            values.insert(entry.key, entry.value.toString());
        else if (entry.value.isDouble() && !values.contains(entry.key))
            values.insert(entry.key, Expression::toText(entry.value));
    }
    auto substitute = [&values](QString text) {
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            text.replace(u"{state."_s + it.key() + u'}', it.value());
        return text;
    };
    QString request = endpoint.request.method.isEmpty() ? u"GET"_s : endpoint.request.method;
    request += u' ' + substitute(endpoint.request.url);
    QStringList query;
    for (const KeyValue &parameter : endpoint.request.parameters)
        query.append(parameter.key + u'=' + substitute(parameter.value.toVariant().toString()));
    if (!query.isEmpty())
        request += u'?' + query.join(u'&');
    QStringList lines{tr("First partition: %1").arg(values.value(settings.variable)), request};
    return lines.join(u'\n');
}

} // namespace Backfill
