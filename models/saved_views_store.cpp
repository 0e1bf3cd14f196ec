#include "saved_views_store.h"

#include "db_worker.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace eos {

SavedViewsStore::SavedViewsStore(DbConnectionInfo db, QString owner, QObject *parent)
    : QObject(parent), m_info(std::move(db)), m_owner(std::move(owner)),
      m_connName(QStringLiteral("views-") + QUuid::createUuid().toString(QUuid::Id128).left(12))
{
}

SavedViewsStore::~SavedViewsStore()
{
    m_worker.reset();
    if (QSqlDatabase::contains(m_connName)) {
        { QSqlDatabase db = QSqlDatabase::database(m_connName, false); db.close(); }
        QSqlDatabase::removeDatabase(m_connName);
    }
}

bool SavedViewsStore::ensureOpen(QString *error)
{
    if (QSqlDatabase::contains(m_connName) && QSqlDatabase::database(m_connName, false).isOpen()) return true;
    QString err;
    const QSqlDatabase db = m_info.open(m_connName, &err);
    if (!db.isOpen() && error) *error = tr("Cannot reach the database: %1").arg(err);
    return db.isOpen();
}

namespace {
bool validName(const QString &name, QString *error)
{
    if (name.trimmed().isEmpty()) {
        if (error) *error = QObject::tr("A view needs a name.");
        return false;
    }
    if (name.trimmed().size() > 200) {
        if (error) *error = QObject::tr("A view name has at most 200 characters.");
        return false;
    }
    return true;
}
}  // namespace

bool SavedViewsStore::save(const View &view, QString *error)
{
    if (!validName(view.name, error) || !ensureOpen(error)) return false;
    QSqlDatabase db = QSqlDatabase::database(m_connName, false);
    if (!save(db, m_owner, view, error)) return false;
    Q_EMIT viewsChanged();
    return true;
}

std::optional<SavedViewsStore::View> SavedViewsStore::load(const QString &name, QString *error)
{
    if (!ensureOpen(error)) return std::nullopt;
    QSqlDatabase db = QSqlDatabase::database(m_connName, false);
    return load(db, m_owner, name, error);
}

QList<SavedViewsStore::View> SavedViewsStore::list(QString *error)
{
    if (!ensureOpen(error)) return {};
    QSqlDatabase db = QSqlDatabase::database(m_connName, false);
    return list(db, m_owner, error);
}

bool SavedViewsStore::remove(const QString &name, QString *error)
{
    if (!ensureOpen(error)) return false;
    QSqlDatabase db = QSqlDatabase::database(m_connName, false);
    if (!remove(db, m_owner, name, error)) return false;
    Q_EMIT viewsChanged();
    return true;
}

DbWorker *SavedViewsStore::worker()
{
    if (!m_worker) m_worker = std::make_unique<DbWorker>(m_info, QStringLiteral("eos-views"));
    return m_worker.get();
}

void SavedViewsStore::requestList()
{
    struct R { QList<View> views; QString error; };
    worker()->call<R>(this, [owner = m_owner](QSqlDatabase &db) {
        R r;
        r.views = list(db, owner, &r.error);
        return r;
    }, [this](R r) {
        if (r.error.isEmpty()) m_cache = r.views;
        Q_EMIT listReady(r.views, r.error);
    }, QStringLiteral("list"));
}

void SavedViewsStore::saveAsync(const View &view)
{
    QString error;
    if (!validName(view.name, &error)) {
        Q_EMIT saveFinished(view.name, error);
        return;
    }
    worker()->call<QString>(this, [owner = m_owner, view](QSqlDatabase &db) {
        QString e;
        if (!save(db, owner, view, &e) && e.isEmpty()) e = tr("The view was not saved.");
        return e;
    }, [this, name = view.name.trimmed()](QString e) {
        Q_EMIT saveFinished(name, e);
        if (e.isEmpty()) {
            Q_EMIT viewsChanged();
            requestList();
        }
    });
}

void SavedViewsStore::loadAsync(const QString &name)
{
    struct R { View view; QString error; };
    worker()->call<R>(this, [owner = m_owner, name](QSqlDatabase &db) {
        R r;
        if (auto v = load(db, owner, name, &r.error)) r.view = *v;
        else if (r.error.isEmpty()) r.error = tr("There is no saved view \"%1\".").arg(name);
        return r;
    }, [this, name](R r) { Q_EMIT loadFinished(name, r.view, r.error); }, QStringLiteral("load"));
}

void SavedViewsStore::removeAsync(const QString &name)
{
    worker()->call<QString>(this, [owner = m_owner, name](QSqlDatabase &db) {
        QString e;
        if (!remove(db, owner, name, &e) && e.isEmpty()) e = tr("The view was not deleted.");
        return e;
    }, [this, name](QString e) {
        Q_EMIT removeFinished(name, e);
        if (e.isEmpty()) {
            Q_EMIT viewsChanged();
            requestList();
        }
    });
}

bool SavedViewsStore::save(QSqlDatabase &db, const QString &owner, const View &view, QString *error)
{
    if (!validName(view.name, error)) return false;
    if (!db.isOpen()) {
        if (error) *error = tr("Cannot reach the database: %1").arg(db.lastError().text().trimmed());
        return false;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO saved_views (owner, name, filter_text, column_layout) VALUES (?, ?, ?, ?::jsonb) "
                             "ON CONFLICT (owner, name) DO UPDATE SET filter_text = EXCLUDED.filter_text, "
                             "column_layout = EXCLUDED.column_layout, updated_at = now()"));
    q.addBindValue(owner);
    q.addBindValue(view.name.trimmed());
    q.addBindValue(view.filterText);
    q.addBindValue(QString::fromUtf8(QJsonDocument(view.columnLayout).toJson(QJsonDocument::Compact)));
    if (!q.exec()) {
        if (error) *error = tr("Cannot save the view: %1").arg(q.lastError().text().trimmed());
        return false;
    }
    return true;
}

std::optional<SavedViewsStore::View> SavedViewsStore::load(QSqlDatabase &db, const QString &owner, const QString &name,
                                                           QString *error)
{
    if (!db.isOpen()) {
        if (error) *error = tr("Cannot reach the database: %1").arg(db.lastError().text().trimmed());
        return std::nullopt;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT name, filter_text, column_layout::text, updated_at FROM saved_views "
                             "WHERE owner = ? AND name = ?"));
    q.addBindValue(owner);
    q.addBindValue(name.trimmed());
    if (!q.exec()) {
        if (error) *error = q.lastError().text();
        return std::nullopt;
    }
    if (!q.next()) {
        if (error) *error = tr("There is no saved view \"%1\".").arg(name);
        return std::nullopt;
    }
    View v;
    v.name = q.value(0).toString();
    v.filterText = q.value(1).toString();
    v.columnLayout = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
    v.updatedAt = q.value(3).toDateTime();
    return v;
}

QList<SavedViewsStore::View> SavedViewsStore::list(QSqlDatabase &db, const QString &owner, QString *error)
{
    QList<View> out;
    if (!db.isOpen()) {
        if (error) *error = tr("Cannot reach the database: %1").arg(db.lastError().text().trimmed());
        return out;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT name, filter_text, column_layout::text, updated_at FROM saved_views "
                             "WHERE owner = ? ORDER BY lower(name), name"));
    q.addBindValue(owner);
    if (!q.exec()) {
        if (error) *error = q.lastError().text();
        return out;
    }
    while (q.next()) {
        View v;
        v.name = q.value(0).toString();
        v.filterText = q.value(1).toString();
        v.columnLayout = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
        v.updatedAt = q.value(3).toDateTime();
        out << v;
    }
    return out;
}

bool SavedViewsStore::remove(QSqlDatabase &db, const QString &owner, const QString &name, QString *error)
{
    if (!db.isOpen()) {
        if (error) *error = tr("Cannot reach the database: %1").arg(db.lastError().text().trimmed());
        return false;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("DELETE FROM saved_views WHERE owner = ? AND name = ?"));
    q.addBindValue(owner);
    q.addBindValue(name.trimmed());
    if (!q.exec()) {
        if (error) *error = q.lastError().text();
        return false;
    }
    if (q.numRowsAffected() == 0) {
        if (error) *error = tr("There is no saved view \"%1\".").arg(name);
        return false;
    }
    return true;
}

bool SavedViewsStore::rename(const QString &from, const QString &to, QString *error)
{
    if (!validName(to, error) || !ensureOpen(error)) return false;
    QSqlQuery q(QSqlDatabase::database(m_connName, false));
    q.prepare(QStringLiteral("UPDATE saved_views SET name = ?, updated_at = now() WHERE owner = ? AND name = ?"));
    q.addBindValue(to.trimmed());
    q.addBindValue(m_owner);
    q.addBindValue(from.trimmed());
    if (!q.exec()) {
        if (error) *error = q.lastError().nativeErrorCode() == QLatin1String("23505")
                                ? tr("A view named \"%1\" exists already.").arg(to.trimmed())
                                : q.lastError().text();
        return false;
    }
    if (q.numRowsAffected() == 0) {
        if (error) *error = tr("There is no saved view \"%1\".").arg(from);
        return false;
    }
    Q_EMIT viewsChanged();
    return true;
}

}  // namespace eos
