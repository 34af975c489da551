#pragma once

#include "model/spec/spec.h"

#include <QWidget>

class QTableView;

namespace Backfill {

class RuleModel;

// The retry rules of a connection's defaults as a table with Add and Remove buttons. Each cell
// edits with a choice: conditions from a list (or a typed expression), actions and backoff kinds
// from the validator's lists, attempts with a spin box.
class RuleTable final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleTable)

public:
    // `name` becomes the objectName of the table ("<name>") and its buttons ("<name>Add", "<name>Remove").
    explicit RuleTable(const QString &name, QWidget *parent = nullptr);

    QList<Rule> rules() const;
    void setRules(const QList<Rule> &rules);
    RuleModel *model() const { return m_model; }

Q_SIGNALS:
    void edited(const QList<Backfill::Rule> &rules);

private:
    RuleModel *m_model;
    QTableView *m_view;
};

} // namespace Backfill
