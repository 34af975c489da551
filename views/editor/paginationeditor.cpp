#include "views/editor/paginationeditor.h"

#include "views/editor/paginationstyle.h"
#include "views/forms/formfields.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

using Kind = PaginationSettings::Kind;
using PageStop = PaginationSettings::PageStop;

} // namespace

PaginationEditor::PaginationEditor(QWidget *parent)
    : QWidget(parent)
    , m_form(new QFormLayout(this))
{
    setObjectName(u"paginationEditor"_s);
    m_form->setContentsMargins(0, 0, 0, 0);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(u"paginationKind"_s);
    m_kind->setAccessibleName(tr("Pagination"));
    for (const PaginationStyle &style : PaginationStyle::all())
        m_kind->addItem(tr(style.label), int(style.kind));
    m_form->addRow(tr("Pa&gination:"), m_kind);

    m_parameter = namedLineEdit(u"paginationParameter"_s, tr("Parameter"), this);
    m_form->addRow(tr("Para&meter:"), m_parameter);
    m_firstPage = new QSpinBox(this);
    m_firstPage->setObjectName(u"paginationFirstPage"_s);
    m_firstPage->setAccessibleName(tr("First page"));
    m_firstPage->setRange(0, 1000000);
    m_form->addRow(tr("&First page:"), m_firstPage);
    m_sizeParameter = namedLineEdit(u"paginationSizeParameter"_s, tr("Page size parameter"), this);
    m_form->addRow(tr("Page si&ze parameter:"), m_sizeParameter);
    m_pageSize = new QSpinBox(this);
    m_pageSize->setObjectName(u"paginationPageSize"_s);
    m_pageSize->setAccessibleName(tr("Page size"));
    m_pageSize->setRange(1, 1000000);
    m_form->addRow(tr("Page &size:"), m_pageSize);
    m_pageStop = new QComboBox(this);
    m_pageStop->setObjectName(u"paginationPageStop"_s);
    m_pageStop->setAccessibleName(tr("Stop"));
    m_pageStop->addItem(tr("On the last page the response reports"), int(PageStop::TotalPages));
    m_pageStop->addItem(tr("On a page shorter than the page size"), int(PageStop::ShortPage));
    m_form->addRow(tr("S&top:"), m_pageStop);
    m_pageField = namedLineEdit(u"paginationPageField"_s, tr("Current page field in the response"), this);
    m_form->addRow(tr("Current page field:"), m_pageField);
    m_totalField = namedLineEdit(u"paginationTotalField"_s, tr("Total field in the response"), this);
    m_form->addRow(tr("T&otal field:"), m_totalField);
    m_path = namedLineEdit(u"paginationPath"_s, tr("Field in the response"), this);
    m_form->addRow(tr("Fi&eld:"), m_path);
    m_hasMoreField = namedLineEdit(u"paginationHasMoreField"_s, tr("has_more field"), this);
    m_form->addRow(tr("&has_more field:"), m_hasMoreField);
    m_firstUrl = namedLineEdit(u"paginationFirstUrl"_s, tr("First page URL"), this);
    m_form->addRow(tr("First page &URL:"), m_firstUrl);
    m_planHint = new QLabel(this);
    m_planHint->setObjectName(u"paginationPlanHint"_s);
    m_planHint->setWordWrap(true);
    m_planHint->setForegroundRole(QPalette::PlaceholderText);
    m_form->addRow(m_planHint);

    connect(m_kind, &QComboBox::activated, this, &PaginationEditor::kindChosen);
    connect(m_pageStop, &QComboBox::activated, this, &PaginationEditor::emitEdited);
    for (QLineEdit *edit :
         {m_parameter, m_sizeParameter, m_pageField, m_totalField, m_path, m_hasMoreField, m_firstUrl})
        connect(edit, &QLineEdit::textEdited, this, &PaginationEditor::emitEdited);
    for (QSpinBox *spin : {m_firstPage, m_pageSize})
        connect(spin, &QSpinBox::valueChanged, this, &PaginationEditor::emitEdited);
    updateFields();
}

void PaginationEditor::setSettings(const PaginationSettings &settings, const QString &currentUrl)
{
    m_refreshing = true;
    m_settings = settings;
    m_currentUrl = currentUrl;
    m_kind->setCurrentIndex(m_kind->findData(int(settings.kind)));
    showText(m_parameter, settings.parameter);
    m_firstPage->setValue(settings.firstPage);
    showText(m_sizeParameter, settings.sizeParameter);
    m_pageSize->setValue(settings.pageSize);
    m_pageStop->setCurrentIndex(m_pageStop->findData(int(settings.pageStop)));
    showText(m_pageField, settings.pageField);
    showText(m_totalField, settings.totalField);
    showText(m_path, settings.path);
    showText(m_hasMoreField, settings.hasMoreField);
    showText(m_firstUrl, settings.firstUrl);
    m_refreshing = false;
    updateFields();
}

PaginationSettings PaginationEditor::settings() const
{
    PaginationSettings settings = m_settings;
    settings.kind = Kind(m_kind->currentData().toInt());
    settings.parameter = m_parameter->text().trimmed();
    settings.firstPage = m_firstPage->value();
    settings.sizeParameter = m_sizeParameter->text().trimmed();
    settings.pageSize = m_pageSize->value();
    settings.pageStop = PageStop(m_pageStop->currentData().toInt());
    settings.pageField = m_pageField->text().trimmed();
    settings.totalField = m_totalField->text().trimmed();
    settings.path = m_path->text().trimmed();
    settings.hasMoreField = m_hasMoreField->text().trimmed();
    settings.firstUrl = m_firstUrl->text();
    return settings;
}

void PaginationEditor::kindChosen()
{
    const auto kind = Kind(m_kind->currentData().toInt());
    if (kind == m_settings.kind || kind == Kind::Custom)
        return;
    // A new kind starts from its usual names; a URL kind starts from the current request URL.
    const QString firstUrl = m_settings.usesUrlState() ? m_settings.firstUrl : m_currentUrl;
    const PaginationSettings next = PaginationSettings::defaults(kind, firstUrl);
    const PaginationSettings previous = m_settings;
    setSettings(next, m_currentUrl);
    m_settings = previous; // the endpoint form replaces what the previous choice generated
    Q_EMIT edited(next, QString());
}

void PaginationEditor::emitEdited()
{
    if (m_refreshing)
        return;
    updateFields();
    const PaginationSettings next = settings();
    if (next.kind != Kind::Custom && next.kind != Kind::None)
        Q_EMIT edited(next, sender() ? sender()->objectName() : QString());
}

void PaginationEditor::updateFields()
{
    const PaginationSettings current = settings();
    const PaginationStyle &style = PaginationStyle::of(current.kind);
    const PaginationStyle::Fields fields = style.fields(current);
    m_form->setRowVisible(m_parameter, fields.testFlag(PaginationStyle::Parameter));
    m_form->setRowVisible(m_firstPage, fields.testFlag(PaginationStyle::FirstPage));
    m_form->setRowVisible(m_sizeParameter, fields.testFlag(PaginationStyle::PageSize));
    m_form->setRowVisible(m_pageSize, fields.testFlag(PaginationStyle::PageSize));
    m_form->setRowVisible(m_pageStop, fields.testFlag(PaginationStyle::PageStop));
    m_form->setRowVisible(m_pageField, fields.testFlag(PaginationStyle::PageField));
    m_form->setRowVisible(m_totalField, fields.testFlag(PaginationStyle::TotalField));
    m_form->setRowVisible(m_path, fields.testFlag(PaginationStyle::Path));
    m_form->setRowVisible(m_hasMoreField, fields.testFlag(PaginationStyle::HasMoreField));
    m_form->setRowVisible(m_firstUrl, fields.testFlag(PaginationStyle::FirstUrl));
    if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(m_parameter)); label && style.parameterLabel)
        label->setText(tr(style.parameterLabel));
    if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(m_path)); label && style.pathLabel)
        label->setText(tr(style.pathLabel));
    // Which styles let the engine fetch pages in parallel, said where the user picks one.
    const QString plannedFrom = current.plannedFrom();
    m_planHint->setText(plannedFrom.isEmpty()
                            ? tr("Pages are fetched one after another: each needs the previous response.")
                            : tr("After the first page, the remaining pages are fetched in parallel: the "
                                 "response's %1 says how many there are.")
                                  .arg(plannedFrom));
    m_form->setRowVisible(m_planHint, current.kind != Kind::None && current.kind != Kind::Custom);
    m_kind->setItemData(m_kind->findData(int(Kind::Custom)), current.kind == Kind::Custom ? QVariant() : QVariant(0),
                        Qt::UserRole - 1);
}

} // namespace Backfill
