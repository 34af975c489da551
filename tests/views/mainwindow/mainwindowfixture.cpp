// The main window suites' fixture: see mainwindowfixture.h.
#include "tests/views/mainwindow/mainwindowfixture.h"

#include <QComboBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Backfill;

void MainWindowFixture::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
}

void MainWindowFixture::init()
{
    QSettings().clear();
    m_window = std::make_unique<MainWindow>();
    m_window->setUnsavedPrompt([](QWidget *) { return QMessageBox::Discard; });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void MainWindowFixture::cleanup()
{
    m_window.reset();
}

void MainWindowFixture::type(const QString &field, const QString &text, bool replace) const
{
    auto *edit = find<QLineEdit>(field);
    QVERIFY2(edit->isVisible(), qPrintable(field));
    edit->setFocus();
    if (replace) {
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
    } else {
        edit->end(false);
    }
    QTest::keyClicks(edit, text);
}

void MainWindowFixture::choose(const QString &name, const QString &text) const
{
    auto *combo = find<QComboBox>(name);
    const int target = combo->findText(text);
    QVERIFY2(target >= 0, qPrintable(text));
    combo->setFocus();
    // Arrow keys choose like a user does and emit activated().
    while (combo->currentIndex() != target)
        QTest::keyClick(combo, combo->currentIndex() < target ? Qt::Key_Down : Qt::Key_Up);
}

void MainWindowFixture::setSpin(const QString &name, int value) const
{
    auto *spin = find<QSpinBox>(name);
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, QString::number(value));
    QCOMPARE(spin->value(), value);
}
