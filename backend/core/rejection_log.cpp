#include "core/rejection_log.h"

#include <QJsonArray>

#include <algorithm>

namespace eos {

RejectionLog &RejectionLog::instance()
{
    static RejectionLog log;
    return log;
}

void RejectionLog::record(const QString &reason, int status, const QString &peer, qint64 count)
{
    record(reason, status, peer, count, QDateTime::currentMSecsSinceEpoch());
}

void RejectionLog::record(const QString &reason, int status, const QString &peer, qint64 count, qint64 nowMs)
{
    if (count <= 0) return;
    const qint64 second = nowMs / 1000;
    std::lock_guard lock(m_mutex);
    Bucket &b = m_buckets[size_t(second % kWindowSeconds)];
    if (b.second != second) {
        b.second = second;
        b.counts.clear();
    }
    b.counts[reason] += count;
    // a burst from one peer for one reason is one line, counted (a flood must not push every other
    // rejection out of the list)
    if (m_size > 0) {
        Entry &last = m_ring[size_t((m_next + kRecent - 1) % kRecent)];
        if (last.reason == reason && last.peer == peer && last.status == status && nowMs - last.atMs < 1000) {
            last.count += count;
            last.atMs = nowMs;
            return;
        }
    }
    m_ring[size_t(m_next)] = Entry{nowMs, peer, status, reason, count};
    m_next = (m_next + 1) % kRecent;
    m_size = std::min(m_size + 1, kRecent);
}

QMap<QString, qint64> RejectionLog::lastMinute(qint64 nowMs) const
{
    if (nowMs <= 0) nowMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 second = nowMs / 1000;
    QMap<QString, qint64> out;
    std::lock_guard lock(m_mutex);
    for (const Bucket &b : m_buckets) {
        if (b.second < 0 || b.second <= second - kWindowSeconds || b.second > second) continue;
        for (auto it = b.counts.cbegin(); it != b.counts.cend(); ++it) out[it.key()] += it.value();
    }
    return out;
}

QList<RejectionLog::Entry> RejectionLog::recent() const
{
    std::lock_guard lock(m_mutex);
    QList<Entry> out;
    out.reserve(m_size);
    for (int i = 0; i < m_size; ++i) out << m_ring[size_t((m_next - m_size + i + kRecent) % kRecent)];
    return out;
}

QJsonObject RejectionLog::toJson(qint64 nowMs) const
{
    QJsonObject minute;
    const auto counts = lastMinute(nowMs);
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) minute.insert(it.key(), it.value());
    QJsonArray list;
    for (const Entry &e : recent())
        list.append(QJsonObject{{QStringLiteral("at"), QDateTime::fromMSecsSinceEpoch(e.atMs).toUTC().toString(Qt::ISODateWithMs)},
                                {QStringLiteral("peer"), e.peer},
                                {QStringLiteral("status"), e.status},
                                {QStringLiteral("reason"), e.reason},
                                {QStringLiteral("count"), e.count}});
    return QJsonObject{{QStringLiteral("last_minute"), minute}, {QStringLiteral("recent"), list}};
}

QList<RejectionLog::Entry> RejectionLog::recentFromJson(const QJsonObject &o)
{
    QList<Entry> out;
    for (const QJsonValue &v : o.value(QStringLiteral("recent")).toArray()) {
        const QJsonObject e = v.toObject();
        const QDateTime at = QDateTime::fromString(e.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs);
        if (!at.isValid()) continue;
        out << Entry{at.toMSecsSinceEpoch(), e.value(QStringLiteral("peer")).toString(), e.value(QStringLiteral("status")).toInt(),
                     e.value(QStringLiteral("reason")).toString(), qMax<qint64>(1, e.value(QStringLiteral("count")).toInteger(1))};
    }
    return out;
}

QMap<QString, qint64> RejectionLog::lastMinuteFromJson(const QJsonObject &o)
{
    QMap<QString, qint64> out;
    const QJsonObject m = o.value(QStringLiteral("last_minute")).toObject();
    for (auto it = m.constBegin(); it != m.constEnd(); ++it)
        if (it.value().toInteger() > 0) out.insert(it.key(), it.value().toInteger());
    return out;
}

void RejectionLog::reset()
{
    std::lock_guard lock(m_mutex);
    m_buckets = {};
    m_ring = {};
    m_next = m_size = 0;
}

}  // namespace eos
