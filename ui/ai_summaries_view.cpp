#include "ai_summaries_view.h"

#include "alert_handoff.h"
#include "theme.h"
#include "token_usage_chart.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace eos {
namespace {

QString esc(const QString &s) { return s.toHtmlEscaped(); }

QString paragraphs(const QString &s)
{
    QString out;
    for (const QString &p : s.split(QStringLiteral("\n\n"), Qt::SkipEmptyParts))
        out += QStringLiteral("<p>%1</p>").arg(esc(p.trimmed()).replace(u'\n', QStringLiteral("<br>")));
    return out;
}

}  // namespace

AiSummariesView::AiSummariesView(const DbConnectionInfo &db, const QString &analyst, double pricePer1k,
                                 const QString &currency, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("aiSummariesView"));
    m_model = new LlmSummaryModel(db, analyst, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(LlmSummaryModel::SortRole);

    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    auto *riskLabel = new QLabel(tr("&Risk:"), this);
    m_riskFilter = new QComboBox(this);
    m_riskFilter->setObjectName(QStringLiteral("riskFilter"));
    riskLabel->setBuddy(m_riskFilter);
    m_riskFilter->addItem(tr("All"), QString());
    for (const QString &r : LlmSummaryModel::risks()) m_riskFilter->addItem(LlmSummaryModel::riskLabel(r), r);
    m_riskFilter->addItem(tr("Failed summaries"), QStringLiteral("failed"));
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("aiSummaryCount"));
    bar->addWidget(riskLabel);
    bar->addWidget(m_riskFilter);
    bar->addStretch(1);
    bar->addWidget(m_count);
    layout->addLayout(bar);

    auto *split = new QSplitter(Qt::Horizontal, this);
    m_table = new QTableView(split);
    m_table->setObjectName(QStringLiteral("aiSummariesTable"));
    m_table->setAccessibleName(tr("AI summaries"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(LlmSummaryModel::TimeColumn, Qt::DescendingOrder);
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    const QFontMetrics fm(font());
    m_table->verticalHeader()->setDefaultSectionSize(fm.height() + std::max(4, fm.height() / 3));
    const int pad = fm.averageCharWidth() * 3;
    auto w = [&](const QString &sample) { return fm.horizontalAdvance(sample) + pad; };
    m_table->horizontalHeader()->resizeSection(LlmSummaryModel::TimeColumn, w(QStringLiteral("2026-12-31 23:59:59")));
    m_table->horizontalHeader()->resizeSection(LlmSummaryModel::RiskColumn, w(tr("Critical")));
    m_table->horizontalHeader()->resizeSection(LlmSummaryModel::LevelColumn, w(QStringLiteral("Level")));
    m_table->horizontalHeader()->resizeSection(LlmSummaryModel::AgentColumn, w(QStringLiteral("web-server-01")));
    m_table->horizontalHeader()->resizeSection(LlmSummaryModel::SummaryColumn, fm.averageCharWidth() * 34);
    m_table->horizontalHeader()->resizeSection(LlmSummaryModel::ModelColumn, w(QStringLiteral("gpt-4o-mini (cached)")));
    m_table->horizontalHeader()->resizeSection(LlmSummaryModel::TokensColumn, w(QStringLiteral("12,345")));
    m_table->horizontalHeader()->resizeSection(LlmSummaryModel::LatencyColumn, w(QStringLiteral("12.3 s")));

    auto *right = new QWidget(split);
    auto *rl = new QVBoxLayout(right);
    rl->setContentsMargins(0, 0, 0, 0);
    m_answer = new QTextBrowser(right);
    m_answer->setObjectName(QStringLiteral("aiAnswer"));
    m_answer->setOpenExternalLinks(true);
    m_answer->setAccessibleName(tr("The selected alert's AI summary"));
    m_answer->setPlaceholderText(tr("Select a summary to read it."));
    rl->addWidget(m_answer, 1);
    auto *actions = new QHBoxLayout;
    m_preset = new QComboBox(right);
    m_preset->setObjectName(QStringLiteral("presetBox"));
    m_preset->addItem(tr("Structured (JSON)"), QStringLiteral("structured"));
    m_preset->addItem(tr("Long notification"), QStringLiteral("long"));
    m_preset->addItem(tr("Short notification"), QStringLiteral("short"));
    m_regenerate = new QPushButton(tr("Re&generate"), right);
    m_regenerate->setObjectName(QStringLiteral("regenerateButton"));
    m_regenerate->setToolTip(tr("Ask the LLM again for this alert with the chosen prompt preset"));
    m_copy = new QPushButton(tr("&Copy as Text"), right);
    m_copy->setObjectName(QStringLiteral("copyButton"));
    m_retry = new QPushButton(tr("Re&try Summary"), right);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    m_retry->setToolTip(tr("Send the alert back to the LLM stage"));
    actions->addWidget(m_preset);
    actions->addWidget(m_regenerate);
    actions->addStretch(1);
    actions->addWidget(m_retry);
    actions->addWidget(m_copy);
    rl->addLayout(actions);
    m_note = new QLabel(right);
    m_note->setObjectName(QStringLiteral("aiNote"));
    m_note->setWordWrap(true);
    rl->addWidget(m_note);
    split->addWidget(m_table);
    split->addWidget(right);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    m_chart = new TokenUsageChart(this);
    m_chart->setPrice(pricePer1k, currency);
    layout->addWidget(m_chart);
    setFocusProxy(m_table);

    for (QPushButton *b : {m_regenerate, m_copy, m_retry}) b->setEnabled(false);
    m_retry->hide();

    connect(m_riskFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setRiskFilter(m_riskFilter->currentData().toString());
        updateCount();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &AiSummariesView::currentChanged);
    connect(m_model, &LlmSummaryModel::modelAboutToBeReset, this, [this] {
        // keep the alert selected across reloads
        m_table->setProperty("eosKeepId", m_currentId);
    });
    connect(m_model, &LlmSummaryModel::modelReset, this, [this] {
        const qint64 keep = m_table->property("eosKeepId").toLongLong();
        if (keep) selectAlert(keep);
    });
    connect(m_model, &LlmSummaryModel::loaded, this, [this] {
        updateCount();
        m_model->requestUsage(14);
        if (m_currentId) m_model->requestDetails(m_currentId);  // a regenerated answer, a retried alert
    });
    connect(m_model, &LlmSummaryModel::detailsReady, this, [this](const LlmSummaryModel::Details &d) {
        if (d.id == m_currentId) showDetails(d);
    });
    connect(m_model, &LlmSummaryModel::usageReady, m_chart, &TokenUsageChart::setUsage);
    connect(m_model, &LlmSummaryModel::errorOccurred, this, &AiSummariesView::errorOccurred);
    connect(m_regenerate, &QPushButton::clicked, this, [this] {
        if (!m_currentId) return;
        m_regenerate->setEnabled(false);
        m_model->regenerate(m_currentId, m_preset->currentData().toString());
    });
    connect(m_model, &LlmSummaryModel::regenerateRequested, this, [this](qint64 id, const QString &preset, const QString &error) {
        if (id != m_currentId) return;
        m_regenerate->setEnabled(true);
        m_note->setText(error.isEmpty() ? tr("Asked for a new summary with the %1 preset; it appears here when the LLM stage has answered.")
                                              .arg(m_preset->itemText(m_preset->findData(preset)))
                                        : tr("Cannot ask for a new summary: %1").arg(error));
    });
    connect(m_copy, &QPushButton::clicked, this, [this] {
        if (!m_plain.isEmpty()) QApplication::clipboard()->setText(m_plain);
        m_note->setText(tr("Copied the summary as text."));
    });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (!m_currentId) return;
        m_retry->setEnabled(false);
        m_model->retry(m_currentId);
    });
    connect(m_model, &LlmSummaryModel::retried, this, [this](qint64 id, const QString &error) {
        if (id != m_currentId) return;
        m_note->setText(error.isEmpty() ? tr("Sent alert %1 back to the LLM stage.").arg(id) : tr("Cannot retry: %1").arg(error));
    });
    updateCount();
    m_model->startLive();
}

AiSummariesView::~AiSummariesView() = default;

void AiSummariesView::refresh() { m_model->refresh(); }

void AiSummariesView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_model->requestUsage(14);
}

void AiSummariesView::selectAlert(qint64 id)
{
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex i = m_proxy->index(r, 0);
        if (i.data(LlmSummaryModel::AlertIdRole).toLongLong() == id) {
            m_table->setCurrentIndex(i);
            m_table->scrollTo(i);
            return;
        }
    }
}

void AiSummariesView::currentChanged()
{
    const QModelIndex i = m_table->currentIndex();
    const qint64 id = i.isValid() ? i.data(LlmSummaryModel::AlertIdRole).toLongLong() : 0;
    if (id == m_currentId) return;
    m_currentId = id;
    m_note->clear();
    if (!id) {
        m_answer->clear();
        m_plain.clear();
        for (QPushButton *b : {m_regenerate, m_copy, m_retry}) b->setEnabled(false);
        return;
    }
    m_model->requestDetails(id);
}

void AiSummariesView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_details) m_answer->setHtml(toHtml(*m_details, Theme::isDark(palette())));
}

void AiSummariesView::showDetails(const LlmSummaryModel::Details &d)
{
    m_details = d;
    m_answer->setHtml(toHtml(d, Theme::isDark(palette())));
    m_plain = toPlainText(d);
    m_copy->setEnabled(!m_plain.isEmpty());
    m_regenerate->setEnabled(!d.failed);
    m_retry->setVisible(d.failed);
    m_retry->setEnabled(d.failed);
    if (!d.pendingPreset.isEmpty())
        m_note->setText(tr("A new summary with the %1 preset is on its way.").arg(d.pendingPreset));
    else if (!d.lastRequestError.isEmpty())
        m_note->setText(tr("The last regeneration failed: %1").arg(d.lastRequestError));
}

void AiSummariesView::updateCount()
{
    const QLocale loc;
    const int failed = m_model->failedCount();
    QString text = m_model->riskFilter().isEmpty()
                       ? tr("%1 summaries").arg(loc.toString(m_model->totalCount() - failed))
                       : tr("%1 of %2").arg(loc.toString(m_model->rowCount()), loc.toString(m_model->totalCount()));
    if (failed > 0) text += QStringLiteral(" · ") + tr("%1 failed").arg(loc.toString(failed));
    m_count->setText(text);
}

QString AiSummariesView::toHtml(const LlmSummaryModel::Details &d, bool dark)
{
    const QJsonObject &a = d.answer;
    const QLocale loc;
    QString h;
    auto section = [&h](const QString &title, const QString &body) {
        if (body.trimmed().isEmpty()) return;
        h += QStringLiteral("<h3>%1</h3>%2").arg(esc(title), body);
    };
    if (d.failed) {
        h += QStringLiteral("<h2>%1</h2><p>%2</p>").arg(esc(tr("The summary failed")), esc(d.stageError));
        h += QStringLiteral("<p>%1</p>").arg(esc(tr("Retry sends the alert back to the LLM stage.")));
    } else {
        const QColor c = LlmSummaryModel::riskColor(d.risk, dark);
        h += QStringLiteral("<p><span style=\"background-color:%1; color:%2; font-weight:bold\">&nbsp;%3&nbsp;</span>")
                 .arg(c.name(), dark ? QStringLiteral("#000000") : QStringLiteral("#ffffff"),
                      esc(tr("%1 risk").arg(LlmSummaryModel::riskLabel(d.risk)).toUpper()));
        const QString modelRisk = d.modelRisk.isEmpty() ? a.value(QStringLiteral("model_risk")).toString() : d.modelRisk;
        if (a.value(QStringLiteral("raised_to_floor")).toBool())
            h += QStringLiteral(" &nbsp;<i>%1</i>").arg(esc(tr("the model said %1; raised to the floor of rule level %2")
                                                             .arg(LlmSummaryModel::riskLabel(modelRisk)).arg(d.level)));
        h += QStringLiteral("</p>");
        if (!d.valid)
            h += QStringLiteral("<p style=\"color:%1\"><b>%2</b> %3</p>")
                     .arg(LlmSummaryModel::riskColor(QStringLiteral("high"), dark).name(), esc(tr("Not in the requested format:")),
                          esc(a.value(QStringLiteral("error")).toString()));
    }
    const QString format = a.value(QStringLiteral("format")).toString();
    if (format == QLatin1String("json")) {
        section(tr("Summary"), paragraphs(a.value(QStringLiteral("summary")).toString()));
        section(tr("What happened"), paragraphs(a.value(QStringLiteral("what_happened")).toString()));
        const QJsonObject fp = a.value(QStringLiteral("false_positive")).toObject();
        if (!fp.isEmpty())
            section(tr("False positive"), QStringLiteral("<p>%1</p>").arg(esc(tr("%1 likelihood, confidence %2 %")
                                                                               .arg(LlmSummaryModel::riskLabel(fp.value(QStringLiteral("likelihood")).toString()))
                                                                               .arg(qRound(fp.value(QStringLiteral("confidence")).toDouble() * 100)))));
        QStringList ids;
        for (const QJsonValue &v : a.value(QStringLiteral("mitre_techniques")).toArray())
            ids << QStringLiteral("<a href=\"%1\">%2</a>").arg(LlmSummaryModel::attackUrl(v.toString()), esc(v.toString()));
        if (!ids.isEmpty()) section(tr("MITRE ATT&CK"), QStringLiteral("<p>%1</p>").arg(ids.join(QStringLiteral(", "))));
        QString list;
        for (const QJsonValue &v : a.value(QStringLiteral("recommended_actions")).toArray())
            list += QStringLiteral("<tr><td>\u2610&nbsp;</td><td>%1</td></tr>").arg(esc(v.toString()));
        if (!list.isEmpty())
            section(tr("Recommended actions"), QStringLiteral("<table>%1</table><p><i>%2</i></p>")
                                                   .arg(list, esc(tr("Suggestions for the analyst: Eos never acts on them by itself."))));
        list.clear();
        for (const QJsonValue &v : a.value(QStringLiteral("how_to_check")).toArray()) list += QStringLiteral("<li>%1</li>").arg(esc(v.toString()));
        if (!list.isEmpty()) section(tr("How to check"), QStringLiteral("<ul>%1</ul>").arg(list));
    } else if (format == QLatin1String("long")) {
        for (const QJsonValue &v : a.value(QStringLiteral("sections")).toArray())
            section(v.toObject().value(QStringLiteral("title")).toString(), paragraphs(v.toObject().value(QStringLiteral("text")).toString()));
    } else if (!a.isEmpty()) {
        h += paragraphs(a.value(QStringLiteral("text")).toString());
    }
    if (format != QLatin1String("json")) {
        QStringList ids;
        for (const QJsonValue &v : a.value(QStringLiteral("mitre_techniques")).toArray())
            ids << QStringLiteral("<a href=\"%1\">%2</a>").arg(LlmSummaryModel::attackUrl(v.toString()), esc(v.toString()));
        if (!ids.isEmpty()) section(tr("MITRE ATT&CK"), QStringLiteral("<p>%1</p>").arg(ids.join(QStringLiteral(", "))));
    }
    // the alert's own fields
    QString rows;
    auto row = [&rows](const QString &k, const QString &v) {
        if (!v.isEmpty()) rows += QStringLiteral("<tr><td><b>%1</b>&nbsp;&nbsp;</td><td>%2</td></tr>").arg(esc(k), esc(v));
    };
    row(tr("Alert"), QString::number(d.id));
    row(tr("Time"), AlertHandoff::text(d.alert, QStringLiteral("timestamp")));
    row(tr("Rule"), d.rule);
    row(tr("Level"), QString::number(d.level));
    row(tr("Agent"), d.agent);
    row(tr("Source IP"), AlertHandoff::text(d.alert, QStringLiteral("data.srcip")));
    row(tr("User"), AlertHandoff::text(d.alert, QStringLiteral("data.dstuser")).isEmpty() ? AlertHandoff::text(d.alert, QStringLiteral("data.srcuser"))
                                                                               : AlertHandoff::text(d.alert, QStringLiteral("data.dstuser")));
    row(tr("Location"), AlertHandoff::text(d.alert, QStringLiteral("location")));
    row(tr("Log"), AlertHandoff::text(d.alert, QStringLiteral("full_log")));
    row(tr("State"), d.state);
    if (!d.failed) {
        row(tr("Model"), d.cached ? tr("%1 (%2), cached answer").arg(d.model, d.provider) : QStringLiteral("%1 (%2)").arg(d.model, d.provider));
        row(tr("Preset"), d.preset);
        if (!d.cached)
            row(tr("Tokens"), tr("%1 prompt + %2 answer, %3 s").arg(loc.toString(d.promptTokens), loc.toString(d.completionTokens),
                                                                    loc.toString(d.latencyMs / 1000.0, 'f', 1)));
    }
    section(tr("The alert"), QStringLiteral("<table>%1</table>").arg(rows));
    return h;
}

QString AiSummariesView::toPlainText(const LlmSummaryModel::Details &d)
{
    QStringList head;
    head << tr("Alert %1 — %2 (level %3), agent %4").arg(d.id).arg(d.rule).arg(d.level).arg(d.agent);
    if (d.failed) {
        head << tr("Summary failed: %1").arg(d.stageError);
        return head.join(u'\n');
    }
    head << tr("Risk: %1").arg(LlmSummaryModel::riskLabel(d.risk));
    head << tr("Model: %1 (%2)").arg(d.model, d.provider);
    return head.join(u'\n') + QStringLiteral("\n\n") + d.responseText.trimmed();
}

}  // namespace eos
