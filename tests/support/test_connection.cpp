#include "test_connection.h"

#include <QUuid>
#include <QtGlobal>

namespace eos::test {

TestConnection::TestConnection(const DbConnectionInfo &info)
    : m_name(QStringLiteral("test-conn-") + QUuid::createUuid().toString(QUuid::Id128))
{
    QString err;
    m_db = info.open(m_name, &err);
    if (!m_db.isOpen()) qWarning("cannot open %s: %s", qPrintable(info.describe()), qPrintable(err));
}

TestConnection::~TestConnection()
{
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

}  // namespace eos::test
