#include "views/secrets/secretseditor.h"

#include "views/secrets/secretstore.h"
#include "views/secrets/secrettablemodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Backfill {

SecretsEditor::SecretsEditor(QWidget *parent)
    : QWidget(parent)
    , m_model(new SecretTableModel(this))
    , m_table(new QTableView(this))
    , m_value(new QLineEdit(this))
    , m_set(new QPushButton(tr("S&et"), this))
    , m_clear(new QPushButton(tr("C&lear"), this))
    , m_status(new QLabel(this))
{
    setObjectName(u"secretsEditor"_s);
    m_table->setObjectName(u"secretsTable"_s);
    m_table->setAccessibleName(tr("Secrets"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setMaximumHeight(120);
    m_value->setObjectName(u"secretValue"_s);
    m_value->setAccessibleName(tr("Secret value"));
    m_value->setEchoMode(QLineEdit::Password);
    m_value->setPlaceholderText(tr("value of the selected secret"));
    m_set->setObjectName(u"secretSetButton"_s);
    m_clear->setObjectName(u"secretClearButton"_s);
    m_status->setObjectName(u"secretsStatus"_s);
    m_status->setWordWrap(true);

    auto *row = new QHBoxLayout;
    row->addWidget(m_value, 1);
    row->addWidget(m_set);
    row->addWidget(m_clear);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(row);
    layout->addWidget(m_status);

    connect(m_set, &QPushButton::clicked, this, [this] {
        if (!m_store || currentName().isEmpty() || m_value->text().isEmpty())
            return;
        m_store->setValue(currentName(), m_value->text());
        m_value->clear();
    });
    connect(m_value, &QLineEdit::returnPressed, m_set, &QPushButton::click);
    connect(m_clear, &QPushButton::clicked, this, [this] {
        if (m_store && !currentName().isEmpty())
            m_store->clearValue(currentName());
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_model->rowCount() > 0)
            m_table->selectRow(0);
        updateStatus();
    });
    updateStatus();
}

void SecretsEditor::setStore(SecretStore *store)
{
    if (m_store)
        disconnect(m_store, nullptr, this, nullptr);
    m_store = store;
    m_model->setStore(store);
    if (store) {
        connect(store, &SecretStore::availabilityChanged, this, [this] {
            m_store->load(m_model->names());
            updateStatus();
        });
        connect(store, &SecretStore::failed, this, [this](const QString &name, const QString &message) {
            m_status->setText(tr("The keychain refused %1: %2").arg(name, message));
        });
        store->load(m_model->names());
    }
    updateStatus();
}

void SecretsEditor::setNames(const QStringList &names)
{
    if (names == m_model->names())
        return;
    m_model->setNames(names);
    if (m_store)
        m_store->load(names);
}

QString SecretsEditor::currentName() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? current.siblingAtColumn(SecretTableModel::NameColumn).data().toString() : QString();
}

void SecretsEditor::updateStatus()
{
    const bool hasNames = m_model->rowCount() > 0;
    m_value->setEnabled(hasNames && m_store);
    m_set->setEnabled(hasNames && m_store);
    m_clear->setEnabled(hasNames && m_store);
    m_status->setText(!m_store    ? tr("Secrets cannot be set here.")
                      : !hasNames ? tr("The connection references no secret.") + u' ' + m_store->statusText()
                                  : m_store->statusText());
}

} // namespace Backfill
