#include "live_place_keeper.h"

#include "alert_list_model.h"
#include "alert_row_delegate.h"
#include "new_alerts_bar.h"

#include <QDateTime>
#include <QScrollBar>
#include <QTableView>

#include <algorithm>

namespace eos {

LivePlaceKeeper::LivePlaceKeeper(QTableView *table, AlertListModel *model, NewAlertsBar *bar, QObject *parent)
    : QObject(parent), m_table(table), m_model(model), m_bar(bar)
{
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this](const QModelIndex &, int first, int) {
        if (first == 0) aboutToPrepend();
    });
    connect(m_model, &AlertListModel::rowsPrepended, this, &LivePlaceKeeper::prepended);
    connect(m_model, &QAbstractItemModel::modelReset, this, &LivePlaceKeeper::reset);
    connect(m_model, &AlertListModel::newAlertsWaiting, this, [this](int n) {
        m_waiting = n;
        updateBar();
    });
    connect(m_bar, &NewAlertsBar::showRequested, this, &LivePlaceKeeper::showNewAlerts);
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int v) {
        // back at the top by themselves: they see the new rows
        if (v == 0 && m_unseen > 0 && m_model->isLive()) {
            m_unseen = 0;
            updateBar();
        }
    });
    m_fade.setInterval(80);
    connect(&m_fade, &QTimer::timeout, this, &LivePlaceKeeper::fade);
}

void LivePlaceKeeper::setGrouped(bool grouped)
{
    m_grouped = grouped;
    updateBar();
}

void LivePlaceKeeper::reset()
{
    m_unseen = 0;
    m_waiting = 0;
    updateBar();
}

void LivePlaceKeeper::aboutToPrepend()
{
    m_wasAtTop = m_table->verticalScrollBar()->value() == 0;
    // at the top with a row selected (the analyst reads it): it may move down, but never out of view
    const QModelIndex cur = m_table->currentIndex();
    m_keepCurrent = m_wasAtTop && cur.isValid() && m_table->selectionModel()->isRowSelected(cur.row(), {});
    if (m_keepCurrent) m_currentTop = m_table->rowViewportPosition(cur.row());
}

void LivePlaceKeeper::prepended(int n)
{
    QScrollBar *sb = m_table->verticalScrollBar();
    if (!m_wasAtTop) {
        // the analyst stays where they are; the bar counts what arrived above
        sb->setValue(sb->value() + n);
        m_unseen += n;
    } else if (m_keepCurrent) {
        const QModelIndex cur = m_table->currentIndex();
        const int rowH = m_table->rowHeight(std::max(0, cur.row()));
        const int y = cur.isValid() ? m_table->rowViewportPosition(cur.row()) : 0;
        if (cur.isValid() && (y < 0 || y + rowH > m_table->viewport()->height())) {
            // pushed out of view: keep it where it was (whole rows), and let the bar count the rest
            const int keep = std::max(0, (y - m_currentTop) / std::max(1, rowH));
            sb->setValue(sb->value() + keep);
            m_unseen += keep;
        }
    }
    updateBar();
    if (!m_fade.isActive()) m_fade.start();
}

void LivePlaceKeeper::updateBar()
{
    if (m_grouped) m_bar->setCount(0, false);
    else if (!m_model->isLive()) m_bar->setCount(m_waiting, true);
    else m_bar->setCount(m_table->verticalScrollBar()->value() > 0 ? m_unseen : 0, false);
}

void LivePlaceKeeper::showNewAlerts()
{
    if (!m_model->isLive()) {
        Q_EMIT resumeRequested();  // resumes (and reloads with what waited)
        return;
    }
    m_unseen = 0;
    m_table->scrollToTop();
    updateBar();
    m_table->setFocus(Qt::OtherFocusReason);
}

void LivePlaceKeeper::fade()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const bool fading = now - m_model->lastArrivalMs() < AlertRowDelegate::kHighlightMs + m_fade.interval();
    if (!fading) m_fade.stop();
    // only the live rows on screen (the top of the list): nothing to do when the analyst is further down
    const int head = m_model->headRowCount();
    if (head == 0 || !m_table->isVisible() || m_grouped) return;
    const int first = m_table->rowAt(0);
    if (first < 0 || first >= head) return;
    const int lastVisible = m_table->rowAt(m_table->viewport()->height() - 1);
    const int last = std::min(head - 1, lastVisible < 0 ? m_model->rowCount() - 1 : lastVisible);
    const int top = m_table->rowViewportPosition(first);
    const int bottom = m_table->rowViewportPosition(last) + m_table->rowHeight(last);
    m_table->viewport()->update(QRect(0, top, m_table->viewport()->width(), bottom - top));
}

}  // namespace eos
