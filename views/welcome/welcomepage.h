#pragma once

#include <QUrl>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace Backfill {

// What an empty workspace shows instead of the forms: the three ways in. Import a Sling spec
// file (or drop one on the window), start from a URL (its first answer fills the forms), or
// open the demo. The window does the work; the page asks for it and shows what came of it.
class WelcomePage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WelcomePage)

public:
    explicit WelcomePage(QWidget *parent = nullptr);

    // The outcome of the last request (an error names what to do next), under the URL field.
    void setMessage(const QString &text, bool error);
    // The demo can be opened only where the application knows how to start its API.
    void setDemoAvailable(bool available);

Q_SIGNALS:
    void importRequested();
    void urlRequested(const QUrl &url);
    void demoRequested();

private:
    void requestUrl();

    QLineEdit *m_url;
    QPushButton *m_start;
    QLabel *m_message;
    QPushButton *m_demo;
};

} // namespace Backfill
