// eos-bench-gui's instruments on the GUI thread: TimingApp times every event it delivers while recording
// (the slowest, and a timeline of the top-level ones), Heartbeat the longest gap between ticks of a 1 ms timer.
#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QList>
#include <QThread>
#include <QTimer>

#include <algorithm>

namespace {

// The application, timing each event the GUI thread delivers while recording: the slowest ones (type,
// receiver) say where a stall went.
class TimingApp : public QApplication {
public:
    using QApplication::QApplication;
    struct Slow {
        double ms;
        int type;
        QByteArray receiver;
    };
    void record(bool on)
    {
        m_on = on;
        if (on) {
            m_slow.clear();
            m_timeline.clear();
        }
    }
    QList<Slow> slowest() const { return m_slow; }
    struct Span {
        qint64 startNs, endNs;
        int type;
        QByteArray receiver;
    };
    // top-level events of 2 ms or more while recording, on the clock of clockNs()
    const QList<Span> &timeline() const { return m_timeline; }
    static qint64 clockNs()
    {
        static QElapsedTimer c = [] {
            QElapsedTimer t;
            t.start();
            return t;
        }();
        return c.nsecsElapsed();
    }
    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!m_on || QThread::currentThread() != thread()) return QApplication::notify(receiver, event);
        const int type = event->type();
        QElapsedTimer t;
        t.start();
        const qint64 startNs = clockNs();
        ++m_depth;
        const bool r = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = double(t.nsecsElapsed()) / 1e6;
        if (m_depth == 0 && ms >= 2 && m_timeline.size() < 100000)
            m_timeline.append({startNs, startNs + t.nsecsElapsed(), type, receiver->metaObject()->className()});
        if (ms >= 5 && (m_slow.size() < 12 || ms > m_slow.last().ms)) {
            QByteArray who = receiver->metaObject()->className();
            if (!receiver->objectName().isEmpty()) who += '(' + receiver->objectName().toUtf8() + ')';
            m_slow.append({ms, type, who});
            std::sort(m_slow.begin(), m_slow.end(), [](const Slow &a, const Slow &b) { return a.ms > b.ms; });
            if (m_slow.size() > 12) m_slow.removeLast();
        }
        return r;
    }

private:
    bool m_on = false;
    int m_depth = 0;
    QList<Slow> m_slow;
    QList<Span> m_timeline;
};

// Longest gap between ticks of a 1 ms timer on the GUI thread.
class Heartbeat : public QObject {
public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (now - m_last > m_max) {
                m_max = now - m_last;
                m_maxEndNs = TimingApp::clockNs();
            }
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_max = 0;
        m_maxEndNs = 0;
        m_timer.start();
    }
    double maxGapMs()
    {
        const qint64 now = m_clock.nsecsElapsed();
        return double(std::max(m_max, now - m_last)) / 1e6;
    }
    void stop() { m_timer.stop(); }
    // the longest gap's end on TimingApp::clockNs() (0: none yet)
    qint64 maxGapEndNs() const { return m_maxEndNs; }

private:
    qint64 m_maxEndNs = 0;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_max = 0;
};

}  // namespace
