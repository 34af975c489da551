#include "model/workspace/workspacetransaction.h"

#include "model/core/logging.h"
#include "model/core/sqlerrortext.h"
#include "model/workspace/workspace.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Backfill {

WorkspaceTransaction::WorkspaceTransaction(Workspace &workspace)
    : m_workspace(workspace)
{
    if (!m_workspace.isOpen()) {
        m_error = QCoreApplication::translate("Backfill", "The workspace is not open.");
        return;
    }
    const int depth = m_workspace.m_transactionDepth;
    if (depth > 0)
        m_savepoint = u"backfill_sp_%1"_s.arg(depth);
    m_active = execute(m_savepoint.isEmpty() ? u"BEGIN IMMEDIATE"_s : u"SAVEPOINT "_s + m_savepoint);
    if (m_active)
        ++m_workspace.m_transactionDepth;
}

WorkspaceTransaction::~WorkspaceTransaction()
{
    if (m_active)
        rollback();
}

bool WorkspaceTransaction::isActive() const
{
    return m_active;
}

bool WorkspaceTransaction::commit()
{
    if (!m_active)
        return false;
    if (!execute(m_savepoint.isEmpty() ? u"COMMIT"_s : u"RELEASE "_s + m_savepoint)) {
        const QString error = m_error;
        rollback();
        m_error = error;
        return false;
    }
    m_active = false;
    m_workspace.m_transactionDepth = std::max(0, m_workspace.m_transactionDepth - 1);
    return true;
}

void WorkspaceTransaction::rollback()
{
    if (!m_active)
        return;
    if (!m_workspace.isOpen()) {
        m_active = false; // closing the connection rolled it back
        return;
    }
    if (m_savepoint.isEmpty()) {
        execute(u"ROLLBACK"_s);
    } else {
        // ROLLBACK TO keeps the savepoint open; RELEASE then removes it from the stack.
        execute(u"ROLLBACK TO "_s + m_savepoint);
        execute(u"RELEASE "_s + m_savepoint);
    }
    m_active = false;
    // A workspace closed under an open transaction has reset its depth already.
    m_workspace.m_transactionDepth = std::max(0, m_workspace.m_transactionDepth - 1);
}

QString WorkspaceTransaction::errorText() const
{
    return m_error;
}

bool WorkspaceTransaction::execute(const QString &statement)
{
    QSqlQuery query(m_workspace.database());
    if (query.exec(statement))
        return true;
    m_error = sqlErrorText(query.lastError());
    qCWarning(lcModel) << "Transaction statement failed:" << statement << m_error;
    return false;
}

} // namespace Backfill
