#include "overview_view.h"

#include "alert_histogram_widget.h"
#include "severity_palette.h"
#include "theme.h"
#include "time_range_picker.h"

#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLinearGradient>
#include <QLocale>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace eos {
namespace {
constexpr int kTermRole = Qt::UserRole + 1;
constexpr int kCountRole = Qt::UserRole + 2;
constexpr int kBandLevel[AlertHistogram::kBands] = {3, 6, 10, 12};
const char *const kBandTerms[AlertHistogram::kBands] = {"level:0..4", "level:5..7", "level:8..11", "level:12..16"};

QString bucketTitle(qint64 seconds)
{
    if (seconds <= 0) return OverviewView::tr("Alerts over time by severity");
    if (seconds % 86400 == 0) return OverviewView::tr("Alerts per %n day(s) by severity", "", int(seconds / 86400));
    if (seconds % 3600 == 0)
        return seconds == 3600 ? OverviewView::tr("Alerts per hour by severity")
                               : OverviewView::tr("Alerts per %n hour(s) by severity", "", int(seconds / 3600));
    return OverviewView::tr("Alerts per %n minute(s) by severity", "", int(seconds / 60));
}

// A bar of `share` (0…1) of the cell's width, behind its text.
QBrush shareBrush(const QColor &colour, double share)
{
    const double f = std::clamp(share, 0.02, 1.0);
    if (f >= 0.999) return QBrush(colour);
    QLinearGradient g(0, 0, 1, 0);
    g.setCoordinateMode(QGradient::ObjectMode);
    g.setColorAt(0, colour);
    g.setColorAt(f, colour);
    g.setColorAt(f + 0.0005, Qt::transparent);
    g.setColorAt(1, Qt::transparent);
    return QBrush(g);
}
}  // namespace

OverviewView::OverviewView(DbConnectionInfo db, QWidget *parent)
    : QWidget(parent), m_model(new OverviewModel(std::move(db), this)), m_zone(QTimeZone::systemTimeZone())
{
    setObjectName(QStringLiteral("overviewView"));
    const QFontMetrics fm(font());
    auto *outer = new QVBoxLayout(this);
    const int margin = fm.height() / 2;
    outer->setContentsMargins(margin, margin, margin, margin);
    outer->setSpacing(margin);

    // the head: range, total, state of the numbers
    auto *head = new QHBoxLayout;
    auto *title = new QLabel(tr("Overview"), this);
    QFont tf = title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.3);
    tf.setBold(true);
    title->setFont(tf);
    head->addWidget(title);
    head->addSpacing(fm.averageCharWidth() * 2);
    m_range = new TimeRangePicker(this);
    head->addWidget(m_range);
    m_total = new QLabel(this);
    m_total->setObjectName(QStringLiteral("overviewTotal"));
    head->addSpacing(fm.averageCharWidth() * 2);
    head->addWidget(m_total);
    head->addStretch(1);
    m_status = new QLabel(tr("Loading…"), this);
    m_status->setObjectName(QStringLiteral("overviewStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    head->addWidget(m_status);
    outer->addLayout(head);

    // the body: the numbers, or the placeholder when the range holds no alert
    m_body = new QStackedWidget(this);
    auto *grid = new QWidget(m_body);
    auto *gl = new QGridLayout(grid);
    gl->setContentsMargins(0, 0, 0, 0);
    gl->setSpacing(margin);

    auto *histCard = new QFrame(grid);
    histCard->setFrameShape(QFrame::StyledPanel);
    auto *hl = new QVBoxLayout(histCard);
    hl->setContentsMargins(margin, margin / 2, margin / 2, margin / 2);
    hl->setSpacing(2);
    m_histogramTitle = new QLabel(bucketTitle(0), histCard);
    QFont bold = m_histogramTitle->font();
    bold.setBold(true);
    m_histogramTitle->setFont(bold);
    hl->addWidget(m_histogramTitle);
    m_histogram = new AlertHistogramWidget(histCard);
    m_histogram->setObjectName(QStringLiteral("overviewHistogram"));
    m_histogram->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_histogram->setMinimumHeight(fm.height() * 5);
    m_histogram->setToolTip(tr("Drag across the bars to narrow the range"));
    hl->addWidget(m_histogram, 1);
    gl->addWidget(histCard, 0, 0, 1, 12);

    QWidget *card = nullptr;
    m_rules = makeList(QStringLiteral("overviewTopRules"), tr("Top rules"), &card);
    gl->addWidget(card, 1, 0, 1, 6);
    m_agents = makeList(QStringLiteral("overviewTopAgents"), tr("Top agents"), &card);
    gl->addWidget(card, 1, 6, 1, 3);
    m_ips = makeList(QStringLiteral("overviewTopSourceIps"), tr("Top source IPs"), &card);
    gl->addWidget(card, 1, 9, 1, 3);
    m_severity = makeList(QStringLiteral("overviewSeverity"), tr("Severity"), &card);
    gl->addWidget(card, 2, 0, 1, 3);
    m_tactics = makeList(QStringLiteral("overviewTactics"), tr("MITRE ATT&CK tactics"), &card);
    gl->addWidget(card, 2, 3, 1, 3);
    m_triage = makeList(QStringLiteral("overviewTriage"), tr("Triage state"), &card);
    gl->addWidget(card, 2, 6, 1, 3);
    m_stages = makeList(QStringLiteral("overviewStages"), tr("Pipeline stage"), &card);
    gl->addWidget(card, 2, 9, 1, 3);
    for (int c = 0; c < 12; ++c) gl->setColumnStretch(c, 1);
    gl->setRowStretch(0, 1);  // the histogram takes what the lists leave
    gl->setRowStretch(1, 0);
    gl->setRowStretch(2, 0);
    m_body->addWidget(grid);

    m_placeholder = new QLabel(tr("No alerts in this range"), m_body);
    m_placeholder->setObjectName(QStringLiteral("overviewPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    QFont pf = m_placeholder->font();
    pf.setPointSizeF(pf.pointSizeF() * 1.2);
    m_placeholder->setFont(pf);
    m_body->addWidget(m_placeholder);
    outer->addWidget(m_body, 1);

    connect(m_model, &OverviewModel::updated, this, &OverviewView::showResult);
    connect(m_model, &OverviewModel::loadingChanged, this, [this](bool loading) {
        if (loading) m_status->setText(m_hasResult ? tr("Updating…") : tr("Loading…"));
    });
    connect(m_range, &TimeRangePicker::rangeChosen, this, &OverviewView::setRangeTerms);
    connect(m_histogram, &AlertHistogramWidget::rangeSelected, this, [this](const QDateTime &from, const QDateTime &to) {
        setRangeTerms(TimeRangePicker::termsFor(from, to));
    });
    m_range->showFilter(m_model->rangeFilter());
    m_model->setActive(false);  // until shown
    m_model->startLive();
    m_model->scheduleRefresh();
}

OverviewView::~OverviewView() = default;

QTreeWidget *OverviewView::makeList(const QString &objectName, const QString &title, QWidget **card)
{
    auto *frame = new QFrame(this);
    frame->setFrameShape(QFrame::StyledPanel);
    auto *l = new QVBoxLayout(frame);
    const QFontMetrics fm(font());
    l->setContentsMargins(fm.height() / 2, fm.height() / 4, fm.height() / 4, fm.height() / 4);
    l->setSpacing(2);
    auto *label = new QLabel(title, frame);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    l->addWidget(label);
    auto *list = new QTreeWidget(frame);
    list->setObjectName(objectName);
    list->setAccessibleName(title);
    list->setColumnCount(2);
    list->setHeaderHidden(true);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setFrameShape(QFrame::NoFrame);
    list->setSelectionMode(QAbstractItemView::SingleSelection);
    list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list->setTextElideMode(Qt::ElideRight);
    list->setFixedHeight((fm.height() + 2) * 10 + 4);  // (showResult() fits it to its rows)
    list->header()->setStretchLastSection(false);
    list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    // the list blends into its card
    QPalette pal = list->palette();
    pal.setColor(QPalette::Base, palette().color(QPalette::Window));
    list->setPalette(pal);
    connect(list, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) { activate(item->data(0, kTermRole).toString()); });
    connect(list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) { activate(item->data(0, kTermRole).toString()); });
    l->addWidget(list, 1);
    *card = frame;
    return list;
}

void OverviewView::activate(const QString &term)
{
    if (term.isEmpty()) return;
    Q_EMIT filterRequested(m_model->clickThroughFilter(term));
}

void OverviewView::setRangeTerms(const QString &terms)
{
    if (!m_model->setRangeTerms(terms)) return;
    m_range->showFilter(m_model->rangeFilter());
    m_model->refresh();
}

void OverviewView::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone.isValid() ? zone : QTimeZone::systemTimeZone();
    m_histogram->setTimeZone(m_zone);
}

bool OverviewView::isShowingPlaceholder() const { return m_body->currentWidget() == m_placeholder; }

void OverviewView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // a tall window lists more of the top rules, agents and source IPs
    const int topN = height() >= QFontMetrics(font()).height() * 52 ? 15 : 10;
    if (topN != m_model->topN()) {
        m_model->setTopN(topN);
        if (m_hasResult) m_model->refresh();
    }
}

void OverviewView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_model->setActive(true);
}

void OverviewView::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_model->setActive(false);
}

void OverviewView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) {
        // the lists' base and the bars follow the theme
        for (QTreeWidget *list : {m_rules, m_agents, m_ips, m_tactics, m_triage, m_stages, m_severity}) {
            if (!list) continue;
            QPalette pal = list->palette();
            pal.setColor(QPalette::Base, palette().color(QPalette::Window));
            list->setPalette(pal);
        }
        if (m_hasResult) showResult(m_model->result());
    }
}

void OverviewView::fill(QTreeWidget *list, const QList<OverviewModel::Item> &items, const QString &emptyText, bool showKey)
{
    const QString current = list->currentItem() ? list->currentItem()->data(0, kTermRole).toString() : QString();
    list->clear();
    const QLocale loc;
    qint64 max = 0;
    for (const auto &it : items) max = std::max(max, it.count);
    const bool dark = Theme::isDark(palette());
    QColor bar = palette().color(QPalette::Highlight);
    bar.setAlpha(dark ? 110 : 70);
    for (const auto &it : items) {
        auto *item = new QTreeWidgetItem(list);
        QString text = it.label;
        if (showKey && !it.key.isEmpty()) text = it.label.isEmpty() || it.label == it.key ? it.key : it.key + QStringLiteral("  ") + it.label;
        if (text.isEmpty()) text = it.key;
        item->setText(0, text);
        item->setText(1, loc.toString(it.count));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setData(0, kTermRole, it.term);
        item->setData(0, kCountRole, it.count);
        item->setToolTip(0, it.term.isEmpty() ? text : tr("%1\nClick to list these alerts (%2)").arg(text, it.term));
        if (it.term.isEmpty() || it.count == 0) item->setForeground(0, palette().color(QPalette::PlaceholderText));
        if (it.count > 0 && max > 0) {
            // the share as a bar behind the name
            item->setBackground(0, shareBrush(bar, double(it.count) / double(max)));
        }
        if (!current.isEmpty() && it.term == current) list->setCurrentItem(item);
    }
    if (items.isEmpty()) {
        auto *item = new QTreeWidgetItem(list);
        item->setText(0, emptyText);
        item->setFlags(Qt::NoItemFlags);
        item->setForeground(0, palette().color(QPalette::PlaceholderText));
    }
}

void OverviewView::showResult(const OverviewModel::Result &r)
{
    m_hasResult = true;
    if (!r.error.isEmpty()) {
        m_status->setText(tr("Not updated: %1").arg(r.error.section(u'\n', 0, 0)));
        m_status->setToolTip(r.error);
        return;
    }
    m_status->setToolTip({});
    m_status->setText(tr("Updated %1").arg(QDateTime::currentDateTime().toTimeZone(m_zone).toString(QStringLiteral("HH:mm:ss"))));
    m_total->setText(tr("%Ln alert(s) in this range", "", int(std::min<qint64>(r.total, std::numeric_limits<int>::max()))));
    m_histogramTitle->setText(bucketTitle(r.histogram.bucketSeconds));
    m_histogram->setResult(r.histogram);
    m_body->setCurrentWidget(r.isEmpty() ? static_cast<QWidget *>(m_placeholder) : m_body->widget(0));
    fill(m_rules, r.topRules, tr("No rules in this range"), true);
    fill(m_agents, r.topAgents, tr("No agents in this range"), true);
    fill(m_ips, r.topSourceIps, tr("No source IPs in this range"), false);
    fill(m_tactics, r.tactics, tr("No MITRE tactics in this range"), false);
    fill(m_triage, r.triageStates, {}, false);
    fill(m_stages, r.pipelineStages, {}, false);
    QList<OverviewModel::Item> bands;
    for (int b = AlertHistogram::kBands - 1; b >= 0; --b)
        bands << OverviewModel::Item{QString(), tr("Level %1").arg(AlertHistogramWidget::bandLabel(b)), r.histogram.totals[size_t(b)],
                                     QString::fromLatin1(kBandTerms[b])};
    fill(m_severity, bands, {}, false);
    // the severity rows carry their band's colour
    for (int i = 0; i < m_severity->topLevelItemCount(); ++i) {
        const int level = kBandLevel[AlertHistogram::kBands - 1 - i];
        QTreeWidgetItem *item = m_severity->topLevelItem(i);
        QColor c = SeverityPalette::background(level);
        const qint64 n = item->data(0, kCountRole).toLongLong();
        qint64 max = 0;
        for (int b = 0; b < AlertHistogram::kBands; ++b) max = std::max(max, r.histogram.totals[size_t(b)]);
        if (n <= 0 || max <= 0) continue;
        c.setAlpha(Theme::isDark(palette()) ? 150 : 110);
        item->setBackground(0, shareBrush(c, double(n) / double(max)));
    }
    // each list as high as its rows (10 in the top row, 8 below; more scroll), the histogram the rest
    for (QTreeWidget *list : {m_rules, m_agents, m_ips, m_tactics, m_triage, m_stages, m_severity}) {
        const int hint = list->sizeHintForRow(0);
        const int rowHeight = hint > 0 ? hint : QFontMetrics(list->font()).height() + 2;
        const bool top = list == m_rules || list == m_agents || list == m_ips;
        const int rows = top ? m_model->topN() : (m_model->topN() > 10 ? 10 : 8);
        list->setFixedHeight(rowHeight * rows + 2 * list->frameWidth());
    }
}

}  // namespace eos
