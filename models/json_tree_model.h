// One alert's JSON as a collapsible tree for the detail pane: columns key and value; objects keep the
// document's key order as QJsonObject gives it (sorted) except that the top level begins with timestamp,
// rule, agent and data; arrays show [i]. A value's tooltip shows it whole. Roles give the field path
// ("rule.mitre.id[0]") for "copy path" and the filter term for "filter on this value".
#pragma once

#include <QAbstractItemModel>
#include <QJsonDocument>
#include <QJsonValue>

#include <memory>
#include <vector>

namespace eos {

class JsonTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { KeyColumn, ValueColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1,  // QString: rule.mitre.id[0]
        ValueTextRole,                // QString: the value as text (scalars; compact JSON for containers)
        JsonValueRole,                // QJsonValue
        IsContainerRole,              // bool
        FilterTermRole,               // QString: AlertFilter term for this value; empty for containers/null
    };

    explicit JsonTreeModel(QObject *parent = nullptr);
    ~JsonTreeModel() override;

    // Replaces the tree; false (and an empty tree) when json is not a JSON object/array, *error says why.
    bool setJson(const QByteArray &json, QString *error = nullptr);
    void setDocument(const QJsonDocument &doc);
    void clear();
    QJsonDocument document() const { return m_doc; }

    // The index of a path (as PathRole gives it), or invalid.
    QModelIndex indexForPath(const QString &path) const;
    static QString childPath(const QString &parentPath, const QString &key);  // quotes odd keys: a["b c"]
    static QString childPath(const QString &parentPath, int arrayIndex);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node {
        QString key;           // object key, or "[i]" for array items
        QString path;
        QJsonValue value;      // scalars; containers keep their value too (for copy)
        Node *parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
    };
    void build(Node *node, const QJsonValue &value);
    Node *nodeOf(const QModelIndex &index) const;

    QJsonDocument m_doc;
    std::unique_ptr<Node> m_root;
};

}  // namespace eos
