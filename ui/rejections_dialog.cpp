#include "rejections_dialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <set>

namespace eos {

RejectionsDialog::RejectionsDialog(const QTimeZone &zone, QWidget *parent) : QDialog(parent), m_zone(zone)
{
    setObjectName(QStringLiteral("rejectionsDialog"));
    setWindowTitle(tr("Rejected requests"));
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_list = new QTreeWidget(this);
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setHeaderLabels({tr("Time"), tr("Peer"), tr("Reason"), tr("Count"), tr("Instance")});
    m_list->setAccessibleName(tr("Last rejected requests"));
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    layout->addWidget(m_list, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    const QFontMetrics fm(font());
    resize(fm.averageCharWidth() * 100, fm.height() * 24);
}

void RejectionsDialog::setSample(const PipelineHealth::Sample &s)
{
    const QLocale loc;
    QStringList parts;
    for (auto it = s.rejectedLastMinute.cbegin(); it != s.rejectedLastMinute.cend(); ++it)
        parts << tr("%1: %2").arg(PipelineHealth::reasonLabel(it.key()), loc.toString(it.value()));
    if (s.listeners().isEmpty()) m_summary->setText(tr("No listener is running on this database, so nothing can be rejected now."));
    else if (parts.isEmpty()) m_summary->setText(tr("No request was rejected in the last minute."));
    else m_summary->setText(tr("Rejected in the last minute:") + QStringLiteral("\n") + parts.join(u'\n'));
    std::set<QString> hosts;
    for (const auto &r : s.recentRejections) hosts.insert(r.host);
    m_list->setColumnHidden(4, hosts.size() <= 1);
    m_list->clear();
    QList<QTreeWidgetItem *> items;
    for (const auto &r : s.recentRejections) {
        auto *item = new QTreeWidgetItem({QDateTime::fromMSecsSinceEpoch(r.atMs, m_zone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                          r.peer.isEmpty() ? tr("unknown") : r.peer, PipelineHealth::reasonLabel(r.reason),
                                          loc.toString(r.count), r.host});
        item->setTextAlignment(3, Qt::AlignRight | Qt::AlignVCenter);
        items << item;
    }
    m_list->addTopLevelItems(items);
    if (items.isEmpty()) {
        auto *none = new QTreeWidgetItem({QString(), QString(), tr("No rejected request recorded since the listener started")});
        none->setFlags(Qt::NoItemFlags);
        m_list->addTopLevelItem(none);
    }
    for (int c : {0, 1, 3}) m_list->resizeColumnToContents(c);
}

}  // namespace eos
