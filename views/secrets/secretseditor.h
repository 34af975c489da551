#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace Backfill {

class SecretStore;
class SecretTableModel;

// The secrets a connection references: where each value comes from, and a field to set or
// clear the selected one in the keychain (or for this session when there is no keychain).
// The value field is a password field and is emptied as soon as the value is handed over.
class SecretsEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretsEditor)

public:
    explicit SecretsEditor(QWidget *parent = nullptr);

    void setStore(SecretStore *store);
    // The names the spec references (`{secrets.NAME}`), in the order they appear.
    void setNames(const QStringList &names);

private:
    QString currentName() const;
    void updateStatus();

    QPointer<SecretStore> m_store;
    SecretTableModel *m_model;
    QTableView *m_table;
    QLineEdit *m_value;
    QPushButton *m_set;
    QPushButton *m_clear;
    QLabel *m_status;
};

} // namespace Backfill
