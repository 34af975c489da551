#pragma once

#include <QMainWindow>

namespace Backfill {

// The application's main window: connections on the left, the editor of the selection
// on the right, test results and log in a dock below.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void restoreLayout();
    void saveLayout() const;
};

} // namespace Backfill
