#include "views/welcome/welcomepage.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

QGroupBox *way(const QString &title, const QString &text, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    auto *layout = new QVBoxLayout(box);
    auto *label = new QLabel(text, box);
    label->setWordWrap(true);
    layout->addWidget(label);
    return box;
}

} // namespace

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
    , m_url(new QLineEdit(this))
    , m_start(new QPushButton(tr("&Start"), this))
    , m_message(new QLabel(this))
    , m_demo(new QPushButton(tr("Open the &demo"), this))
{
    setObjectName(u"welcomePage"_s);
    setAccessibleName(tr("Ways into an empty workspace"));

    auto *title = new QLabel(tr("This workspace has no connections yet. Three ways in:"), this);
    QFont bigger = title->font();
    if (bigger.pointSizeF() > 0)
        bigger.setPointSizeF(bigger.pointSizeF() * 1.3);
    else
        bigger.setPixelSize(bigger.pixelSize() * 13 / 10);
    title->setFont(bigger);

    QGroupBox *import = way(tr("Import a Sling spec"),
                            tr("A spec file written for Sling (or exported here) opens as a connection. You can also "
                               "drop .yaml files onto the window."),
                            this);
    auto *importButton = new QPushButton(tr("&Import a spec file..."), import);
    importButton->setObjectName(u"welcomeImportButton"_s);
    import->layout()->addWidget(importButton);
    connect(importButton, &QPushButton::clicked, this, &WelcomePage::importRequested);

    QGroupBox *fromUrl = way(tr("Start from a URL"),
                             tr("Paste the URL of a list the API answers. Its first answer is fetched and tells the "
                                "forms where the records are, which field keys them and how the next page is "
                                "asked for. Check each guess before a run."),
                             this);
    m_url->setObjectName(u"welcomeUrl"_s);
    m_url->setAccessibleName(tr("URL to start from"));
    m_url->setPlaceholderText(u"https://api.example.com/v1/items?limit=50"_s);
    m_url->setClearButtonEnabled(true);
    m_start->setObjectName(u"welcomeStartButton"_s);
    m_start->setEnabled(false);
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(m_start);
    static_cast<QVBoxLayout *>(fromUrl->layout())->addLayout(urlRow);
    m_message->setObjectName(u"welcomeMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    fromUrl->layout()->addWidget(m_message);
    connect(m_url, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_start->setEnabled(QUrl(text.trimmed()).isValid() && !text.isEmpty()); });
    connect(m_url, &QLineEdit::returnPressed, this, &WelcomePage::requestUrl);
    connect(m_start, &QPushButton::clicked, this, &WelcomePage::requestUrl);

    QGroupBox *demo = way(tr("Open the demo"),
                          tr("Example connections against a local demo API: every pagination style, daily, "
                             "monthly and numeric partitions, secrets already set."),
                          this);
    m_demo->setObjectName(u"welcomeDemoButton"_s);
    m_demo->setEnabled(false);
    demo->layout()->addWidget(m_demo);
    connect(m_demo, &QPushButton::clicked, this, &WelcomePage::demoRequested);

    auto *column = new QVBoxLayout;
    column->addWidget(title);
    column->addSpacing(8);
    column->addWidget(import);
    column->addWidget(fromUrl);
    column->addWidget(demo);
    column->addStretch(1);
    auto *layout = new QHBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(column, 4);
    layout->addStretch(1);
}

void WelcomePage::setMessage(const QString &text, bool error)
{
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::WindowText,
                     error ? QColor(0xb0, 0x20, 0x20) : this->palette().color(QPalette::WindowText));
    m_message->setPalette(palette);
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void WelcomePage::setDemoAvailable(bool available)
{
    m_demo->setEnabled(available);
    m_demo->setToolTip(available ? QString() : tr("Start the studio with --demo to open the demo"));
}

void WelcomePage::requestUrl()
{
    const QUrl url = QUrl::fromUserInput(m_url->text().trimmed());
    if (!url.isValid() || url.host().isEmpty() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s)) {
        setMessage(tr("That is not an http or https URL: paste one such as https://api.example.com/v1/items."), true);
        return;
    }
    setMessage(tr("Asking %1...").arg(url.toString()), false);
    Q_EMIT urlRequested(url);
}

} // namespace Backfill
