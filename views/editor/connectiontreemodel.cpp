#include "views/editor/connectiontreemodel.h"

#include "views/document/specdocument.h"

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

// Endpoint rows carry their connection's row + 1 as internal id; connection rows carry 0.
constexpr quintptr ConnectionId = 0;

QStringList endpointNames(const SpecDocument *document)
{
    QStringList names;
    for (const Endpoint &endpoint : document->spec().endpoints)
        names.append(endpoint.name);
    return names;
}

} // namespace

ConnectionTreeModel::ConnectionTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

ConnectionTreeModel::~ConnectionTreeModel() = default;

QModelIndex ConnectionTreeModel::addDocument(SpecDocument *document)
{
    const int row = int(m_documents.size());
    beginInsertRows({}, row, row);
    document->setParent(this);
    m_documents.append(document);
    m_endpointNames.append(endpointNames(document));
    endInsertRows();
    connect(document, &SpecDocument::changed, this, [this, document] { documentChanged(document); });
    connect(document, &SpecDocument::dirtyChanged, this, [this, document] {
        const QModelIndex at = indexOf(document);
        Q_EMIT dataChanged(at, at, {DirtyRole, Qt::DisplayRole});
    });
    return index(row, 0);
}

void ConnectionTreeModel::clear()
{
    beginResetModel();
    qDeleteAll(m_documents);
    m_documents.clear();
    m_endpointNames.clear();
    endResetModel();
}

SpecDocument *ConnectionTreeModel::document(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    const int row = index.internalId() == ConnectionId ? index.row() : int(index.internalId() - 1);
    return m_documents.value(row);
}

QModelIndex ConnectionTreeModel::indexOf(const SpecDocument *document) const
{
    const qsizetype row = m_documents.indexOf(document);
    return row < 0 ? QModelIndex() : index(int(row), 0);
}

QModelIndex ConnectionTreeModel::endpointIndex(const SpecDocument *document, int endpoint) const
{
    return index(endpoint, 0, indexOf(document));
}

QModelIndex ConnectionTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, ConnectionId);
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex ConnectionTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == ConnectionId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, ConnectionId);
}

int ConnectionTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_documents.size());
    if (parent.internalId() != ConnectionId || parent.column() != 0)
        return 0;
    return int(m_endpointNames.value(parent.row()).size());
}

int ConnectionTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant ConnectionTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool isConnection = index.internalId() == ConnectionId;
    const SpecDocument *doc = document(index);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole:
        if (isConnection) {
            const QString name = doc->spec().name.isEmpty() ? tr("(unnamed connection)") : doc->spec().name;
            return doc->isDirty() && role == Qt::DisplayRole ? name + u" *"_s : name;
        } else {
            const QString name = m_endpointNames.at(int(index.internalId() - 1)).value(index.row());
            return name.isEmpty() ? tr("(unnamed endpoint)") : name;
        }
    case Qt::ToolTipRole:
        return isConnection ? doc->spec().description : QVariant();
    case KindRole:
        return isConnection ? Connection : Endpoint;
    case EndpointIndexRole:
        return isConnection ? -1 : index.row();
    case DirtyRole:
        return doc->isDirty();
    default:
        return {};
    }
}

QHash<int, QByteArray> ConnectionTreeModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(EndpointIndexRole, "endpointIndex");
    names.insert(DirtyRole, "dirty");
    return names;
}

void ConnectionTreeModel::documentChanged(SpecDocument *document)
{
    const QModelIndex parentIndex = indexOf(document);
    if (!parentIndex.isValid())
        return;
    const int row = parentIndex.row();
    const QStringList names = endpointNames(document);
    const int oldCount = int(m_endpointNames[row].size());
    const int newCount = int(names.size());
    if (newCount > oldCount) {
        beginInsertRows(parentIndex, oldCount, newCount - 1);
        m_endpointNames[row] = names;
        endInsertRows();
    } else if (newCount < oldCount) {
        beginRemoveRows(parentIndex, newCount, oldCount - 1);
        m_endpointNames[row] = names;
        endRemoveRows();
    } else {
        m_endpointNames[row] = names;
    }
    Q_EMIT dataChanged(parentIndex, parentIndex);
    if (newCount > 0)
        Q_EMIT dataChanged(index(0, 0, parentIndex), index(newCount - 1, 0, parentIndex));
}

} // namespace Backfill
