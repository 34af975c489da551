#pragma once

#include <QString>

namespace Backfill {

class Workspace;

// Makes a group of statements on a workspace commit or roll back together; rolls back when
// destroyed uncommitted. Nests: inside another WorkspaceTransaction it becomes a savepoint, so a
// ledger update made inside the target writer's transaction commits with the writer's rows and
// not before. The outermost one is BEGIN IMMEDIATE so that it waits (busy timeout) for another
// writer up front instead of failing halfway. Code writing to a workspace uses this rather than
// QSqlDatabase::transaction(), which does not know about the nesting.
class WorkspaceTransaction final
{
public:
    explicit WorkspaceTransaction(Workspace &workspace);
    ~WorkspaceTransaction();
    Q_DISABLE_COPY_MOVE(WorkspaceTransaction)

    // False when BEGIN failed (database locked for longer than the busy timeout, closed workspace).
    bool isActive() const;
    bool commit();
    void rollback();
    QString errorText() const;

private:
    bool execute(const QString &statement);

    Workspace &m_workspace;
    QString m_savepoint; // empty for the outermost transaction
    bool m_active = false;
    QString m_error;
};

} // namespace Backfill
