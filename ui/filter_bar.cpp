#include "filter_bar.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStringListModel>

namespace eos {

FilterBar::FilterBar(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_combo = new QComboBox(this);
    m_combo->setEditable(true);
    m_combo->setInsertPolicy(QComboBox::NoInsert);
    m_combo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_combo->setMaxVisibleItems(20);
    m_historyModel = new QStringListModel(this);
    m_combo->setModel(m_historyModel);
    auto *completer = new QCompleter(m_historyModel, this);
    completer->setFilterMode(Qt::MatchContains);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    m_combo->setCompleter(completer);
    lineEdit()->setClearButtonEnabled(true);
    lineEdit()->setPlaceholderText(tr("Filter: level>=10 agent:001 rule:5710 group:sshd mitre:T1110 last:1h or free text"));
    m_combo->setToolTip(tr("<p>Terms are combined with AND; a comma list means any of them.</p>"
                           "<table>"
                           "<tr><td><tt>level&gt;=10</tt>, <tt>level:5-9</tt></td><td>rule level</td></tr>"
                           "<tr><td><tt>agent:001,002</tt></td><td>agent id</td></tr>"
                           "<tr><td><tt>rule:5710</tt></td><td>rule id</td></tr>"
                           "<tr><td><tt>group:sshd</tt></td><td>rule group</td></tr>"
                           "<tr><td><tt>mitre:T1110</tt></td><td>MITRE ATT&amp;CK technique</td></tr>"
                           "<tr><td><tt>srcip:10.0.0.5</tt></td><td>source IP</td></tr>"
                           "<tr><td><tt>after:2024-01-01</tt>, <tt>before:…</tt>, <tt>last:15m</tt></td><td>time range</td></tr>"
                           "<tr><td><tt>state:new</tt>, <tt>triage:none</tt>, <tt>assigned:none</tt></td><td>pipeline and triage state</td></tr>"
                           "<tr><td><tt>field:data.srcuser=root</tt></td><td>any field of the alert</td></tr>"
                           "<tr><td><tt>\"text\"</tt></td><td>description contains</td></tr>"
                           "</table>"));
    m_error = new QLabel(this);
    m_error->setVisible(false);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette p = m_error->palette();
    p.setColor(QPalette::WindowText, QColor(0xd0, 0x3a, 0x2f));
    m_error->setPalette(p);
    layout->addWidget(m_combo, 1);
    layout->addWidget(m_error);
    setFocusProxy(m_combo);

    QSettings s;
    m_history.load(s);
    reloadHistory();
    m_combo->setCurrentIndex(-1);
    m_combo->setEditText(QString());

    lineEdit()->installEventFilter(this);
    connect(lineEdit(), &QLineEdit::returnPressed, this, [this] { apply(); });
    connect(m_combo, qOverload<int>(&QComboBox::activated), this, [this](int) { apply(); });
    connect(lineEdit(), &QLineEdit::textEdited, this, [this] { m_error->setVisible(false); });
}

QLineEdit *FilterBar::lineEdit() const { return m_combo->lineEdit(); }
QString FilterBar::text() const { return m_combo->currentText().trimmed(); }
QString FilterBar::errorText() const { return m_error->isVisible() ? m_error->text() : QString(); }

void FilterBar::focusFilter()
{
    m_combo->setFocus(Qt::ShortcutFocusReason);
    lineEdit()->selectAll();
}

bool FilterBar::setTextAndApply(const QString &text)
{
    m_combo->setEditText(text);
    return apply();
}

void FilterBar::reloadHistory()
{
    const QString current = m_combo->currentText();
    m_historyModel->setStringList(m_history.entries());
    m_combo->setEditText(current);
}

bool FilterBar::apply()
{
    const QString t = text();
    QString error;
    int pos = -1;
    const auto filter = AlertFilter::parse(t, &error, &pos);
    if (!filter) {
        m_error->setText(error);
        m_error->setVisible(true);
        if (pos >= 0) {
            int end = int(t.indexOf(u' ', pos));
            if (end < 0) end = int(t.size());
            lineEdit()->setSelection(pos, end - pos);
        }
        return false;
    }
    m_error->setVisible(false);
    if (!t.isEmpty()) {
        m_history.add(t);
        QSettings s;
        m_history.save(s);
        reloadHistory();
    }
    Q_EMIT filterApplied(*filter, t);
    return true;
}

bool FilterBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == lineEdit() && event->type() == QEvent::KeyPress) {
        const auto *ke = static_cast<QKeyEvent *>(event);
        if (ke->key() == Qt::Key_Escape && !(m_combo->completer() && m_combo->completer()->popup()->isVisible())) {
            Q_EMIT escapePressed();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace eos
