// The secrets a spec references and where each value comes from; never a value.
#include "views/secrets/secretstore.h"
#include "views/secrets/secrettablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Backfill;
using namespace Qt::StringLiterals;

class TestSecretTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsWhereValuesComeFrom();
};

void TestSecretTableModel::showsWhereValuesComeFrom()
{
    SecretStore store(SecretStore::Backend::None);
    SecretTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setStore(&store);
    model.setNames({u"table_key"_s, u"table_password"_s});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, SecretTableModel::NameColumn).data().toString(), u"table_key"_s);
    QCOMPARE(model.index(0, SecretTableModel::SourceColumn).data().toString(), u"missing"_s);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    store.setValue(u"table_password"_s, u"hunter22"_s);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(1, SecretTableModel::SourceColumn));
    QCOMPARE(model.index(1, SecretTableModel::SourceColumn).data().toString(), u"this session only"_s);
    QCOMPARE(model.index(1, 0).data(SecretTableModel::SourceRole).value<SecretStore::Source>(),
             SecretStore::Source::Session);
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column)
            QVERIFY(!model.index(row, column).data().toString().contains(u"hunter22"_s));
    }
}

QTEST_GUILESS_MAIN(TestSecretTableModel)
#include "tst_secrettablemodel.moc"
