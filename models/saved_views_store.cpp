#include "saved_views_store.h"

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
    QSqlQuery q(QSqlDatabase::database(m_connName, false));
    q.prepare(QStringLiteral("INSERT INTO saved_views (owner, name, filter_text, column_layout) VALUES (?, ?, ?, ?::jsonb) "
                             "ON CONFLICT (owner, name) DO UPDATE SET filter_text = EXCLUDED.filter_text, "
                             "column_layout = EXCLUDED.column_layout, updated_at = now()"));
    q.addBindValue(m_owner);
    q.addBindValue(view.name.trimmed());
    q.addBindValue(view.filterText);
    q.addBindValue(QString::fromUtf8(QJsonDocument(view.columnLayout).toJson(QJsonDocument::Compact)));
    if (!q.exec()) {
        if (error) *error = tr("Cannot save the view: %1").arg(q.lastError().text().trimmed());
        return false;
    }
    Q_EMIT viewsChanged();
    return true;
}

std::optional<SavedViewsStore::View> SavedViewsStore::load(const QString &name, QString *error)
{
    if (!ensureOpen(error)) return std::nullopt;
    QSqlQuery q(QSqlDatabase::database(m_connName, false));
    q.prepare(QStringLiteral("SELECT name, filter_text, column_layout::text, updated_at FROM saved_views "
                             "WHERE owner = ? AND name = ?"));
    q.addBindValue(m_owner);
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

QList<SavedViewsStore::View> SavedViewsStore::list(QString *error)
{
    QList<View> out;
    if (!ensureOpen(error)) return out;
    QSqlQuery q(QSqlDatabase::database(m_connName, false));
    q.prepare(QStringLiteral("SELECT name, filter_text, column_layout::text, updated_at FROM saved_views "
                             "WHERE owner = ? ORDER BY lower(name), name"));
    q.addBindValue(m_owner);
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

bool SavedViewsStore::remove(const QString &name, QString *error)
{
    if (!ensureOpen(error)) return false;
    QSqlQuery q(QSqlDatabase::database(m_connName, false));
    q.prepare(QStringLiteral("DELETE FROM saved_views WHERE owner = ? AND name = ?"));
    q.addBindValue(m_owner);
    q.addBindValue(name.trimmed());
    if (!q.exec()) {
        if (error) *error = q.lastError().text();
        return false;
    }
    if (q.numRowsAffected() == 0) {
        if (error) *error = tr("There is no saved view \"%1\".").arg(name);
        return false;
    }
    Q_EMIT viewsChanged();
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
