#include "views/forms/rulemodel.h"

#include "model/expression/expression.h"

#include <QColor>

using namespace Qt::StringLiterals;

namespace Backfill {

RuleModel::RuleModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void RuleModel::setRules(const QList<Rule> &rules)
{
    if (rules == m_rules)
        return;
    beginResetModel();
    m_rules = rules;
    endResetModel();
}

int RuleModel::appendRule(const Rule &rule)
{
    const int row = int(m_rules.size());
    beginInsertRows({}, row, row);
    m_rules.append(rule);
    endInsertRows();
    Q_EMIT edited();
    return row;
}

void RuleModel::removeRule(int row)
{
    if (row < 0 || row >= m_rules.size())
        return;
    beginRemoveRows({}, row, row);
    m_rules.removeAt(row);
    endRemoveRows();
    Q_EMIT edited();
}

QList<std::pair<QString, QString>> RuleModel::conditionChoices()
{
    return {
        {u"response.status == 429"_s, tr("Status is 429 (too many requests)")},
        {u"response.status >= 500"_s, tr("Status 5xx (server error)")},
        {u"response.status >= 400 && response.status < 500"_s, tr("Status 4xx (client error)")},
        {u"response.status == 404"_s, tr("Status is 404 (not found)")},
        {u"response.status == 401 || response.status == 403"_s, tr("Status 401 or 403 (not allowed)")},
        {u"response.status == 0"_s, tr("No complete answer (refused, reset, cut off, timed out)")},
    };
}

QString RuleModel::describeCondition(const QString &expression)
{
    for (const auto &[condition, description] : conditionChoices()) {
        if (condition == expression)
            return description;
    }
    return expression;
}

int RuleModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rules.size());
}

int RuleModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RuleModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Rule &rule = m_rules.at(index.row());
    const Expression condition = Expression::parse(rule.condition);
    if (index.column() == ConditionColumn && !condition.isValid()) {
        if (role == Qt::ToolTipRole)
            return condition.error().message;
        if (role == Qt::ForegroundRole)
            return QColor(0xd0, 0x30, 0x30);
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case ConditionColumn:
        return role == Qt::DisplayRole ? describeCondition(rule.condition) : rule.condition;
    case ActionColumn:
        return rule.action;
    case AttemptsColumn:
        return rule.maxAttempts ? QVariant(*rule.maxAttempts) : (role == Qt::EditRole ? QVariant(0) : QVariant());
    case BackoffColumn:
        return rule.backoff;
    default:
        return {};
    }
}

bool RuleModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::EditRole)
        return false;
    Rule rule = m_rules.at(index.row());
    switch (index.column()) {
    case ConditionColumn:
        rule.condition = value.toString();
        break;
    case ActionColumn:
        rule.action = value.toString();
        break;
    case AttemptsColumn:
        rule.maxAttempts = value.toInt() > 0 ? std::optional(value.toInt()) : std::nullopt;
        break;
    case BackoffColumn:
        rule.backoff = value.toString().isEmpty() ? QString() : value.toString();
        break;
    default:
        return false;
    }
    if (rule == m_rules.at(index.row()))
        return false;
    m_rules[index.row()] = rule;
    Q_EMIT dataChanged(index, index);
    Q_EMIT edited();
    return true;
}

Qt::ItemFlags RuleModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return QAbstractTableModel::flags(index);
    return QAbstractTableModel::flags(index) | Qt::ItemIsEditable;
}

QVariant RuleModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ConditionColumn:
        return tr("When");
    case ActionColumn:
        return tr("Action");
    case AttemptsColumn:
        return tr("Attempts");
    case BackoffColumn:
        return tr("Backoff");
    default:
        return {};
    }
}

} // namespace Backfill
