// The partition ledger suites' fixture: see partitionledgerfixture.h.
#include "tests/model/workspace/partitionledgerfixture.h"

#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

void PartitionLedgerFixture::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void PartitionLedgerFixture::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_workspace = std::make_unique<Workspace>();
    QString error;
    QVERIFY2(m_workspace->open(m_dir->filePath(u"workspace.sqlite"_s), &error), qPrintable(error));
    m_now = QDateTime(QDate(2024, 2, 1), QTime(9, 30), Qt::UTC);
    m_ledger = std::make_unique<PartitionLedger>(*m_workspace, [this] { return m_now; });
}

void PartitionLedgerFixture::cleanup()
{
    m_ledger.reset();
    m_workspace.reset();
    m_dir.reset();
}

qint64 PartitionLedgerFixture::endpoint(const QString &name)
{
    return m_ledger->ensureEndpoint(u"analytics"_s, name);
}

// Brings a partition to `status` through the calls the engine makes.
void PartitionLedgerFixture::setStatus(qint64 endpointId, const QString &key, PartitionStatus status)
{
    switch (status) {
    case PartitionStatus::Missing:
        return;
    case PartitionStatus::Queued:
        QVERIFY(m_ledger->markQueued(endpointId, {key}));
        return;
    case PartitionStatus::Running:
        QVERIFY(m_ledger->markRunning(endpointId, key));
        return;
    case PartitionStatus::Succeeded:
        QVERIFY(m_ledger->markRunning(endpointId, key));
        QVERIFY(m_ledger->markSucceeded(endpointId, key, {1, 10, 100}, 200));
        return;
    case PartitionStatus::Failed:
        QVERIFY(m_ledger->markRunning(endpointId, key));
        QVERIFY(m_ledger->markFailed(endpointId, key, 500, u"Internal Server Error"_s));
        return;
    case PartitionStatus::Empty:
        QVERIFY(m_ledger->markRunning(endpointId, key));
        QVERIFY(m_ledger->markSucceeded(endpointId, key, {1, 0, 2}, 200));
        return;
    case PartitionStatus::Open: // pulled while its period goes on for a day more
        QVERIFY(m_ledger->markRunning(endpointId, key));
        QVERIFY(m_ledger->markSucceeded(endpointId, key, {1, 10, 100}, 200, m_now.addDays(1)));
        return;
    }
}
