#include "views/forms/ruletable.h"

#include "model/spec/specvalidator.h"
#include "views/forms/rulemodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

// Choices instead of free text where the spec allows only a few values.
class RuleDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        switch (index.column()) {
        case RuleModel::ConditionColumn: {
            auto *combo = new QComboBox(parent);
            combo->setEditable(true); // any expression, or one of the choices
            for (const auto &[condition, description] : RuleModel::conditionChoices())
                combo->addItem(description, condition);
            return combo;
        }
        case RuleModel::ActionColumn:
        case RuleModel::BackoffColumn: {
            auto *combo = new QComboBox(parent);
            if (index.column() == RuleModel::BackoffColumn)
                combo->addItem(QString());
            combo->addItems(index.column() == RuleModel::ActionColumn ? SpecValidator::ruleActions()
                                                                      : SpecValidator::backoffKinds());
            return combo;
        }
        case RuleModel::AttemptsColumn: {
            auto *spin = new QSpinBox(parent);
            spin->setRange(0, 100);
            spin->setSpecialValueText(tr("default"));
            return spin;
        }
        default:
            return QStyledItemDelegate::createEditor(parent, option, index);
        }
    }

    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor)) {
            const QString value = index.data(Qt::EditRole).toString();
            const int at =
                index.column() == RuleModel::ConditionColumn ? combo->findData(value) : combo->findText(value);
            if (at >= 0)
                combo->setCurrentIndex(at);
            else
                combo->setEditText(value);
            return;
        }
        QStyledItemDelegate::setEditorData(editor, index);
    }

    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        if (auto *combo = qobject_cast<QComboBox *>(editor)) {
            QString value = combo->currentText();
            // A chosen description stands for its expression; typed text is the expression.
            if (index.column() == RuleModel::ConditionColumn && combo->currentIndex() >= 0 &&
                combo->itemText(combo->currentIndex()) == value)
                value = combo->currentData().toString();
            model->setData(index, value);
            return;
        }
        QStyledItemDelegate::setModelData(editor, model, index);
    }
};

} // namespace

RuleTable::RuleTable(const QString &name, QWidget *parent)
    : QWidget(parent)
    , m_model(new RuleModel(this))
    , m_view(new QTableView(this))
{
    m_view->setObjectName(name);
    m_view->setAccessibleName(tr("Retry rules"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new RuleDelegate(m_view));
    m_view->horizontalHeader()->setSectionResizeMode(RuleModel::ConditionColumn, QHeaderView::Stretch);
    m_view->verticalHeader()->hide();
    m_view->setMinimumHeight(90);
    m_view->setMaximumHeight(160);

    auto *add = new QPushButton(tr("Add"), this);
    add->setObjectName(name + u"Add"_s);
    add->setAccessibleName(tr("Add a retry rule"));
    auto *remove = new QPushButton(tr("Remove"), this);
    remove->setObjectName(name + u"Remove"_s);
    remove->setAccessibleName(tr("Remove the selected retry rule"));
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, [this] {
        // Sling's usual first rule: back off and retry when rate limited.
        Rule rule;
        rule.condition = u"response.status == 429"_s;
        rule.action = u"retry"_s;
        rule.maxAttempts = 5;
        rule.backoff = u"exponential"_s;
        const int row = m_model->appendRule(rule);
        m_view->setCurrentIndex(m_model->index(row, RuleModel::ConditionColumn));
    });
    connect(remove, &QPushButton::clicked, this,
            [this] { m_model->removeRule(m_view->currentIndex().isValid() ? m_view->currentIndex().row() : -1); });
    connect(m_model, &RuleModel::edited, this, [this] { Q_EMIT edited(m_model->rules()); });
}

QList<Rule> RuleTable::rules() const
{
    return m_model->rules();
}

void RuleTable::setRules(const QList<Rule> &rules)
{
    m_model->setRules(rules);
}

} // namespace Backfill
