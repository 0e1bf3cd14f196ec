#include "column_layout.h"

#include <QHeaderView>
#include <QJsonArray>

namespace eos {

QJsonObject ColumnLayout::save(const QHeaderView *h, const QStringList &keys, int stretchColumn)
{
    QJsonArray cols;
    for (int v = 0; v < h->count(); ++v) {
        const int logical = h->logicalIndex(v);
        if (logical < 0 || logical >= keys.size()) continue;
        QJsonObject c;
        c.insert(QStringLiteral("id"), keys.at(logical));
        if (h->isSectionHidden(logical)) c.insert(QStringLiteral("hidden"), true);
        const int width = h->sectionSize(logical);  // 0 while hidden: not kept
        if (logical != stretchColumn && width > 0 && !h->isSectionHidden(logical)) c.insert(QStringLiteral("width"), width);
        cols.append(c);
    }
    QJsonObject o;
    o.insert(QStringLiteral("columns"), cols);
    return o;
}

bool ColumnLayout::restore(QHeaderView *h, const QStringList &keys, const QJsonObject &layout, int stretchColumn)
{
    const QJsonArray cols = layout.value(QStringLiteral("columns")).toArray();
    int target = 0;
    bool any = false;
    int visible = 0;
    for (const auto &v : cols) {
        const QJsonObject c = v.toObject();
        const int logical = int(keys.indexOf(c.value(QStringLiteral("id")).toString()));
        if (logical < 0 || logical >= h->count()) continue;
        if (!c.value(QStringLiteral("hidden")).toBool()) ++visible;
    }
    if (visible == 0) return false;  // never a table without columns
    for (const auto &v : cols) {
        const QJsonObject c = v.toObject();
        const int logical = int(keys.indexOf(c.value(QStringLiteral("id")).toString()));
        if (logical < 0 || logical >= h->count()) continue;
        any = true;
        const int from = h->visualIndex(logical);
        if (from != target) h->moveSection(from, target);
        ++target;
        const bool hidden = c.value(QStringLiteral("hidden")).toBool();
        h->setSectionHidden(logical, hidden);
        const int width = c.value(QStringLiteral("width")).toInt();
        if (!hidden && width > 0 && logical != stretchColumn) h->resizeSection(logical, width);
    }
    return any;
}

}  // namespace eos
