// The pages of Live Alerts' paged part held in memory (AlertListModel): page number -> its rows, least
// recently used first out, and which pages are being fetched. Page k holds base rows [k * pageSize,
// (k + 1) * pageSize); the model owns the page size and the row arithmetic. GUI thread only.
#pragma once

#include "alert_row.h"

#include <QHash>
#include <QList>
#include <QSet>

#include <optional>
#include <utility>

namespace eos {

class AlertPageCache {
public:
    // Forgets every page and every fetch under way (a reset of the model).
    void clear();

    bool contains(int page) const { return m_pages.contains(page); }
    int pageCount() const { return int(m_pages.size()); }
    qint64 rowCount() const;  // rows in memory across pages

    // The row at offset in page, marked as just used; nullptr when the page is not here or is shorter.
    const AlertRow *row(int page, int offset);
    // The page's rows without marking it used (nullptr when not here).
    const AlertRows *rows(int page) const;

    // Fetches under way: a page is asked for once until it arrives or its fetch ends (requestDone).
    bool isRequested(int page) const { return m_requested.contains(page); }
    void markRequested(int page) { m_requested.insert(page); }
    void requestDone(int page) { m_requested.remove(page); }

    // Stores a page (replacing what was there), marked as just used.
    void insert(int page, AlertRows rows);
    // Drops the least recently used pages until at most maxPages remain.
    void evictTo(int maxPages);
    // Renumbers every page k as k + newFirst.size() and stores newFirst as pages 0, 1, …: live rows folded into
    // the paged part above it. Fetches under way were numbered the old way: forgotten.
    void shiftDown(const QList<AlertRows> &newFirst);

    // Where the alert is: (page, offset), or nothing when no page here holds it.
    std::optional<std::pair<int, int>> find(qint64 id) const;
    // Page numbers in ascending order.
    QList<int> pageNumbers() const;
    // Every row here, to read or to update in place (fn(page, offset, row)).
    template <typename Fn> void forEachRow(Fn fn)
    {
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it)
            for (int i = 0; i < it->rows.size(); ++i) fn(it.key(), i, it->rows[i]);
    }

private:
    struct Page {
        AlertRows rows;
        quint64 lastUse = 0;
    };
    QHash<int, Page> m_pages;
    QSet<int> m_requested;
    quint64 m_useClock = 0;
};

}  // namespace eos
