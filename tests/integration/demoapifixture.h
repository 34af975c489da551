// The fixture of the demo API suites: backfill-demo-api on 127.0.0.1 with its statistics reset for each test,
// a walk through one pagination style, and the ids of records.
#pragma once

#include "tests/support/demoapiprocess.h"

#include <QJsonArray>
#include <QObject>

// The "id" (or `key`) of each record.
QList<qint64> idsOf(const QJsonArray &records, const char *key = "id");
// `count` consecutive ids from `first`.
QList<qint64> range(qint64 first, qint64 count);

// The suites derive from it: QTest runs its initTestCase(), cleanupTestCase() and init() for them.
class DemoApiFixture : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();

protected:
    // Walks one pagination style to its end; returns the ids in the order received.
    QList<qint64> walk(const QString &style, int total, int size, int &requests, const QString &extra = {});

    Backfill::DemoApiProcess m_api;
};
