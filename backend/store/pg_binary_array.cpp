#include "store/pg_binary_array.h"

#include <QtEndian>

namespace eos {
namespace {
constexpr qsizetype kHeader = 20;  // ndim, flags, element oid, dimension size, lower bound
}

PgBinaryArray::PgBinaryArray(Type type, int expectedCount) : m_type(type)
{
    m_buf.reserve(kHeader + qsizetype(expectedCount) * (m_type == Type::Text ? 24 : 12));
    m_buf.resize(kHeader);  // filled in by bytes()
}

void PgBinaryArray::putInt32(std::int32_t v)
{
    char b[4];
    qToBigEndian(v, b);
    m_buf.append(b, 4);
}

void PgBinaryArray::appendText(const QByteArray &utf8)
{
    Q_ASSERT(m_type == Type::Text);
    putInt32(std::int32_t(utf8.size()));
    m_buf.append(utf8);
    ++m_count;
}

void PgBinaryArray::appendNullableText(const QString &s)
{
    if (s.isEmpty()) appendNull();
    else appendText(s.toUtf8());
}

void PgBinaryArray::appendInt(std::int32_t v)
{
    Q_ASSERT(m_type == Type::Int4);
    putInt32(4);
    putInt32(v);
    ++m_count;
}

void PgBinaryArray::appendInt8(std::int64_t v)
{
    Q_ASSERT(m_type == Type::Int8);
    putInt32(8);
    char b[8];
    qToBigEndian(v, b);
    m_buf.append(b, 8);
    ++m_count;
}

unsigned PgBinaryArray::arrayOid() const
{
    switch (m_type) {
    case Type::Text: return 1009;
    case Type::Int4: return 1007;
    case Type::Int8: return 1016;
    }
    return 0;
}

void PgBinaryArray::appendNull()
{
    putInt32(-1);
    m_hasNull = true;
    ++m_count;
}

const QByteArray &PgBinaryArray::bytes()
{
    char *h = m_buf.data();
    qToBigEndian<std::int32_t>(1, h);                      // one dimension
    qToBigEndian<std::int32_t>(m_hasNull ? 1 : 0, h + 4);  // has nulls
    qToBigEndian<std::uint32_t>(std::uint32_t(m_type), h + 8);
    qToBigEndian<std::int32_t>(m_count, h + 12);
    qToBigEndian<std::int32_t>(1, h + 16);  // lower bound
    return m_buf;
}

QString PgBinaryArray::int8ArrayLiteral(const std::vector<qint64> &ids)
{
    QString s = QStringLiteral("{");
    for (size_t i = 0; i < ids.size(); ++i) {
        if (i) s += u',';
        s += QString::number(ids[i]);
    }
    return s + u'}';
}

QByteArray PgBinaryArray::textArrayLiteral(const QStringList &items)
{
    QByteArray o("{");
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i) o += ',';
        o += '"';
        for (char c : items[i].toUtf8()) {
            if (c == '"' || c == '\\') o += '\\';
            o += c;
        }
        o += '"';
    }
    o += '}';
    return o;
}

}  // namespace eos
