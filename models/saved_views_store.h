// Saved views of Live Alerts per user (table saved_views of resources/migrations/0002_console.sql):
// a name, the filter-bar text and the column layout (JSON the UI defines, e.g. header state, widths).
// The console uses the asynchronous calls (requestList, saveAsync, loadAsync, removeAsync), which run on
// the store's database worker; the blocking ones are for tests and tools. The filter-bar history is not
// stored here: it is per user and machine, kept in QSettings by the UI (see eos::FilterHistory).
#pragma once

#include "store/db_connection_info.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

namespace eos {

class DbWorker;

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

    // On the worker: listReady / saveFinished / loadFinished / removeFinished follow (error empty = done).
    void requestList();
    void saveAsync(const View &view);
    void loadAsync(const QString &name);
    void removeAsync(const QString &name);
    // The views as last listed (requestList; refreshed after every change).
    QList<View> cachedViews() const { return m_cache; }

    // What the worker runs.
    static bool save(QSqlDatabase &db, const QString &owner, const View &view, QString *error);
    static std::optional<View> load(QSqlDatabase &db, const QString &owner, const QString &name, QString *error);
    static QList<View> list(QSqlDatabase &db, const QString &owner, QString *error);
    static bool remove(QSqlDatabase &db, const QString &owner, const QString &name, QString *error);

Q_SIGNALS:
    void viewsChanged();
    void listReady(const QList<eos::SavedViewsStore::View> &views, const QString &error);
    void saveFinished(const QString &name, const QString &error);
    void loadFinished(const QString &name, const eos::SavedViewsStore::View &view, const QString &error);
    void removeFinished(const QString &name, const QString &error);

private:
    bool ensureOpen(QString *error);
    DbWorker *worker();

    DbConnectionInfo m_info;
    QString m_owner;
    QString m_connName;
    std::unique_ptr<DbWorker> m_worker;
    QList<View> m_cache;
};

}  // namespace eos
