#include "views/test/jsontreemodel.h"

#include "model/expression/expressionvalue.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Backfill {

namespace {

QString scalarText(const QJsonValue &value)
{
    if (value.isArray())
        return u"[%1]"_s.arg(value.toArray().size()); // how many elements
    if (value.isObject())
        return u"{%1}"_s.arg(value.toObject().size()); // how many members
    return ExpressionValue::toJson(value);
}

QString memberPath(const QString &parent, const QString &key)
{
    static const QRegularExpression identifier(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
    const QString part = identifier.match(key).hasMatch() ? key : u'"' + key + u'"';
    return parent.isEmpty() ? part : parent + u'.' + part;
}

} // namespace

JsonTreeModel::JsonTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{}

JsonTreeModel::~JsonTreeModel() = default;

void JsonTreeModel::setJson(const QJsonValue &json)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_root->value = json;
    build(*m_root);
    endResetModel();
}

void JsonTreeModel::build(Node &node)
{
    auto add = [&node](const QString &key, const QString &path, const QJsonValue &value) {
        auto child = std::make_unique<Node>();
        child->key = key;
        child->path = path;
        child->value = value;
        child->parent = &node;
        child->row = int(node.children.size());
        build(*child);
        node.children.push_back(std::move(child));
    };
    if (node.value.isObject()) {
        const QJsonObject object = node.value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            add(it.key(), memberPath(node.path, it.key()), it.value());
    } else if (node.value.isArray()) {
        const QJsonArray array = node.value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            add(u"[%1]"_s.arg(i), node.path + u"[%1]"_s.arg(i), array.at(i));
    }
}

JsonTreeModel::Node *JsonTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, nodeOf(parent)->children.at(size_t(row)).get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *parent = nodeOf(child)->parent;
    if (!parent || parent == m_root.get())
        return {};
    return createIndex(parent->row, 0, const_cast<Node *>(parent));
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int JsonTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *node = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return index.column() == KeyColumn ? node->key : scalarText(node->value);
    case JsonValueRole:
        return QVariant::fromValue(node->value);
    case PathRole:
        return node->path;
    default:
        return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == KeyColumn ? tr("Key") : tr("Value");
}

} // namespace Backfill
