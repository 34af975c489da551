#pragma once

#include <QAbstractItemModel>
#include <QList>
#include <QStringList>

namespace Backfill {

class SpecDocument;

// The connections (specs) of the workspace and, under each, its endpoints. Top-level rows are
// the open SpecDocuments, which the model owns; it follows their edits, so renaming a
// connection or adding an endpoint in the forms shows in the tree at once.
class ConnectionTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionTreeModel)

public:
    enum Role {
        KindRole = Qt::UserRole + 1, // Kind
        EndpointIndexRole,           // the endpoint's index in its spec; -1 on a connection
        DirtyRole,                   // the connection has unsaved edits
    };
    enum Kind { Connection, Endpoint };
    Q_ENUM(Kind)

    explicit ConnectionTreeModel(QObject *parent = nullptr);
    ~ConnectionTreeModel() override;

    // Takes ownership; returns the new connection's index.
    QModelIndex addDocument(SpecDocument *document);
    void clear();
    const QList<SpecDocument *> &documents() const { return m_documents; }

    SpecDocument *document(const QModelIndex &index) const; // the connection of any row
    QModelIndex indexOf(const SpecDocument *document) const;
    QModelIndex endpointIndex(const SpecDocument *document, int endpoint) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    void documentChanged(SpecDocument *document);

    QList<SpecDocument *> m_documents;
    QList<QStringList> m_endpointNames; // per document, as the view last saw them
};

} // namespace Backfill
