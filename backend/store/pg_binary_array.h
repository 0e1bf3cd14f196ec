// A one-dimensional PostgreSQL array in the binary wire format (array_recv), for sending a whole
// column of a batch as one libpq parameter: no quoting or escaping, and the server reads each element
// as it is (an element bound for jsonb is then parsed on its own, which PostgreSQL does several times
// faster than one large document). Text elements are UTF-8; appendNullableText sends "" as NULL.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

#include <cstdint>

namespace eos {

class PgBinaryArray {
public:
    enum class Type : std::uint32_t { Text = 25, Int4 = 23, Int8 = 20 };

    explicit PgBinaryArray(Type type, int expectedCount = 0);

    void appendText(const QByteArray &utf8);
    void appendText(const QString &s) { appendText(s.toUtf8()); }
    void appendNullableText(const QString &s);  // empty → NULL
    void appendInt(std::int32_t v);
    void appendInt8(std::int64_t v);
    void appendNull();

    int count() const { return m_count; }
    unsigned arrayOid() const;  // text[] 1009, int4[] 1007, int8[] 1016
    // The parameter bytes (send with format 1 and arrayOid()). Valid until the next append.
    const QByteArray &bytes();

    // A text[] literal ({"a","b\"c"}) for a list that is itself one element of a batch column.
    static QByteArray textArrayLiteral(const QStringList &items);
    // An int8[] literal ({1,2,3}) for a list of ids bound as one text parameter (= ANY(?::int8[])).
    static QString int8ArrayLiteral(const std::vector<qint64> &ids);

private:
    void putInt32(std::int32_t v);
    Type m_type;
    QByteArray m_buf;
    int m_count = 0;
    bool m_hasNull = false;
};

}  // namespace eos
