#include "views/editor/paginationeditor.h"

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

QLineEdit *lineEdit(const QString &name, const QString &accessibleName, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setAccessibleName(accessibleName);
    return edit;
}

void setText(QLineEdit *edit, const QString &text)
{
    if (edit->text() != text)
        edit->setText(text);
}

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
    m_kind->addItem(tr("None (one request)"), int(Kind::None));
    m_kind->addItem(tr("Page number"), int(Kind::PageNumber));
    m_kind->addItem(tr("Offset and limit"), int(Kind::OffsetLimit));
    m_kind->addItem(tr("Cursor from the body"), int(Kind::Cursor));
    m_kind->addItem(tr("Next URL from the body"), int(Kind::NextUrl));
    m_kind->addItem(tr("Link header"), int(Kind::LinkHeader));
    m_kind->addItem(tr("has_more and last id"), int(Kind::HasMore));
    m_kind->addItem(tr("Custom (see Advanced)"), int(Kind::Custom));
    m_form->addRow(tr("Pa&gination:"), m_kind);

    m_parameter = lineEdit(u"paginationParameter"_s, tr("Parameter"), this);
    m_form->addRow(tr("Para&meter:"), m_parameter);
    m_firstPage = new QSpinBox(this);
    m_firstPage->setObjectName(u"paginationFirstPage"_s);
    m_firstPage->setAccessibleName(tr("First page"));
    m_firstPage->setRange(0, 1000000);
    m_form->addRow(tr("&First page:"), m_firstPage);
    m_sizeParameter = lineEdit(u"paginationSizeParameter"_s, tr("Page size parameter"), this);
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
    m_pageField = lineEdit(u"paginationPageField"_s, tr("Current page field in the response"), this);
    m_form->addRow(tr("Current page field:"), m_pageField);
    m_totalField = lineEdit(u"paginationTotalField"_s, tr("Total field in the response"), this);
    m_form->addRow(tr("T&otal field:"), m_totalField);
    m_path = lineEdit(u"paginationPath"_s, tr("Field in the response"), this);
    m_form->addRow(tr("Fi&eld:"), m_path);
    m_hasMoreField = lineEdit(u"paginationHasMoreField"_s, tr("has_more field"), this);
    m_form->addRow(tr("&has_more field:"), m_hasMoreField);
    m_firstUrl = lineEdit(u"paginationFirstUrl"_s, tr("First page URL"), this);
    m_form->addRow(tr("First page &URL:"), m_firstUrl);

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
    setText(m_parameter, settings.parameter);
    m_firstPage->setValue(settings.firstPage);
    setText(m_sizeParameter, settings.sizeParameter);
    m_pageSize->setValue(settings.pageSize);
    m_pageStop->setCurrentIndex(m_pageStop->findData(int(settings.pageStop)));
    setText(m_pageField, settings.pageField);
    setText(m_totalField, settings.totalField);
    setText(m_path, settings.path);
    setText(m_hasMoreField, settings.hasMoreField);
    setText(m_firstUrl, settings.firstUrl);
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
    const auto kind = Kind(m_kind->currentData().toInt());
    const bool hasParameter =
        kind == Kind::PageNumber || kind == Kind::OffsetLimit || kind == Kind::Cursor || kind == Kind::HasMore;
    const bool isPage = kind == Kind::PageNumber;
    const bool totalPages = isPage && m_pageStop->currentData().toInt() == int(PageStop::TotalPages);
    m_form->setRowVisible(m_parameter, hasParameter);
    m_form->setRowVisible(m_firstPage, isPage);
    m_form->setRowVisible(m_sizeParameter, hasParameter);
    m_form->setRowVisible(m_pageSize, hasParameter);
    m_form->setRowVisible(m_pageStop, isPage);
    m_form->setRowVisible(m_pageField, totalPages);
    m_form->setRowVisible(m_totalField, totalPages || kind == Kind::OffsetLimit);
    m_form->setRowVisible(m_path, kind == Kind::Cursor || kind == Kind::NextUrl || kind == Kind::HasMore);
    m_form->setRowVisible(m_hasMoreField, kind == Kind::HasMore);
    m_form->setRowVisible(m_firstUrl, kind == Kind::NextUrl || kind == Kind::LinkHeader);
    if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(m_parameter))) {
        label->setText(kind == Kind::PageNumber    ? tr("Page para&meter:")
                       : kind == Kind::OffsetLimit ? tr("Offset para&meter:")
                       : kind == Kind::Cursor      ? tr("Cursor para&meter:")
                                                   : tr("Last id para&meter:"));
    }
    if (auto *label = qobject_cast<QLabel *>(m_form->labelForField(m_path))) {
        label->setText(kind == Kind::Cursor    ? tr("Next cursor fi&eld:")
                       : kind == Kind::NextUrl ? tr("Next URL fi&eld:")
                                               : tr("Record id fi&eld:"));
    }
    m_kind->setItemData(m_kind->findData(int(Kind::Custom)), kind == Kind::Custom ? QVariant() : QVariant(0),
                        Qt::UserRole - 1);
}

} // namespace Backfill
