#include "views/forms/ruletable.h"

#include "model/spec/specvalidator.h"
#include "views/forms/rulemodel.h"

#include <QComboBox>
#include <QHeaderView>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTableView>

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
    : GrowingTable(name, tr("Retry rules"),
                   tr("No rules: the built-in ones retry 429, broken connections and 5xx, and fail on 4xx"),
                   new RuleModel, parent)
    , m_model(static_cast<RuleModel *>(view()->model()))
{
    view()->setItemDelegate(new RuleDelegate(view()));
    view()->horizontalHeader()->setStretchLastSection(false);
    view()->horizontalHeader()->setSectionResizeMode(RuleModel::ConditionColumn, QHeaderView::Stretch);
    connect(m_model, &RuleModel::edited, this, [this] { Q_EMIT edited(m_model->rules()); });
}

int RuleTable::appendRow()
{
    // Sling's usual first rule: back off and retry when rate limited.
    Rule rule;
    rule.condition = u"response.status == 429"_s;
    rule.action = u"retry"_s;
    rule.maxAttempts = 5;
    rule.backoff = u"exponential"_s;
    return m_model->appendRule(rule);
}

void RuleTable::removeRow(int row)
{
    m_model->removeRule(row);
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
