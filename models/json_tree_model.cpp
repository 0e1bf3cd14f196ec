#include "json_tree_model.h"

#include "alert_filter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace eos {

JsonTreeModel::JsonTreeModel(QObject *parent) : QAbstractItemModel(parent), m_root(std::make_unique<Node>()) {}
JsonTreeModel::~JsonTreeModel() = default;

QString JsonTreeModel::childPath(const QString &parentPath, const QString &key)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_@$-]+$"));
    if (!plain.match(key).hasMatch()) {
        QString k = key;
        k.replace(u'\\', QStringLiteral("\\\\"));
        k.replace(u'"', QStringLiteral("\\\""));
        return parentPath + QStringLiteral("[\"") + k + QStringLiteral("\"]");
    }
    return parentPath.isEmpty() ? key : parentPath + u'.' + key;
}

QString JsonTreeModel::childPath(const QString &parentPath, int arrayIndex)
{
    return parentPath + u'[' + QString::number(arrayIndex) + u']';
}

void JsonTreeModel::build(Node *node, const QJsonValue &value)
{
    node->value = value;
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        // the alert's top level: what analysts read first on top (timestamp, rule, agent, data), then the
        // rest sorted as QJsonObject keeps it
        QStringList keys = o.keys();
        if (!node->parent) {
            QStringList first;
            for (const char *k : {"timestamp", "rule", "agent", "data"})
                if (keys.removeOne(QString::fromLatin1(k))) first << QString::fromLatin1(k);
            keys = first + keys;
        }
        int row = 0;
        for (const QString &key : std::as_const(keys)) {
            auto child = std::make_unique<Node>();
            child->key = key;
            child->path = childPath(node->path, key);
            child->parent = node;
            child->row = row++;
            build(child.get(), o.value(key));
            node->children.push_back(std::move(child));
        }
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (int i = 0; i < a.size(); ++i) {
            auto child = std::make_unique<Node>();
            child->key = u'[' + QString::number(i) + u']';
            child->path = childPath(node->path, i);
            child->parent = node;
            child->row = i;
            build(child.get(), a.at(i));
            node->children.push_back(std::move(child));
        }
    }
}

bool JsonTreeModel::setJson(const QByteArray &json, QString *error)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (doc.isNull()) {
        if (error) *error = tr("not valid JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset);
        clear();
        return false;
    }
    setDocument(doc);
    return true;
}

void JsonTreeModel::setDocument(const QJsonDocument &doc)
{
    beginResetModel();
    m_doc = doc;
    m_root = std::make_unique<Node>();
    if (doc.isObject()) build(m_root.get(), doc.object());
    else if (doc.isArray()) build(m_root.get(), doc.array());
    endResetModel();
}

void JsonTreeModel::clear()
{
    beginResetModel();
    m_doc = QJsonDocument();
    m_root = std::make_unique<Node>();
    endResetModel();
}

JsonTreeModel::Node *JsonTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex JsonTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0)) return {};
    Node *p = nodeOf(parent);
    if (row < 0 || row >= int(p->children.size())) return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex JsonTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid()) return {};
    Node *n = nodeOf(child);
    if (!n->parent || n->parent == m_root.get()) return {};
    return createIndex(n->parent->row, 0, n->parent);
}

int JsonTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0) return 0;
    return int(nodeOf(parent)->children.size());
}

int JsonTreeModel::columnCount(const QModelIndex &) const { return ColumnCount; }

namespace {
QString valueText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: return v.toString();
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == double(qint64(d)) && qAbs(d) < 9e15) return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Object: return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array: return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    default: return {};
    }
}
}  // namespace

QVariant JsonTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const Node *n = nodeOf(index);
    const bool container = n->value.isObject() || n->value.isArray();
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == KeyColumn) return n->key;
        if (n->value.isObject()) return tr("{%n field(s)}", nullptr, int(n->children.size()));
        if (n->value.isArray()) return tr("[%n item(s)]", nullptr, int(n->children.size()));
        return valueText(n->value);
    case Qt::ToolTipRole:
        // a value's whole text (the view elides long ones), wrapped; a key's path
        if (index.column() == ValueColumn && !container && !n->value.isNull()) {
            QString text = valueText(n->value);
            if (text.size() > 4000) text = text.left(4000) + QChar(0x2026);
            return QStringLiteral("<p><b>%1</b><br>%2</p>").arg(n->path.toHtmlEscaped(), text.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>")));
        }
        return n->path;
    case PathRole: return n->path;
    case ValueTextRole: return valueText(n->value);
    case JsonValueRole: return QVariant::fromValue(n->value);
    case IsContainerRole: return container;
    case FilterTermRole:
        if (container || n->value.isNull() || n->value.isUndefined()) return QString();
        return AlertFilter::termForField(n->path, valueText(n->value));
    default: return {};
    }
}

QVariant JsonTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    return section == KeyColumn ? tr("Field") : tr("Value");
}

QModelIndex JsonTreeModel::indexForPath(const QString &path) const
{
    // walk down comparing child paths (paths are prefixes of their children's paths)
    QModelIndex cur;
    const Node *n = m_root.get();
    while (n) {
        const Node *next = nullptr;
        for (const auto &c : n->children) {
            if (c->path == path) return createIndex(c->row, 0, c.get());
            if (path.startsWith(c->path) && (path.at(c->path.size()) == u'.' || path.at(c->path.size()) == u'[')) {
                next = c.get();
                break;
            }
        }
        n = next;
    }
    return {};
}

}  // namespace eos
