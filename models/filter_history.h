// The filter bar's history: most recent first, no duplicates, capped; kept in QSettings (per user and
// machine) under a key the UI chooses. Plain QtCore so the UI and tests share it.
#pragma once

#include <QSettings>
#include <QStringList>

namespace eos {

class FilterHistory {
public:
    explicit FilterHistory(int maxEntries = 50) : m_max(maxEntries) {}

    void add(const QString &filterText);  // trims; empty ignored; moves an existing entry to the front
    void remove(const QString &filterText);
    void clear() { m_entries.clear(); }
    QStringList entries() const { return m_entries; }
    QStringList matching(const QString &prefix) const;  // for a completer: entries containing prefix

    void load(const QSettings &settings, const QString &key = QStringLiteral("alerts/filterHistory"));
    void save(QSettings &settings, const QString &key = QStringLiteral("alerts/filterHistory")) const;

private:
    int m_max;
    QStringList m_entries;
};

}  // namespace eos
