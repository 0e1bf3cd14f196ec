#include "alert_page_cache.h"

#include <algorithm>

namespace eos {

void AlertPageCache::clear()
{
    m_pages.clear();
    m_requested.clear();
}

qint64 AlertPageCache::rowCount() const
{
    qint64 n = 0;
    for (const Page &p : m_pages) n += p.rows.size();
    return n;
}

const AlertRow *AlertPageCache::row(int page, int offset)
{
    auto it = m_pages.find(page);
    if (it == m_pages.end() || offset < 0 || offset >= it->rows.size()) return nullptr;
    it->lastUse = ++m_useClock;
    return &it->rows[offset];
}

const AlertRows *AlertPageCache::rows(int page) const
{
    auto it = m_pages.constFind(page);
    return it == m_pages.constEnd() ? nullptr : &it->rows;
}

void AlertPageCache::insert(int page, AlertRows rows)
{
    m_pages.insert(page, Page{std::move(rows), ++m_useClock});
}

void AlertPageCache::evictTo(int maxPages)
{
    if (m_pages.size() <= maxPages) return;
    QList<std::pair<quint64, int>> byUse;
    byUse.reserve(m_pages.size());
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) byUse.append({it->lastUse, it.key()});
    std::sort(byUse.begin(), byUse.end());
    const qsizetype drop = m_pages.size() - std::max(maxPages, 0);
    for (qsizetype i = 0; i < drop; ++i) m_pages.remove(byUse.at(i).second);
}

void AlertPageCache::shiftDown(const QList<AlertRows> &newFirst)
{
    const int n = int(newFirst.size());
    QHash<int, Page> shifted;
    shifted.reserve(m_pages.size() + n);
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it) shifted.insert(it.key() + n, it.value());
    for (int k = 0; k < n; ++k) shifted.insert(k, Page{newFirst.at(k), ++m_useClock});
    m_pages = std::move(shifted);
    m_requested.clear();
}

std::optional<std::pair<int, int>> AlertPageCache::find(qint64 id) const
{
    for (auto it = m_pages.cbegin(); it != m_pages.cend(); ++it)
        for (int i = 0; i < it->rows.size(); ++i)
            if (it->rows[i].id == id) return std::pair{it.key(), i};
    return std::nullopt;
}

QList<int> AlertPageCache::pageNumbers() const
{
    QList<int> pages = m_pages.keys();
    std::sort(pages.begin(), pages.end());
    return pages;
}

}  // namespace eos
