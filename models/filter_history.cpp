#include "filter_history.h"

namespace eos {

void FilterHistory::add(const QString &filterText)
{
    const QString t = filterText.trimmed();
    if (t.isEmpty()) return;
    m_entries.removeAll(t);
    m_entries.prepend(t);
    while (m_entries.size() > m_max) m_entries.removeLast();
}

void FilterHistory::remove(const QString &filterText) { m_entries.removeAll(filterText.trimmed()); }

QStringList FilterHistory::matching(const QString &prefix) const
{
    QStringList out;
    for (const auto &e : m_entries)
        if (e.contains(prefix.trimmed(), Qt::CaseInsensitive)) out << e;
    return out;
}

void FilterHistory::load(const QSettings &settings, const QString &key)
{
    m_entries.clear();
    const QStringList stored = settings.value(key).toStringList();
    for (auto it = stored.crbegin(); it != stored.crend(); ++it) add(*it);
}

void FilterHistory::save(QSettings &settings, const QString &key) const { settings.setValue(key, m_entries); }

}  // namespace eos
