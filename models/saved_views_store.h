// Saved views of Live Alerts per user (table saved_views of resources/migrations/0002_console.sql):
// a name, the filter-bar text and the column layout (JSON the UI defines, e.g. header state, widths).
// Synchronous (tiny table) on a connection of the creating thread. The filter-bar history is not
// stored here: it is per user and machine, kept in QSettings by the UI (see eos::FilterHistory).
#pragma once

#include "store/db_connection_info.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

namespace eos {

class SavedViewsStore : public QObject {
    Q_OBJECT
public:
    struct View {
        QString name;
        QString filterText;
        QJsonObject columnLayout;
        QDateTime updatedAt;
    };

    SavedViewsStore(DbConnectionInfo db, QString owner, QObject *parent = nullptr);
    ~SavedViewsStore() override;

    QString owner() const { return m_owner; }
    // Names must be non-empty (trimmed) and at most 200 characters; saving an existing name replaces it.
    bool save(const View &view, QString *error);
    std::optional<View> load(const QString &name, QString *error);
    QList<View> list(QString *error);  // by name
    bool remove(const QString &name, QString *error);  // false when it did not exist (*error says so)
    bool rename(const QString &from, const QString &to, QString *error);

Q_SIGNALS:
    void viewsChanged();

private:
    bool ensureOpen(QString *error);

    DbConnectionInfo m_info;
    QString m_owner;
    QString m_connName;
};

}  // namespace eos
