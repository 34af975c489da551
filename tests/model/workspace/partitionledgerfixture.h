// The fixture of the partition ledger suites: a new workspace file for each test, a ledger on a clock the test
// sets, and the calls that bring a partition to a status as the engine does.
#pragma once

#include "model/workspace/partitionledger.h"
#include "model/workspace/workspace.h"

#include <QDateTime>
#include <QObject>
#include <QTemporaryDir>

#include <memory>

// The suites derive from it: QTest runs its initTestCase(), init() and cleanup() for them.
class PartitionLedgerFixture : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

protected:
    qint64 endpoint(const QString &name = QStringLiteral("daily_events"));
    void setStatus(qint64 endpointId, const QString &key, Backfill::PartitionStatus status);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Backfill::Workspace> m_workspace;
    std::unique_ptr<Backfill::PartitionLedger> m_ledger;
    QDateTime m_now;
};
