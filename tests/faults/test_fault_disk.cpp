// Fault suite, disk (ctest -L faults): the filesystem under the spool fills up (a 256 KiB tmpfs mounted on
// the daemon's spool directory; needs root, skipped otherwise) while PostgreSQL is unreachable. The spool's
// own limit (EOS_SPOOL_MAX_MB, 1 GiB by default) is far away, so the write itself fails with ENOSPC:
// clients must get 503, never a 202 for an alert that did not reach the disk, and nothing answered 503 may
// turn up later (a half-written record, or a buffered one written after the 503). Then PostgreSQL comes
// back: every alert answered 202 is stored once and goes through every stage once.
#include "fault_harness.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

using eos::test::FaultHarness;

class TestFaultDisk : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void spoolDiskFull()
    {
        if (::geteuid() != 0) QSKIP("mounting a small tmpfs under the spool needs root");
        FaultHarness h(QStringLiteral("disk"));
        const QString spool = h.dataDir() + QStringLiteral("/spool");
        QVERIFY(QDir().mkpath(spool));
        if (::mount("tmpfs", QFile::encodeName(spool).constData(), "tmpfs", MS_NOSUID | MS_NODEV, "size=256k,mode=0755") != 0)
            QSKIP(qPrintable(QStringLiteral("cannot mount a tmpfs on %1: %2").arg(spool, QString::fromLocal8Bit(strerror(errno)))));
        struct Unmount {
            QByteArray path;
            ~Unmount() { ::umount2(path.constData(), MNT_DETACH); }
        } unmount{QFile::encodeName(spool)};

        QString err;
        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        QVERIFY2(h.startDaemon(&err), qPrintable(err));
        QVERIFY2(h.stopDatabase(&err), qPrintable(err));
        FaultHarness::Stream single, bulk;
        single.ratePerSecond = 50;
        bulk.batch = 20;
        h.startStream(&single, QStringLiteral("ds"));
        h.startStream(&bulk, QStringLiteral("db"));
        QVERIFY2(FaultHarness::waitFor([&] { return bulk.status503 >= 20 && single.status503 >= 5; }, 120000),
                 qPrintable(QStringLiteral("no 503 seen: %1 acked, %2 refused").arg(single.acked + bulk.acked).arg(single.refused + bulk.refused)));
        struct statvfs fs{};
        QCOMPARE(::statvfs(QFile::encodeName(spool).constData(), &fs), 0);
        const qint64 freeBytes = qint64(fs.f_bavail) * qint64(fs.f_frsize);
        qInfo("disk under the spool full (%lld bytes free of %lld): %d alerts answered 202 into the spool, %d refused (%d × 503)",
              freeBytes, qint64(fs.f_blocks) * qint64(fs.f_frsize), int(single.acked + bulk.acked), int(single.refused + bulk.refused),
              int(single.status503 + bulk.status503));
        QVERIFY(h.daemonRunning());
        const QByteArray out = h.daemonOutput();
        QVERIFY2(out.contains("spool"), out.right(2000).constData());

        QVERIFY2(h.startDatabase(&err), qPrintable(err));
        const int ackedAfter = single.acked + bulk.acked;
        QVERIFY(FaultHarness::waitFor([&] { return single.acked + bulk.acked >= ackedAfter + 300; }, 120000));
        single.halt();
        bulk.halt();
        QElapsedTimer drain;
        drain.start();
        const bool done = FaultHarness::waitFor([&h] { return h.pipelineDone(); }, 300000);
        const auto f = h.figures({&single, &bulk});
        qInfo("spool disk full: %s; pipeline done %.1f s after the stream stopped", qPrintable(f.text()), drain.elapsed() / 1000.0);
        QVERIFY2(done, qPrintable(QStringLiteral("pipeline not done within 300 s: ") + h.backlog()));
        QVERIFY2(h.stopDaemon(&err), qPrintable(err));
        const auto problems = f.problems();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));
    }
};

QTEST_GUILESS_MAIN(TestFaultDisk)
#include "test_fault_disk.moc"
