#include "views/yaml/yamlview.h"

#include "model/spec/specloader.h"
#include "views/document/specdocument.h"
#include "views/yaml/yamlhighlighter.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Backfill {

YamlView::YamlView(QWidget *parent)
    : QWidget(parent)
    , m_text(new QPlainTextEdit(this))
    , m_editButton(new QPushButton(tr("&Edit YAML"), this))
    , m_problems(new QListView(this))
    , m_problemModel(new QStringListModel(this))
    , m_checkTimer(new QTimer(this))
{
    setObjectName(u"yamlView"_s);
    m_text->setObjectName(u"yamlText"_s);
    m_text->setAccessibleName(tr("Spec as YAML"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_highlighter = new YamlHighlighter(m_text->document(), palette().color(QPalette::Base).lightness() < 128);
    m_editButton->setObjectName(u"yamlEditToggle"_s);
    m_editButton->setAccessibleName(tr("Edit the YAML"));
    m_editButton->setCheckable(true);
    m_problems->setObjectName(u"yamlProblems"_s);
    m_problems->setAccessibleName(tr("Problems in the YAML"));
    m_problems->setModel(m_problemModel);
    m_problems->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_problems->setMaximumHeight(100);
    m_checkTimer->setSingleShot(true);
    m_checkTimer->setInterval(300);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("The spec as Sling-compatible YAML."), this), 1);
    bar->addWidget(m_editButton);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_problems);

    connect(m_editButton, &QPushButton::toggled, this, [this](bool checked) {
        if (checked == isEditing())
            return;
        if (checked)
            setEditing(true);
        else if (!finishEditing())
            m_editButton->setChecked(true);
    });
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        if (isEditing())
            m_checkTimer->start();
    });
    connect(m_checkTimer, &QTimer::timeout, this, &YamlView::checkEditedText);
    connect(m_problems, &QListView::activated, this, [this](const QModelIndex &index) {
        const int line = m_problemLines.value(index.row());
        if (line <= 0)
            return;
        QTextCursor cursor(m_text->document()->findBlockByNumber(line - 1));
        m_text->setTextCursor(cursor);
        m_text->setFocus();
    });
    setEnabled(false);
}

void YamlView::setDocument(SpecDocument *document)
{
    if (m_document == document)
        return;
    if (isEditing())
        setEditing(false); // edits of another spec's text do not carry over
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    setEnabled(document != nullptr);
    if (document)
        connect(document, &SpecDocument::changed, this, &YamlView::refresh);
    refresh();
}

void YamlView::changeEvent(QEvent *event)
{
    // Dark mode follows the desktop: colours are chosen again for the new palette.
    if (event->type() == QEvent::PaletteChange) {
        delete m_highlighter;
        m_highlighter = new YamlHighlighter(m_text->document(), palette().color(QPalette::Base).lightness() < 128);
    }
    QWidget::changeEvent(event);
}

bool YamlView::isEditing() const
{
    return !m_text->isReadOnly();
}

void YamlView::setEditing(bool editing)
{
    m_text->setReadOnly(!editing);
    m_editButton->setChecked(editing);
    m_editButton->setText(editing ? tr("&Apply YAML") : tr("&Edit YAML"));
    if (!editing)
        refresh();
}

bool YamlView::finishEditing()
{
    if (!isEditing() || !m_document)
        return true;
    m_checkTimer->stop();
    SpecLoadResult result = SpecLoader::load(m_text->toPlainText().toUtf8(), m_document->spec().name);
    if (result.hasErrors()) {
        showProblems(result.problems);
        return false;
    }
    m_document->edit(result.spec, tr("Edit YAML"));
    setEditing(false);
    return true;
}

void YamlView::refresh()
{
    if (!m_document || isEditing())
        return;
    const QString text = QString::fromUtf8(m_document->yaml());
    if (m_text->toPlainText() != text) {
        const int scroll = m_text->verticalScrollBar()->value();
        m_text->setPlainText(text);
        m_text->verticalScrollBar()->setValue(scroll);
    }
    showProblems(m_document->problems());
}

void YamlView::checkEditedText()
{
    if (m_document && isEditing())
        showProblems(SpecLoader::load(m_text->toPlainText().toUtf8(), m_document->spec().name).problems);
}

void YamlView::showProblems(const SpecProblems &problems)
{
    QStringList lines;
    m_problemLines.clear();
    QList<QTextEdit::ExtraSelection> selections;
    const QColor errorColor =
        palette().color(QPalette::Base).lightness() < 128 ? QColor(0x60, 0x20, 0x20) : QColor(0xff, 0xd8, 0xd8);
    for (const SpecProblem &problem : problems) {
        lines.append(problem.line > 0
                         ? tr("Line %1, column %2: %3").arg(problem.line).arg(problem.column).arg(problem.message)
                         : problem.message);
        m_problemLines.append(problem.line);
        if (problem.line <= 0)
            continue;
        QTextEdit::ExtraSelection selection;
        selection.cursor = QTextCursor(m_text->document()->findBlockByNumber(problem.line - 1));
        selection.format.setBackground(errorColor);
        selection.format.setProperty(QTextFormat::FullWidthSelection, true);
        selection.format.setToolTip(problem.message);
        selections.append(selection);
    }
    m_text->setExtraSelections(selections);
    m_problemModel->setStringList(lines);
    m_problems->setVisible(!lines.isEmpty());
}

} // namespace Backfill
