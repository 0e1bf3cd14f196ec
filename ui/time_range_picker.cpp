#include "time_range_picker.h"

#include "alert_filter.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>

namespace eos {
namespace {
constexpr qint64 kAll = 0;  // (an anonymous "enum : qint64" here made lupdate file the class's strings under "eos")
constexpr qint64 kCustom = -1;
const QString kFormat = QStringLiteral("yyyy-MM-dd HH:mm");
}  // namespace

TimeRangePicker::TimeRangePicker(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_combo = new QComboBox(this);
    m_combo->setObjectName(QStringLiteral("timeRange"));
    m_combo->setAccessibleName(tr("Time range"));
    m_combo->setToolTip(tr("Time range of the alerts shown (the filter's last:, after: and before: terms)"));
    m_combo->addItem(tr("Last 15 minutes"), qint64(15 * 60));
    m_combo->addItem(tr("Last hour"), qint64(3600));
    m_combo->addItem(tr("Last 24 hours"), qint64(24 * 3600));
    m_combo->addItem(tr("Last 7 days"), qint64(7 * 86400));
    m_combo->addItem(tr("Last 30 days"), qint64(30 * 86400));
    m_combo->addItem(tr("Custom…"), qint64(kCustom));
    m_combo->addItem(tr("All time"), qint64(kAll));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_combo->setCurrentIndex(m_combo->count() - 1);
    m_shown = m_combo->currentIndex();
    layout->addWidget(m_combo);
    setFocusProxy(m_combo);
    connect(m_combo, qOverload<int>(&QComboBox::activated), this, &TimeRangePicker::onActivated);
}

int TimeRangePicker::customIndex() const { return m_combo->findData(qint64(kCustom)); }

QString TimeRangePicker::termsFor(qint64 lastSeconds)
{
    if (lastSeconds <= 0) return {};
    AlertFilter f;
    f.lastSeconds = lastSeconds;
    return f.format();
}

QString TimeRangePicker::termsFor(const QDateTime &from, const QDateTime &to)
{
    AlertFilter f;
    // local time to the minute (what an analyst would type); seconds kept when the range is shorter
    auto local = [](const QDateTime &t) {
        QDateTime l = t.toLocalTime();
        l.setTime(QTime(l.time().hour(), l.time().minute(), l.time().second()));
        return l;
    };
    if (from.isValid()) f.after = local(from);
    if (to.isValid()) f.before = local(to);
    return f.format();
}

void TimeRangePicker::onActivated(int index)
{
    const qint64 v = m_combo->itemData(index).toLongLong();
    if (v == kCustom) {
        if (!pickCustom()) m_combo->setCurrentIndex(m_shown);
        return;
    }
    m_shown = index;
    m_combo->setItemText(customIndex(), tr("Custom…"));
    Q_EMIT rangeChosen(termsFor(v));
}

bool TimeRangePicker::pickCustom()
{
    QDialog d(this);
    d.setObjectName(QStringLiteral("customTimeRange"));
    d.setWindowTitle(tr("Custom Time Range"));
    auto *form = new QFormLayout(&d);
    auto *from = new QDateTimeEdit(&d);
    auto *to = new QDateTimeEdit(&d);
    for (QDateTimeEdit *e : {from, to}) {
        e->setCalendarPopup(true);
        e->setDisplayFormat(kFormat);
    }
    from->setObjectName(QStringLiteral("from"));
    to->setObjectName(QStringLiteral("to"));
    const QDateTime now = QDateTime::currentDateTime();
    from->setDateTime(m_customFrom.isValid() ? m_customFrom.toLocalTime() : now.addDays(-1));
    to->setDateTime(m_customTo.isValid() ? m_customTo.toLocalTime() : now);
    form->addRow(tr("From:"), from);
    form->addRow(tr("Until:"), to);
    auto *error = new QLabel(&d);
    error->setVisible(false);
    form->addRow(error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &d);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, &d, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, &d, [&] {
        if (from->dateTime() >= to->dateTime()) {
            error->setText(tr("“From” must be before “Until”."));
            error->setVisible(true);
            return;
        }
        d.accept();
    });
    if (d.exec() != QDialog::Accepted) return false;
    m_customFrom = from->dateTime();
    m_customTo = to->dateTime();
    const int i = customIndex();
    m_combo->setItemText(i, QStringLiteral("%1 – %2").arg(m_customFrom.toString(kFormat), m_customTo.toString(kFormat)));
    m_combo->setCurrentIndex(i);
    m_shown = i;
    Q_EMIT rangeChosen(termsFor(m_customFrom, m_customTo));
    return true;
}

void TimeRangePicker::showFilter(const AlertFilter &f)
{
    const QSignalBlocker block(m_combo);
    int index = -1;
    if (f.lastSeconds > 0 && !f.after.isValid() && !f.before.isValid()) {
        index = m_combo->findData(f.lastSeconds);
        if (index < 0) {
            // a last: the presets do not have: shown as custom, written as the filter has it
            index = customIndex();
            m_combo->setItemText(index, tr("Last %1").arg(f.format().section(u':', 1)));
        } else {
            m_combo->setItemText(customIndex(), tr("Custom…"));
        }
    } else if (f.after.isValid() || f.before.isValid() || f.lastSeconds > 0) {
        index = customIndex();
        m_customFrom = f.after;
        m_customTo = f.before;
        m_combo->setItemText(index, QStringLiteral("%1 – %2")
                                        .arg(f.after.isValid() ? f.after.toLocalTime().toString(kFormat) : QStringLiteral("…"),
                                             f.before.isValid() ? f.before.toLocalTime().toString(kFormat) : tr("now")));
    } else {
        index = m_combo->findData(qint64(kAll));
        m_combo->setItemText(customIndex(), tr("Custom…"));
    }
    m_combo->setCurrentIndex(index);
    m_shown = index;
}

}  // namespace eos
