// The fixture of the main window suites: a window shown on a clean settings file for each test, and the
// clicks and typing a user does on its fields.
#pragma once

#include "views/mainwindow/mainwindow.h"

#include <QAction>
#include <QObject>
#include <QTemporaryDir>

#include <memory>

// The suites derive from it: QTest runs its initTestCase(), init() and cleanup() for them.
class MainWindowFixture : public QObject
{
    Q_OBJECT

protected Q_SLOTS: // a suite may extend them, calling these first
    void initTestCase();
    void init();
    void cleanup();

protected:
    template <typename T> T *find(const QString &name) const
    {
        auto *widget = m_window->findChild<T *>(name);
        if (!widget)
            qFatal("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
        return widget;
    }
    void trigger(const QString &action) const { find<QAction>(action)->trigger(); }
    void type(const QString &field, const QString &text, bool replace = true) const;
    void choose(const QString &combo, const QString &text) const;
    void setSpin(const QString &spin, int value) const;

    QTemporaryDir m_dir;
    std::unique_ptr<Backfill::MainWindow> m_window;
};
