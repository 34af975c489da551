#pragma once

#include "model/spec/spec.h"
#include "views/forms/growingtable.h"

namespace Backfill {

class RuleModel;

// The retry rules of a connection's defaults or an endpoint, one line high while empty. Each cell
// edits with a choice: conditions from a list (or a typed expression), actions and backoff kinds
// from the validator's lists, attempts with a spin box.
class RuleTable final : public GrowingTable
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
    int appendRow() override;
    void removeRow(int row) override;

    RuleModel *m_model;
};

} // namespace Backfill
