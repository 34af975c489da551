#pragma once

#include "model/spec/spec.h"

#include <QAbstractTableModel>

namespace Backfill {

// Retry and error rules as an editable table: condition, action, attempts, backoff. Known
// conditions read as words ("Status is 429"); any other expression shows as written. A
// condition that does not parse is marked and its tooltip says why.
class RuleModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleModel)

public:
    enum Column { ConditionColumn, ActionColumn, AttemptsColumn, BackoffColumn, ColumnCount };

    explicit RuleModel(QObject *parent = nullptr);

    const QList<Rule> &rules() const { return m_rules; }
    void setRules(const QList<Rule> &rules); // resets unless equal
    int appendRule(const Rule &rule);
    void removeRule(int row);

    // The conditions offered as choices: expression and how it reads.
    static QList<std::pair<QString, QString>> conditionChoices();
    static QString describeCondition(const QString &expression);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void edited(); // by the user, not by setRules()

private:
    QList<Rule> m_rules;
};

} // namespace Backfill
